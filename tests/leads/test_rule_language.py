"""The rule language of qualification.yaml, case by case, exactly as DESIGN.md defines it."""

from __future__ import annotations

from typing import Any

import pytest

from playbook.labels import LANGUAGES, labels
from playbook.model import Condition, Qualification
from playbook.model.qualification import LeadField
from playbook.rules.describe import describe
from playbook.rules.evaluate import RuleSet, holds, read_cells, rule_problems
from playbook.rules.values import Reading, Unreadable, fold, read

FIELDS = [
    LeadField(id="brand", label="Car brand", type="text"),
    LeadField(id="employees", label="Employees", type="number"),
    LeadField(id="active", label="Has an account", type="bool"),
    LeadField(id="need", label="Need date", type="date"),
    LeadField(id="note", label="Note", type="text"),
]


def cond(data: dict[str, Any]) -> Condition:
    """A condition as the YAML loader hands it over: every scalar is text."""
    return Condition.model_validate(data)


def check(data: dict[str, Any], **cells: str) -> bool:
    return holds(cond(data), cells, FIELDS)


# --- every comparison operator, present values -------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "cells", "expected"),
    [
        ({"field": "brand", "eq": "opel"}, {"brand": "opel"}, True),
        ({"field": "brand", "eq": "opel"}, {"brand": "peugeot"}, False),
        ({"field": "brand", "ne": "opel"}, {"brand": "peugeot"}, True),
        ({"field": "brand", "ne": "opel"}, {"brand": "opel"}, False),
        ({"field": "brand", "in": ["opel", "vauxhall"]}, {"brand": "vauxhall"}, True),
        ({"field": "brand", "in": ["opel", "vauxhall"]}, {"brand": "ford"}, False),
        ({"field": "brand", "not_in": ["opel", "vauxhall"]}, {"brand": "ford"}, True),
        ({"field": "brand", "not_in": ["opel", "vauxhall"]}, {"brand": "opel"}, False),
        ({"field": "employees", "gt": "5"}, {"employees": "6"}, True),
        ({"field": "employees", "gt": "5"}, {"employees": "5"}, False),
        ({"field": "employees", "gte": "5"}, {"employees": "5"}, True),
        ({"field": "employees", "gte": "5"}, {"employees": "4.99"}, False),
        ({"field": "employees", "lt": "5"}, {"employees": "4"}, True),
        ({"field": "employees", "lt": "5"}, {"employees": "5"}, False),
        ({"field": "employees", "lte": "5"}, {"employees": "5"}, True),
        ({"field": "employees", "lte": "5"}, {"employees": "5.5"}, False),
        ({"field": "note", "contains": "list"}, {"note": "purchased-list-2026"}, True),
        ({"field": "note", "contains": "list"}, {"note": "quote form"}, False),
        ({"field": "note", "exists": "true"}, {"note": "x"}, True),
        ({"field": "note", "exists": "false"}, {"note": "x"}, False),
    ],
)
def test_each_operator_on_a_present_value(rule: dict[str, Any], cells: dict[str, str], expected: bool) -> None:
    assert check(rule, **cells) is expected


# --- missing values: an empty cell is missing, every comparison but `exists` is false ------------

ALL_COMPARISONS: list[dict[str, Any]] = [
    {"field": "employees", "eq": "5"},
    {"field": "employees", "ne": "5"},
    {"field": "employees", "in": ["5", "6"]},
    {"field": "employees", "not_in": ["5", "6"]},
    {"field": "employees", "gt": "5"},
    {"field": "employees", "gte": "5"},
    {"field": "employees", "lt": "5"},
    {"field": "employees", "lte": "5"},
    {"field": "employees", "contains": "5"},
    {"field": "brand", "ne": "opel"},
    {"field": "brand", "not_in": ["opel"]},
    {"field": "brand", "contains": ""},
    {"field": "need", "lt": "2030-01-01"},
    {"field": "active", "ne": "true"},
    {"field": "active", "eq": "false"},
]


@pytest.mark.parametrize("rule", ALL_COMPARISONS, ids=lambda r: f"{r['field']}-{[k for k in r if k != 'field'][0]}")
@pytest.mark.parametrize("cell", ["", "   ", None, "\t\u00a0"], ids=["empty", "spaces", "no-column", "nbsp"])
def test_every_comparison_on_a_missing_value_is_false(rule: dict[str, Any], cell: str | None) -> None:
    cells = {} if cell is None else {rule["field"]: cell}
    assert holds(cond(rule), cells, FIELDS) is False
    assert holds(cond({"not": rule}), cells, FIELDS) is True, "`not` simply negates"


