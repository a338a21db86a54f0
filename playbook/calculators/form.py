"""A calculator as an interactive form: labelled inputs, live results, and its definition as a JSON data island.

The form is HTML with every value escaped; the compiled formulas, the words and the number reading
patterns travel in `<script type="application/json" data-pb-calculator>` (escaped by the one
`data_island` of `rules/browser.py`). The static script `generators/assets/calculator.js` evaluates them
with the same semantics as `calculators/engine.py`. Results for the starting values are written into
the page too, so it shows them before (or without) the script.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from playbook.calculators.numbers import format_value, plain_number
from playbook.calculators.program import InputSpec, Program
from playbook.generators import ASSETS
from playbook.rules.browser import data_island
from playbook.rules.values import COMMA_DECIMAL, GROUP_SPACES, NUMBER, SPACE

SCRIPT = ASSETS / "calculator.js"
"""The script running every calculator form of a page (static: it reads each form's data island)."""
STYLESHEET = ASSETS / "calculator.css"
FORM_LABELS = ("calc_not_a_number", "calc_at_least", "calc_at_most", "calc_no_result", "rule_yes", "rule_no")


def _h(text: object) -> str:
    return escape(str(text), quote=True)


def definition(calculator_id: str, program: Program, language: str, words: Mapping[str, str]) -> dict[str, Any]:
    """What the browser needs to run the calculator: inputs, compiled outputs, words and reading patterns."""
    return {
        "id": calculator_id,
        "language": language,
        "inputs": [_input_data(i, language) for i in program.inputs],
        "outputs": [{"id": o.id, "round": o.round, "tree": o.tree} for o in program.outputs],
        "labels": {key: words[key] for key in FORM_LABELS},
        "read": {
            "space": _js_class(SPACE),
            "groups": _js_class(GROUP_SPACES[1:-1]),
            "comma": COMMA_DECIMAL,
            "number": NUMBER,
        },
    }


def _input_data(spec: InputSpec, language: str) -> dict[str, Any]:
    """One input for the browser: its bounds as numbers, and as the words of its messages show them."""
    example = spec.default if isinstance(spec.default, float) else (spec.min if spec.min is not None else 1.0)
    return {
        "id": spec.id,
        "type": spec.type,
        "min": spec.min,
        "max": spec.max,
        "options": list(spec.options),
        "shown": {
            "example": plain_number(example, language),
            "min": plain_number(spec.min, language) if spec.min is not None else "",
            "max": plain_number(spec.max, language) if spec.max is not None else "",
        },
    }


def _js_class(chars: str) -> str:
    """A regex character-class body with every character escaped for JavaScript."""
    return "".join(c if c == "-" else f"\\u{ord(c):04x}" for c in chars)


def form_html(calculator_id: str, program: Program, language: str, words: Mapping[str, str]) -> str:
    """The form of one calculator; ids are prefixed with the calculator's, so several fit on one page."""
    prefix = f"pb-calc-{calculator_id}"
    results = program.run(program.defaults())
    lines = [f'<form class="pb-calc" data-pb-calc="{_h(calculator_id)}" novalidate autocomplete="off">']
    lines.append(f'<fieldset class="pb-calc__inputs"><legend>{_h(words["calc_inputs"])}</legend>')
    for spec in program.inputs:
        lines.append(_input(prefix, spec, language, words))
    lines.append("</fieldset>")
    lines.append(f'<div class="pb-calc__outputs"><p class="pb-calc__heading">{_h(words["calc_outputs"])}</p>')
    # The live region wraps the list: a role on the <dl> itself would take its <dt>/<dd> out of a list (axe dlitem).
    lines.append('<div role="status" aria-live="polite" aria-atomic="true"><dl>')
    every_input = " ".join(f"{prefix}-{i.id}" for i in program.inputs)
    for output in program.outputs:
        shown = format_value(results[output.id], language, output.round, dict(words))
        unit = f' <span class="pb-calc__unit">{_h(output.unit)}</span>' if output.unit else ""
        lines.append(
            f'<div class="pb-calc__output"><dt id="{prefix}-{output.id}-label">{_h(output.label)}</dt>'
            f'<dd><output id="{prefix}-{output.id}" for="{every_input}" data-pb-output="{output.id}" '
            f'aria-labelledby="{prefix}-{output.id}-label">{_h(shown)}</output>{unit}</dd></div>'
        )
    lines.append("</dl></div></div>")
    lines.append(
        f'<p class="pb-calc__buttons"><button type="reset" class="md-button">{_h(words["calc_reset"])}</button></p>'
    )
    lines.append(
        f'<script type="application/json" data-pb-calculator>'
        f"{data_island(definition(calculator_id, program, language, words))}</script>"
    )
    lines.append("</form>")
    return "\n".join(lines) + "\n"


def _input(prefix: str, spec: InputSpec, language: str, words: Mapping[str, str]) -> str:
    ident = f"{prefix}-{spec.id}"
    unit = f'<span class="pb-calc__unit" id="{ident}-unit">{_h(spec.unit)}</span>' if spec.unit else ""
    message = f'<span class="pb-calc__message" id="{ident}-message" data-pb-message="{spec.id}"></span>'
    described = f"{ident}-unit {ident}-message" if spec.unit else f"{ident}-message"
    common = f'id="{ident}" name="{spec.id}" aria-describedby="{described}"'
    if spec.type == "bool":
        checked = " checked" if spec.default is True else ""
        return (
            f'<p class="pb-calc__field pb-calc__field--bool"><input type="checkbox" value="true" {common}{checked}>'
            f'<label for="{ident}">{_h(spec.label)}</label>{message}</p>'
        )
    label = f'<label for="{ident}">{_h(spec.label)}</label>'
    if spec.type == "choice":
        options = "".join(
            f'<option value="{_h(o)}"{" selected" if o == spec.default else ""}>{_h(o)}</option>' for o in spec.options
        )
        control = f"<select {common}>{options}</select>"
    else:
        value = plain_number(spec.default, language) if isinstance(spec.default, float) else ""
        bounds = "".join(
            f' data-{name}="{_h(plain_number(bound, language))}"'
            for name, bound in (("min", spec.min), ("max", spec.max))
            if bound is not None
        )
        control = f'<input type="text" inputmode="decimal" {common} value="{_h(value)}"{bounds}>'
    return f'<p class="pb-calc__field">{label}<span class="pb-calc__control">{control}{unit}</span>{message}</p>'
