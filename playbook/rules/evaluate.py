"""Evaluating the rule language of `qualification.yaml` on one lead's cells (pure, no `eval`).

Semantics (DESIGN.md): an empty or unreadable cell is missing; `exists: true` is false for it,
`exists: false` true, and every other comparison on it is false (`ne` and `not_in` included);
`not` simply negates its condition; values and operands are read by the field's declared type
(`rules/values.py`; a lone comma is a decimal mark unless the playbook's language is `en`).
A lead passes a criteria set when every `require` holds and its score reaches `min_score`; its
`failed` lists the `because` (or a generated description) of each failing `require`, in order.
A sales-ready lead must first be a target lead unless `sales_ready.requires_target` is false: its
`failed` then starts with the target rules it fails (or, when only the target score is short, one
reason saying so), followed by the checklist's own.

These closures are the reference; `rules/fast.py` compiles the same rules for streaming millions of
rows, and `rules/sql.py` writes them as SQL; the tests hold all three (and the browser's) equal.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from playbook.model.qualification import Condition, FieldType, LeadField, Qualification
from playbook.rules.describe import describe
from playbook.rules.values import DEFAULT, SPACE_CHARS, Reading, Unreadable, Value, fold, read_operand

Values = Mapping[str, Value | None]
Cells = Mapping[str, str]
Test = Callable[[Values, Cells], bool]

ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
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
    condition: Condition,
    types: Mapping[str, FieldType],
    problems: list[RuleProblem] | None = None,
    where: tuple[str | int, ...] = (),
    reading: Reading = DEFAULT,
) -> Test:
    """A test of `condition` on a lead's values (and raw cells, for `contains` on non-text fields)."""
    op = condition.operator
    if op == "all":
        children = enumerate(condition.all_ or [])
        tests = [compile_condition(c, types, problems, (*where, "all", i), reading) for i, c in children]
        return lambda values, cells: all(t(values, cells) for t in tests)
    if op == "any":
        children = enumerate(condition.any_ or [])
        tests = [compile_condition(c, types, problems, (*where, "any", i), reading) for i, c in children]
        return lambda values, cells: any(t(values, cells) for t in tests)
    if op == "not":
        assert condition.not_ is not None
        inner = compile_condition(condition.not_, types, problems, (*where, "not"), reading)
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
            options = [read_operand(v, type_, reading) for v in (condition.operand or [])]  # type: ignore[attr-defined]
        else:
            operand = read_operand(condition.operand, type_, reading)
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


def read_cells(
    cells: Cells, types: Mapping[str, FieldType], reading: Reading = DEFAULT
) -> tuple[dict[str, Value | None], list[CellProblem]]:
    """Every declared field's value from a lead's cells; unreadable cells become problems and missing."""
    values: dict[str, Value | None] = {}
    problems: list[CellProblem] = []
    readers = reading.readers()
    for name, type_ in types.items():
        text = cells.get(name)
        trimmed = text.strip(SPACE_CHARS) if text else ""
        if not trimmed:
            values[name] = None
            continue
        try:
            values[name] = readers[type_](trimmed)
        except Unreadable as error:
            values[name] = None
            problems.append(CellProblem(name, trimmed, str(error)))
    return values, problems


def holds(condition: Condition, cells: Cells, fields: list[LeadField], reading: Reading = DEFAULT) -> bool:
    """Whether `condition` holds for a lead given as raw cells `{field id: text}`."""
    types = field_types(fields)
    values, _ = read_cells(cells, types, reading)
    return compile_condition(condition, types, reading=reading)(values, cells)


def target_first(qualification: Qualification, stage: str) -> bool:
    """Whether `stage`'s verdict needs the target verdict first (sales_ready, unless the sheet says otherwise)."""
    checklist = qualification.sales_ready
    return stage == "sales_ready" and checklist is not None and checklist.requires_target