@pytest.mark.parametrize("cell", ["", "  ", None])
def test_exists_on_a_missing_value(cell: str | None) -> None:
    cells = {} if cell is None else {"brand": cell}
    assert holds(cond({"field": "brand", "exists": "true"}), cells, FIELDS) is False
    assert holds(cond({"field": "brand", "exists": "false"}), cells, FIELDS) is True


def test_unreadable_cell_counts_as_missing_and_is_reported() -> None:
    cells = {"employees": "many"}
    for rule in ALL_COMPARISONS[:9]:
        assert holds(cond(rule), cells, FIELDS) is False, rule
    assert check({"field": "employees", "exists": "true"}, employees="many") is False
    assert check({"field": "employees", "exists": "false"}, employees="many") is True
    values, problems = read_cells(cells, {"employees": "number"})
    assert values == {"employees": None}
    assert [(p.field, p.value, p.message) for p in problems] == [
        ("employees", "many", "cannot read `many` as a number")
    ]


# --- combinators ---------------------------------------------------------------------------------


def test_all_any_not() -> None:
    both = {"all": [{"field": "brand", "eq": "opel"}, {"field": "employees", "gte": "5"}]}
    either = {"any": [{"field": "brand", "eq": "opel"}, {"field": "employees", "gte": "5"}]}
    assert check(both, brand="opel", employees="5") is True
    assert check(both, brand="opel", employees="4") is False
    assert check(both, brand="opel") is False
    assert check(either, brand="ford", employees="7") is True
    assert check(either, brand="ford", employees="") is False
    assert check(either, brand="opel") is True
    assert check({"not": both}, brand="opel", employees="4") is True
    assert check({"not": {"not": {"field": "brand", "eq": "opel"}}}, brand="OPEL") is True
    nested = {
        "all": [
            {"any": [{"field": "brand", "in": ["opel"]}, {"field": "note", "contains": "opel"}]},
            {"not": {"field": "active", "eq": "true"}},
        ]
    }
    assert check(nested, note="Asked about OPEL Astra", active="no") is True
    assert check(nested, note="Asked about OPEL Astra", active="yes") is False
    assert check(nested, note="Asked about OPEL Astra", active="") is True, "not (missing eq) is true"
    assert check({"all": []}) is True
    assert check({"any": []}) is False


# --- reading values by the field's type ---------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "operand", "expected"),
    [
        ("Opel", "opel", True),
        ("  OPEL  ", "opel", True),
        ("opel", " Opel ", True),
        ("Vauxhall", "VAUXHALL", True),
        ("Straße", "STRASSE", True),
        ("ŽALGIRIS", "žalgiris", True),
        ("opel astra", "opel", False),
    ],
)
def test_text_ignores_case_and_surrounding_spaces(cell: str, operand: str, expected: bool) -> None:
    assert check({"field": "brand", "eq": operand}, brand=cell) is expected
    assert check({"field": "brand", "in": ["x", operand]}, brand=cell) is expected
    assert check({"field": "brand", "ne": operand}, brand=cell) is (not expected)
    assert check({"field": "brand", "not_in": [operand]}, brand=cell) is (not expected)


def test_contains_ignores_case() -> None:
    assert check({"field": "note", "contains": "Purchased-LIST"}, note="from a purchased-list (2026)") is True
    assert check({"field": "note", "contains": " list "}, note="purchased-list") is True, "operand is trimmed"


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("5", 5.0),
        ("5.0", 5.0),
        (" 5 ", 5.0),
        ("+5", 5.0),
        ("-2.5", -2.5),
        ("1500,50", 1500.5),
        ("1 500", 1500.0),
        ("1\u00a0500,5", 1500.5),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("5.", 5.0),
    ],
)
def test_numbers_are_read(cell: str, number: float) -> None:
    assert read(cell, "number") == number
    assert check({"field": "employees", "eq": str(number)}, employees=cell) is True


@pytest.mark.parametrize("cell", ["many", "5 people", "1.500,5.0", "1,5,0", "0x10", "inf", "nan", "1e999", "٣", "--5"])
def test_unreadable_numbers(cell: str) -> None:
    with pytest.raises(Unreadable):
        read(cell, "number")
    assert check({"field": "employees", "exists": "true"}, employees=cell) is False


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("true", True),
        ("TRUE", True),
        ("yes", True),
        ("Yes", True),
        ("1", True),
        (" y e s ".replace(" ", ""), True),
        ("false", False),
        ("No", False),
        ("0", False),
        ("  NO ", False),
    ],
)
def test_bools_are_read(cell: str, value: bool) -> None:
    assert read(cell, "bool") is value
    assert check({"field": "active", "eq": "true"}, active=cell) is value
    assert check({"field": "active", "eq": "yes"}, active=cell) is value
    assert check({"field": "active", "eq": "false"}, active=cell) is (not value)


