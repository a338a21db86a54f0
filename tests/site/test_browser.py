"""The built sites in a real browser (the system Chromium, driven by Playwright), served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from site_support import CHROMIUM_ARGS, serve_folder

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _search(page: Page, words: str) -> None:
    page.locator("input.md-search__input").click()
    page.keyboard.type(words, delay=30)
    # Characters off the US layout are inserted without key events; a key press makes Material search.
    page.keyboard.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)


def test_search_an_objection_open_it_and_follow_a_link_to_a_battle_card(browser: Browser, en_site: Path) -> None:
    with serve_folder(en_site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(base)
        _search(page, "marketplaces")
        page.locator('.md-search-result__link[href*="objections/too-expensive/"]').first.click()
        page.wait_for_url("**/objections/too-expensive/**")
        assert "Your prices are higher than Autodalys" in page.locator("h1").inner_text()
        assert page.locator("#say").is_visible()
        page.locator("dl.pb-related a", has_text="Autodalys").first.click()
        page.wait_for_url("**/competitors/autodalys/")
        assert page.locator("h1").inner_text().strip().rstrip("¶") == "Autodalys"
        assert "Autodalys is great for fast-moving parts" in page.locator("article").inner_text()
        for path in ("lead-path/", "criteria/", "glossary/"):
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
        context.close()
    external = [url for url in requests if not url.startswith(base) and not url.startswith("data:")]
    assert external == []


def test_search_finds_a_cyrillic_word_in_the_russian_site(browser: Browser, ru_site: Path) -> None:
    with serve_folder(ru_site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(base)
        _search(page, "дороже")
        links = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")
        assert any("objections/dorogo/" in link for link in links), links
        page.locator('.md-search-result__link[href*="objections/dorogo/"]').first.click()
        page.wait_for_url("**/objections/dorogo/**")
        assert "Скажите" in page.locator("article").inner_text()
        context.close()


def test_try_a_lead_works_after_instant_navigation_from_home(browser: Browser, en_site: Path) -> None:
    with serve_folder(en_site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(base)
        page.locator("a.md-button", has_text="Try a lead").click()
        page.wait_for_url("**/criteria/**")
        for field, value in (
            ("brand", "opel"),
            ("country", "LT"),
            ("segment", "garage"),
            ("monthly_parts_spend", "2500"),
        ):
            page.locator(f"#pb-try-{field}").fill(value)
        page.locator("form[data-pb-try] button[type=submit]").click()
        page.locator("[data-pb-result]", has_text="Score: 40").wait_for(timeout=10000)
        context.close()


def test_dark_palette_and_phone_layout(browser: Browser, en_site: Path) -> None:
    with serve_folder(en_site) as base:
        context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark", is_mobile=True)
        page = context.new_page()
        page.goto(base + "objections/too-expensive/")
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width
        context.close()
