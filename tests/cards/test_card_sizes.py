"""Each card size has its own layout: larger pages carry more sections in larger type, still one page each;
and cards speak the playbook's language: dates, numbers and departments as the site writes them."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import weasyprint
from cards_support import FIXTURES, REPO, TODAY, build, page_size, pages, text
from tests_support import Invoke, copy_project

from playbook.cards.catalog import SECTIONS, TYPE_STEPS, catalog, layout
from playbook.cards.fetcher import CardFetcher
from playbook.cards.fit import optional_close, optional_open, tighter, type_attributes
from playbook.cards.fonts import FONTS, font_faces
from playbook.cards.html import CardHtml
from playbook.cards.qr import fill_qr_codes
from playbook.paths import generator_dirs
from playbook.project import check_project

POINTS = {"A6": (297.64, 419.53), "A5": (419.53, 595.28), "A4": (595.28, 841.89), "letter": (612.0, 792.0)}
ITEMS = ("objections", "competitors", "products")
# Text of sections an A6 card leaves out, on the example's cards.
EXTRA = {
    "competitors/autodalys": ("WALK AWAY WHEN", "THEIR STRENGTHS", "THEIR WEAKNESSES"),
    "objections/too-expensive": ("ANSWER", "Count the hidden costs."),
    "products/next-day-delivery": ("THE PROBLEM", "QUESTIONS CUSTOMERS ASK", "Can I order after 18:00?"),
}
# And at A4, everything a seller asked for on a battle card.
EXTRA_A4 = {
    "competitors/autodalys": ("PRICING", "Public list prices 5-10% below ours", "CUSTOMER STORIES"),
    "objections/too-expensive": ("WHAT THEY REALLY WORRY ABOUT",),
}


@pytest.fixture(scope="module")
def sized(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The example's item cards at a size, built once per module (the output folder)."""
    built: dict[str, Path] = {}

    def get(size: str) -> Path:
        if size not in built:
            project = copy_project(REPO, tmp_path_factory.mktemp(f"size-{size}") / "project")
            out = project / "out"
            keys = [f"{folder}/{p.stem}" for folder in ITEMS for p in (project / "data" / folder).glob("*.yaml")]
            build(project, out, size=size, ids=keys)
            built[size] = out
        return built[size]

    return get


def _item_cards(out: Path) -> list[Path]:
    return sorted(p for folder in ITEMS for p in (out / folder).glob("*.pdf"))


