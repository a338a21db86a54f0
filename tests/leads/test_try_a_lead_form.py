"""The "Try a lead" form in a real browser (system Chromium) agrees with `playbook qualify` lead by lead."""

from __future__ import annotations

import contextlib
import csv
import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from playbook.cli.main import cli
from playbook.freshness import today
from playbook.labels import labels
from playbook.model import Playbook
from playbook.project import check_project
from playbook.rules.browser import SCRIPT, STYLESHEET, form_html

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Locator, Page

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

QUALIFICATION = """\
fields:
  - {id: brand, label: "Car brand <asked> & \\"quoted\\"", type: text, options: [opel, vauxhall, "<b>x</b>"]}
  - {id: country, label: Country, type: text}
  - {id: segment, label: Segment, type: text}
  - {id: employees, label: Employees, type: number}
  - {id: spend, label: Monthly spend, type: number}
  - {id: has_account, label: Has an account, type: bool}
  - {id: decision_maker, label: Decision maker, type: bool}
  - {id: need_date, label: Need date, type: date}
  - {id: source, label: Source, type: text}
target:
  require:
    - {field: brand, in: [opel, vauxhall], because: "We only stock <Opel> & Vauxhall parts"}
    - {field: country, not_in: [DE, FR], because: Not delivered there}
    - not: {field: has_account, eq: true}
      because: Existing customers belong to their account manager
    - any:
        - {field: segment, in: [garage, fleet]}
        - {field: employees, gt: 20}
    - {field: need_date, lt: 2027-06-01}
  score:
    - {when: {field: spend, gte: 2000}, points: 30, because: Spends 2000+}
    - {when: {field: spend, gte: 500}, points: 10}
    - {when: {field: employees, gte: 5}, points: 15}
    - {when: {all: [{field: need_date, exists: true}, {field: decision_maker, eq: yes}]}, points: 15}
    - {when: {field: source, contains: LIST}, points: -20}
    - {when: {field: segment, ne: garage}, points: 5}
  min_score: 30
sales_ready:
  require:
    - {field: decision_maker, eq: true, because: "Authority: the decision maker"}
    - {field: spend, gte: 500}
    - {field: need_date, exists: true}
  score:
    - {when: {field: need_date, lte: 2026-12-31}, points: 10}
  min_score: 10
"""

COLUMNS = ["brand", "country", "segment", "employees", "spend", "has_account", "decision_maker", "need_date", "source"]
LEADS = [
    ["opel", "LT", "garage", "12", "2500", "no", "yes", "2026-12-01", "quote-form"],
    [" OPEL ", "pl", "Garage", "3", "1 500", "", "YES", "2026-12-01 10:00", "purchased-list"],
    ["Vauxhall", "DE", "fleet", "40", "2500,50", "no", "no", "2027-01-15", "phone"],
    ["peugeot", "LT", "garage", "12", "2500", "yes", "yes", "2026-11-30", "phone"],
    ["opel", "LV", "private", "1", "50", "no", "", "", "newsletter"],
    ["opel", "", "taxi", "25", "many", "no", "yes", "2027-05-31", ""],
    ["vauxhall", "EE", "fleet", "", "600", "0", "1", "soon", "vin-request"],
    ["opel", "LT", "", "21", "2000", "maybe", "true", "2027-06-01", "Purchased-LIST"],
    ["", "LT", "garage", "5", "", "", "", "", ""],
    ["opel", "FR ", "garage", "5.0", "500", "false", "yes", "2026-12-31", "trade-fair"],
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Playbook]]:
    """A tiny page holding the form (its rules inside) and the static script, served over 127.0.0.1."""
    root = tmp_path_factory.mktemp("try-a-lead")
    project = _project(root / "project", QUALIFICATION)
    playbook = _checked(project)
    with _served(root / "web", playbook) as url:
        yield url, project, playbook


def _checked(project: Path) -> Playbook:
    checked = check_project(project, today())
    assert checked.playbook is not None, checked.diagnostics
    return checked.playbook


