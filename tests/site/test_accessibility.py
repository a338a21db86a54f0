"""WCAG 2.2 AA in a real browser: axe-core on every page kind, light and dark, desktop and phone; forms by keyboard.

axe-core comes bundled with `axe-playwright-python` (nothing is downloaded) and runs in the system
Chromium. Each site is built once per session (per xdist worker: tests/site/conftest.py) and the
browser once per module. Every page kind is checked in its own test per site, scheme and width, so the
xdist workers share the work. Each test has one browser context whose colour scheme is emulated
(`color_scheme`) for its whole life: Material keeps the palette it chose on the first page in
`localStorage` and ignores a later change of the media query, so a scheme is never switched inside a
context. Before axe runs, the page waits until Material has applied the context's palette and every
transition has ended. Any serious or critical violation fails, named with its page, context, rule and
elements.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from site_support import CHROMIUM_ARGS, REPO, serve_folder

playwright_api = pytest.importorskip("playwright.sync_api")
axe_api = pytest.importorskip("axe_playwright_python.sync_playwright")
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium"),
    pytest.mark.timeout(300),  # a guard against a hung browser; a test takes seconds on an idle machine
]

SCHEMES = ("light", "dark")
MATERIAL_SCHEMES = {"light": "default", "dark": "slate"}
WIDTHS = {"desktop": 1366, "phone": 390}
FAILING = ("serious", "critical")
SKIPPED_FOLDERS = {"assets", "cards", "search"}
AXE_OPTIONS = {"resultTypes": ["violations"]}
CHROME = {"exclude": [[".md-header"], [".md-sidebar--primary"], [".md-footer"], [".md-search"]]}
"""Material's frame, the same on every page: checked whole on the home and 404 pages, left out on the others
(the page's own table of contents stays in), which keeps the module short."""
WHOLE_PAGES = ("", "404.html")


def page_kinds(site: Path) -> list[str]:
    """One URL path per page kind: every top-level page and index, the fullest item page of each kind, 404.

    The fullest (largest) item page holds the most parts: feedback, calculators embedded from `used_on`...
    """
    kinds: dict[str, tuple[int, str]] = {}
    for index in sorted(site.rglob("index.html")):
        parts = index.parent.relative_to(site).parts
        if parts and parts[0] in SKIPPED_FOLDERS:
            continue
        kind = parts[0] + "/*" if len(parts) > 1 else "/".join(parts)
        size = index.stat().st_size
        if kind not in kinds or size > kinds[kind][0]:
            kinds[kind] = (size, "".join(f"{p}/" for p in parts))
    return [*(path for _, path in kinds.values()), "404.html"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def axe_script() -> str:
    return str(axe_api.Axe().axe_script)


def _context(browser: Any, scheme: str, width: int, axe_script: str) -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, is_mobile=width < 600, has_touch=width < 600
    )
    context.add_init_script(axe_script)
    return context


def _start_axe(page: Any, context: str | dict[str, Any] | None = None) -> None:
    """Start axe in `page` without waiting for it (so several pages run at once).

    `context` is a CSS selector (one element), an axe context object (`{"exclude": [...]}`), or the page.
    """
    page.evaluate(
        """([selector, options]) => {
            window.__pbAxe = null;
            const target = typeof selector === "string" ? document.querySelector(selector) : (selector || document);
            // Colours are judged once hover and focus transitions have ended, as a person sees them.
            Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))
                .then(() => axe.run(target, options))
                .then(r => { window.__pbAxe = r; }, e => { window.__pbAxe = {error: String(e)}; });
        }""",
        [context, AXE_OPTIONS],
    )


def _axe_result(page: Any) -> dict[str, Any]:
    page.wait_for_function("window.__pbAxe !== null", timeout=60000)
    result: dict[str, Any] = page.evaluate("window.__pbAxe")
    assert "error" not in result, result
    return result


def _serious(result: dict[str, Any], where: str) -> list[str]:
    found = []
    for violation in result["violations"]:
        if violation["impact"] in FAILING:
            nodes = "; ".join(
                f"{node['target']} {(node.get('failureSummary') or '').splitlines()[-1].strip()}"
                for node in violation["nodes"][:5]
            )
            found.append(f"{where}: {violation['id']} ({violation['impact']}, {len(violation['nodes'])}): {nodes}")
    return found


def _palette_applied(page: Any, scheme: str) -> None:
    """Wait until Material has applied `scheme`'s palette to the page (its switch ends a task later)."""
    page.wait_for_function(
        """scheme => document.body.getAttribute("data-md-color-scheme") === scheme
            && !document.body.hasAttribute("data-md-color-switching")""",
        arg=MATERIAL_SCHEMES[scheme],
        timeout=30000,
    )


def _axe_every_page_kind(browser: Any, site: Path, axe_script: str, scheme: str, width: str) -> list[str]:
    """axe on every page kind of `site` in one context of `scheme` and `width`, one page after the other."""
    context = _context(browser, scheme, WIDTHS[width], axe_script)
    page = context.new_page()
    problems: list[str] = []
    paths = page_kinds(site)
    try:
        with serve_folder(site) as base:
            for path in paths:
                page.goto(base + path, wait_until="load")
                _palette_applied(page, scheme)
                _start_axe(page, None if path in WHOLE_PAGES else CHROME)
                problems += _serious(_axe_result(page), f"/{path} [{scheme}, {width}]")
                assert page.locator("body").get_attribute("data-md-color-scheme") == MATERIAL_SCHEMES[scheme], path
    finally:
        context.close()
    assert len(paths) >= 15, paths  # every kind was found
    return problems


def test_page_kinds_of_the_example_cover_every_kind(en_site: Path) -> None:
    kinds = page_kinds(en_site)
    for path in (
        "",
        "objections/",
        "competitors/",
        "products/",
        "icp/",
        "lead-path/",
        "criteria/",
        "glossary/",
        "feedback/",
        "whats-new/",
        "review/",
        "tags/",
        "404.html",
    ):
        assert path in kinds
    for folder in ("objections", "competitors", "products", "pages"):
        assert any(k.startswith(folder + "/") and k.count("/") == 2 for k in kinds), folder


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("site", ["en_site", "ru_site"], ids=["example", "russian"])
def test_no_serious_violation_on_any_page_kind(
    browser: Any, site: str, axe_script: str, scheme: str, width: str, request: pytest.FixtureRequest
) -> None:
    """The example (English) and the Russian fixture: every page kind, each scheme and width."""
    problems = _axe_every_page_kind(browser, request.getfixturevalue(site), axe_script, scheme, width)
    assert problems == [], "\n".join(problems)


def test_theme_landmarks_and_names_come_in_the_playbook_language(ru_site: Path) -> None:
    html = (ru_site / "index.html").read_text(encoding="utf-8")
    assert 'role="dialog" aria-label="Поиск по плейбуку"' in html
    assert 'role="progressbar" aria-label="Загрузка страницы"' in html
    assert '<div class="pb-progress" role="region" aria-label="Загрузка страницы">' in html


# -- the try-a-lead form, by keyboard alone ------------------------------------------------------------

LEAD = {"brand": "opel", "country": "LT", "segment": "garage", "monthly_parts_spend": "2500"}
KEYBOARD_LEAD = {**LEAD, "employees": "12", "has_account": "", "fleet_vehicles": ""}
"""What the keyboard test leaves in the form (employees first typed unreadable, then corrected)."""
KEYBOARD_SCORE = 55


def _focused(page: Any) -> dict[str, Any]:
    """The focused element: its name, tag, type and whether a focus indicator is drawn around it."""
    state: dict[str, Any] = page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
            return {name: el.getAttribute("name") || "", tag: el.tagName.toLowerCase(), type: el.type || "",
                    id: el.id, inForm: !!el.closest("form[data-pb-try]"), visible: outline,
                    focusVisible: el.matches(":focus-visible"), outline: style.outline};
        }"""
    )
    return state


def _tab_to(page: Any, wanted: str, limit: int = 40, key: str = "Tab") -> dict[str, Any]:
    """Press Tab until the element matching `wanted` (a CSS selector) has focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("s => document.activeElement.matches(s)", wanted):
            return _focused(page)
    raise AssertionError(f"{wanted} never got focus by {key}")


