"""`qualify --sql`: random sheets and random leads give the same id, verdict, score and failed in DuckDB as in Python.

The SQL is generated for DuckDB and transpiled by sqlglot; every other dialect must parse. Text is
drawn from letters whose upper/lower case is one letter in both engines (Python and DuckDB differ
on a handful like `ß`, whose upper case is two letters in Python: DESIGN's case folding; see
docs/qualify.md).
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from leads_support import MakeProject, write_csv

from playbook.cli.main import cli
from playbook.labels import labels
from playbook.model import Qualification
from playbook.rules.evaluate import RuleSet
from playbook.rules.sql import DIALECTS, select

duckdb = pytest.importorskip("duckdb")
sqlglot = pytest.importorskip("sqlglot")

TYPES = ("text", "number", "bool", "date")
CELLS = {
    "text": [
        "",
        " ",
        "opel",
        " OPEL ",
        "Opel astra",
        "a",
        "B",
        "ž",
        "Žalgiris",
        "Привет",
        "it's",
        "m",
        "\u00a0x",
        "peugeot",
        "1,5",
        "2026-01-01",
        "ą%_",
    ],
    "number": [
        "",
        "5",
        "5.0",
        " 5 ",
        "-1",
        "0",
        "2,5",
        "1,500",
        "1 500",
        "1\u00a0500,50",
        "1.500,50",
        "1,500.5",
        "1.234.567",
        "€1.999,99",
        "2 000 zł",
        "-5 EUR",
        "300 lei",
        "1e3",
        ".5",
        "5.",
        "+3",
        "many",
        "inf",
        "1e400",
        "0x10",
        "1'000",
        "12,5 руб.",
        "$1,200",
    ],
    "bool": [
        "",
        "yes",
        "YES",
        "no",
        "true",
        "False",
        "1",
        "0",
        "da",
        "nu",
        "tak",
        "Nie",
        "taip",
        "ne",
        "да",
        "НЕТ",
        "maybe",
        "y",
    ],
    "date": [
        "",
        "2026-11-22",
        "2026-11-22 10:00",
        "2026-11-22T10:00:00Z",
        "22.11.2026",
        "22/11/2026 16:00",
        "1-2-2026",
        "2026-02-29",
        "2024-02-29",
        "29.02.2026",
        "0000-01-01",
        "soon",
        "2026-12-01",
        "2025-12-31",
    ],
}
OPERANDS: dict[str, list[object]] = {
    "text": ["opel", "OPEL", "b", "ž", "привет", "it's", "", "m"],
    "number": [5, 0, -1, 2.5, 1500, "1,5", "1 500", 1e3],
    "bool": [True, False, "yes", "no"],
    "date": ["2026-11-22", "2026-12-01", "2025-01-01"],
}
LETTERS = string.ascii_letters + string.digits + " -'%_ąčęėįšųūžĄČĘĖĮŠŲŪŽабвгдЖЁё.,"


@st.composite
def conditions(draw: st.DrawFn, fields: list[tuple[str, str]], depth: int = 0) -> dict[str, Any]:
    kind = draw(st.sampled_from(["cmp"] * 4 + (["all", "any", "not"] if depth < 2 else [])))
    if kind in ("all", "any"):
        return {kind: draw(st.lists(conditions(fields, depth + 1), max_size=3))}
    if kind == "not":
        return {"not": draw(conditions(fields, depth + 1))}
    name, type_ = draw(st.sampled_from(fields))
    op = draw(st.sampled_from(["eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "contains", "exists"]))
    if op == "exists":
        return {"field": name, "exists": draw(st.booleans())}
    if op == "contains":
        return {"field": name, "contains": draw(st.sampled_from(["pe", "5", "1", "e", "ž", "'"]))}
    pool = st.one_of(st.sampled_from(OPERANDS[type_]), st.sampled_from(CELLS[type_][1:]))
    if op in ("in", "not_in"):
        return {"field": name, op: draw(st.lists(pool, max_size=3))}
    return {"field": name, op: draw(pool)}


@st.composite
def sheets(draw: st.DrawFn) -> dict[str, Any]:
    types = draw(st.lists(st.sampled_from(TYPES), min_size=1, max_size=4))
    fields = [(f"f{i}", t) for i, t in enumerate(types)]

    def criteria() -> dict[str, Any]:
        return {
            "require": draw(st.lists(conditions(fields), max_size=3)),
            "score": [
                {"when": c, "points": draw(st.integers(-20, 30))}
                for c in draw(st.lists(conditions(fields), max_size=3))
            ],
            "min_score": draw(st.integers(-10, 30)),
        }

    sheet: dict[str, Any] = {
        "fields": [{"id": n, "label": n, "type": t} for n, t in fields],
        "target": criteria(),
    }
    if draw(st.booleans()):
        sheet["sales_ready"] = {**criteria(), "requires_target": draw(st.booleans())}
    return sheet


def leads(sheet: dict[str, Any]) -> st.SearchStrategy[list[dict[str, str]]]:
    cells = {
        f["id"]: st.one_of(st.sampled_from(CELLS[f["type"]]), st.text(LETTERS, max_size=6)) for f in sheet["fields"]
    }
    lead = st.fixed_dictionaries({"id": st.sampled_from(["", "L-1", " L-2 ", "x'y"]), **cells})
    return st.lists(lead, min_size=1, max_size=12)


@pytest.fixture(scope="module")
def connection() -> Iterator[Any]:
    """One in-memory DuckDB for the module: connecting costs more than a whole example's queries."""
    with duckdb.connect() as database:
        yield database