@pytest.mark.parametrize("cell", ["maybe", "y", "n", "2", "ja", "1.0"])
def test_unreadable_bools(cell: str) -> None:
    with pytest.raises(Unreadable):
        read(cell, "bool")
    assert check({"field": "active", "ne": "true"}, active=cell) is False


def test_dates_are_read_and_ordered() -> None:
    assert read("2026-11-22", "date").isoformat() == "2026-11-22"  # type: ignore[union-attr]
    assert read("2026-11-22 10:30", "date").isoformat() == "2026-11-22"  # type: ignore[union-attr]
    assert read("2026-11-22T10:30:00Z", "date").isoformat() == "2026-11-22"  # type: ignore[union-attr]
    assert check({"field": "need", "lt": "2026-12-01"}, need="2026-11-30") is True
    assert check({"field": "need", "lt": "2026-12-01"}, need="2026-12-01") is False
    assert check({"field": "need", "gte": "2026-12-01"}, need="2026-12-01 09:00") is True
    assert check({"field": "need", "eq": "2026-12-01"}, need=" 2026-12-01 ") is True
    assert read("22.11.2026", "date").isoformat() == "2026-11-22"  # type: ignore[union-attr]
    assert read("22/11/2026 16:00", "date").isoformat() == "2026-11-22"  # type: ignore[union-attr]
    assert read("2-3-2026", "date").isoformat() == "2026-03-02"  # type: ignore[union-attr]
    for bad in ("2026-02-30", "30.02.2026", "22.11.26", "2026/11/22", "soon", "0000-01-01"):
        with pytest.raises(Unreadable):
            read(bad, "date")
        assert check({"field": "need", "exists": "true"}, need=bad) is False


def test_numbers_compare_as_numbers_not_text() -> None:
    assert check({"field": "employees", "gt": "9"}, employees="10") is True
    assert check({"field": "employees", "in": ["10", "20"]}, employees="10.0") is True
    assert check({"field": "employees", "contains": "50"}, employees="1500") is True, "contains reads the cell as text"


def test_fold_is_trimmed_lowercase() -> None:
    assert fold("  Opel\u00a0") == "opel"
    assert fold("ĄČĘ") == "ąčę"


# --- operands that cannot be read by the field's type ------------------------------------------


def test_unreadable_operand_never_holds_and_is_a_rule_problem() -> None:
    q = Qualification.model_validate(
        {
            "fields": [
                {"id": "employees", "label": "Employees", "type": "number"},
                {"id": "active", "label": "Active", "type": "bool"},
            ],
            "target": {"require": [{"field": "employees", "gte": "many"}, {"not": {"field": "active", "eq": "maybe"}}]},
        }
    )
    problems = rule_problems(q)
    assert [(p.loc, p.message) for p in problems] == [
        (("target", "require", 0, "gte"), "`employees` is a number field: cannot read `many` as a number"),
        (
            ("target", "require", 1, "not", "eq"),
            "`active` is a bool field: cannot read `maybe` as yes/no (use true/false, yes/no or 1/0)",
        ),
    ]


# --- a criteria set: target, score, failed reasons ----------------------------------------------

QUALIFICATION = Qualification.model_validate(
    {
        "fields": [f.model_dump() for f in FIELDS],
        "target": {
            "require": [
                {"field": "brand", "in": ["opel", "vauxhall"], "because": "Opel and Vauxhall only"},
                {"field": "employees", "gte": "3"},
                {"not": {"field": "active", "eq": "true"}, "because": "Existing customers go to their account manager"},
            ],
            "score": [
                {"when": {"field": "employees", "gte": "10"}, "points": "30", "because": "Big"},
                {"when": {"field": "need", "exists": "true"}, "points": "20"},
                {"when": {"field": "note", "contains": "list"}, "points": "-25"},
            ],
            "min_score": "20",
        },
    }
)


def judge(**cells: str) -> tuple[bool, int, list[str]]:
    verdict, _ = RuleSet(QUALIFICATION, "target", labels("en")).evaluate(cells)
    return verdict.target, verdict.score, verdict.failed


def test_target_when_every_require_holds_and_score_reaches_min() -> None:
    assert judge(brand="Opel", employees="12", active="no") == (True, 30, [])
    assert judge(brand="Opel", employees="4", active="no", need="2026-12-01") == (True, 20, [])


def test_failing_only_on_score_has_empty_failed() -> None:
    assert judge(brand="Opel", employees="4", active="no") == (False, 0, [])
    assert judge(brand="opel", employees="12", note="purchased-list") == (False, 5, [])