class RuleSet:
    """One criteria set (`target` or `sales_ready`) compiled for evaluating many leads fast.

    `language` is the playbook's (`settings.language`): in `en` a lone comma groups thousands.
    """

    def __init__(
        self, qualification: Qualification, stage: str, labels: Mapping[str, str], language: str | None = None
    ) -> None:
        criteria = qualification.criteria(stage)
        if criteria is None:
            raise ValueError(f"qualification.yaml has no `{stage}` criteria")
        self.stage = stage
        self.reading = Reading.of(language)
        self.fields = qualification.fields
        self.types = field_types(qualification.fields)
        self.problems: list[RuleProblem] = []
        self.conditions: list[Condition] = list(criteria.require)
        self.require: list[tuple[str, Test]] = []
        for i, rule in enumerate(criteria.require):
            reason = rule.because or describe(rule, qualification.fields, labels)
            test = compile_condition(rule, self.types, self.problems, (stage, "require", i), self.reading)
            self.require.append((reason, test))
        self.score_conditions: list[Condition] = [s.when for s in criteria.score]
        self.score: list[tuple[str, int, Test]] = []
        for i, score_rule in enumerate(criteria.score):
            reason = score_rule.because or describe(score_rule.when, qualification.fields, labels)
            where = (stage, "score", i, "when")
            test = compile_condition(score_rule.when, self.types, self.problems, where, self.reading)
            self.score.append((reason, score_rule.points, test))
        self.min_score = criteria.min_score
        self.prerequisite: RuleSet | None = None
        self.short_of_target = ""
        """The reason given when a lead fails the prerequisite's score only."""
        if target_first(qualification, stage):
            self.prerequisite = RuleSet(qualification, "target", labels, language)
            template = labels["rule_target_first"]
            self.short_of_target = template.format(min_score=self.prerequisite.min_score)

    @property
    def reasons(self) -> list[str]:
        """Every reason `failed` may hold, in the order it would list them (keys of `failed_by_rule`)."""
        own = [reason for reason, _ in self.require]
        if self.prerequisite is None:
            return own
        before = [*self.prerequisite.reasons, self.short_of_target]
        return [*before, *(r for r in own if r not in before)]

    def fields_read(self, require_only: bool = False) -> list[str]:
        """The field ids the rules read (the prerequisite's first), in order of first use."""
        before = self.prerequisite.fields_read(require_only) if self.prerequisite else []
        own = fields_used(self.conditions if require_only else [*self.conditions, *self.score_conditions])
        return list(dict.fromkeys([*before, *own]))

    def judge(self, values: Values, cells: Cells) -> Verdict:
        """The verdict for a lead's read values."""
        failed = [reason for reason, test in self.require if not test(values, cells)]
        scored = [(reason, points) for reason, points, test in self.score if test(values, cells)]
        score = sum(points for _, points in scored)
        passed = not failed and score >= self.min_score
        if self.prerequisite is not None:
            first = self.prerequisite.judge(values, cells)
            if not first.target:
                before = first.failed or [self.short_of_target]
                failed = [*before, *(r for r in failed if r not in before)]
                passed = False
        return Verdict(passed, score, failed, scored)

    def evaluate(self, cells: Cells) -> tuple[Verdict, list[CellProblem]]:
        """The verdict for a lead given as raw cells, and the cells that could not be read."""
        values, problems = read_cells(cells, self.types, self.reading)
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


def rule_problems(qualification: Qualification, language: str | None = None) -> list[RuleProblem]:
    """Comparison values in `qualification.yaml` that cannot be read by their field's type, and bad `columns:`."""
    problems: list[RuleProblem] = []
    for stage in ("target", "sales_ready"):
        criteria = qualification.criteria(stage)
        if criteria is not None:
            reading = Reading.of(language)
            types = field_types(qualification.fields)
            for i, rule in enumerate(criteria.require):
                compile_condition(rule, types, problems, (stage, "require", i), reading)
            for i, score_rule in enumerate(criteria.score):
                compile_condition(score_rule.when, types, problems, (stage, "score", i, "when"), reading)
    return problems + column_problems(qualification)


def column_problems(qualification: Qualification) -> list[RuleProblem]:
    """`columns:` keys that are not a field id (nor `id`), and a column name given to two fields."""
    problems: list[RuleProblem] = []
    known = ["id", *(f.id for f in qualification.fields)]
    owner: dict[str, str] = {}
    for key in known:
        owner[key.strip().casefold()] = key
    for key, names in qualification.columns.items():
        if key not in known:
            problems.append(RuleProblem(("columns", key), f"`{key}` is not a field id of `fields` (nor `id`)"))
            continue
        for i, name in enumerate(names):
            folded = name.strip().casefold()
            if not folded:
                problems.append(RuleProblem(("columns", key, i), "an empty column name"))
                continue
            other = owner.setdefault(folded, key)
            if other != key:
                problems.append(RuleProblem(("columns", key, i), f"column `{name}` is already the column of `{other}`"))
    return problems