def run_duckdb(
    connection: Any, sql: str, rows: list[dict[str, str]], columns: list[str]
) -> list[tuple[str, bool, int, list[str]]]:
    connection.execute("CREATE OR REPLACE TABLE leads (" + ", ".join(f'"{c}" VARCHAR' for c in columns) + ")")
    connection.executemany(
        "INSERT INTO leads VALUES (" + ", ".join("?" for _ in columns) + ")",
        [[row[c] for c in columns] for row in rows],
    )
    return [(i, t, s, list(f)) for i, t, s, f in connection.execute(sql).fetchall()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), language=st.sampled_from(["en", "lt"]))
def test_duckdb_gives_the_python_verdicts(connection: Any, data: st.DataObject, language: str) -> None:
    sheet = data.draw(sheets())
    qualification = Qualification.model_validate(sheet)
    rows = data.draw(leads(sheet))
    columns = ["id", *(f["id"] for f in sheet["fields"])]
    for stage in ("target", "sales_ready"):
        if qualification.criteria(stage) is None:
            continue
        rules = RuleSet(qualification, stage, labels("en"), language)
        expected = []
        for number, row in enumerate(rows, 1):
            verdict, _ = rules.evaluate(row)
            lead_id = row["id"].strip() or str(number)
            expected.append((lead_id, verdict.target, verdict.score, verdict.failed))
        for named in (None, {c: c for c in columns}):  # looked up at run time, or named
            got = run_duckdb(connection, select(rules, qualification, columns=named), rows, columns)
            assert got == expected, (stage, named, sheet, rows)


def test_the_sql_of_the_example_sheet_parses_in_every_dialect() -> None:
    root = Path(__file__).resolve().parents[2]
    for dialect in DIALECTS:
        result = CliRunner().invoke(
            cli, ["-C", str(root), "qualify", "--sql", "--dialect", dialect, "--table", "crm.leads"]
        )
        assert result.exit_code == 0, result.stderr
        assert sqlglot.parse_one(result.stdout, read=dialect) is not None


QUALIFICATION = """\
fields:
  - {id: brand, label: Car brand, type: text}
  - {id: employees, label: Employees, type: number}
columns:
  id: [ID lead]
  brand: [Car make, Marca auto]
  employees: [Angajați]
target:
  require:
    - {field: brand, in: [opel], because: We stock Opel}
  score:
    - {when: {field: employees, gte: 5}, points: 10}
  min_score: 10
"""


def test_sql_finds_the_stored_column_names_at_run_time(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project(QUALIFICATION, language="ro")
    export = write_csv(tmp_path / "leads.csv", "ID lead;Marca auto;Angajați\nR-1;Opel;1 200\nR-2;Dacia;7\n")
    sql = CliRunner().invoke(cli, ["-C", str(project), "qualify", "--sql", "--table", "leads"]).stdout
    connection = duckdb.connect()
    connection.execute(f"CREATE TABLE leads AS SELECT * FROM read_csv('{export}', all_varchar = true)")
    got = [(i, t, s, list(f)) for i, t, s, f in connection.execute(sql).fetchall()]
    assert got == [("R-1", True, 10, []), ("R-2", False, 10, ["We stock Opel"])]
    qualify = CliRunner().invoke(cli, ["-C", str(project), "qualify", str(export), "--format", "json"])
    assert [
        (lead["id"], lead["target"], lead["score"], lead["failed"]) for lead in json.loads(qualify.stdout)["leads"]
    ] == [(i, t, s, f) for i, t, s, f in got]
