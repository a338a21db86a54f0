"""Exports as Excel and CRMs write them in LT, PL, RO and RU give exact verdicts; funnel reads CRM shapes.

The fixture exports (tests/fixtures/exports/) are judged by the fixture playbooks of their language:
semicolons, CRLF, a BOM or a legacy code page (detected and named on standard error), day-first
dates with and without a time, grouped numbers, localised yes/no, and CRM column names (the
sheet's labels, and `columns: id:` for the lead id).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from leads_support import MakeProject, write_csv

from playbook.cli.main import cli

REPO = Path(__file__).resolve().parents[2]
EXPORTS = REPO / "tests" / "fixtures" / "exports"


def qualify(language: str, export: str, *extra: str) -> tuple[dict[str, Any], str]:
    result = CliRunner().invoke(
        cli,
        [
            "-C",
            str(REPO / "tests/fixtures/playbooks" / language),
            "qualify",
            str(EXPORTS / export),
            "--format",
            "json",
            *extra,
        ],
    )
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


CASES = {
    "lt-cp1257.csv": (
        "lt",
        "cp1257",
        [
            ("LT-1", True, 60, []),
            ("LT-2", False, 40, ["Parduodame tik įmonėms – reikia įmonės kodo."]),
            ("LT-3", False, 60, ["Pristatome tik Lietuvoje."]),
            ("LT-4", False, 0, []),
            ("LT-5", False, 0, []),
        ],
        2,
    ),
    "pl-utf8-bom.csv": (
        "pl",
        None,
        [
            ("PL-1", True, 45, []),
            ("PL-2", False, 0, ["Nie produkujemy opakowań szklanych."]),
            ("PL-3", False, 15, ["Poniżej 200 paczek miesięcznie nie opłaca się nam dostawa paletowa."]),
            ("PL-4", True, 30, []),
            ("PL-5", False, 0, []),
        ],
        0,
    ),
    "ro-cp1250.csv": (
        "ro",
        "cp1250",
        [
            ("RO-1", True, 50, []),
            ("RO-2", True, 30, []),
            ("RO-3", False, 20, ["Oferim suport la fața locului doar în România și Republica Moldova."]),
            (
                "RO-4",
                False,
                0,
                [
                    "Sub 15 angajați serviciul administrat nu se justifică.",
                    "Firmele cu IT intern au nevoie de alt tip de ofertă.",
                ],
            ),
            ("RO-5", True, 20, []),
        ],
        0,
    ),
    "ru-cp1251.csv": (
        "ru",
        "cp1251",
        [
            ("RU-1", True, 50, []),
            ("RU-2", False, 0, ["Бытовые гаражные ворота для частных домов мы не продаём."]),
            ("RU-3", False, 50, ["Монтаж и сервис мы ведём только в Казахстане, Узбекистане и Кыргызстане."]),
            ("RU-4", True, 20, []),
            ("RU-5", False, 0, []),
        ],
        2,
    ),
}


@pytest.mark.parametrize("export", list(CASES))
def test_exports_in_four_languages_give_exact_verdicts(export: str) -> None:
    language, encoding, expected, problems = CASES[export]
    report, err = qualify(language, export)
    got = [(lead["id"], lead["target"], lead["score"], lead["failed"]) for lead in report["leads"]]
    assert got == expected
    assert report["summary"]["problems"] == problems
    if encoding:
        assert f"read as {encoding} (detected" in err
    else:
        assert "detected" not in err
    if encoding:  # named, the same verdicts
        assert qualify(language, export, "--encoding", encoding)[0] == report


def test_row_numbers_are_the_spreadsheet_rows() -> None:
    _, err = qualify("ru", "ru-cp1251.csv")
    assert 'ru-cp1251.csv: row 6 (lead RU-5), column "Количество проёмов": cannot read `много` as a number' in err


LEAD_PATH = """\
stages:
  - {id: lead, name: Lead, owner: marketing, sla: {within_hours: 24}}
  - {id: mql, name: Marketing Qualified Lead, owner: marketing, sla: {within_hours: 4}}
  - {id: sql, name: Sales Qualified Lead, owner: sales}
  - {id: customer, name: Customer, owner: sales, terminal: true}
kpis:
  - {id: lead-to-customer, label: Lead to customer, from: lead, to: customer, owner: shared, target: 0.2}
columns:
  lead_id: [Record ID]
  entered:
    sql: [Became an SQL on]