@contextlib.contextmanager
def _served(web: Path, playbook: Playbook) -> Iterator[str]:
    """The form of `playbook` on a page under a strict Content-Security-Policy, as the site links its assets."""
    web.mkdir()
    (web / "favicon.ico").write_bytes(b"")
    (web / "try-a-lead.js").write_text(SCRIPT.read_text(encoding="utf-8"), encoding="utf-8")
    (web / "try-a-lead.css").write_text(STYLESHEET.read_text(encoding="utf-8"), encoding="utf-8")
    (web / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'self'; script-src 'self'\">"
        "<link rel='stylesheet' href='try-a-lead.css'>"
        "<title>Try a lead</title></head><body>"
        + form_html(playbook, labels("en"))
        + "<script src='try-a-lead.js'></script></body></html>",
        encoding="utf-8",
    )
    handler = functools.partial(_QuietHandler, directory=str(web))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the module."""
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def _project(root: Path, qualification: str) -> Path:
    (root / "data").mkdir(parents=True)
    files = {
        "playbook.yaml": "name: T\ncompany: T\nversion: 1.0.0\n",
        "icp.yaml": "segments: []\n",
        "glossary.yaml": "terms: []\n",
        "lead_path.yaml": "stages: []\n",
        "qualification.yaml": "agreed_by:\n  marketing: {name: M, date: 2026-10-01}\n"
        "  sales: {name: S, date: 2026-10-01}\n" + qualification,
    }
    for name, text in files.items():
        (root / "data" / name).write_text(text, encoding="utf-8")
    return root


def qualify(project: Path, leads: Path, stage: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(
        cli, ["-C", str(project), "qualify", str(leads), "--format", "json", "--stage", stage], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    verdicts: list[dict[str, object]] = json.loads(result.stdout)["leads"]
    for lead in verdicts:  # the form says target / not target for either stage; qualify names the verdict
        if "sales_ready" in lead:
            lead["target"] = lead.pop("sales_ready")
    return verdicts


BOOL_CHOICE = {"yes": "yes", "true": "yes", "1": "yes", "no": "no", "false": "no", "0": "no"}


def test_form_agrees_with_qualify(site: tuple[str, Path, Playbook], browser: Browser, tmp_path: Path) -> None:
    url, project, _ = site
    leads_csv = tmp_path / "leads.csv"
    with leads_csv.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        writer.writerows(LEADS)
    expected = {stage: qualify(project, leads_csv, stage) for stage in ("target", "sales_ready")}
    assert {lead["target"] for lead in expected["target"]} == {True, False}, "the table covers both verdicts"
    assert {lead["target"] for lead in expected["sales_ready"]} == {True, False}

    errors: list[str] = []
    page = browser.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url)
    for stage in ("target", "sales_ready"):
        page.select_option("#pb-try-stage", stage)
        for i, values in enumerate(LEADS):
            seen = _fill_and_check(page, values)
            want = expected[stage][i]
            assert (
                seen
                == {"id": i + 1, "target": want["target"], "score": want["score"], "failed": want["failed"]}
                == want
            ), (stage, values)
    page.close()
    assert errors == []


def _score(box: Locator) -> int:
    score = box.get_attribute("data-score")
    assert score is not None, "the verdict has no data-score"
    return int(score)


def _fill_and_check(page: Page, values: list[str]) -> dict[str, object]:
    page.click("button[type=reset]")
    for name, value in zip(COLUMNS, values, strict=True):
        selector = f"[name={name}]"
        if page.get_attribute(selector, "data-type") == "bool":
            page.select_option(selector, BOOL_CHOICE.get(value.strip().lower(), ""))
        else:
            page.fill(selector, value)
    page.click("button[type=submit]")
    box = page.locator("[data-pb-result]")
    failed = page.locator("[data-pb-failed] li").all_inner_texts()
    row = next(i for i, lead in enumerate(LEADS, start=1) if lead is values)
    return {
        "id": row,
        "target": box.get_attribute("data-target") == "true",
        "score": _score(box),
        "failed": failed,
    }


def test_form_html_escapes_every_value(site: tuple[str, Path, Playbook]) -> None:
    _, _, playbook = site
    html = form_html(playbook, labels("en"))
    assert "<asked>" not in html and "<b>x</b>" not in html
    assert "Car brand &lt;asked&gt; &amp; &quot;quoted&quot;" in html
    assert '<option value="&lt;b&gt;x&lt;/b&gt;">' in html
    island = html.split('<script type="application/json" id="pb-try-rules" data-pb-rules>', 1)[1]
    island = island.split("</script>", 1)[0]
    assert "<" not in island and ">" not in island and "&" not in island, "the rules cannot close their <script>"
    assert "\\u003cOpel\\u003e \\u0026 Vauxhall" in island
    js = SCRIPT.read_text(encoding="utf-8")
    assert "eval(" not in js and "Function(" not in js and "innerHTML" not in js


def test_form_shows_reasons_and_problems_to_people(site: tuple[str, Path, Playbook], browser: Browser) -> None:
    url, _, _ = site
    page = browser.new_page()
    page.goto(url)
    assert page.inner_text("[data-pb-result]") == "Fill in the lead's fields to see the verdict."
    display = page.eval_on_selector(".pb-try__fields", "node => getComputedStyle(node).display")
    assert display == "grid", "the stylesheet applies, even under a strict Content-Security-Policy"
    page.fill("[name=brand]", "Peugeot")
    page.fill("[name=employees]", "many")
    text = page.inner_text("[data-pb-result]")
    assert "Not a target lead" in text
    assert "We only stock <Opel> & Vauxhall parts" in text
    assert "Employees: cannot read “many”, so it counts as empty." in text
    page.fill("[name=brand]", "opel")
    page.fill("[name=country]", "LT")
    page.fill("[name=segment]", "garage")
    page.fill("[name=need_date]", "2026-12-01")
    page.fill("[name=employees]", "7")
    page.fill("[name=spend]", "2500")
    text = page.inner_text("[data-pb-result]")
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[:2] == ["✔ Target lead", "Score: 55 (at least 30 needed)"]
    assert "+30 Spends 2000+" in lines
    page.close()


HOSTILE_REASON = "@STYLE@ </script><script>alert(1)</script>\u2028next line & <b>bold</b> @RULES@"
HOSTILE_LABEL = "Brand @TRUE@ </script><script>alert('label')</script>\u2029"
HOSTILE_QUALIFICATION = f"""\
fields:
  - id: brand
    label: {json.dumps(HOSTILE_LABEL)}
    type: text
    options: ["@FALSE@", "</script><script>alert(2)</script>"]
  - {{id: ok, label: "OK @NUMBER@", type: bool}}
