"""Evaluating the rule language of `qualification.yaml` on one lead's cells (pure, no `eval`).

Semantics (DESIGN.md): an empty or unreadable cell is missing; `exists: true` is false for it,
`exists: false` true, and every other comparison on it is false (`ne` and `not_in` included);
`not` simply negates its condition; values and operands are read by the field's declared type.
A lead passes a criteria set when every `require` holds and its score reaches `min_score`; its
`failed` lists the `because` (or a generated description) of each failing `require`, in order.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from playbook.model.qualification import Condition, FieldType, LeadField, Qualification
from playbook.rules.describe import describe
from playbook.rules.values import READERS, SPACE_CHARS, Unreadable, Value, fold, read_operand

Values = Mapping[str, Value | None]
Cells = Mapping[str, str]
Test = Callable[[Values, Cells], bool]

ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le,
}


@dataclass(frozen=True)
class CellProblem:
    """A cell that cannot be read by its field's type; the lead treats it as missing."""

    field: str
    value: str
    message: str


@dataclass(frozen=True)
class RuleProblem:
    """A comparison value in the rules that cannot be read by its field's type."""

    loc: tuple[str | int, ...]
    """Where in `qualification.yaml`, e.g. `("target", "require", 2, "not", "eq")`."""
    message: str


@dataclass(frozen=True)
class Verdict:
    """The outcome for one lead: passes or not, its score, and the reasons."""

    target: bool
    score: int
    failed: list[str]
    scored: list[tuple[str, int]] = field(default_factory=list)
    """The score rules that earned points: (reason, points), in file order."""


def field_types(fields: list[LeadField]) -> dict[str, FieldType]:
    """Each declared field's type by id."""
    return {f.id: f.type for f in fields}


def compile_condition(
    condition: Condition, types: Mapping[str, FieldType], problems: list[RuleProblem] | None = None,
    where: tuple[str | int, ...] = (),
) -> Test:
    """A test of `condition` on a lead's values (and raw cells, for `contains` on non-text fields)."""
    op = condition.operator
    if op == "all":
        tests = [compile_condition(c, types, problems, (*where, "all", i)) for i, c in enumerate(condition.all_ or [])]
        return lambda values, cells: all(t(values, cells) for t in tests)
    if op == "any":
        tests = [compile_condition(c, types, problems, (*where, "any", i)) for i, c in enumerate(condition.any_ or [])]
        return lambda values, cells: any(t(values, cells) for t in tests)
    if op == "not":
        assert condition.not_ is not None
        inner = compile_condition(condition.not_, types, problems, (*where, "not"))
        return lambda values, cells: not inner(values, cells)
    name = condition.field
    assert name is not None
    type_ = types.get(name, "text")
    if op == "exists":
        if condition.exists:
            return lambda values, cells: values.get(name) is not None
        return lambda values, cells: values.get(name) is None
    if op == "contains":
        needle = fold(str(read_operand_text(condition.contains)))
        if type_ == "text":
            return lambda values, cells: _contains(values.get(name), needle)
        return lambda values, cells: values.get(name) is not None and needle in fold(cells.get(name, ""))
    try:
        if op in ("in", "not_in"):
            options = [read_operand(v, type_) for v in (condition.operand or [])]  # type: ignore[attr-defined]
        else:
            operand = read_operand(condition.operand, type_)
    except Unreadable as error:
        if problems is not None:
            problems.append(RuleProblem((*where, op), f"`{name}` is a {type_} field: {error}"))
        return lambda values, cells: False
    if op == "eq":
        return lambda values, cells: (v := values.get(name)) is not None and v == operand
    if op == "ne":
        return lambda values, cells: (v := values.get(name)) is not None and v != operand
    if op == "in":
        return lambda values, cells: (v := values.get(name)) is not None and v in options
    if op == "not_in":
        return lambda values, cells: (v := values.get(name)) is not None and v not in options
    compare = ORDER[op]
    return lambda values, cells: (v := values.get(name)) is not None and compare(v, operand)