def test_failed_lists_because_in_file_order_with_generated_descriptions() -> None:
    assert judge(brand="Peugeot", employees="1", active="yes") == (
        False,
        0,
        [
            "Opel and Vauxhall only",
            "Employees is at least 3",
            "Existing customers go to their account manager",
        ],
    )
    assert judge(brand="Peugeot", employees="many", need="2026-12-01") == (
        False,
        20,
        [
            "Opel and Vauxhall only",
            "Employees is at least 3",
        ],
    )


# --- describe: a rule in words, in each language -------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ({"field": "brand", "eq": "opel"}, "Car brand is “opel”"),
        ({"field": "brand", "ne": "opel"}, "Car brand is filled in and is not “opel”"),
        ({"field": "brand", "in": ["opel", "vauxhall"]}, "Car brand is one of “opel”, “vauxhall”"),
        ({"field": "brand", "not_in": ["ford"]}, "Car brand is filled in and is none of “ford”"),
        ({"field": "employees", "gt": "5"}, "Employees is more than 5"),
        ({"field": "employees", "gte": "5"}, "Employees is at least 5"),
        ({"field": "employees", "lt": "5"}, "Employees is less than 5"),
        ({"field": "employees", "lte": "5"}, "Employees is at most 5"),
        ({"field": "note", "contains": "list"}, "Note contains “list”"),
        ({"field": "note", "exists": "true"}, "Note is filled in"),
        ({"field": "note", "exists": "false"}, "Note is empty"),
        ({"field": "active", "eq": "true"}, "Has an account: yes"),
        ({"not": {"field": "active", "eq": "yes"}}, "it is not the case that Has an account: yes"),
        (
            {
                "all": [
                    {"field": "employees", "gte": "5"},
                    {"any": [{"field": "brand", "eq": "opel"}, {"field": "need", "exists": "true"}]},
                ]
            },
            "Employees is at least 5 and (Car brand is “opel” or Need date is filled in)",
        ),
    ],
)
def test_describe_in_english(rule: dict[str, Any], text: str) -> None:
    assert describe(cond(rule), FIELDS, labels("en")) == text


@pytest.mark.parametrize("language", LANGUAGES)
def test_describe_in_every_language(language: str) -> None:
    words = labels(language)
    for rule in ALL_COMPARISONS + [
        {"field": "note", "exists": "true"},
        {"field": "note", "exists": "false"},
        {"all": ALL_COMPARISONS[:2]},
        {"any": ALL_COMPARISONS[:2]},
        {"not": ALL_COMPARISONS[0]},
    ]:
        text = describe(cond(rule), FIELDS, words)
        assert text and "{" not in text, (language, rule, text)
        assert any(f.label in text for f in FIELDS), text
    if language != "en":
        assert describe(cond({"field": "active", "eq": "true"}), FIELDS, words) != "Has an account: yes"


# --- numbers, booleans and dates as exports in LT, PL, RO, RU write them -------------------------


@pytest.mark.parametrize(
    ("cell", "lt", "en"),
    [
        ("1 500", 1500.0, 1500.0),
        ("1\u00a0500,5", 1500.5, None),
        ("1,500", 1.5, 1500.0),
        ("1,5", 1.5, None),
        ("1.500,50", 1500.5, 1500.5),
        ("1,500.50", 1500.5, 1500.5),
        ("1.234.567", 1234567.0, 1234567.0),
        ("1,234,567", 1234567.0, 1234567.0),
        ("1'000", 1000.0, 1000.0),
        ("2 000 zł", 2000.0, 2000.0),
        ("€1.999,99", 1999.99, 1999.99),
        ("1 999,99 €", 1999.99, None),
        ("-5 EUR", -5.0, -5.0),
        ("EUR -5", -5.0, -5.0),
        ("2 500 руб.", 2500.0, 2500.0),
        ("300 lei", 300.0, 300.0),
        ("$1,200", 1.2, 1200.0),
        ("12 zł 50", None, None),
        ("1.5.0", None, None),
    ],
)
def test_numbers_as_exports_write_them(cell: str, lt: float | None, en: float | None) -> None:
    for language, expected in (("lt", lt), ("en", en)):
        reading = Reading.of(language)
        if expected is None:
            with pytest.raises(Unreadable):
                reading.number(cell)
        else:
            assert reading.number(cell) == expected, (cell, language)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("da", True),
        ("Nu", False),
        ("TAK", True),
        ("nie", False),
        ("Taip", True),
        ("ne", False),
        ("Да", True),
        ("НЕТ", False),
        ("ИСТИНА", True),
        ("ложь", False),
        ("PRAWDA", True),
        ("FAŁSZ", False),
    ],
)
def test_yes_and_no_in_four_languages(cell: str, value: bool) -> None:
    assert read(cell, "bool") is value
