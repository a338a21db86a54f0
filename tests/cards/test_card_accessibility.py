"""Cards a screen reader and a tired eye can read: document language and title in every PDF, AA contrast."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from cards_support import REPO, Built
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

CARD_CSS = REPO / "generators" / "cards" / "card.css"
CARD_TEMPLATES = REPO / "generators" / "cards"
AA = 4.5
"""WCAG 2.2 AA for normal (small) text: every text on a card is small once printed on A6."""

TITLES = {
    "en": {
        "criteria.pdf": "Target-lead criteria",
        "lead-path.pdf": "Lead path",
        "objection-deck.pdf": "Objection deck",
    },
    "ru": {"criteria.pdf": "Критерии целевого лида", "lead-path.pdf": "Путь лида"},
}


def _rgb(value: str) -> tuple[float, float, float]:
    hex_digits = value.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    return (int(hex_digits[0:2], 16) / 255, int(hex_digits[2:4], 16) / 255, int(hex_digits[4:6], 16) / 255)


def _luminance(value: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(value))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two `#rgb`/`#rrggbb` colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _declarations(css: str, prop: str) -> list[tuple[str, str]]:
    """`(selector, value)` of each `prop:` declaration (not `background-color` for `color`)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        for name, value in re.findall(r"(?:^|;)\s*([a-z-]+)\s*:\s*([^;]+)", body):
            if name == prop:
                found.append((" ".join(selector.split()), value.strip()))
    return found


def _hex(value: str) -> str | None:
    match = re.search(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", value)
    return match.group(0) if match else None


def test_contrast_helper_matches_known_ratios() -> None:
    assert contrast("#000", "#fff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#555", "#fff") == pytest.approx(7.46, abs=0.01)


def test_every_text_colour_of_the_cards_meets_aa_on_every_card_background() -> None:
    css = CARD_CSS.read_text(encoding="utf-8")
    colours = _declarations(css, "color")
    assert len(colours) > 10, "the card stylesheet's text colours were not found"
    backgrounds = {"#fff"}
    for prop in ("background", "background-color"):
        for selector, value in _declarations(css, prop):
            colour = _hex(value)
            assert colour, f"{selector}: a card background must be a plain #hex colour, to be checked here"
            backgrounds.add(colour)
    failing = []
    for selector, value in colours:
        colour = _hex(value)
        assert colour and value.strip() == colour, f"{selector}: text colour {value!r} is not a plain #hex colour"
        for background in sorted(backgrounds):
            ratio = contrast(colour, background)
            if ratio < AA:
                failing.append(f"{selector}: {colour} on {background} is {ratio:.2f}:1")
    assert failing == [], "\n".join(failing)


def test_card_templates_set_no_colour_of_their_own() -> None:
    """Colours live in card.css, where the test above checks them; a template's inline colour would escape it."""
    for template in sorted(CARD_TEMPLATES.glob("*.j2")):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"style=\"[^\"]*color", text), template.name
        assert "opacity" not in text, template.name
    assert "opacity" not in CARD_CSS.read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_pdf_names_its_language_and_has_a_title(cards_for: Callable[[str], Built], language: str) -> None:
    built = cards_for(language)
    pdfs = sorted(built.out.rglob("*.pdf"))
    assert any(p.parent.name == "sheets" for p in pdfs) or language == "ru"
    assert (built.out / "objection-deck.pdf") in pdfs
    for pdf in pdfs:
        reader = PdfReader(pdf)
        catalog = reader.trailer["/Root"].get_object()
        assert isinstance(catalog, DictionaryObject)
        assert catalog.get("/Lang") == language, f"{pdf.relative_to(built.out)}: /Lang {catalog.get('/Lang')!r}"
        title = reader.metadata.title if reader.metadata else None
        assert title and title.strip(), f"{pdf.relative_to(built.out)} has no title"
        assert "/" not in title, f"{pdf.relative_to(built.out)}: title {title!r} is a path, not a name"
    for name, title in TITLES[language].items():
        assert PdfReader(built.out / name).metadata.title == title  # type: ignore[union-attr]


def test_sheets_are_titled_with_the_kind_people_read(en_cards: Built) -> None:
    titles = {p.stem: PdfReader(p).metadata.title for p in (en_cards.out / "sheets").glob("*.pdf")}  # type: ignore[union-attr]
    assert titles == {
        "objections": "Northwind Parts Sales Playbook: Objections",
        "competitors": "Northwind Parts Sales Playbook: Competitors",
        "products": "Northwind Parts Sales Playbook: Products",
    }


def _pdfinfo(pdf: Path) -> str:
    import subprocess

    return subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout


def test_pdfinfo_reads_the_title_of_a_russian_card(ru_cards: Built) -> None:
    info = _pdfinfo(ru_cards.out / "lead-path.pdf")
    assert re.search(r"^Title:\s+Путь лида$", info, re.M), info
