"""The formula language of calculators: results, and every error with its exact message and position."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests_support import Invoke

from playbook.calculators.engine import Value, round_to
from playbook.calculators.numbers import format_number, plain_number
from playbook.calculators.program import compile_calculator, constant
from playbook.calculators.tokens import FormulaError
from playbook.model.calculator import Calculator

RESULTS = [
    ("1 + 2 * 3", 7.0),
    ("(1 + 2) * 3", 9.0),
    ("10 - 4 - 3", 3.0),
    ("12 / 4 / 3", 1.0),
    ("-2 * -3", 6.0),
    ("--2", 2.0),
    ("1.5e3 + .5", 1500.5),
    ("1 / 3", 1 / 3),
    ("0.1 + 0.2", 0.1 + 0.2),
    ("min(3, 1, 2)", 1.0),
    ("max(3, 1, 2)", 3.0),
    ("min(4)", 4.0),
    ("abs(-4.5)", 4.5),
    ("round(2.5)", 3.0),
    ("round(-2.5)", -3.0),
    ("round(0.5)", 1.0),
    ("round(1234.5678, 2)", 1234.57),
    ("round(1234.5678, -2)", 1200.0),
    ("round(1.005, 2)", 1.0),  # 1.005 is 1.00499999999999989... as a double
    ("round(1e300, 15)", 1e300),
    ("1 < 2", True),
    ("2 <= 2 and 3 > 2", True),
    ("not 1 >= 2", True),
    ("1 == 1 or 1 / 1 > 5", True),
    ("'a' == 'a'", True),
    ("'a' != \"a\"", False),
    ("true == false", False),
    ("if(1 > 2, 'yes', 'no')", "no"),
    ("if(true, 1, 2) + if(false, 1, 2)", 3.0),
    ("if(1 < 2, if(2 < 3, 'a', 'b'), 'c')", "a"),
    ("1e308 * 10", None),  # not finite: no value
    ("false and 1e308 * 10 > 0", False),
    ("true or 1e308 * 10 > 0", True),
    ("true and 1e308 * 10 > 0", None),
    ("if(1e308 * 10 > 0, 1, 2)", None),
    ("if(true, 1, 1e308 * 10)", 1.0),
    ("min(1, 1e308 * 10)", None),
]


@pytest.mark.parametrize(("formula", "expected"), RESULTS, ids=[f for f, _ in RESULTS])
def test_results(formula: str, expected: object) -> None:
    value = constant(formula)
    assert value == expected and type(value) is type(expected)


ERRORS = [
    ("", 0, "syntax error: the formula is empty"),
    ("1 +", 3, "syntax error: expected a value, found the end of the formula"),
    ("(1", 2, "syntax error: expected `)`, found the end of the formula"),
    ("1)", 1, "syntax error: this `)` closes nothing"),
    ("1 2", 2, "syntax error: expected an operator or the end of the formula, found `2`"),
    ("1 < 2 < 3", 6, "syntax error: comparisons do not chain; join them with `and`"),
    ("a = 1", 2, "syntax error: unexpected `=` (use `==` to compare)"),
    ("2 ** 3", 2, "syntax error: `**` is not an operator of the formula language; multiply instead"),
    ("7 % 2", 2, "syntax error: unexpected `%` (`%` is not an operator of the formula language)"),
    ("'open", 0, "syntax error: the text starting here has no closing '"),
    ("3x", 0, "syntax error: `3x` is not a number"),
    ("1e999", 0, "syntax error: `1e999` is too large a number"),
    ("and 1", 0, "syntax error: `and` needs a condition before it"),
    ("min(1,", 6, "syntax error: expected a value, found the end of the formula"),
    ("min(1 2)", 6, "syntax error: expected `,` or `)`, found `2`"),
    ("(" * 70 + "1" + ")" * 70, 60, "syntax error: the formula nests more than 60 levels deep"),
    # Anything that looks like a way into Python is a syntax error.
    (
        "x.__class__",
        1,
        "syntax error: unexpected `.` (`.` is not part of the formula language: it reads "
        "inputs and outputs by their id only)",
    ),
    ("__import__('os')", 0, "syntax error: unexpected `_` (a name starts with a letter)"),
    (
        "().__class__.__bases__[0]",
        2,
        "syntax error: unexpected `.` (`.` is not part of the formula language: it "
        "reads inputs and outputs by their id only)",
    ),
    ("x[0]", 1, "syntax error: unexpected `[` (brackets are not part of the formula language)"),
    ("lambda: 1", 0, "syntax error: `lambda` is not part of the formula language"),
    ("import os", 0, "syntax error: `import` is not part of the formula language"),
    ("1 if True else 2", 5, "syntax error: `True` is not part of the formula language"),
    ("{}", 0, "syntax error: unexpected `{` (braces are not part of the formula language)"),
    ("a; b", 1, "syntax error: unexpected `;` (a formula is one expression)"),
    ("\\x", 0, "syntax error: unexpected `\\` (`\\` is not part of the formula language)"),
    # Names and functions.
    ("sqrt(4)", 0, "unknown function `sqrt` (the functions are abs, if, max, min, round)"),
    ("ifs(true, 1, 2)", 0, "unknown function `ifs`, did you mean `if`? (the functions are abs, if, max, min, round)"),
    ("eval('1')", 0, "unknown function `eval` (the functions are abs, if, max, min, round)"),
    ("min + 1", 0, "`min` is a function: write min(...)"),
    ("open", 0, "unknown name `open`"),
    # Types.
    ("'a' + 1", 0, "type error: `+` works on numbers, and 'a' is text"),
    ("1 - true", 4, "type error: `-` works on numbers, and `true` is yes/no"),
    ("-'a'", 1, "type error: `-` works on numbers, and 'a' is text"),
    ("'a' < 'b'", 0, "type error: `<` compares numbers, and 'a' is text"),
    ("1 == 'a'", 2, "type error: `1` is a number and 'a' is text, so `==` cannot compare them"),
    ("1 and true", 0, "type error: `and` joins conditions (yes/no), and `1` is a number"),
    ("not 3", 4, "type error: `not` works on conditions (yes/no), and `3` is a number"),
    ("if(1, 2, 3)", 3, "type error: the condition of `if` must be yes/no, and `1` is a number"),
    (
        "if(true, 1, 'a')",
        12,
        "type error: the two results of `if` must be of one type, and `1` is a number while 'a' is text",
    ),
    ("if(true, 1)", 0, "`if` takes three values: if(condition, then, otherwise); found 2"),
    ("abs(1, 2)", 0, "`abs` takes one value: abs(x); found 2"),
    ("max()", 0, "`max` needs at least one value"),
    ("max(1, 'a')", 7, "type error: `max` works on numbers, and 'a' is text"),
    (
        "round(1.5, 2.5)",
        11,
        "`round` takes a value and, optionally, whole decimals from -15 to 15: round(x) or round(x, 2)",
    ),
    ("round('a')", 6, "type error: `round` works on numbers, and 'a' is text"),
    # Division by a constant zero.
    ("1 / 0", 4, "division by zero: the divisor is always 0"),
    ("1 / (2 - 2)", 4, "division by zero: the divisor is always 0"),
    ("1 / -0.0", 4, "division by zero: the divisor is always 0"),
]


@pytest.mark.parametrize(("formula", "offset", "message"), ERRORS, ids=[f[:30] for f, _, _ in ERRORS])
def test_errors(formula: str, offset: int, message: str) -> None:
    with pytest.raises(FormulaError) as caught:
        constant(formula)
    assert (caught.value.offset, caught.value.message) == (offset, message)


def _calculator(outputs: list[dict[str, object]], inputs: list[dict[str, object]] | None = None) -> Calculator:
    default_inputs = [
        {"id": "lifts", "label": "Lifts", "default": "4", "min": "1"},
        {"id": "supplier", "label": "Supplier", "type": "choice", "options": ["marketplace", "dealer"]},
        {"id": "saturday", "label": "Saturday", "type": "bool"},
    ]
    return Calculator.model_validate({"name": "C", "inputs": inputs or default_inputs, "outputs": outputs})


NAMED = [
    ("lift * 2", 0, "unknown name `lift`, did you mean `lifts`?"),
    (
        "after + 1",
        0,
        "`after` is an output below this one: a formula can use the inputs and the outputs above it "
        "(anything else would be a cycle)",
    ),
    ("result + 1", 0, "`result` is this output itself: a formula cannot use its own result"),
    (
        "supplier == 'marketplce'",
        12,
        "`marketplce` is not an option of `supplier` (marketplace, dealer), did you mean `marketplace`?",
    ),
    ("supplier + 1", 0, "type error: `+` works on numbers, and `supplier` is text"),
    ("supplier == 3", 9, "type error: `supplier` is text and `3` is a number, so `==` cannot compare them"),
    (
        "lifts > 2",
        0,
        "type error: it gives yes/no, and a result is a number or a text; write if(condition, 'yes', 'no')",
    ),
    ("lifts(2)", 0, "`lifts` is not a function"),
    (
        "if(saturday, lifts, 0) + lifts.real",
        30,
        "syntax error: unexpected `.` (`.` is not part of the formula "
        "language: it reads inputs and outputs by their id only)",
    ),
]


@pytest.mark.parametrize(("formula", "offset", "message"), NAMED, ids=[f for f, _, _ in NAMED])
def test_errors_about_names(formula: str, offset: int, message: str) -> None:
    calculator = _calculator(
        [
            {"id": "result", "label": "R", "formula": formula},
            {"id": "after", "label": "A", "formula": "1"},
        ]
    )
    program, problems = compile_calculator(calculator)
    assert program is None
    assert [(p.loc, p.offset, p.message) for p in problems] == [
        (("outputs", 0, "formula"), offset, f"formula of `result`: {message}")
    ]


def test_outputs_use_inputs_and_earlier_outputs_and_round() -> None:
    calculator = _calculator(
        [
            {"id": "days", "label": "Days", "formula": "if(supplier == 'marketplace', 3, 1) + if(saturday, 0.5, 0)"},
            {"id": "loss", "label": "Loss", "formula": "lifts * 45 * 8 * days * 0.25", "round": "-1"},
            {"id": "note", "label": "Note", "formula": "if(loss > 1000, 'big', 'small')"},
        ]
    )
    program, problems = compile_calculator(calculator)
    assert problems == [] and program is not None
    assert program.defaults() == {"lifts": 4.0, "supplier": "marketplace", "saturday": False}
    assert program.run(program.defaults()) == {"days": 3.0, "loss": 1080.0, "note": "big"}
    values: dict[str, Value] = {"lifts": 1.0, "supplier": "dealer", "saturday": True}
    assert program.run(values) == {"days": 1.5, "loss": 140.0, "note": "small"}


INPUT_PROBLEMS = [
    ({"id": "x", "label": "X", "default": "abc"}, ("inputs", 0, "default"), "default `abc` of `x` is not a number"),
    (
        {"id": "x", "label": "X", "default": "0", "min": "1"},
        ("inputs", 0, "default"),
        "default: `x` must be at least 1 (found 0)",
    ),
    ({"id": "x", "label": "X", "min": "5", "max": "1"}, ("inputs", 0, "max"), "`max` of `x` is below its `min`"),
    ({"id": "x", "label": "X", "type": "choice"}, ("inputs", 0), "choice input `x` has no `options`"),
    (
        {"id": "x", "label": "X", "type": "choice", "options": ["a", "b"], "default": "c"},
        ("inputs", 0, "default"),
        "default `c` is not an option of `x`",
    ),
    (
        {"id": "x", "label": "X", "type": "bool", "default": "maybe"},
        ("inputs", 0, "default"),
        "default `maybe` of `x` is not yes/no (true or false)",
    ),
    (
        {"id": "x", "label": "X", "options": ["a"]},
        ("inputs", 0, "options"),
        "`options` is for choice inputs; `x` is number",
    ),
    (
        {"id": "round", "label": "X"},
        ("inputs", 0, "id"),
        "`round` is a word of the formula language; choose another id",
    ),
]


@pytest.mark.parametrize(("spec", "loc", "message"), INPUT_PROBLEMS, ids=[m for _, _, m in INPUT_PROBLEMS])
def test_input_problems(spec: dict[str, object], loc: tuple[object, ...], message: str) -> None:
    _, problems = compile_calculator(_calculator([{"id": "y", "label": "Y", "formula": "1"}], [spec]))
    assert [(p.loc, p.message) for p in problems] == [(loc, message)]


def test_duplicate_ids() -> None:
    calculator = _calculator(
        [{"id": "a", "label": "A", "formula": "1"}, {"id": "a", "label": "B", "formula": "2"}],
        [{"id": "a", "label": "X", "default": "1"}],
    )
    _, problems = compile_calculator(calculator)
    assert [(p.loc, p.message) for p in problems] == [
        (("outputs", 0, "id"), "duplicate id `a` (also input 1)"),
        (("outputs", 1, "id"), "duplicate id `a` (also input 1)"),
    ]


def test_round_half_away_from_zero_with_written_powers_of_ten() -> None:
    assert round_to(0.125, 2) == 0.13
    assert round_to(-0.125, 2) == -0.13
    assert round_to(2.4999999999999996, 0) == 2.0
    assert round_to(15.0, -1) == 20.0
    assert round_to(-0.4, 0) == 0.0


NUMBERS = [
    (1234567.891, "en", None, "1,234,567.891"),
    (1234567.891, "ru", 2, "1\u00a0234\u00a0567,89"),
    (-1234.5, "lt", 0, "\u22121\u00a0235"),
    (1234.0, "pl", None, "1234"),
    (12345.0, "pl", None, "12\u00a0345"),
    (1234.5, "ro", 2, "1.234,50"),
    (0.0005, "en", None, "0.001"),
    (-0.0004, "en", None, "0"),
    (1.005, "en", 2, "1.01"),  # as Intl: the shortest decimal of the double, rounded half away from zero
    (1e21, "en", 0, "1,000,000,000,000,000,000,000"),
]


@pytest.mark.parametrize(("value", "language", "digits", "shown"), NUMBERS)
def test_numbers_for_people(value: float, language: str, digits: int | None, shown: str) -> None:
    assert format_number(value, language, digits) == shown


def test_plain_numbers_read_back() -> None:
    assert plain_number(0.25, "lt") == "0,25"
    assert plain_number(1500.0, "en") == "1500"
    assert plain_number(1e-7, "en") == "0.0000001"


def _check(tmp_path: Path, invoke: Invoke, text: str) -> list[str]:
    from tests_support import copy_project

    project = copy_project(Path(__file__).resolve().parents[2], tmp_path / "p")
    (project / "data" / "calculators" / "x.yaml").write_text(text, encoding="utf-8")
    result = invoke("-C", project, "check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    return [line for line in lines if line.startswith("data/calculators/x.yaml") and ": warning: " not in line]


CALCULATOR_FILE = """\
name: X
inputs:
  - {id: lifts, label: Lifts, default: 4}
  - {id: supplier, label: Supplier, type: choice, options: [a, b]}
