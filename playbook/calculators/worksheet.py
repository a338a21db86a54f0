"""What a calculator's worksheet shows: each input with a hint, each result with its formula in words.

The worksheet card (`generators/cards/calculator.html.j2`) and the calculator's page both show this,
so a seller without a screen works out the same numbers by hand, in the same order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from playbook.calculators.numbers import format_number
from playbook.calculators.program import Program
from playbook.calculators.words import formula_words


@dataclass(frozen=True)
class Line:
    """One line to fill in: what, how (a hint or the formula in words), and the unit."""

    id: str
    label: str
    how: Markup | str
    unit: str


@dataclass(frozen=True)
class Worksheet:
    inputs: list[Line]
    outputs: list[Line]


def worksheet(program: Program, language: str, words: Mapping[str, str]) -> Worksheet:
    """The lines of `program`'s worksheet, in the playbook's language."""
    names = {i.id: i.label for i in program.inputs} | {o.id: o.label for o in program.outputs}
    inputs = []
    for spec in program.inputs:
        if spec.type == "choice":
            hint = words["calc_card_choose"].replace("{options}", " / ".join(spec.options))
        elif spec.type == "bool":
            hint = words["calc_card_yes_no"]
        elif isinstance(spec.default, float):
            hint = words["calc_card_default"].replace("{value}", format_number(spec.default, language))
        else:
            hint = ""
        inputs.append(Line(spec.id, spec.label, hint, spec.unit or ""))
    outputs = [
        Line(o.id, o.label, formula_words(o.syntax, names, language, words), o.unit or "") for o in program.outputs
    ]
    return Worksheet(inputs, outputs)
