"""`playbook funnel` against a small event log whose every figure is computed by hand below."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from leads_support import MakeProject, write_csv

from playbook.cli.main import cli

LEAD_PATH = """\
stages:
  - {id: new, name: New lead, owner: marketing, sla: {within_hours: 24}}
  - {id: mql, name: MQL, owner: marketing, qualification: target, sla: {within_hours: 4}}
  - {id: sql, name: SQL, owner: sales, sla: {within_hours: 48}}
  - {id: won, name: Customer, owner: sales, terminal: true}
  - {id: lost, name: Lost, owner: shared, terminal: true}
  - {id: nurture, name: Nurture, owner: marketing, sla: {within_hours: 100}}
handoffs:
  - {from: new, to: mql, on_reject: lost}
  - {from: mql, to: sql, on_reject: nurture}
  - {from: sql, to: won, on_reject: lost}
  - {from: nurture, to: mql}
kpis:
  - {id: new-to-mql, label: New to MQL, from: new, to: mql, owner: marketing, target: 0.5}
  - {id: mql-to-sql, label: MQL to SQL, from: mql, to: sql, owner: sales, target: 0.6}
  - {id: sql-to-won, label: Win rate, from: sql, to: won, owner: sales, target: 0.5}
  - {id: nurture-to-mql, label: Back from nurture, from: nurture, to: mql, owner: marketing, target: 0.2}