def _result(page: Any) -> dict[str, str | None]:
    box = page.locator("form[data-pb-try] [data-pb-result]")
    return {
        "target": box.get_attribute("data-target"),
        "score": box.get_attribute("data-score"),
        "text": box.inner_text(),
    }


@pytest.mark.parametrize(("scheme", "width"), [("light", 1366), ("dark", 390)])
def test_try_a_lead_by_keyboard_alone(browser: Any, en_site: Path, axe_script: str, scheme: str, width: int) -> None:
    context = _context(browser, scheme, width, axe_script)
    page = context.new_page()
    with serve_folder(en_site) as base:
        page.goto(base + "criteria/#try-a-lead", wait_until="load")
        _palette_applied(page, scheme)
        page.wait_for_function("document.querySelector('form[data-pb-try]').dataset.pbReady === 'true'")
        waiting = _result(page)["text"]

        # The stage choice: reached by Tab, focus drawn, changed with the arrow keys and back.
        stage = _tab_to(page, "#pb-try-stage")
        assert stage["visible"] and stage["focusVisible"], stage
        page.keyboard.press("ArrowDown")
        assert page.eval_on_selector("#pb-try-stage", "s => s.value") == "sales_ready"
        page.keyboard.press("ArrowUp")
        assert page.eval_on_selector("#pb-try-stage", "s => s.value") == "target"

        # Every field in order with Tab; the lead's values typed; an unreadable number told at its field.
        seen: list[str] = []
        for _ in range(30):
            page.keyboard.press("Tab")
            focus = _focused(page)
            assert focus["inForm"], f"Tab left the form before its buttons: {focus}"
            assert focus["visible"], f"no visible focus on {focus}"
            if focus["type"] == "submit":
                break
            seen.append(focus["name"])
            if focus["name"] in LEAD:
                page.keyboard.type(LEAD[focus["name"]], delay=5)
                assert _result(page)["text"] != waiting, "the verdict follows the typing"
            elif focus["name"] == "employees":
                invalid = page.locator("#pb-try-employees")
                hints = invalid.get_attribute("aria-describedby")  # what the field said before: kept
                page.keyboard.type("many", delay=5)
                assert invalid.get_attribute("aria-invalid") == "true"
                described = (invalid.get_attribute("aria-describedby") or "").split()
                assert described[: len((hints or "").split())] == (hints or "").split(), described
                messages = [page.locator(f"#{i}").inner_text() for i in described]
                assert any("cannot read" in m and "many" in m for m in messages), messages
                _start_axe(page, "form[data-pb-try]")
                problems = _serious(_axe_result(page), f"try-a-lead with an error [{scheme}]")
                assert problems == [], "\n".join(problems)
                page.keyboard.press("Control+A")
                page.keyboard.type("12", delay=5)
                assert invalid.get_attribute("aria-invalid") is None
                assert invalid.get_attribute("aria-describedby") == hints
        else:
            raise AssertionError("Tab never reached the Check button")
        assert seen[:4] == ["brand", "country", "segment", "employees"], seen
        assert _result(page)["target"] == "true"
        assert _result(page)["score"] == str(KEYBOARD_SCORE)

        # Space on Check judges again; Enter on Clear empties the form and the verdict.
        page.keyboard.press("Space")
        assert _result(page)["target"] == "true"
        clear = _tab_to(page, "form[data-pb-try] button[type=reset]", limit=3)
        assert clear["visible"], clear
        page.keyboard.press("Enter")
        page.wait_for_function("!document.querySelector('[data-pb-result]').hasAttribute('data-target')")
        assert _result(page)["text"] == waiting
        assert page.eval_on_selector("#pb-try-brand", "i => i.value") == ""

        # The form once used, the whole page: still no serious violation.
        _start_axe(page)
        problems = _serious(_axe_result(page), f"criteria/ after the form was used [{scheme}, {width}px]")
        assert problems == [], "\n".join(problems)
    context.close()


