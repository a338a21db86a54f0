"""Checks of `data/calculators/`: every formula compiles, and `used_on` names pages that exist.

A problem inside a formula points at its character: the value's line and column plus the offset in
the formula, counting the quote and the doubled or escaped quotes before it. A formula written over
several lines (a block or folded scalar) is reported at the start of its value.
"""

from __future__ import annotations

from collections.abc import Collection
from difflib import get_close_matches

from playbook.calculators.program import Problem, compile_calculator
from playbook.diagnostics import Diagnostic
from playbook.loading.yaml_reader import SourceMap
from playbook.model import Playbook

USED_ON_KINDS = ("objections", "competitors", "products")


def check_calculators(playbook: Playbook, sources: dict[str, SourceMap]) -> list[Diagnostic]:
    """Every problem of every calculator, each at its position."""
    found: list[Diagnostic] = []
    for calculator_id, calculator in playbook.calculators.items():
        source = sources[f"calculators/{calculator_id}"]
        _, problems = compile_calculator(calculator)
        for problem in problems:
            found.append(_located(source, problem, _formula(calculator, problem)))
        found += _used_on(playbook, source, calculator.used_on)
    return found


def _formula(calculator: object, problem: Problem) -> str:
    if problem.offset is None or len(problem.loc) != 3 or problem.loc[0] != "outputs":
        return ""
    outputs = getattr(calculator, "outputs", [])
    index = problem.loc[1]
    return str(outputs[index].formula) if isinstance(index, int) and index < len(outputs) else ""


def _located(source: SourceMap, problem: Problem, formula: str) -> Diagnostic:
    line, column = source.where(problem.loc)
    if problem.offset is not None:
        column += within(formula, problem.offset, source.styles.get(problem.loc, ""))
    return Diagnostic(source.path, line, column, problem.message)


def within(formula: str, offset: int, style: str) -> int:
    """Columns from the start of a YAML value to the formula's character `offset`, as the value was written."""
    if "\n" in style or style in ("|", ">"):
        return 0  # over several lines: the start of the value
    before = formula[:offset]
    if style == "'":
        return 1 + offset + before.count("'")  # a quote inside is written twice
    if style == '"':
        return 1 + offset + before.count('"') + before.count("\\")  # escaped with a backslash
    return offset


def _used_on(playbook: Playbook, source: SourceMap, used_on: list[str]) -> list[Diagnostic]:
    groups: dict[str, Collection[str]] = {
        "objections": playbook.objections,
        "competitors": playbook.competitors,
        "products": playbook.products,
    }
    found = []
    for i, key in enumerate(used_on):
        kind, _, item = key.strip().partition("/")
        if kind not in groups or not item or "/" in item:
            message = f"`used_on: {key}` must be objections/<id>, competitors/<id> or products/<id>"
        elif item not in groups[kind]:
            if f"{kind}/{item}" in playbook.incomplete:  # its file did not validate: reported there already
                continue
            match = get_close_matches(item, list(groups[kind]), n=1)
            message = f"unknown {kind[:-1]} `{item}` in `used_on`" + (f", did you mean `{match[0]}`?" if match else "")
        else:
            continue
        line, column = source.where(("used_on", i))
        found.append(Diagnostic(source.path, line, column, message))
    return found