"""

# As of 2026-11-10 00:00. Rows are deliberately out of order for L1 (sorted by time per lead).
EXPORT = """\
Lead,Stage,Entered at,Source,Campaign,Owner
L1,won,2026-11-03T12:00:00Z,,,Bob
L1,new,2026-11-01 08:00,web,spring,Ann
L1,MQL,2026-11-01 10:00,,,Bob
L1,sql,2026-11-01 12:00,,,Bob
L2,new,2026-11-02 08:00,web,spring,Ann
L2,mql,2026-11-03 10:00,,,Bob
L2,sql,2026-11-03 20:00,,,Bob
L2,lost,2026-11-06 20:00,,,Bob
L3,new,2026-11-05 00:00,fair,,Cid
L3,mql,2026-11-05 01:00,,,Dan
L4,new,2026-11-09 12:00,fair,autumn,Cid
L5,new,2026-11-01,web,autumn,Ann
L5,Nurture,2026-11-02 00:00,,,Mia
L5,mql,2026-11-07 00:00,,,Bob
L5,mql,2026-11-07 02:00,,,Eve
L5,sql,2026-11-07 03:00,,,
L6,new,2026-11-08 00:00,,,
L6,demo,2026-11-08 05:00,,,
L6,sql,yesterday,,,
L7,new,2026-11-08 00:00,web,,
L7,lost,2026-11-08 00:00,,,
"""
# Hand computation (h = hours; a stay ends at the lead's next event; the repeated L5 mql is ignored):
#   stays in new: L1 2, L2 26 (late > 24), L3 1, L5 24 (not late: not longer than 24), L7 0 -> median 2, late 1
#   stays in mql: L1 2, L2 10 (late), L5 3 -> median 3, late 1; L3 still in mql since 11-05 01:00 = 119 h > 4: hanging
#   stays in sql: L1 48, L2 72 (late) -> median 60, late 1; L5 in sql since 11-07 03:00 = 69 h > 48: hanging
#   stays in nurture: L5 120 (late > 100) -> median 120
#   L6 in new since 11-08 00:00 = 48 h > 24: hanging (no owner); L4 in new for 12 h: not hanging
#   reached: new 7, mql 4 (L1 L2 L3 L5), sql 3 (L1 L2 L5), won 1, lost 2 (L2 L7), nurture 1
#   now: new 2 (L4 L6), mql 1, sql 1, won 1, lost 2, nurture 0
#   breaches = late + hanging: new 1+1, mql 1+1, sql 1+1, nurture 1+0 = 7
#   consecutive: new->mql 4/7, mql->sql 3/4, sql->won 1/3 (won and lost are terminal: no step from them)
#   KPIs: 4/7 met (>= .5), 3/4 met, 1/3 below .5, nurture->mql 1/1 met (L5 entered mql after nurture)
#   source = first non-empty: web L1 L2 L5 L7 (won 1), fair L3 L4, none L6
#   campaign: spring L1 L2 (won 1), autumn L4 L5, none L3 L6 L7

MAPS = ("--map", "Entered at=timestamp")


@pytest.fixture
def project(make_project: MakeProject) -> Path:
    return make_project("", lead_path=LEAD_PATH)


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "events.csv", EXPORT)


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def funnel_json(project: Path, export: Path) -> dict[str, Any]:
    code, out, err = run("-C", project, "funnel", export, "--format", "json", "--as-of", "2026-11-10", *MAPS)
    assert code == 0, err
    report: dict[str, Any] = json.loads(out)
    return report


def test_stages_against_the_hand_computation(project: Path, export: Path) -> None:
    report = funnel_json(project, export)
    totals = (report["as_of"], report["leads"], report["events"], report["sla_breaches"])
    assert totals == ("2026-11-10 00:00", 7, 19, 7)
    stages = {s["id"]: s for s in report["stages"]}
    figures = {
        k: (s["reached"], s["current"], s["median_hours"], s["late"], s["hanging"], s["sla_breaches"])
        for k, s in stages.items()
    }
    assert figures == {
        "new": (7, 2, 2.0, 1, 1, 2),
        "mql": (4, 1, 3.0, 1, 1, 2),
        "sql": (3, 1, 60.0, 1, 1, 2),
        "won": (1, 1, None, 0, 0, 0),
        "lost": (2, 2, None, 0, 0, 0),
        "nurture": (1, 0, 120.0, 1, 0, 1),
    }
    assert stages["sql"]["median_within_sla"] is False
    assert stages["mql"]["median_within_sla"] is True
    assert stages["sql"]["sla_hours"] == 48


def test_conversions_and_kpis(project: Path, export: Path) -> None:
    report = funnel_json(project, export)
    steps = [(c["from"], c["to"], c["converted"], c["entered"], c["rate"]) for c in report["conversions"]]
    assert steps == [("new", "mql", 4, 7, 0.5714), ("mql", "sql", 3, 4, 0.75), ("sql", "won", 1, 3, 0.3333)]
    kpis = [(k["id"], k["converted"], k["entered"], k["target"], k["met"]) for k in report["kpis"]]
    assert kpis == [
        ("new-to-mql", 4, 7, 0.5, True),
        ("mql-to-sql", 3, 4, 0.6, True),
        ("sql-to-won", 1, 3, 0.5, False),
        ("nurture-to-mql", 1, 1, 0.2, True),
    ]


def test_hanging_leads_exactly(project: Path, export: Path) -> None:
    report = funnel_json(project, export)
    assert report["hanging"] == [
        {
            "lead": "L3",
            "stage": "mql",
            "since": "2026-11-05 01:00",
            "hours": 119.0,
            "sla_hours": 4.0,
            "owner": "Dan",
            "source": "fair",
            "campaign": "",
        },
        {
            "lead": "L6",
            "stage": "new",
            "since": "2026-11-08 00:00",
            "hours": 48.0,
            "sla_hours": 24.0,
            "owner": "",
            "source": "",
            "campaign": "",
        },
        {
            "lead": "L5",
            "stage": "sql",
            "since": "2026-11-07 03:00",
            "hours": 69.0,
            "sla_hours": 48.0,
            "owner": "Eve",
            "source": "web",
            "campaign": "autumn",
        },
    ]


def test_hanging_depends_on_as_of(project: Path, export: Path) -> None:
    code, out, _ = run("-C", project, "funnel", export, "--format", "json", "--as-of", "2026-11-10 12:30", *MAPS)
    assert code == 0
    hanging = {h["lead"]: h["hours"] for h in json.loads(out)["hanging"]}
    assert hanging == {"L3": 131.5, "L4": 24.5, "L5": 81.5, "L6": 60.5}


def test_hanging_as_of_playbook_today(project: Path, export: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_TODAY", "2026-11-06")
    code, out, _ = run("-C", project, "funnel", export, "--format", "json", *MAPS)
    assert code == 0
    report = json.loads(out)
    assert report["as_of"] == "2026-11-06 00:00"
    assert (report["events"], report["after_as_of"], report["leads"]) == (11, 8, 4)
    # As it stood then: L2 waited in sql since 11-03 20:00 (52 h > 48); L5 in nurture for 96 h (< 100).
    hanging = [(h["lead"], h["stage"], h["hours"]) for h in report["hanging"]]
    assert hanging == [("L3", "mql", 23.0), ("L2", "sql", 52.0)]


def test_by_source_and_campaign(project: Path, export: Path) -> None:
    report = funnel_json(project, export)
    assert report["won_stage"] == "won"
    sources = [(b["value"], b["leads"], b["won"], b["rate"]) for b in report["by_source"]]
    assert sources == [("web", 4, 1, 0.25), ("fair", 2, 0, 0.0), ("", 1, 0, 0.0)]
    web = report["by_source"][0]["reached"]
    assert web == {"new": 4, "mql": 3, "sql": 3, "won": 1, "lost": 2, "nurture": 1}
    campaigns = [(b["value"], b["leads"], b["won"]) for b in report["by_campaign"]]
    assert campaigns == [("", 3, 0), ("autumn", 2, 0), ("spring", 2, 1)]


def test_skipped_rows_are_reported(project: Path, export: Path) -> None:
    code, _, err = run("-C", project, "funnel", export, "--as-of", "2026-11-10", *MAPS)
    assert code == 0
    assert err.splitlines() == [
        f"{export}: row 19: unknown stage `demo` (the lead path has new, mql, sql, won, lost, nurture); row skipped",
        f"{export}: row 20: cannot read timestamp `yesterday` (use YYYY-MM-DD HH:MM or DD.MM.YYYY HH:MM); row skipped",
    ]


def test_text_report(project: Path, export: Path) -> None:
    code, out, _ = run("-C", project, "funnel", export, "--as-of", "2026-11-10", *MAPS)
    assert code == 0
    assert out.startswith(f"Funnel of {export} as of 2026-11-10 00:00: 7 leads, 19 stage entries, 7 SLA breaches")
    lines = out.splitlines()
    assert next(line for line in lines if line.startswith("sql ")).split() == [
        "sql",
        "3",
        "1",
        "60.0",
        "48",
        "1",
        "1",
        "over",
        "SLA",
    ]
    assert any(line.split() == ["new", "->", "mql", "4/7", "57.1%"] for line in lines)
    assert any("Win rate" in line and "1/3" in line and "BELOW TARGET" in line for line in lines)
    assert "Leads left hanging (3)" in out
    assert "  L3  in mql since 2026-11-05 01:00, 119.0 h (SLA 4 h), owner Dan" in lines
    assert "  L6  in new since 2026-11-08 00:00, 48.0 h (SLA 24 h), owner (no owner)" in lines


def test_csv_report(project: Path, export: Path) -> None:
    code, out, _ = run("-C", project, "funnel", export, "--format", "csv", "--as-of", "2026-11-10", *MAPS)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["section", "item", "metric", "value"]
    assert ["stage", "mql", "hanging", "1"] in rows
    assert ["stage", "sql", "median_hours", "60.0"] in rows
    assert ["kpi", "sql-to-won", "met", "false"] in rows
    assert ["conversion", "new>mql", "rate", "0.5714"] in rows
    assert ["hanging", "L3", "owner", "Dan"] in rows
    assert ["campaign", "spring", "won", "1"] in rows


def test_semicolon_bom_export_with_canonical_columns(project: Path, tmp_path: Path) -> None:
    text = EXPORT.replace("Lead,Stage,Entered at", "lead_id,stage,timestamp").replace(",", ";")
    export = write_csv(tmp_path / "events.csv", text, bom=True)
    code, out, _ = run("-C", project, "funnel", export, "--format", "json", "--as-of", "2026-11-10")
    assert code == 0
    assert json.loads(out)["sla_breaches"] == 7


def test_missing_required_column_is_a_data_error(project: Path, export: Path) -> None:
    code, out, err = run("-C", project, "funnel", export)
    assert (code, out) == (1, "")
    assert err.strip() == (
        f'{export}: no column for `timestamp` (looked for "timestamp", "stage change date", "changed on", '
        '"change date", "last modified date", "edit date", "time", "date", "datetime", "at", "entered_at", '
        '"entered", "created_at"), which the events shape needs; the file\'s columns are: "Lead", '
        '"Stage", "Entered at", "Source", "Campaign", "Owner"; name the column in lead_path.yaml `columns:` or '
        'use --map "CRM column=timestamp"'
    )


def test_usage_errors(project: Path, export: Path, tmp_path: Path) -> None:
    assert run("-C", project, "funnel", tmp_path / "none.csv")[0] == 2
    code, _, err = run("-C", project, "funnel", export, "--as-of", "next week", *MAPS)
    assert code == 2 and "`next week` is not a date" in err
    code, _, err = run("-C", project, "funnel", export, "--map", "Entered at=when")
    assert code == 2 and "`when` is not one of lead_id, stage, timestamp, source, campaign, owner" in err


def test_funnel_page_markdown(make_project: MakeProject) -> None:
    import datetime as dt

    from playbook.freshness import today
    from playbook.labels import labels
    from playbook.leads.funnel_page import funnel_markdown
    from playbook.leads.funnel_read import site_funnel
    from playbook.project import check_project

    hostile = EXPORT.replace("spring", "<script>alert(1)</script>|*x*").replace("Dan", "[Dan](javascript:x)")
    hostile = hostile.replace("Lead,Stage,Entered at", "lead_id,stage,timestamp")
    project = make_project("", lead_path=LEAD_PATH, extra_settings="funnel_export: exports/events.csv\n")
    (project / "exports").mkdir()
    write_csv(project / "exports" / "events.csv", hostile)
    playbook = check_project(project, today()).playbook
    assert playbook is not None
    site = site_funnel(playbook, project, labels("en"), now=dt.datetime(2026, 11, 10))
    page = funnel_markdown(site, playbook, labels("en"))
    assert page is not None
    # Untrusted cells are character references in the Markdown: inert there and in HTML, read back as written.
    shown = html.unescape(page)
    assert shown.startswith(
        "# Funnel\n\nFigures from exports/events.csv as of 2026-11-10 00:00: 7 leads, 19 stage entries, 7 SLA breaches."
    )
    assert page.count("<svg ") == 5
    assert "<script>" not in page and "javascript:x" not in page and "[Dan](" not in page
    assert "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;&#124;&#42;x&#42;" in page
    assert "## Leads left hanging (3)" in shown
    assert "| L3 | MQL | 2026-11-05 01:00 | 119.0 | 4 | [Dan](javascript:x) | fair |" in shown
    assert "| Win rate | Sales | 1 / 3 | 33% | 50% |" in shown  # departments by their name
    ru = funnel_markdown(
        site_funnel(playbook, project, labels("ru"), now=dt.datetime(2026, 11, 10)), playbook, labels("ru")
    )
    assert ru is not None and ru.startswith("# Воронка") and "## Зависшие лиды (3)" in ru


def test_funnel_page_absent_or_unusable(make_project: MakeProject) -> None:
    from playbook.freshness import today
    from playbook.labels import labels
    from playbook.leads.funnel_page import funnel_markdown
    from playbook.leads.funnel_read import site_funnel
    from playbook.project import check_project

    plain = check_project(make_project("", lead_path=LEAD_PATH), today()).playbook
    assert plain is not None
    assert site_funnel(plain, Path("."), labels("en")) is None
    assert funnel_markdown(None, plain, labels("en")) is None
    outside = check_project(make_project("", lead_path=LEAD_PATH, extra_settings="funnel_export: ../x.csv\n"), today())
    assert outside.playbook is None  # outside the project: an error of check, the page is never rendered
    assert "funnel_export must be a path inside the project folder" in str(outside.diagnostics[0])
    for name, problem in (("exports/none.csv", "`exports/none.csv` does not exist"),):
        project = make_project("", lead_path=LEAD_PATH, extra_settings=f"funnel_export: {name}\n")
        playbook = check_project(project, today()).playbook
        assert playbook is not None
        page = funnel_markdown(site_funnel(playbook, project, labels("en")), playbook, labels("en"))
        assert page is not None and "!!! warning" in page
        assert problem.replace("`", "&#96;").replace("_", "&#95;") in page