outputs:
  - {id: plain, label: P, formula: lifts.__class__}
  - {id: double, label: D, formula: "lifts + \\"x\\" + lift"}
  - {id: single, label: S, formula: 'supplier == ''c'' or lift > 2'}
  - id: block
    label: B
    formula: >-
      lifts /
      0
  - {id: later, label: L, formula: "lifts + last"}
  - {id: last, label: L, formula: "1"}
used_on: [products/next-day, objections/too-expensive, pricing]
"""


def test_check_points_into_the_formula(tmp_path: Path, invoke: Invoke) -> None:
    assert _check(tmp_path, invoke, CALCULATOR_FILE) == [
        "data/calculators/x.yaml:6:41: formula of `plain`: syntax error: unexpected `.` (`.` is not part of the "
        "formula language: it reads inputs and outputs by their id only)",
        "data/calculators/x.yaml:7:46: formula of `double`: type error: `+` works on numbers, and 'x' is text",
        "data/calculators/x.yaml:7:54: formula of `double`: unknown name `lift`, did you mean `lifts`?",
        "data/calculators/x.yaml:8:50: formula of `single`: `c` is not an option of `supplier` (a, b)",
        "data/calculators/x.yaml:8:59: formula of `single`: unknown name `lift`, did you mean `lifts`?",
        "data/calculators/x.yaml:11:14: formula of `block`: division by zero: the divisor is always 0",
        "data/calculators/x.yaml:14:45: formula of `later`: `last` is an output below this one: a formula can use "
        "the inputs and the outputs above it (anything else would be a cycle)",
        "data/calculators/x.yaml:16:11: unknown product `next-day` in `used_on`, did you mean `next-day-delivery`?",
        "data/calculators/x.yaml:16:56: `used_on: pricing` must be objections/<id>, competitors/<id> or products/<id>",
    ]


def test_unknown_keys_are_errors(tmp_path: Path, invoke: Invoke) -> None:
    lines = _check(tmp_path, invoke, "name: X\noutputs:\n  - {id: a, label: A, formula: '1', rond: 0}\n")
    assert lines == ["data/calculators/x.yaml:3:37: unknown key `rond`, did you mean `round`?"]


def test_used_on_an_item_whose_file_did_not_validate_is_not_reported_again(tmp_path: Path, invoke: Invoke) -> None:
    from tests_support import copy_project

    project = copy_project(Path(__file__).resolve().parents[2], tmp_path / "p")
    objection = project / "data" / "objections" / "too-expensive.yaml"
    objection.write_text(objection.read_text(encoding="utf-8").replace("\nsay:", "\nsya:"), encoding="utf-8")
    result = invoke("-C", project, "check")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": warning: " not in line and line.startswith("data/")]
    assert len(errors) == 1 and errors[0].startswith("data/objections/too-expensive.yaml:")