def _fill(pdf: Path) -> float:
    """How far down the page the card's content reaches (above its footer), as a share of the page height."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r'<page width="[\d.]+" height="([\d.]+)"', xml)
    assert match, xml[:200]
    height = float(match.group(1))
    lines = [
        (float(y0), float(y1), " ".join(re.findall(r">([^<]*)</word>", body)))
        for y0, y1, body in re.findall(
            r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>', xml, re.S
        )
    ]
    footer = min(y0 for y0, _, words in lines if words.startswith("Northwind Parts Sales Playbook"))
    return max(y1 for _, y1, _ in lines if y1 < footer - 1) / height


@pytest.mark.parametrize("size", ["A6", "A5", "A4", "letter"])
def test_every_item_card_is_one_page_of_its_size(size: str, sized: Callable[[str], Path]) -> None:
    cards = _item_cards(sized(size))
    assert len(cards) == 15
    for pdf in cards:
        assert pages(pdf) == 1, pdf
        width, height = page_size(pdf)
        assert (round(width), round(height)) == tuple(round(x) for x in POINTS[size]), pdf


@pytest.mark.parametrize("size", ["A5", "A4", "letter"])
def test_larger_cards_carry_sections_the_a6_card_leaves_out(size: str, sized: Callable[[str], Path]) -> None:
    wanted = {key: EXTRA[key] + (EXTRA_A4.get(key, ()) if size != "A5" else ()) for key in EXTRA}
    for key, sections in wanted.items():
        small, large = text(sized("A6") / f"{key}.pdf"), text(sized(size) / f"{key}.pdf")
        for section in sections:
            assert section not in small, (key, section)
            assert section in large, (size, key, section)


@pytest.mark.parametrize("size", ["A5", "A4"])
def test_larger_cards_are_not_half_empty(size: str, sized: Callable[[str], Path]) -> None:
    fills = {pdf.stem: _fill(pdf) for pdf in _item_cards(sized(size))}
    assert min(fills.values()) >= 0.6, fills


def test_larger_cards_set_larger_type() -> None:
    assert TYPE_STEPS["A6"][0] < TYPE_STEPS["A5"][0] < TYPE_STEPS["A4"][0]
    # Each size's smallest step grows less than its page does (x1.41 from A6 to A5 and from A5 to A4;
    # letter is 0.94 of A4's height), so whatever fits on an A6 card fits on a larger one.
    assert min(TYPE_STEPS["A5"]) / TYPE_STEPS["A6"][0] < 1.41 * 0.9
    assert min(TYPE_STEPS["A4"]) / TYPE_STEPS["A6"][0] < 2.0 * 0.9
    assert min(TYPE_STEPS["letter"]) / TYPE_STEPS["A6"][0] < 1.89 * 0.9
    for kind, (core, extra) in SECTIONS.items():
        assert layout(kind, "A6").sections == core and not layout(kind, "A6").optional
        assert layout(kind, "A4").sections == core + extra and layout(kind, "A4").optional == extra


def test_tighter_steps_the_type_down_then_leaves_out_the_least_wanted_section() -> None:
    html = (
        f"<article {type_attributes((12, 11, 10))}>core"
        f"{optional_open(1)}first{optional_close(1)}{optional_open(2)}second{optional_close(2)}</article>"
    )
    steps = [html]
    while (next_html := tighter(steps[-1])) is not None:
        steps.append(next_html)
    sizes = [re.search(r"font-size: ([\d.]+)pt", s).group(1) for s in steps]  # type: ignore[union-attr]
    assert sizes == ["12", "11", "10", "10", "10"]
    assert ["second" in s for s in steps] == [True, True, True, False, False]
    assert ["first" in s for s in steps] == [True, True, True, True, False]
    assert "core" in steps[-1]
    assert tighter("<article>an A6 card</article>") is None


@pytest.mark.parametrize("size", ["A5", "A4"])
def test_measured_tightening_gives_what_step_by_step_gives_with_fewer_layouts(size: str) -> None:
    playbook = check_project(REPO, TODAY).playbook
    assert playbook is not None
    cards = CardHtml(playbook, REPO, TODAY)
    fonts = weasyprint.CSS(string=font_faces())
    fetcher = CardFetcher((*generator_dirs(REPO), FONTS), REPO / "data")

    def fitted(html: str, measured: bool) -> tuple[str, int]:
        layouts = 0
        while True:
            document = weasyprint.HTML(
                string=fill_qr_codes(html), base_url=REPO.as_uri() + "/", url_fetcher=fetcher
            ).render(stylesheets=[fonts])
            layouts += 1
            if len(document.pages) == 1:
                return html, layouts
            tighter_html = tighter(html, document.pages if measured else None)
            assert tighter_html is not None
            html = tighter_html

    saved = 0
    for spec in catalog(playbook, size):
        if spec.kind != "competitor":
            continue
        html = cards.single(spec).html
        (stepwise, slow), (measured, fast) = fitted(html, False), fitted(html, True)
        assert measured == stepwise, spec.key
        saved += slow - fast
    assert saved > 0


def test_an_overlong_optional_section_is_left_out_and_the_card_still_fits(tmp_path: Path, invoke: Invoke) -> None:
    project = copy_project(REPO, tmp_path / "long")
    path = project / "data" / "objections" / "too-expensive.yaml"
    rambling = " ".join(["A very long paragraph of the full answer that goes on and on."] * 60)
    source = path.read_text(encoding="utf-8")
    assert "\nanswer: |\n" in source
    path.write_text(source.replace("\nanswer: |\n", f"\nanswer: |\n  {rambling}\n\n", 1), encoding="utf-8")
    result = invoke("-C", project, "cards", "too-expensive", "--size", "A5", "--out", tmp_path / "a5")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "a5" / "objections" / "too-expensive.pdf"
    assert pages(pdf) == 1
    card = text(pdf)
    assert "A very long paragraph" not in card
    assert "How often do you send a part back" in card  # the A6 sections stay


# --- the playbook's language ---------------------------------------------------------------------------


def _localised(name: str, target: Path, objection: str) -> Path:
    """A copy of a fixture playbook with department ids as owner and verifier, and numbers above 1,000."""
    project = Path(copy_project(FIXTURES / name, target))
    path = project / "data" / "objections" / f"{objection}.yaml"
    source = re.sub(
        r"^owner: .*$", "owner: sales\nverifier: marketing", path.read_text(encoding="utf-8"), count=1, flags=re.M
    )
    path.write_text(source, encoding="utf-8")
    return project


def test_russian_cards_write_dates_numbers_and_departments_in_russian(tmp_path: Path) -> None:
    project = _localised("ru", tmp_path / "ru", "dorogo")
    qualification = project / "data" / "qualification.yaml"
    qualification.write_text(
        qualification.read_text(encoding="utf-8").replace(
            "{field: kolichestvo_proyomov, gte: 4}", "{field: kolichestvo_proyomov, gte: 2000}"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build(project, out, ids=["dorogo", "criteria", "lead-path"])
    card = text(out / "objections" / "dorogo.pdf")
    assert "Ответственный: Продажи · Проверяет: Маркетинг" in card
    assert "Последняя проверка 01.10.2026" in card
    assert "2026-" not in card  # no ISO date left on the card
    assert re.search(r"\(Журнал сервисных заявок, 01\.09\.2026\)", card), card
    criteria = text(out / "criteria.pdf")
    assert "2 000" in criteria and "2000" not in criteria  # the threshold, grouped as Russian groups it
    assert "+30" in criteria
    lead_path = text(out / "lead-path.pdf")
    assert "25 %" in lead_path and "40 %" in lead_path  # KPI targets, as Russian writes a percentage
    assert "Маркетинг" in lead_path and "marketing" not in lead_path


def test_polish_cards_write_dates_numbers_and_departments_in_polish(tmp_path: Path) -> None:
    project = _localised("pl", tmp_path / "pl", "mamy-dostawce")
    qualification = project / "data" / "qualification.yaml"
    qualification.write_text(
        qualification.read_text(encoding="utf-8").replace(
            "{field: paczek_miesiecznie, gte: 1000}", "{field: paczek_miesiecznie, gte: 25000}"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build(project, out, ids=["mamy-dostawce", "criteria", "lead-path"])
    card = text(out / "objections" / "mamy-dostawce.pdf")
    assert "Odpowiada: Sprzedaż · Weryfikuje: Marketing" in card
    assert "Ostatnio sprawdzono 20.10.2026" in card
    assert "2026-" not in card
    criteria = text(out / "criteria.pdf")
    assert "25 000" in criteria and "25000" not in criteria
    assert "45%" in text(out / "lead-path.pdf")  # Polish writes a percentage without a space