target:
  require:
    - field: brand
      in: ["@TRUE@", "</script><script>alert(3)</script>", opel]
      because: {json.dumps(HOSTILE_REASON)}
    - {{field: ok, eq: true, because: "@TRUE@ must hold"}}
    - {{field: brand, ne: "</script>@STYLE@"}}
  score:
    - {{when: {{field: brand, eq: "@TRUE@"}}, points: 5, because: "@DATE@ </script><!--"}}
  min_score: 0
"""
HOSTILE_LEADS = [
    ["@true@", "yes"],
    ["</script><script>alert(3)</script>", "yes"],
    ["</script>@STYLE@", "yes"],
    ["peugeot", "no"],
    ["opel", ""],
]


def test_content_that_looks_like_script_or_placeholders_leaves_the_form_working(
    tmp_path: Path, browser: Browser
) -> None:
    """`@TRUE@`, `@STYLE@`, `</script>` and U+2028/2029 in labels and reasons: shown as text, judged as data."""
    project = _project(tmp_path / "project", HOSTILE_QUALIFICATION)
    playbook = _checked(project)
    leads_csv = tmp_path / "leads.csv"
    with leads_csv.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["brand", "ok"], *HOSTILE_LEADS])
    expected = qualify(project, leads_csv, "target")
    assert [lead["target"] for lead in expected] == [True, True, False, False, False]

    html = form_html(playbook, labels("en"))
    island = html.split("data-pb-rules>", 1)[1].split("</script>", 1)[0]
    assert not any(c in island for c in "<>&\u2028\u2029"), island

    errors: list[str] = []
    dialogs: list[str] = []
    with _served(tmp_path / "web", playbook) as url:
        page = browser.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        def on_dialog(dialog: Dialog) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(url)
        assert page.get_attribute("form[data-pb-try]", "data-pb-ready") == "true"
        assert page.text_content("label[for=pb-try-brand]") == HOSTILE_LABEL
        for (brand, ok), want in zip(HOSTILE_LEADS, expected, strict=True):
            page.click("button[type=reset]")
            page.fill("[name=brand]", brand)
            page.select_option("[name=ok]", ok)
            page.click("button[type=submit]")
            box = page.locator("[data-pb-result]")
            failed = page.locator("[data-pb-failed] li").all_text_contents()
            assert {
                "target": box.get_attribute("data-target") == "true",
                "score": _score(box),
                "failed": failed,
            } == {"target": want["target"], "score": want["score"], "failed": want["failed"]}, brand
        page.fill("[name=brand]", "peugeot")
        assert HOSTILE_REASON in page.locator("[data-pb-failed] li").all_text_contents()
        assert page.locator("[data-pb-result] script, [data-pb-result] b").count() == 0
        page.close()
    assert dialogs == [] and errors == []
