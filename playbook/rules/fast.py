"""The rules compiled for streaming a large export: each row costs a few dictionary look-ups.

`qualify` must keep pace with a bare `csv.DictReader` loop over the same file. Every rule of the
language is a boolean formula over *atoms*, comparisons that each read one field. So, once per
sheet, the atoms are numbered; per field, a memo maps a raw cell to the bits of the atoms that
hold for it (plus one bit saying the cell is unreadable), computed by `rules/evaluate.py`'s own
closures the first time the cell's text is met. Per row, the bits of its cells are OR-ed
together (in C: `map` over the memos, `functools.reduce`), and a second memo maps those bits to
the verdict. The verdict is therefore `RuleSet.judge`'s, by construction; the memos are bounded
so memory stays flat whatever the file's size.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from playbook.model.qualification import Condition, FieldType
from playbook.rules.evaluate import RuleSet, Test, Verdict, compile_condition
from playbook.rules.values import SPACE_CHARS, Reading, Unreadable, Value

MEMO_LIMIT = 50_000
"""Distinct cells remembered per field (and distinct verdicts): beyond it, cells are judged each time."""

Mask = int
Formula = Callable[[Mask], bool]


class _Memo(dict[str, Mask]):
    """Raw cell → bits of the atoms that hold for it; computes a cell the first time it is asked."""

    def __init__(self, compute: Callable[[str], Mask]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, cell: str) -> Mask:
        bits = self.compute(cell)
        if len(self) < MEMO_LIMIT:
            self[cell] = bits
        return bits


@dataclass
class _Atom:
    field: str
    test: Test
    bit: Mask


class FastJudge:
    """`rules` compiled over an export's columns: `mask(row)` then `verdict(mask)`.

    `index` maps field ids to the export's column positions; a field without a column reads as an
    empty cell for every lead. Rows must be at least `width` cells long (pad short rows).
    """

    def __init__(self, rules: RuleSet, index: Mapping[str, int]) -> None:
        self.rules = rules
        self._atoms: list[_Atom] = []
        self._by_field: dict[str, list[_Atom]] = {}
        reading = rules.reading
        types = rules.types
        formulas = self._compile_set(rules, types, reading)
        self._require, self._score = formulas
        self._prerequisite = self._compile_set(rules.prerequisite, types, reading) if rules.prerequisite else None
        fields = list(types)
        self.problem_bits: dict[str, Mask] = {}
        for name in fields:
            self.problem_bits[name] = 1 << (len(self._atoms) + len(self.problem_bits))
        self.any_problem: Mask = functools.reduce(operator.or_, self.problem_bits.values(), 0)
        self.atom_bits: Mask = (1 << len(self._atoms)) - 1
        """The bits the verdict depends on (`mask & atom_bits`: rows with the same verdict share it)."""
        memos: list[_Memo] = []
        columns: list[int] = []
        self.base: Mask = 0
        for name in fields:
            compute = self._cell_bits(name, types[name], reading)
            if name in index:
                memos.append(_Memo(compute))
                columns.append(index[name])
            else:
                self.base |= compute("")
        self.width = max(columns, default=-1) + 1
        self._columns = columns
        self._memos = memos
        self._getter: Callable[[Sequence[str]], Iterable[str]] | None = None
        if len(columns) == 1:
            only = columns[0]
            self._getter = lambda row: (row[only],)
        elif columns:
            self._getter = operator.itemgetter(*columns)
        self._verdicts: dict[Mask, Verdict] = {}

    def _compile_set(
        self, rules: RuleSet, types: Mapping[str, FieldType], reading: Reading
    ) -> tuple[list[tuple[str, Formula]], list[tuple[int, Formula]]]:
        require = [
            (reason, self._formula(c, types, reading))
            for (reason, _), c in zip(rules.require, rules.conditions, strict=True)
        ]
        score = [
            (points, self._formula(c, types, reading))
            for (_, points, _), c in zip(rules.score, rules.score_conditions, strict=True)
        ]
        return require, score

    def _formula(self, condition: Condition, types: Mapping[str, FieldType], reading: Reading) -> Formula:
        op = condition.operator
        if op in ("all", "any"):
            parts = [
                self._formula(c, types, reading) for c in (condition.all_ if op == "all" else condition.any_) or []
            ]
            if op == "all":
                return lambda mask: all(p(mask) for p in parts)
            return lambda mask: any(p(mask) for p in parts)
        if op == "not":
            assert condition.not_ is not None
            inner = self._formula(condition.not_, types, reading)
            return lambda mask: not inner(mask)
        assert condition.field is not None
        bit = 1 << len(self._atoms)
        atom = _Atom(condition.field, compile_condition(condition, types, reading=reading), bit)
        self._atoms.append(atom)
        self._by_field.setdefault(condition.field, []).append(atom)
        return lambda mask: bool(mask & bit)

    def _cell_bits(self, name: str, type_: FieldType, reading: Reading) -> Callable[[str], Mask]:
        atoms = self._by_field.get(name, [])
        read = reading.readers()[type_]
        problem = self.problem_bits[name]

        def compute(cell: str) -> Mask:
            trimmed = cell.strip(SPACE_CHARS)
            value: Value | None = None
            bits = 0
            if trimmed:
                try:
                    value = read(trimmed)
                except Unreadable:
                    bits = problem
            values = {name: value}
            cells = {name: cell}
            for atom in atoms:
                if atom.test(values, cells):
                    bits |= atom.bit
            return bits

        return compute

    def mask(self, row: Sequence[str]) -> Mask:
        """The bits of a row (at least `width` cells long)."""
        memos, getter, base = self.parts()
        return base | sum(map(dict.__getitem__, memos, getter(row)))

    def parts(self) -> tuple[list[_Memo], Callable[[Sequence[str]], Iterable[str]], Mask]:
        """What `mask` uses, for a caller's own loop: `base | sum(map(dict.__getitem__, memos, getter(row)))`.

        Each field's bits are its own, so their sum is their union.
        """
        getter = self._getter or _nothing
        return self._memos, getter, self.base

    def columns(self) -> tuple[list[tuple[_Memo, Callable[[Sequence[str]], str]]], Mask]:
        """Per field read, its memo and the getter of its cell; and the bits of the fields without a column."""
        return [(memo, operator.itemgetter(i)) for memo, i in zip(self._memos, self._columns, strict=True)], self.base

    def verdict(self, mask: Mask) -> Verdict:
        """The verdict of a row's bits (the same object for the same bits: do not change it)."""
        mask &= self.atom_bits
        found = self._verdicts.get(mask)
        if found is None:
            found = self._judge(mask)
            if len(self._verdicts) < MEMO_LIMIT:
                self._verdicts[mask] = found
        return found

    def _judge(self, mask: Mask) -> Verdict:
        rules = self.rules
        failed = [reason for reason, formula in self._require if not formula(mask)]
        scored = [(reason, points) for (reason, _, _), (points, formula) in zip(rules.score, self._score, strict=True)]
        scored = [pair for pair, (_, formula) in zip(scored, self._score, strict=True) if formula(mask)]
        score = sum(points for _, points in scored)
        passed = not failed and score >= rules.min_score
        if self._prerequisite is not None and rules.prerequisite is not None:
            require, scores = self._prerequisite
            first_failed = [reason for reason, formula in require if not formula(mask)]
            first_score = sum(points for points, formula in scores if formula(mask))
            if first_failed or first_score < rules.prerequisite.min_score:
                before = first_failed or [rules.short_of_target]
                failed = [*before, *(r for r in failed if r not in before)]
                passed = False
        return Verdict(passed, score, failed, scored)

    def problem_fields(self, mask: Mask) -> list[str]:
        """The fields whose cells could not be read, in declaration order."""
        return [name for name, bit in self.problem_bits.items() if mask & bit]


def _nothing(row: Sequence[str]) -> tuple[str, ...]:
    return ()