def read_operand_text(operand: object) -> str:
    """A `contains` operand as text (`true`/`false` for yes/no values)."""
    if isinstance(operand, bool):
        return "true" if operand else "false"
    return str(operand)


def _contains(value: Value | None, needle: str) -> bool:
    return isinstance(value, str) and needle in value


def read_cells(cells: Cells, types: Mapping[str, FieldType]) -> tuple[dict[str, Value | None], list[CellProblem]]:
    """Every declared field's value from a lead's cells; unreadable cells become problems and missing."""
    values: dict[str, Value | None] = {}
    problems: list[CellProblem] = []
    for name, type_ in types.items():
        text = cells.get(name)
        trimmed = text.strip(SPACE_CHARS) if text else ""
        if not trimmed:
            values[name] = None
            continue
        try:
            values[name] = READERS[type_](trimmed)
        except Unreadable as error:
            values[name] = None
            problems.append(CellProblem(name, trimmed, str(error)))
    return values, problems


def holds(condition: Condition, cells: Cells, fields: list[LeadField]) -> bool:
    """Whether `condition` holds for a lead given as raw cells `{field id: text}`."""
    types = field_types(fields)
    values, _ = read_cells(cells, types)
    return compile_condition(condition, types)(values, cells)


class RuleSet:
    """One criteria set (`target` or `sales_ready`) compiled for evaluating many leads fast."""

    def __init__(self, qualification: Qualification, stage: str, labels: Mapping[str, str]) -> None:
        criteria = qualification.criteria(stage)
        if criteria is None:
            raise ValueError(f"qualification.yaml has no `{stage}` criteria")
        self.stage = stage
        self.types = field_types(qualification.fields)
        self.problems: list[RuleProblem] = []
        self.require: list[tuple[str, Test]] = []
        for i, rule in enumerate(criteria.require):
            reason = rule.because or describe(rule, qualification.fields, labels)
            self.require.append((reason, compile_condition(rule, self.types, self.problems, (stage, "require", i))))
        self.score: list[tuple[str, int, Test]] = []
        for i, score_rule in enumerate(criteria.score):
            reason = score_rule.because or describe(score_rule.when, qualification.fields, labels)
            test = compile_condition(score_rule.when, self.types, self.problems, (stage, "score", i, "when"))
            self.score.append((reason, score_rule.points, test))
        self.min_score = criteria.min_score

    @property
    def reasons(self) -> list[str]:
        """The reason of each `require` rule, in file order (keys of `failed_by_rule`)."""
        return [reason for reason, _ in self.require]

    def judge(self, values: Values, cells: Cells) -> Verdict:
        """The verdict for a lead's read values."""
        failed = [reason for reason, test in self.require if not test(values, cells)]
        scored = [(reason, points) for reason, points, test in self.score if test(values, cells)]
        score = sum(points for _, points in scored)
        return Verdict(not failed and score >= self.min_score, score, failed, scored)

    def evaluate(self, cells: Cells) -> tuple[Verdict, list[CellProblem]]:
        """The verdict for a lead given as raw cells, and the cells that could not be read."""
        values, problems = read_cells(cells, self.types)
        return self.judge(values, cells), problems


def fields_used(conditions: list[Condition]) -> list[str]:
    """The field ids the conditions read, in order of first use."""
    found: dict[str, None] = {}

    def walk(condition: Condition) -> None:
        if condition.field is not None:
            found.setdefault(condition.field)
        for child in condition.all_ or condition.any_ or []:
            walk(child)
        if condition.not_ is not None:
            walk(condition.not_)

    for condition in conditions:
        walk(condition)
    return list(found)


def rule_problems(qualification: Qualification) -> list[RuleProblem]:
    """Comparison values in `qualification.yaml` that cannot be read by their field's type."""
    problems: list[RuleProblem] = []
    for stage in ("target", "sales_ready"):
        if qualification.criteria(stage) is not None:
            problems += RuleSet(qualification, stage, {}).problems
    return problems
