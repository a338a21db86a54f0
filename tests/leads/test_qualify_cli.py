"""`playbook qualify`: JSON exactly as DESIGN.md says, table and CSV, BOM, semicolons, --map, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from leads_support import MakeProject, write_csv

from playbook.cli.main import cli

QUALIFICATION = """\
fields:
  - {id: brand, label: Car brand, type: text}
  - {id: country, label: Country, type: text}
  - {id: employees, label: Employees, type: number}
  - {id: has_account, label: Has an account, type: bool}
  - {id: budget, label: Budget confirmed, type: bool}
  - {id: need_date, label: Need date, type: date}
target:
  require:
    - {field: brand, in: [opel, vauxhall], because: We only stock Opel and Vauxhall parts}
    - {field: country, in: [LT, PL], because: We deliver only to LT and PL}
    - not: {field: has_account, eq: yes}
      because: Existing customers belong to their account manager
  score:
    - {when: {field: employees, gte: 5}, points: 20, because: Five or more people}
    - {when: {field: need_date, exists: true}, points: 15}
  min_score: 20
sales_ready:
  require:
    - {field: budget, eq: true}
    - {field: need_date, lte: 2026-12-31, because: Needs it this year}
"""

LEADS = """\
id,brand,country,employees,has_account,budget,need_date
A-1,Opel,LT,12,no,yes,2026-12-01
A-2,peugeot,LT,12,no,yes,
A-3, OPEL ,pl,3,,no,2027-02-01
A-4,vauxhall,DE,many,yes,,soon
A-5,opel,LT,2,no,,
"""

EXPECTED_LEADS = [
    {"id": "A-1", "target": True, "score": 35, "failed": []},
    {"id": "A-2", "target": False, "score": 20, "failed": ["We only stock Opel and Vauxhall parts"]},
    {"id": "A-3", "target": False, "score": 15, "failed": []},
    {
        "id": "A-4",
        "target": False,
        "score": 0,
        "failed": ["We deliver only to LT and PL", "Existing customers belong to their account manager"],
    },
    {"id": "A-5", "target": False, "score": 0, "failed": []},
]
EXPECTED_SUMMARY = {
    "total": 5,
    "target": 1,
    "not_target": 4,
    "failed_by_rule": {
        "We only stock Opel and Vauxhall parts": 1,
        "We deliver only to LT and PL": 1,
        "Existing customers belong to their account manager": 1,
    },
}


def run(*args: str | Path) -> tuple[int, str, str]:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(make_project: MakeProject) -> Path:
    return make_project(QUALIFICATION)


def qualify_json(project: Path, leads: Path, *extra: str) -> dict[str, Any]:
    code, out, err = run("-C", project, "qualify", leads, "--format", "json", *extra)
    assert code == 0, err
    report: dict[str, Any] = json.loads(out)
    return report


def test_json_is_exactly_the_contract(project: Path, tmp_path: Path) -> None:
    report = qualify_json(project, write_csv(tmp_path / "leads.csv", LEADS))
    assert list(report) == ["leads", "summary"]
    assert report["leads"] == EXPECTED_LEADS
    for lead in report["leads"]:
        assert list(lead) == ["id", "target", "score", "failed"]
    summary = report["summary"]
    assert {k: summary[k] for k in EXPECTED_SUMMARY} == EXPECTED_SUMMARY
    assert summary["below_min_score"] == 2
    assert summary["problems"] == 2


def test_unreadable_cells_are_reported_on_stderr_with_row_column_and_value(project: Path, tmp_path: Path) -> None:
    leads = write_csv(tmp_path / "leads.csv", LEADS)
    code, out, err = run("-C", project, "qualify", leads, "--format", "json")
    assert code == 0
    assert err.splitlines() == [
        f'{leads}: row 5 (lead A-4), column "employees": cannot read `many` as a number; counted as missing',
        f'{leads}: row 5 (lead A-4), column "need_date": cannot read `soon` as a date (use YYYY-MM-DD or DD.MM.YYYY); '
        "counted as missing",
    ]
    assert "many" not in out


def test_lead_id_is_the_row_number_without_an_id_column(project: Path, tmp_path: Path) -> None:
    leads = write_csv(
        tmp_path / "leads.csv",
        """\
        brand,country,employees,has_account
        opel,LT,9,

        peugeot,PL,,
        """,
    )
    report = qualify_json(project, leads)
    assert report["leads"] == [
        {"id": 1, "target": True, "score": 20, "failed": []},
        {"id": 2, "target": False, "score": 0, "failed": ["We only stock Opel and Vauxhall parts"]},
    ]


def test_bom_and_semicolons_give_the_same_verdicts(project: Path, tmp_path: Path) -> None:
    plain = qualify_json(project, write_csv(tmp_path / "plain.csv", LEADS))
    semicolon = LEADS.replace(",", ";")
    for name, text, bom in (("bom.csv", LEADS, True), ("semi.csv", semicolon, False), ("both.csv", semicolon, True)):
        assert qualify_json(project, write_csv(tmp_path / name, text, bom=bom)) == plain, name


def test_semicolon_export_with_decimal_commas(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project(QUALIFICATION, language="lt")  # a lone comma is a decimal mark (not in `en`)
    leads = write_csv(
        tmp_path / "leads.csv",
        """\
        id;brand;country;employees;has_account
        X;Opel;LT;4,5;nie
        Y;"Opel; Vauxhall";LT;5,0;
        """,
        bom=True,
    )
    assert qualify_json(project, leads)["leads"] == [
        {"id": "X", "target": False, "score": 0, "failed": []},
        {"id": "Y", "target": False, "score": 20, "failed": ["We only stock Opel and Vauxhall parts"]},
    ]


def test_map_reads_crm_column_names(project: Path, tmp_path: Path) -> None:
    leads = write_csv(
        tmp_path / "crm.csv",
        """\
        Lead ID,Car Brand,Country code,Headcount,Client
        Z-9,Vauxhall,PL,50,no
        """,
    )
    code, out, err = run("-C", project, "qualify", leads, "--format", "json")
    assert (code, out) == (1, "")
    assert err.strip() == (
        f'{leads}: no column for `country` (Country) (looked for "country"), `has_account` (Has an account) '
        '(looked for "has_account", "Has an account"), which a `require` rule reads; the file\'s columns are: '
        '"Lead ID", "Car Brand", "Country code", "Headcount", "Client"; name the column in qualification.yaml '
        '`columns:` or use --map "CRM column=country"'
    )  # "Car Brand" is the brand: the sheet labels the field so
    report = qualify_json(
        project, leads, "--map", "Client=has_account", "--map", "Country code=country", "--map", "Headcount=employees"
    )
    assert report["leads"] == [{"id": "Z-9", "target": True, "score": 20, "failed": []}]


def test_header_names_match_ignoring_case_and_spaces(project: Path, tmp_path: Path) -> None:
    leads = write_csv(tmp_path / "leads.csv", " ID , Brand ,COUNTRY,Employees, HAS_account\nq,opel,lt,7,\n")
    assert qualify_json(project, leads)["leads"] == [{"id": "q", "target": True, "score": 20, "failed": []}]


SHORT = "Not a target lead: its score is below the target minimum of 20"


def test_sales_ready_stage_needs_a_target_lead_first(project: Path, tmp_path: Path) -> None:
    report = qualify_json(project, write_csv(tmp_path / "leads.csv", LEADS), "--stage", "sales_ready")
    assert report["leads"] == [
        {"id": "A-1", "sales_ready": True, "score": 0, "failed": []},
        {
            "id": "A-2",
            "sales_ready": False,
            "score": 0,
            "failed": ["We only stock Opel and Vauxhall parts", "Needs it this year"],
        },
        {
            "id": "A-3",
            "sales_ready": False,
            "score": 0,
            "failed": [SHORT, "Budget confirmed: yes", "Needs it this year"],
        },
        {
            "id": "A-4",
            "sales_ready": False,
            "score": 0,
            "failed": [
                "We deliver only to LT and PL",
                "Existing customers belong to their account manager",
                "Budget confirmed: yes",
                "Needs it this year",
            ],
        },
        {
            "id": "A-5",
            "sales_ready": False,
            "score": 0,
            "failed": [SHORT, "Budget confirmed: yes", "Needs it this year"],
        },
    ]
    summary = report["summary"]
    assert summary["sales_ready"] == 1 and summary["not_sales_ready"] == 4
    assert "target" not in summary
    assert summary["failed_by_rule"] == {
        "We only stock Opel and Vauxhall parts": 1,
        "We deliver only to LT and PL": 1,
        "Existing customers belong to their account manager": 1,
        SHORT: 2,
        "Budget confirmed: yes": 3,
        "Needs it this year": 4,
    }


def test_sales_ready_alone_when_the_sheet_says_so(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project(QUALIFICATION.replace("sales_ready:\n", "sales_ready:\n  requires_target: false\n"))
    report = qualify_json(project, write_csv(tmp_path / "leads.csv", LEADS), "--stage", "sales_ready")
    assert report["leads"] == [
        {"id": "A-1", "sales_ready": True, "score": 0, "failed": []},
        {"id": "A-2", "sales_ready": False, "score": 0, "failed": ["Needs it this year"]},
        {"id": "A-3", "sales_ready": False, "score": 0, "failed": ["Budget confirmed: yes", "Needs it this year"]},
        {"id": "A-4", "sales_ready": False, "score": 0, "failed": ["Budget confirmed: yes", "Needs it this year"]},
        {"id": "A-5", "sales_ready": False, "score": 0, "failed": ["Budget confirmed: yes", "Needs it this year"]},
    ]


def test_table_for_people(project: Path, tmp_path: Path) -> None:
    code, out, _ = run("-C", project, "qualify", write_csv(tmp_path / "leads.csv", LEADS))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["LEAD", "VERDICT", "SCORE", "REASONS"]
    assert lines[1].split() == ["A-1", "target", "35"]
    assert lines[2].startswith("A-2") and "not target" in lines[2]
    assert lines[2].endswith("20  We only stock Opel and Vauxhall parts")
    assert lines[3].endswith("15  score 15 is below 20")
    assert lines[4].endswith("We deliver only to LT and PL; Existing customers belong to their account manager")
    assert "5 leads: 1 target, 4 not target (2 pass every rule but score below 20)" in out
    assert "Rejected by rule:" in out
    assert "  1  We deliver only to LT and PL" in out


def test_csv_keeps_the_input_columns_and_adds_verdict_score_reasons(project: Path, tmp_path: Path) -> None:
    semicolon = LEADS.replace(",", ";")
    code, out, _ = run(
        "-C", project, "qualify", write_csv(tmp_path / "leads.csv", semicolon, bom=True), "--format", "csv"
    )
    assert code == 0
    assert out.startswith("\ufeffid;brand;")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "id",
        "brand",
        "country",
        "employees",
        "has_account",
        "budget",
        "need_date",
        "verdict",
        "score",
        "reasons",
    ]
    assert rows[1] == ["A-1", "Opel", "LT", "12", "no", "yes", "2026-12-01", "target", "35", ""]
    assert rows[3] == ["A-3", " OPEL ", "pl", "3", "", "no", "2027-02-01", "not target", "15", "score 15 is below 20"]
    assert rows[4][-3:] == [
        "not target",
        "0",
        "We deliver only to LT and PL; Existing customers belong to their account manager",
    ]
    assert len(rows) == 6


def test_missing_file_is_a_usage_error(project: Path, tmp_path: Path) -> None:
    code, out, err = run("-C", project, "qualify", tmp_path / "nope.csv")
    assert (code, out) == (2, "")
    assert err.strip() == f"Error: {tmp_path / 'nope.csv'}: no such file"


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("brand", 'Invalid value for --map: "brand": write it as "CRM column=field"'),
        ("=brand", 'Invalid value for --map: "=brand": write it as "CRM column=field"'),
        (
            "Brand=colour",
            '--map "Brand=colour": `colour` is not one of id, brand, country, employees, has_account, '
            "budget, need_date",
        ),
        (
            "Marke=brand",
            '--map "Marke=brand": the export has no column "Marke" (its columns: id, brand, country, '
            "employees, has_account, budget, need_date)",
        ),
    ],
)
def test_bad_map_is_a_usage_error(project: Path, tmp_path: Path, mapping: str, message: str) -> None:
    code, out, err = run("-C", project, "qualify", write_csv(tmp_path / "leads.csv", LEADS), "--map", mapping)
    assert (code, out) == (2, "")
    assert message in err


def test_not_utf8_under_encoding_utf8_is_a_data_error_at_its_position(project: Path, tmp_path: Path) -> None:
    leads = write_csv(tmp_path / "leads.csv", "id,brand\n1,Škoda\n", encoding="cp1257")
    code, _, err = run("-C", project, "qualify", leads, "--encoding", "utf-8")
    assert code == 1
    assert err.strip() == f"{leads}:2:3: not UTF-8 text (bytes 0xd0 here); save the export as UTF-8"


def test_sales_ready_without_a_checklist_is_a_usage_error(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project(QUALIFICATION.split("sales_ready:")[0])
    code, _, err = run("-C", project, "qualify", write_csv(tmp_path / "l.csv", LEADS), "--stage", "sales_ready")
    assert code == 2
    assert "qualification.yaml has no `sales_ready` checklist" in err


def test_invalid_playbook_exits_1(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project(QUALIFICATION.replace("{field: brand, in:", "{field: brand, inn:"))
    code, out, err = run("-C", project, "qualify", write_csv(tmp_path / "leads.csv", LEADS))
    assert (code, out) == (1, "")
    assert "data/qualification.yaml:" in err and "inn" in err


def test_unreadable_rule_value_exits_1_with_its_position(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project(QUALIFICATION.replace("{field: employees, gte: 5}", "{field: employees, gte: five}"))
    code, out, err = run("-C", project, "qualify", write_csv(tmp_path / "leads.csv", LEADS))
    assert (code, out) == (1, "")
    assert err.strip().splitlines()[0] == (
        "data/qualification.yaml:18:38: `employees` is a number field: cannot read `five` as a number"
    )


def test_many_problems_are_capped(project: Path, tmp_path: Path) -> None:
    rows = "".join(f"{i},opel,LT,many,no\n" for i in range(250))
    leads = write_csv(tmp_path / "l.csv", "id,brand,country,employees,has_account\n" + rows)
    code, out, err = run("-C", project, "qualify", leads, "--format", "json")
    assert code == 0
    lines = [line for line in err.splitlines() if not line.startswith("warning: ")]
    assert len(lines) == 101
    assert lines[-1] == "... and 150 more unreadable cell(s)"
    assert json.loads(out)["summary"]["problems"] == 250


def test_an_export_with_only_a_header_is_a_data_error(project: Path, tmp_path: Path) -> None:
    leads = write_csv(tmp_path / "leads.csv", "id,brand,country,has_account\n\n")
    code, out, err = run("-C", project, "qualify", leads, "--format", "json")
    assert (code, out) == (1, "")
    assert err.strip() == f"{leads}: no lead in the export, only its header row"


def test_utf16_with_tabs_and_lead_id(project: Path, tmp_path: Path) -> None:
    text = "Lead ID\tbrand\tcountry\thas_account\temployees\r\nU-1\tOpel\tLT\tne\t1 200\r\n"
    leads = tmp_path / "leads.csv"
    leads.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    assert qualify_json(project, leads)["leads"] == [{"id": "U-1", "target": True, "score": 20, "failed": []}]


def test_an_unknown_encoding_is_a_usage_error(project: Path, tmp_path: Path) -> None:
    code, _, err = run("-C", project, "qualify", write_csv(tmp_path / "l.csv", LEADS), "--encoding", "klingon")
    assert code == 2
    assert "--encoding klingon: not an encoding Python knows" in err
