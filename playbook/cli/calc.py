"""`playbook calc ID`: a calculator's outputs from its inputs, with the same engine as the page's form.

Values given with `--set input=value` are read like the form reads them (numbers with a `.` or `,`
decimal mark and spaces between digit groups; a choice by its option; yes/no). An unknown calculator
or input, or a value that cannot be used, is a usage error (exit 2) in one sentence.
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import click

from playbook.calculators.engine import Value
from playbook.calculators.numbers import format_value, json_value
from playbook.calculators.program import InputSpec, Program, compile_calculator, range_problem
from playbook.cli.options import load_or_exit, project_option, project_root
from playbook.labels import labels as catalog
from playbook.rules.values import Unreadable, fold, read_bool, read_number


class _Usage(click.ClickException):
    """A usage error printed as one sentence, `Error: ...`, exit 2 (as `qualify` prints its usage errors)."""

    exit_code = 2


@click.command()
@click.argument("calculator_id", metavar="ID")
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="INPUT=VALUE",
    help="An input's value instead of its default (repeatable), e.g. --set lifts=6.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@project_option
@click.pass_context
def calc(
    ctx: click.Context, calculator_id: str, settings: tuple[str, ...], fmt: str, project_override: Path | None
) -> None:
    """A calculator's outputs, from its defaults and the values given with --set."""
    root = project_root(ctx, project_override)
    playbook = load_or_exit(root, warnings=False)
    calculator_id = calculator_id.removeprefix("calculators/")
    if calculator_id not in playbook.calculators:
        known = list(playbook.calculators)
        raise _Usage(f"there is no calculator `{calculator_id}`{_hint(calculator_id, known)}")
    program, _ = compile_calculator(playbook.calculators[calculator_id])
    assert program is not None  # load_or_exit stopped on any problem of a calculator
    values = _values(program, settings)
    results = program.run(values)
    if fmt == "json":
        data = {
            "inputs": {key: json_value(value) for key, value in values.items()},
            "outputs": {key: json_value(value) for key, value in results.items()},
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    language = playbook.settings.language
    words = {**catalog("en"), **catalog(language)}
    lines = [program.name, "", words["calc_inputs"]]
    for spec in program.inputs:
        lines.append(_line(spec.label, format_value(values[spec.id], language, None, words), spec.unit))
    lines += ["", words["calc_outputs"]]
    for output in program.outputs:
        lines.append(_line(output.label, format_value(results[output.id], language, output.round, words), output.unit))
    sys.stdout.buffer.write(("\n".join(lines) + "\n").encode("utf-8"))
    sys.stdout.flush()


def _line(label: str, shown: str, unit: str | None) -> str:
    return f"  {label}: {shown}" + (f" {unit}" if unit and shown != "\u2014" else "")


def _hint(word: str, known: list[str]) -> str:
    match = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    if match:
        return f"; did you mean `{match[0]}`?"
    return f"; the calculators are: {', '.join(known)}" if known else "; this playbook has no data/calculators/ yet"


def _values(program: Program, settings: tuple[str, ...]) -> dict[str, Value]:
    """Each input's value: its default, or what `--set` gave, read by its type."""
    specs = {spec.id: spec for spec in program.inputs}
    values: dict[str, Value] = program.defaults()
    for setting in settings:
        name, equals, text = setting.partition("=")
        name = name.strip()
        if not equals or not name:
            raise _Usage(f"--set wants INPUT=VALUE, e.g. --set {next(iter(specs), 'lifts')}=6 (found `{setting}`)")
        if name not in specs:
            known = ", ".join(specs) or "none"
            match = difflib.get_close_matches(name, list(specs), n=1, cutoff=0.6)
            hint = f"did you mean `{match[0]}`?" if match else f"its inputs are: {known}"
            raise _Usage(f"the calculator has no input `{name}`; {hint}")
        values[name] = _read(specs[name], text)
    missing = [spec.id for spec in program.inputs if values[spec.id] is None]
    if missing:
        raise _Usage(f"input `{missing[0]}` has no default: give it with --set {missing[0]}=VALUE")
    return values


def _read(spec: InputSpec, text: str) -> Value:
    """A `--set` value read by the input's type; a usage error when it cannot be used."""
    if spec.type == "choice":
        chosen = next((o for o in spec.options if o == text), None) or next(
            (o for o in spec.options if fold(o) == fold(text)), None
        )
        if chosen is None:
            raise _Usage(f"`{text}` is not an option of `{spec.id}`; choose one of: {', '.join(spec.options)}")
        return chosen
    try:
        if spec.type == "bool":
            return read_bool(text)
        number = read_number(text)
    except Unreadable:
        what = "yes/no (true/false, yes/no or 1/0)" if spec.type == "bool" else "a number"
        raise _Usage(f"`{text}` is not {what} for `{spec.id}`") from None
    problem = range_problem(spec.id, number, spec.min, spec.max)
    if problem:
        raise _Usage(problem)
    return number


COMMANDS = (calc,)
