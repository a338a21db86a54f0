"""Calculators in a real browser (system Chromium): the page's script gives exactly Python's results.

Hypothesis draws many input values; each batch runs through `playbook/calculators/engine.py` and
through `generators/assets/calculator.js` in Chromium, from the same compiled definition the page
carries. Numbers shown (Intl.NumberFormat) equal `format_number`, and typed text is read alike.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import math
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook.calculators.engine import Value
from playbook.calculators.form import SCRIPT, STYLESHEET, definition, form_html
from playbook.calculators.numbers import format_number
from playbook.calculators.program import Program, compile_calculator
from playbook.labels import labels
from playbook.model.calculator import Calculator
from playbook.rules.values import Unreadable, read_number

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]

CALCULATOR = {
    "name": "Every operator <b>&</b>",
    "inputs": [
        {"id": "a", "label": "A </script><script>alert(1)</script>", "default": "4", "min": "-1e6", "max": "1e6"},
        {"id": "b", "label": "B", "default": "2.5", "unit": "EUR \u2028"},
        {"id": "c", "label": "C", "default": "0"},
        {"id": "plan", "label": "Plan", "type": "choice", "options": ["basic", "premium", "<x>"]},
        {"id": "flag", "label": "Flag", "type": "bool"},
    ],
    "outputs": [
        {"id": "sum", "label": "Sum", "formula": "a + b - c * 2 / 3"},
        {"id": "ratio", "label": "Ratio", "formula": "a / c", "round": "3"},
        {"id": "neg", "label": "Neg", "formula": "-(a - b) * -c"},
        {"id": "big", "label": "Big", "formula": "a * 1e300 * b"},
        {"id": "extremes", "label": "Extremes", "formula": "min(a, b, c) + max(a, -b, c) + abs(c - a)"},
        {"id": "r0", "label": "R0", "formula": "round(a * b)"},
        {"id": "r2", "label": "R2", "formula": "round(a / 7, 2) + round(b * 1.005, 2)"},
        {"id": "rneg", "label": "Rneg", "formula": "round(a * 123.456, -2)", "round": "-1"},
        {"id": "choice", "label": "Choice", "formula": "if(plan == 'premium', a, if(plan != 'basic', b, c))"},
        {
            "id": "logic",
            "label": "Logic",
            "formula": "if((a > b and not flag) or (c <= 0 and a / c > 1) or b >= a, 'yes', 'no')",
        },
        {"id": "kleene", "label": "Kleene", "formula": "if(flag or a / c > 0, 1, 0)"},
        {"id": "text", "label": "Text", "formula": "if(sum == a + b, '<b>same</b>', plan)"},
        {"id": "chain", "label": "Chain", "formula": "sum * 2 + ratio - r2", "round": "2"},
    ],
}
NUMBERS = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.integers(min_value=-1000, max_value=1000).map(float),
    st.sampled_from([0.0, -0.0, 0.5, -0.5, 1.005, 2.675, 1e-9, 0.1, 0.3, 999999.995]),
)
INPUTS = st.fixed_dictionaries(
    {
        "a": NUMBERS,
        "b": st.one_of(NUMBERS, st.floats(allow_nan=False, allow_infinity=False)),
        "c": NUMBERS,
        "plan": st.sampled_from(["basic", "premium", "<x>"]),
        "flag": st.booleans(),
    }
)


@pytest.fixture(scope="module")
def program() -> Program:
    compiled, problems = compile_calculator(Calculator.model_validate(CALCULATOR))
    assert compiled is not None, problems
    return compiled


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def engine_page(browser: Browser) -> Iterator[Page]:
    """A blank page with the static script loaded: `playbookCalculate` and friends on `window`."""
    page = browser.new_page()
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(content=SCRIPT.read_text(encoding="utf-8"))
    yield page
    page.close()


def _same(want: object, got: object) -> bool:
    if isinstance(want, float) and isinstance(got, int | float) and not isinstance(got, bool):
        got = float(got)  # a whole number may cross from the browser as the integer of its shortest digits
        return want == got and math.copysign(1, want) == math.copysign(1, got)
    return want == got and type(want) is type(got)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(INPUTS, min_size=20, max_size=40))
def test_python_and_javascript_give_the_same_outputs(
    program: Program, engine_page: Page, batch: list[dict[str, Value]]
) -> None:
    calculator = definition("every", program, "en", labels("en"))
    got = engine_page.evaluate(
        "([calculator, batch]) => batch.map((values) => window.playbookCalculate(calculator, values))",
        [calculator, batch],
    )
    for values, outputs in zip(batch, got, strict=True):
        want = program.run(values)
        assert set(outputs) == set(want)
        mismatched = {k: (want[k], outputs[k]) for k in want if not _same(want[k], outputs[k])}
        assert mismatched == {}, values


LANGUAGES = ("en", "ru", "lt", "pl", "ro")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(numbers=st.lists(st.one_of(NUMBERS, st.floats(allow_nan=False, allow_infinity=False)), min_size=20, max_size=40))
def test_numbers_are_shown_as_intl_shows_them(engine_page: Page, numbers: list[float]) -> None:
    cases = [(n, lang, d) for n in numbers for lang in LANGUAGES for d in (None, 0, 2, -1)]
    got = engine_page.evaluate("(cases) => cases.map(([n, lang, d]) => window.playbookFormatNumber(n, lang, d))", cases)
    mismatched = [(c, format_number(*c), g) for c, g in zip(cases, got, strict=True) if format_number(*c) != g]
    assert mismatched == []


TYPED = st.one_of(
    st.from_regex(r"[+-]?[0-9 \u00a0]{0,7}([.,][0-9]{0,4})?([eE][+-]?[0-9]{1,3})?", fullmatch=True),
    st.text(alphabet="0123456789 ,.-+eE\u00a0\u202fx", max_size=10),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TYPED, min_size=20, max_size=40))
def test_typed_numbers_are_read_alike(program: Program, engine_page: Page, texts: list[str]) -> None:
    read = definition("every", program, "en", labels("en"))["read"]
    got = engine_page.evaluate("([read, texts]) => texts.map((t) => window.playbookReadNumber(read, t))", [read, texts])
    for text, value in zip(texts, got, strict=True):
        try:
            want: object = read_number(text) if text.strip(" \u00a0\u202f") else None
        except Unreadable:
            want = "unreadable"
        assert _same(want, value) or (want == value == 0), text


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def _served(web: Path, program: Program, language: str) -> Iterator[str]:
    """The form on a page under a strict Content-Security-Policy, with the static script and stylesheet."""
    web.mkdir()
    (web / "favicon.ico").write_bytes(b"")
    (web / "calculator.js").write_text(SCRIPT.read_text(encoding="utf-8"), encoding="utf-8")
    (web / "calculator.css").write_text(STYLESHEET.read_text(encoding="utf-8"), encoding="utf-8")
    words = {**labels("en"), **labels(language)}
    (web / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'self'; script-src 'self'\">"
        "<link rel='stylesheet' href='calculator.css'><title>Calculator</title></head><body>"
        + form_html("every", program, language, words)
        + "<script src='calculator.js'></script></body></html>",
        encoding="utf-8",
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(web)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()


def _sum(program: Program, values: dict[str, Value]) -> float:
    """The output `sum` for these inputs (0 when it has no value), a number."""
    value = program.run(values)["sum"] or 0.0
    assert isinstance(value, int | float), value
    return value


def test_the_form_updates_as_people_type(program: Program, browser: Browser, tmp_path: Path) -> None:
    with _served(tmp_path / "web", program, "lt") as url:
        page = browser.new_page()
        dialogs: list[str] = []

        def on_dialog(dialog: Dialog) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(url)
        page.wait_for_selector("form[data-pb-ready]")
        output = page.locator('[data-pb-output="sum"]')
        assert output.inner_text() == format_number(_sum(program, program.defaults()), "lt")
        page.get_by_label("A </script><script>alert(1)</script>").fill("1 000,5")  # read as the CLI reads it
        values = {**program.defaults(), "a": 1000.5}
        assert output.inner_text() == format_number(_sum(program, values), "lt")
        assert page.locator('[data-pb-output="ratio"]').inner_text() == "\u2014"  # a / 0: no value
        page.get_by_label("Plan").select_option("premium")
        assert page.locator('[data-pb-output="choice"]').inner_text() == "1\u00a0000,5"
        page.get_by_label("C", exact=True).fill("abc")
        assert page.locator('[data-pb-message="c"]').inner_text() == "Įveskite skaičių, pvz., 0."
        assert page.get_by_label("C", exact=True).get_attribute("aria-invalid") == "true"
        assert page.locator('[data-pb-output="sum"]').inner_text() == "\u2014"
        page.get_by_label("A </script><script>alert(1)</script>").fill("2000000")
        assert page.locator('[data-pb-message="a"]').inner_text() == "Ne daugiau kaip 1000000."
        # Keyboard only: Tab reaches the inputs in order, Space ticks the box, and the reset button restores all.
        page.get_by_label("Plan").focus()
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        assert page.get_by_label("Flag").is_checked()
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # the reset button
        page.wait_for_function("document.querySelector('[data-pb-output=\"ratio\"]').textContent === '\u2014'")
        assert page.get_by_label("C", exact=True).input_value() == "0"
        assert output.inner_text() == format_number(_sum(program, program.defaults()), "lt")
        assert page.locator('[data-pb-output="text"]').inner_text() == "<b>same</b>"
        assert dialogs == []
        page.close()


def test_the_data_island_cannot_end_its_element(program: Program) -> None:
    html = form_html("every", program, "en", labels("en"))
    island = html.split("data-pb-calculator>", 1)[1].split("</script>", 1)[0]
    assert not any(c in island for c in "<>&\u2028")
    assert json.loads(island)["outputs"][0]["tree"] == {
        "op": "-",
        "a": {"op": "+", "a": {"var": "a"}, "b": {"var": "b"}},
        "b": {"op": "/", "a": {"op": "*", "a": {"var": "c"}, "b": {"num": 2.0}}, "b": {"num": 3.0}},
    }
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