def test_the_verdict_typed_above_is_the_one_qualify_gives(invoke: Any, tmp_path: Path) -> None:
    """The keyboard test expects the sheet's own verdict for its lead: `playbook qualify` on the same values."""
    leads = tmp_path / "lead.csv"
    leads.write_text(",".join(KEYBOARD_LEAD) + "\n" + ",".join(KEYBOARD_LEAD.values()) + "\n", encoding="utf-8")
    result = invoke("-C", REPO, "qualify", leads, "--format", "json")
    assert result.exit_code == 0, result.output
    lead = json.loads(result.stdout)["leads"][0]
    assert (lead["target"], lead["score"]) == (True, KEYBOARD_SCORE)


# -- a calculator, by keyboard alone -------------------------------------------------------------------

CALC = "#pb-calc-cost-of-waiting"


def _output(page: Any, output: str) -> str:
    return str(page.inner_text(f"{CALC}-{output}"))


def _retype(page: Any, text: str) -> None:
    page.keyboard.press("Control+A")
    page.keyboard.type(text, delay=5)


@pytest.mark.parametrize(("scheme", "width"), [("light", 1366), ("dark", 390)])
def test_a_calculator_by_keyboard_alone(browser: Any, en_site: Path, axe_script: str, scheme: str, width: int) -> None:
    context = _context(browser, scheme, width, axe_script)
    page = context.new_page()
    with serve_folder(en_site) as base:
        page.goto(base + "calculators/cost-of-waiting/", wait_until="load")
        _palette_applied(page, scheme)
        loss, hours = _output(page, "monthly_loss"), _output(page, "waiting_hours")

        lifts = _tab_to(page, f"{CALC}-lifts", limit=80)
        assert lifts["visible"] and lifts["focusVisible"], lifts
        _retype(page, "8")
        page.wait_for_function(f"document.querySelector('{CALC}-monthly_loss').textContent !== {json.dumps(loss)}")

        _retype(page, "many")
        field = page.locator(f"{CALC}-lifts")
        assert field.get_attribute("aria-invalid") == "true"
        messages = [page.locator(f"#{i}").inner_text() for i in (field.get_attribute("aria-describedby") or "").split()]
        assert any("number" in m for m in messages), messages
        _start_axe(page, "form.pb-calc")
        problems = _serious(_axe_result(page), f"calculator with an error [{scheme}, {width}px]")
        assert problems == [], "\n".join(problems)
        _retype(page, "4")
        assert field.get_attribute("aria-invalid") is None
        page.wait_for_function(f"document.querySelector('{CALC}-monthly_loss').textContent === {json.dumps(loss)}")

        supplier = _tab_to(page, f"{CALC}-supplier", limit=5)
        assert supplier["visible"], supplier
        page.keyboard.press("ArrowDown")  # marketplace -> dealer: a car waits 6 hours instead of 8
        page.wait_for_function(f"document.querySelector('{CALC}-waiting_hours').textContent !== {json.dumps(hours)}")
        saturday = _tab_to(page, f"{CALC}-saturday", limit=3)
        assert saturday["visible"], saturday
        changed = _output(page, "waiting_hours")
        page.keyboard.press("Space")
        page.wait_for_function(f"document.querySelector('{CALC}-waiting_hours').textContent !== {json.dumps(changed)}")

        reset = _tab_to(page, "form.pb-calc button[type=reset]", limit=5)
        assert reset["visible"], reset
        page.keyboard.press("Enter")
        page.wait_for_function(f"document.querySelector('{CALC}-waiting_hours').textContent === {json.dumps(hours)}")
        assert _output(page, "monthly_loss") == loss

        _start_axe(page)
        problems = _serious(_axe_result(page), f"calculators/cost-of-waiting/ after use [{scheme}, {width}px]")
        assert problems == [], "\n".join(problems)
    context.close()