"""
QUALIFICATION = "fields: []\ntarget: {require: []}\n"


def funnel(project: Path, export: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(
        cli, ["-C", str(project), "funnel", str(export), "--format", "json", "--as-of", "2026-11-01", *extra]
    )
    return result.exit_code, (json.loads(result.stdout) if result.exit_code == 0 else {}), result.stderr


def reached(report: dict[str, Any]) -> dict[str, int]:
    return {s["id"]: s["reached"] for s in report["stages"]}


def test_funnel_reads_hubspot_one_row_per_lead(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project(QUALIFICATION, lead_path=LEAD_PATH, language="lt")
    header = [
        "Record ID",
        'Date entered "Lead (Lifecycle Stage Pipeline)"',
        'Date entered "Marketing Qualified Lead (Lifecycle Stage Pipeline)"',
        "Became an SQL on",
        "Became a Customer date",
    ]
    rows = [
        "101;01.10.2026 09:00;01.10.2026 12:00;02.10.2026 10:00;15.10.2026",
        "102;03.10.2026 08:30;;;",
        "103;04.10.2026;04.10.2026 10:00;;",
    ]
    export = write_csv(tmp_path / "hubspot.csv", ";".join(header) + "\n" + "\n".join(rows) + "\n", bom=True)
    code, report, err = funnel(project, export)
    assert code == 0, err
    assert reached(report) == {"lead": 3, "mql": 2, "sql": 1, "customer": 1}
    assert report["leads"] == 3 and report["events"] == 7
    assert [h["lead"] for h in report["hanging"]] == ["102", "103"]


def test_funnel_reads_salesforce_stage_history(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project(QUALIFICATION, lead_path=LEAD_PATH)
    export = write_csv(
        tmp_path / "history.csv",
        """\
        Opportunity ID,From Stage,To Stage,Stage Change Date
        A,Lead,Marketing Qualified Lead,2026-10-01 10:00
        A,Marketing Qualified Lead,sql,2026-10-01 13:00
        B,,lead,2026-10-02 09:00
        A,sql,customer,2026-10-20
        """,
    )
    code, report, err = funnel(project, export)
    assert code == 0, err
    assert reached(report) == {"lead": 2, "mql": 1, "sql": 1, "customer": 1}
    kpi = report["kpis"][0]
    assert (kpi["entered"], kpi["converted"]) == (2, 1)
    forced = funnel(project, export, "--shape", "events")
    assert forced[0] == 1 and "no column for `stage`" in forced[2]


def test_funnel_reads_day_first_semicolon_exports(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project(QUALIFICATION, lead_path=LEAD_PATH)
    export = write_csv(
        tmp_path / "events.csv",
        "lead_id;stage;timestamp\nL1;lead;21.10.2026 16:00\nL1;mql;21/10/2026 18:00\n",
        bom=True,
    )
    code, report, err = funnel(project, export)
    assert code == 0, err
    assert reached(report)["mql"] == 1 and err == ""


def test_funnel_with_no_readable_row_is_a_data_error(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project(QUALIFICATION, lead_path=LEAD_PATH)
    export = write_csv(tmp_path / "events.csv", "lead_id;stage;timestamp\nL1;lead;yesterday\nL2;demo;2026-10-01\n")
    code, _, err = funnel(project, export)
    assert code == 1
    assert err.strip().splitlines()[-1].startswith(f"{export}: no readable row: no row names a lead, a stage")


def test_the_try_a_lead_form_names_the_crm_columns() -> None:
    from playbook.labels import labels
    from playbook.model import Playbook, Qualification
    from playbook.rules.browser import form_html

    playbook = Playbook.__new__(Playbook)
    playbook.qualification = Qualification.model_validate(
        {
            "fields": [{"id": "brand", "label": "Marka", "type": "text"}, {"id": "n", "label": "N", "type": "number"}],
            "columns": {"brand": ["Car make", "Marka <auta>"]},
            "target": {"require": [{"field": "brand", "eq": "opel"}]},
        }
    )
    html = form_html(playbook, labels("pl"))
    assert (
        '<small class="pb-try__column" id="pb-try-brand-column">Kolumna w CRM: Car make, Marka &lt;auta&gt;</small>'
        in html
    )
    assert 'aria-describedby="pb-try-brand-column"' in html
    assert "pb-try-n-column" not in html


def test_bad_columns_are_check_errors_at_their_position(make_project: MakeProject) -> None:
    project = make_project(
        "fields:\n  - {id: brand, label: Brand, type: text}\n  - {id: segment, label: Segment, type: text}\n"
        "columns:\n  brnd: [Car make]\n  segment: [Car make, Brand]\n  brand: [Car make]\n"
        "target: {require: []}\n"
    )
    result = CliRunner().invoke(cli, ["-C", str(project), "check"])
    assert result.exit_code == 1
    assert "data/qualification.yaml:8:9: `brnd` is not a field id of `fields` (nor `id`)" in result.stderr
    assert "column `Brand` is already the column of `brand`" in result.stderr
    assert "column `Car make` is already the column of `segment`" in result.stderr


@pytest.mark.parametrize(
    ("language", "encoding", "text"),
    [
        ("lt", "cp1257", "id;Įmonė;Šalis\nL-1;Autoservisas Žirmūnai UAB;LT\nL-2;Šiaulių remontas;LT\n"),
        ("pl", "cp1250", "id;Firma;Kraj\nL-1;Łódź Serwis Sp. z o.o.;PL\nL-2;Warsztat Świętochłowice;PL\n"),
        ("ro", "cp1250", "id;Firmă;Ţară\nL-1;Service Auto Ştefan SRL;RO\nL-2;Atelierul Ţăranu;RO\n"),
        ("ru", "cp1251", "id;Компания;Страна\nL-1;Автосервис Иванов;KZ\n"),
        ("en", "cp1251", "id;Компания;Страна\nL-1;Автосервис Иванов;KZ\n"),
        ("en", "cp1252", "id;Société;Marque\n1;Citroën Garage Élysée;Opel\n"),
    ],
)
def test_the_encoding_excel_writes_is_detected(language: str, encoding: str, text: str) -> None:
    from playbook.leads.encodings import detect

    assert detect(text.encode(encoding), language, []).name == encoding
