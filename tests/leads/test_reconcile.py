"""`playbook reconcile` and the "Where we disagree" page on a five-lead export whose every figure is worked out by hand.

Sheet (signed): brand in [opel] ("Opel only"); +20 when spend >= 1000; min_score 20.
Draft `marketing`: brand in [opel] ("Opel only M"); +10 when source = form; min_score 10.
Draft `sales`: brand in [opel] ("Opel only S"), spend >= 500 ("Spends 500+"); min_score 0.

    lead  brand    spend source   marketing       sales            sheet
    A     opel     600   form     T (10)          T                F (score 0 < 20)
    B     opel     100   form     T (10)          F Spends 500+    F (score 0)
    C     peugeot  2000  form     F Opel only M   F Opel only S    F Opel only
    D     opel     1500  ads      F (score 0<10)  T                T (20)
    E     opel     (empty) form   T (10)          F Spends 500+    F (score 0)

marketing~sales: same on A, C = 2/5; p_m = 3/5, p_s = 2/5, p_e = 12/25, kappa = (10/25 - 12/25) / (13/25) = -2/13.
marketing~sheet: same on C = 1/5; p_sheet = 1/5, p_e = 3/25 + 8/25 = 11/25, kappa = (5 - 11) / (25 - 11) = -3/7.
sales~sheet: same on B, C, D, E = 4/5; p_e = 2/25 + 12/25 = 14/25, kappa = (20 - 14) / (25 - 14) = 6/11.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from leads_support import MakeProject, write_csv

from playbook.cli.main import cli
from playbook.labels import labels
from playbook.leads.reconcile_export import site_reconciliation
from playbook.pages import render_site
from playbook.project import check_project

SHEET = """\
fields:
  - {id: brand, label: Car brand, type: text}
  - {id: spend, label: Monthly spend, type: number}
  - {id: source, label: Lead source, type: text}
target:
  require:
    - {field: brand, in: [opel], because: Opel only}
  score:
    - {when: {field: spend, gte: 1000}, points: 20}
  min_score: 20
"""

MARKETING = """\
author: {name: Rūta, department: marketing}
target:
  require:
    - {field: brand, in: [opel], because: Opel only M}
  score:
    - {when: {field: source, eq: form}, points: 10}
  min_score: 10
"""

SALES = """\
author: {name: Tomasz, department: sales}
target:
  require:
    - {field: brand, in: [opel], because: Opel only S}
    - {field: spend, gte: 500, because: Spends 500+}
