"""Every language, not only its labels: inflected search and tooltips, native values, no YAML paths.

Each fixture playbook is built once (site only), with every item stale so the review queue is full,
department ids as owners (`sales`, `marketing`), and inflected glossary terms in an objection.
The search is measured in a real browser: inflected queries must find the pages holding other forms.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from site_support import CHROMIUM_ARGS, FIXTURES, REPO, Html, build, serve_folder
from tests_support import copy_project

if TYPE_CHECKING:
    from playwright.sync_api import Page

LANGUAGES = ("en", "ru", "lt", "pl", "ro")
INFLECTED_TERMS = {
    "en": ("too-expensive", "Two target leads a week", "target leads"),
    "ru": ("dorogo", "Для целевого лида без SQL-а это важно.", "целевого лида"),
    "lt": ("per-brangu", "Tiksliniams klientams tai svarbu.", "Tiksliniams klientams"),
    "pl": ("za-drogo", "Dla leadów docelowych to ważne.", "leadów docelowych"),
    "ro": ("prea-scump", "Calificarea leadului țintă contează.", "leadului țintă"),
}
RECALL = {
    "en": [("garages", "products/garage-credit-line/"), ("deliveries", "lead-path/"), ("pricing", "competitors/")],
    "ru": [("смете", "criteria/"), ("складами", "glossary/"), ("замера", "lead-path/"), ("цену", "icp/")],
    "lt": [
        ("kainomis", "competitors/detaliu-turgus/"),
        ("kainą", "glossary/"),
        ("klientui", "competitors/detaliu-turgus/"),
    ],
    "pl": [("ofertą", "lead-path/"), ("cenach", "icp/"), ("kartonami", "competitors/pakuj-tanio/")],
    "ro": [("ofertele", "criteria/"), ("prețurile", "products/migrare-cloud/"), ("furnizorul", "objections/nu-acum/")],
}
RAW_PATH = re.compile(r"\b(?:as_of|[a-z_]+\.\d+\.[a-z_]+|pricing\.[a-z_]+|min_score|review_every_days|[a-z_]+\[\d+\])")
OWNER = re.compile(r'<span class="pb-meta__label">[^<]*</span>\s*([^<]*)</span>')


def _project(language: str, target: Path) -> Path:
    source = REPO if language == "en" else FIXTURES / language
    project = copy_project(source, target)
    data = project / "data"
    objection_id, sentence, _ = INFLECTED_TERMS[language]
    objection = data / "objections" / f"{objection_id}.yaml"
    if not objection.exists():  # the first objection of the fixture
        objection = sorted((data / "objections").glob("*.yaml"))[0]
        INFLECTED_TERMS[language] = (objection.stem, sentence, INFLECTED_TERMS[language][2])
    text = objection.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^say: >-\n", f"say: >-\n  {sentence}\n", text, count=1)
    text = re.sub(r"(?m)^owner: .*$", "owner: sales", text)
    objection.write_text(text, encoding="utf-8")
    for competitor in (data / "competitors").glob("*.yaml"):
        body = competitor.read_text(encoding="utf-8")
        competitor.write_text(re.sub(r"(?m)^owner: .*$", "owner: marketing", body), encoding="utf-8")
    glossary = data / "glossary.yaml"
    body = glossary.read_text(encoding="utf-8")
    glossary.write_text(re.sub(r"(?m)^(\s+)definition:", r"\1reviewed: 2026-01-01\n\1definition:", body), "utf-8")
    return project


@pytest.fixture(scope="session")
def language_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Each language's site, built once, on a day when every item is stale."""
    sites: dict[str, Path] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLAYBOOK_TODAY", "2028-11-22")
        for language in LANGUAGES:
            project = _project(language, tmp_path_factory.mktemp(f"lang-{language}") / "project")
            out = tmp_path_factory.mktemp(f"lang-{language}-site") / "site"
            result = build(project, out, "--no-cards")
            assert result.exit_code == 0, result.output
            sites[language] = out
        yield sites


def _article(site: Path, path: str) -> str:
    html = (site / path / "index.html").read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_inflected_glossary_terms_carry_tooltips(language_sites: dict[str, Path], language: str) -> None:
    objection_id, _, inflected = INFLECTED_TERMS[language]
    article = _article(language_sites[language], f"objections/{objection_id}")
    marked = [Html(m).text for m in re.findall(r"<abbr title=\"[^\"]*\">(.*?)</abbr>", article)]
    assert inflected in marked, marked


@pytest.mark.parametrize("language", ["ru", "lt", "pl", "ro"])
def test_no_raw_english_owner_or_yaml_path_on_any_page(language_sites: dict[str, Path], language: str) -> None:
    site = language_sites[language]
    review = Html(_article(site, "review")).text
    assert review.count("¶") > 2, "every item is stale: the review queue is full"
    for page in sorted(site.rglob("index.html")):
        if page.parent.name in ("search",):
            continue
        html = page.read_text(encoding="utf-8")
        if "<article" not in html:
            continue
        article = _article(site, str(page.parent.relative_to(site)))
        values = [v.strip() for v in OWNER.findall(article)] + re.findall(r"<h2[^>]*>([^<]*)", article)
        assert not {"sales", "marketing", "shared"} & set(values), (page, values)
        text = Html(article).text
        assert not RAW_PATH.search(text), (page, RAW_PATH.search(text))


def test_english_review_queue_names_fields_by_their_labels(language_sites: dict[str, Path]) -> None:
    review = Html(_article(language_sites["en"], "review")).text
    assert "Last reviewed" in review and "— as of" in review
    assert not RAW_PATH.search(review)


@pytest.mark.parametrize("language", ["ru", "lt", "pl", "ro"])
def test_material_strings_are_translated(language_sites: dict[str, Path], language: str) -> None:
    site = language_sites[language]
    assert "Permanent link" not in (site / "lead-path" / "index.html").read_text(encoding="utf-8")
    assert "Not found" not in (site / "404.html").read_text(encoding="utf-8")


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium")
@pytest.mark.parametrize("language", list(RECALL))
def test_inflected_queries_find_the_pages_with_other_forms(language_sites: dict[str, Path], language: str) -> None:
    """Recall of the search box, per language: every inflected query finds its page (1.0)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    missed: list[tuple[str, str, list[str]]] = []
    cases = RECALL[language]
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        with serve_folder(language_sites[language]) as base:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(base)
            for query, expected in cases:
                found = _search(page, query, base + expected)
                if base + expected not in found:
                    missed.append((query, expected, found))
            assert errors == [], errors
            page.close()
        browser.close()
    assert not missed, f"recall {1 - len(missed) / len(cases):.2f}: {missed}"


def _search(page: Page, query: str, wanted: str) -> list[str]:
    """The result links for `query` (their pages' addresses), scrolled until `wanted` shows or no more come."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    page.keyboard.type(query, delay=20)
    page.keyboard.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    links: list[str] = []
    unchanged = 0
    while unchanged < 4:  # Material renders results ten at a time, as the list scrolls
        found = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")
        found = [link.split("?")[0].split("#")[0] for link in found]
        if wanted in found:
            return found
        unchanged = unchanged + 1 if found == links else 0
        links = found
        page.locator(".md-search__scrollwrap").first.evaluate("el => el.scrollTo(0, el.scrollHeight)")
        time.sleep(0.1)
    return links