"""

LEADS = """\
id,brand,spend,source
A,opel,600,form
B,opel,100,form
C,peugeot,2000,form
D,opel,1500,ads
E,opel,,form
"""


def _project(make_project: MakeProject, drafts: dict[str, str], *, signed: bool = True, settings: str = "") -> Path:
    root = make_project(SHEET, extra_settings=settings)
    if not signed:
        (root / "data" / "qualification.yaml").write_text(SHEET, encoding="utf-8")
    folder = root / "data" / "proposals"
    folder.mkdir()
    for name, text in drafts.items():
        (folder / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-C", str(root), "reconcile", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_has_every_verdict_agreement_and_disagreement(make_project: MakeProject, tmp_path: Path) -> None:
    root = _project(make_project, {"marketing": MARKETING, "sales": SALES})
    leads = write_csv(tmp_path / "leads.csv", LEADS)
    code, out, err = _run(root, str(leads), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert list(report)[:4] == ["drafts", "leads", "agreement", "disagreements"]
    assert report["drafts"] == ["marketing", "sales"]
    assert report["leads"] == [
        {"id": "A", "verdicts": {"marketing": True, "sales": True, "sheet": False}, "failed": {}},
        {
            "id": "B",
            "verdicts": {"marketing": True, "sales": False, "sheet": False},
            "failed": {"sales": ["Spends 500+"]},
        },
        {
            "id": "C",
            "verdicts": {"marketing": False, "sales": False, "sheet": False},
            "failed": {"marketing": ["Opel only M"], "sales": ["Opel only S"], "sheet": ["Opel only"]},
        },
        {"id": "D", "verdicts": {"marketing": False, "sales": True, "sheet": True}, "failed": {}},
        {
            "id": "E",
            "verdicts": {"marketing": True, "sales": False, "sheet": False},
            "failed": {"sales": ["Spends 500+"]},
        },
    ]
    assert report["agreement"] == {"marketing~sales": 0.4, "marketing~sheet": 0.2, "sales~sheet": 0.8}
    assert report["kappa"] == pytest.approx(
        {"marketing~sales": -2 / 13, "marketing~sheet": -3 / 7, "sales~sheet": 6 / 11}
    )
    assert report["disagreements"] == [
        {"id": "A", "between": ["marketing", "sheet"]},
        {"id": "A", "between": ["sales", "sheet"]},
        {"id": "B", "between": ["marketing", "sales"]},
        {"id": "B", "between": ["marketing", "sheet"]},
        {"id": "D", "between": ["marketing", "sales"]},
        {"id": "D", "between": ["marketing", "sheet"]},
        {"id": "E", "between": ["marketing", "sales"]},
        {"id": "E", "between": ["marketing", "sheet"]},
    ]
    deciding = report["deciding_rules"]
    assert deciding[0] == {
        "id": "A",
        "between": ["marketing", "sheet"],
        "rejected_by": "sheet",
        "score": {"score": 0, "min_score": 20},
    }
    assert deciding[2] == {
        "id": "B",
        "between": ["marketing", "sales"],
        "rejected_by": "sales",
        "rules": ["Spends 500+"],
    }
    assert deciding[4] == {
        "id": "D",
        "between": ["marketing", "sales"],
        "rejected_by": "marketing",
        "score": {"score": 0, "min_score": 10},
    }


def test_text_is_for_the_meeting(make_project: MakeProject, tmp_path: Path) -> None:
    root = _project(make_project, {"marketing": MARKETING, "sales": SALES})
    code, out, _ = _run(root, str(write_csv(tmp_path / "leads.csv", LEADS)))
    assert code == 0
    assert "marketing~sales        2/5   40.0%  -0.15" in out
    assert "sales~sheet            4/5   80.0%   0.55" in out
    assert "B (row 3): marketing says target, sales says not target" in out  # the row a spreadsheet shows
    assert "sales rule: Spends 500+" in out
    assert "look at: spend = 100" in out
    assert "marketing: score 0 is below its minimum 10" in out
    assert "look at: source = ads" in out


def test_drafts_that_agree_completely(make_project: MakeProject, tmp_path: Path) -> None:
    root = _project(make_project, {"one": SALES, "two": SALES}, signed=False)
    code, out, _ = _run(root, str(write_csv(tmp_path / "leads.csv", LEADS)), "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report["drafts"] == ["one", "two"]
    assert all(set(lead["verdicts"]) == {"one", "two"} for lead in report["leads"])  # unsigned: no `sheet`
    assert report["agreement"] == {"one~two": 1.0}
    assert report["kappa"] == {"one~two": 1.0}
    assert report["disagreements"] == []


def test_kappa_is_one_when_both_drafts_call_every_lead_target(make_project: MakeProject, tmp_path: Path) -> None:
    everyone = "author: {name: X, department: sales}\ntarget: {require: []}\n"
    root = _project(make_project, {"a": everyone, "b": everyone}, signed=False)
    code, out, _ = _run(root, str(write_csv(tmp_path / "leads.csv", LEADS)), "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report["agreement"] == {"a~b": 1.0}
    assert report["kappa"] == {"a~b": 1.0}  # expected agreement is 1: defined as full agreement


def test_a_tie_gives_kappa_zero(make_project: MakeProject, tmp_path: Path) -> None:
    """Two leads, each draft accepts one: agreement 0, p_e = 1/2, kappa = (0 - 1/2) / (1/2) = -1."""
    brand_a = "author: {name: A, department: marketing}\ntarget: {require: [{field: brand, eq: opel}]}\n"
    brand_b = "author: {name: B, department: sales}\ntarget: {require: [{field: brand, eq: ford}]}\n"
    root = _project(make_project, {"a": brand_a, "b": brand_b}, signed=False)
    leads = write_csv(tmp_path / "leads.csv", "brand\nopel\nford\n")
    report = json.loads(_run(root, str(leads), "--format", "json")[1])
    assert [lead["id"] for lead in report["leads"]] == [1, 2]  # no id column: 1-based row numbers
    assert report["agreement"] == {"a~b": 0.0}
    assert report["kappa"] == {"a~b": -1.0}


def test_drafts_come_in_file_name_order_then_the_sheet(make_project: MakeProject, tmp_path: Path) -> None:
    root = _project(make_project, {"zeta": SALES, "alpha": MARKETING, "mid-sales": SALES})
    report = json.loads(_run(root, str(write_csv(tmp_path / "l.csv", LEADS)), "--format", "json")[1])
    assert report["drafts"] == ["alpha", "mid-sales", "zeta"]
    assert list(report["agreement"]) == [
        "alpha~mid-sales",
        "alpha~zeta",
        "alpha~sheet",
        "mid-sales~zeta",
        "mid-sales~sheet",
        "zeta~sheet",
    ]


def test_a_missing_required_column_is_a_data_error(make_project: MakeProject, tmp_path: Path) -> None:
    root = _project(make_project, {"marketing": MARKETING, "sales": SALES})
    code, out, err = _run(root, str(write_csv(tmp_path / "leads.csv", "id,brand,source\nA,opel,form\n")))
    assert code == 1
    assert "no column for `spend`" in err
    assert out == ""


def test_no_draft_and_no_signature_is_nothing_to_reconcile(make_project: MakeProject, tmp_path: Path) -> None:
    root = _project(make_project, {}, signed=False)
    code, _, err = _run(root, str(write_csv(tmp_path / "leads.csv", LEADS)))
    assert code == 1
    assert "nothing to reconcile" in err


def test_a_missing_export_is_a_usage_error(make_project: MakeProject, tmp_path: Path) -> None:
    root = _project(make_project, {"marketing": MARKETING})
    assert _run(root, str(tmp_path / "nope.csv"))[0] == 2


def test_a_draft_reading_an_unknown_field_is_an_error_at_its_position(make_project: MakeProject) -> None:
    typo = "author: {name: X, department: sales}\ntarget:\n  require:\n    - {field: brnad, eq: opel}\n"
    root = _project(make_project, {"sales": typo})
    checked = check_project(root, dt.date(2026, 11, 1))
    messages = [f"{d.path}:{d.line}:{d.column}: {d.message}" for d in checked.diagnostics]
    assert "data/proposals/sales.yaml:4:15: unknown qualification field `brnad`, did you mean `brand`?" in messages


def test_a_draft_value_its_field_cannot_read_is_an_error(make_project: MakeProject) -> None:
    bad = "author: {name: X, department: sales}\ntarget:\n  require:\n    - {field: spend, gte: lots}\n"
    root = _project(make_project, {"sales": bad})
    checked = check_project(root, dt.date(2026, 11, 1))
    assert any(d.path == "data/proposals/sales.yaml" and "number" in d.message for d in checked.diagnostics)
    assert not checked.ok


def test_the_page_lists_disputed_leads_and_disappears_without_drafts(make_project: MakeProject) -> None:
    root = _project(make_project, {"marketing": MARKETING, "sales": SALES}, settings="reconcile_export: leads.csv\n")
    write_csv(root / "leads.csv", LEADS)
    checked = check_project(root, dt.date(2026, 11, 1))
    assert checked.playbook is not None, checked.diagnostics
    rec = site_reconciliation(checked.playbook, root, labels("en"))
    site = render_site(checked.playbook, root, reconciliation=rec, workers=1)
    page = site.pages["disagree.md"]
    assert "marketing and sales" in page
    assert "Same verdict on 2 of 5 leads (40%)" in page.replace("&#40;", "(").replace("&#41;", ")").replace(
        "&#37;", "%"
    )
    for lead in ("<td>B</td>", "<td>D</td>", "<td>E</td>"):
        assert lead in page
    assert "Spends 500&#43;" in page or "Spends 500+" in page
    assert {"Where we disagree": "disagree.md"} in site.nav
    for name in ("marketing", "sales"):
        (root / "data" / "proposals" / f"{name}.yaml").unlink()
    checked = check_project(root, dt.date(2026, 11, 1))
    assert checked.playbook is not None
    assert site_reconciliation(checked.playbook, root, labels("en")) is None
    site = render_site(checked.playbook, root, workers=1)
    assert "disagree.md" not in site.pages
    assert {"Where we disagree": "disagree.md"} not in site.nav


def test_reads_the_export_as_qualify_does_stored_columns_encoding_grouped_numbers(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """A Lithuanian Excel export: the sheet's `columns:` name the CRM's columns, cp1257 is detected, `;`
    separates, and `1 500,00 €` reads as a number in the playbook's language."""
    sheet = SHEET + "columns:\n  id: [Lead ID]\n  brand: [Markė]\n  spend: [Išlaidos]\n"
    root = make_project(sheet, language="lt")
    (root / "data" / "proposals").mkdir()
    for name, text in {"marketing": MARKETING, "sales": SALES}.items():
        (root / "data" / "proposals" / f"{name}.yaml").write_text(text, encoding="utf-8")
    export = tmp_path / "leads.csv"
    export.write_bytes("Lead ID;Markė;Išlaidos;source\nL-1;Opel;1 500,00 €;form\nL-2;opel;200;form\n".encode("cp1257"))
    code, out, err = _run(root, str(export), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert [lead["id"] for lead in report["leads"]] == ["L-1", "L-2"]
    assert report["leads"][0]["verdicts"] == {"marketing": True, "sales": True, "sheet": True}
    assert report["leads"][1]["verdicts"] == {"marketing": True, "sales": False, "sheet": False}
    assert report["leads"][1]["failed"]["sales"] == ["Spends 500+"]
    assert "cp1257" in err  # the detected encoding is named
