"""A calculator file checked and compiled: inputs with typed defaults, outputs with formulas as JSON trees.

`compile_calculator` finds every problem of one calculator (ids, defaults, bounds, and in each
formula: syntax, unknown names, references to itself or to a later output, types, division by a
constant zero), each with where it is: the YAML location and, for a formula, the character offset
inside it. Without problems it gives the `Program` that the engine, the page, the card and
`playbook calc` all use.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Literal

from playbook.calculators.engine import Value, arithmetic, evaluate
from playbook.calculators.engine import run as run_outputs
from playbook.calculators.syntax import (
    FUNCTIONS,
    KEYWORDS,
    Binary,
    Bool,
    Call,
    Name,
    Node,
    Number,
    Text,
    Unary,
    parse,
)
from playbook.calculators.tokens import FormulaError
from playbook.model.calculator import Calculator, CalculatorInput
from playbook.rules.values import Unreadable, read_bool, read_number

Loc = tuple[str | int, ...]
Type = Literal["number", "text", "bool", "?"]
"""A formula's type; `?` after an error, so one mistake is reported once."""
NOUNS = {"number": "a number", "text": "text", "bool": "yes/no"}
ROUND_DIGITS = 15


@dataclass(frozen=True)
class Problem:
    """What is wrong, where in the file (`loc`), and where inside a formula (`offset`) when it is in one."""

    loc: Loc
    message: str
    offset: int | None = None


@dataclass(frozen=True)
class InputSpec:
    """An input ready to use: its default read by its type."""

    id: str
    label: str
    type: str
    default: float | str | bool | None
    min: float | None
    max: float | None
    unit: str | None
    options: tuple[str, ...]


@dataclass(frozen=True)
class OutputSpec:
    """An output ready to evaluate: its formula's syntax tree, its type and its compiled JSON tree."""

    id: str
    label: str
    unit: str | None
    round: int | None
    type: str
    syntax: Node
    tree: dict[str, Any]


@dataclass(frozen=True)
class Program:
    """A calculator without problems, ready to run and to show."""

    name: str
    inputs: tuple[InputSpec, ...]
    outputs: tuple[OutputSpec, ...]

    def run(self, values: dict[str, Value]) -> dict[str, Value]:
        return run_outputs([(o.id, o.tree, o.round) for o in self.outputs], values)

    def defaults(self) -> dict[str, Value]:
        return {i.id: i.default for i in self.inputs}


@dataclass
class _Compiled:
    problems: list[Problem] = field(default_factory=list)
    inputs: list[InputSpec] = field(default_factory=list)
    outputs: list[OutputSpec] = field(default_factory=list)


def compile_calculator(calculator: Calculator) -> tuple[Program | None, list[Problem]]:
    """The calculator's program, or None with every problem found in it."""
    done = _Compiled()
    _check_ids(calculator, done.problems)
    for i, spec in enumerate(calculator.inputs):
        read = _input(spec, ("inputs", i), done.problems)
        if read is not None:
            done.inputs.append(read)
    names: dict[str, Type] = {spec.id: _INPUT_TYPES[spec.type] for spec in calculator.inputs}
    choices = {spec.id: spec.options for spec in calculator.inputs if spec.type == "choice"}
    order = [o.id for o in calculator.outputs]
    for i, output in enumerate(calculator.outputs):
        loc: Loc = ("outputs", i, "formula")
        try:
            syntax = parse(output.formula)
        except FormulaError as error:
            done.problems.append(Problem(loc, f"formula of `{output.id}`: {error.message}", error.offset))
            names.setdefault(output.id, "?")
            continue
        checker = _Checker(output.id, names, set(order[i + 1 :]), choices)
        kind, _ = checker.check(syntax)
        done.problems += [Problem(loc, f"formula of `{output.id}`: {m}", at) for m, at in checker.problems]
        if kind == "bool":
            done.problems.append(
                Problem(
                    loc,
                    (
                        f"formula of `{output.id}`: type error: it gives yes/no, and a result is a number or a text; "
                        "write if(condition, 'yes', 'no')"
                    ),
                    0,
                )
            )
        if kind == "text" and output.round is not None:
            done.problems.append(
                Problem(("outputs", i, "round"), f"`round` is for number results; `{output.id}` is text")
            )
        names.setdefault(output.id, kind if not checker.problems else "?")
        if not checker.problems and kind in ("number", "text"):
            done.outputs.append(
                OutputSpec(output.id, output.label, output.unit, output.round, kind, syntax, to_tree(syntax))
            )
    if done.problems:
        return None, done.problems
    return Program(calculator.name, tuple(done.inputs), tuple(done.outputs)), []


_INPUT_TYPES: dict[str, Type] = {"number": "number", "choice": "text", "bool": "bool"}


def _check_ids(calculator: Calculator, problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    ids = [("inputs", i, spec.id) for i, spec in enumerate(calculator.inputs)]
    ids += [("outputs", i, output.id) for i, output in enumerate(calculator.outputs)]
    for part, i, item_id in ids:
        if item_id in KEYWORDS:
            message = f"`{item_id}` is a word of the formula language; choose another id"
            problems.append(Problem((part, i, "id"), message))
        elif item_id in seen:
            problems.append(Problem((part, i, "id"), f"duplicate id `{item_id}` (also {seen[item_id]})"))
        else:
            seen[item_id] = f"{part[:-1]} {i + 1}"


def _input(spec: CalculatorInput, loc: Loc, problems: list[Problem]) -> InputSpec | None:
    """The input with its default read by type; problems with the default, bounds or options."""
    before = len(problems)
    if spec.type != "choice" and spec.options:
        problems.append(Problem((*loc, "options"), f"`options` is for choice inputs; `{spec.id}` is {spec.type}"))
    if spec.type != "number":
        for bound in ("min", "max"):
            if getattr(spec, bound) is not None:
                problems.append(Problem((*loc, bound), f"`{bound}` is for number inputs; `{spec.id}` is {spec.type}"))
    if spec.min is not None and spec.max is not None and spec.min > spec.max:
        problems.append(Problem((*loc, "max"), f"`max` of `{spec.id}` is below its `min`"))
    default: float | str | bool | None = None
    raw = spec.default
    if spec.type == "choice":
        if not spec.options:
            problems.append(Problem(loc, f"choice input `{spec.id}` has no `options`"))
        duplicates = sorted({o for o in spec.options if spec.options.count(o) > 1})
        if duplicates:
            problems.append(Problem((*loc, "options"), f"option `{duplicates[0]}` of `{spec.id}` is listed twice"))
        if raw is None:
            default = spec.options[0] if spec.options else None
        elif str(raw) in spec.options:
            default = str(raw)
        else:
            problems.append(
                Problem(
                    (*loc, "default"),
                    f"default `{raw}` is not an option of `{spec.id}`{_did_you_mean(str(raw), spec.options)}",
                )
            )
    elif spec.type == "bool":
        try:
            default = False if raw is None else (raw if isinstance(raw, bool) else read_bool(str(raw)))
        except Unreadable:
            problems.append(Problem((*loc, "default"), f"default `{raw}` of `{spec.id}` is not yes/no (true or false)"))
    elif raw is not None:
        try:
            default = (
                float(raw) if isinstance(raw, float | int) and not isinstance(raw, bool) else read_number(str(raw))
            )
        except Unreadable:
            problems.append(Problem((*loc, "default"), f"default `{raw}` of `{spec.id}` is not a number"))
        else:
            problem = range_problem(spec.id, default, spec.min, spec.max)
            if problem:
                problems.append(Problem((*loc, "default"), f"default: {problem}"))
    if len(problems) > before:
        return None
    return InputSpec(spec.id, spec.label, spec.type, default, spec.min, spec.max, spec.unit, tuple(spec.options))


def range_problem(input_id: str, value: float, low: float | None, high: float | None) -> str | None:
    """Why `value` is outside an input's bounds, or None."""
    if low is not None and value < low:
        return f"`{input_id}` must be at least {_plain(low)} (found {_plain(value)})"
    if high is not None and value > high:
        return f"`{input_id}` must be at most {_plain(high)} (found {_plain(value)})"
    return None


def _plain(number: float) -> str:
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def _did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f", did you mean `{match[0]}`?" if match else ""


_NOT_CONSTANT = object()


class _Checker:
    """Types one formula, folding constants, collecting (message, offset) problems."""

    def __init__(self, output: str, names: dict[str, Type], later: set[str], choices: dict[str, list[str]]) -> None:
        self.output = output
        self.names = names
        self.later = later
        self.choices = choices
        self.problems: list[tuple[str, int]] = []

    def fail(self, message: str, node: Node | int) -> tuple[Type, object]:
        self.problems.append((message, node if isinstance(node, int) else node.start))
        return "?", _NOT_CONSTANT

    def check(self, node: Node) -> tuple[Type, object]:
        if isinstance(node, Number):
            return "number", node.value
        if isinstance(node, Text):
            return "text", node.value
        if isinstance(node, Bool):
            return "bool", node.value
        if isinstance(node, Name):
            return self.name(node), _NOT_CONSTANT
        if isinstance(node, Unary):
            return self.unary(node)
        if isinstance(node, Binary):
            return self.binary(node)
        assert isinstance(node, Call)
        return self.call(node)

    def name(self, node: Name) -> Type:
        name = node.name
        if name in self.names:
            return self.names[name]
        if name == self.output:
            self.fail(f"`{name}` is this output itself: a formula cannot use its own result", node)
        elif name in self.later:
            self.fail(
                f"`{name}` is an output below this one: a formula can use the inputs and the outputs above it "
                "(anything else would be a cycle)",
                node,
            )
        elif name in FUNCTIONS:
            self.fail(f"`{name}` is a function: write {name}(...)", node)
        else:
            known = [n for n in self.names if n != self.output]
            self.fail(f"unknown name `{name}`{_did_you_mean(name, known)}", node)
        return "?"

    def _want(self, kind: Type, node: Node, wanted: Type, what: str) -> bool:
        if kind in (wanted, "?"):
            return kind == wanted
        self.fail(f"type error: {what}, and {_shown(node)} is {NOUNS[kind]}", node)
        return False

    def unary(self, node: Unary) -> tuple[Type, object]:
        kind, value = self.check(node.operand)
        if node.op == "-":
            if not self._want(kind, node.operand, "number", "`-` works on numbers"):
                return "?", _NOT_CONSTANT
            return "number", (-value if isinstance(value, float) else _NOT_CONSTANT)
        if not self._want(kind, node.operand, "bool", "`not` works on conditions (yes/no)"):
            return "?", _NOT_CONSTANT
        return "bool", _NOT_CONSTANT

    def binary(self, node: Binary) -> tuple[Type, object]:
        left, left_value = self.check(node.left)
        right, right_value = self.check(node.right)
        op = node.op
        if op in ("and", "or"):
            ok = self._want(left, node.left, "bool", f"`{op}` joins conditions (yes/no)")
            ok = self._want(right, node.right, "bool", f"`{op}` joins conditions (yes/no)") and ok
            return ("bool" if ok else "?"), _NOT_CONSTANT
        if op in ("==", "!="):
            return self.equality(node, left, right)
        if op in ("<", "<=", ">", ">="):
            ok = self._want(left, node.left, "number", f"`{op}` compares numbers")
            ok = self._want(right, node.right, "number", f"`{op}` compares numbers") and ok
            return ("bool" if ok else "?"), _NOT_CONSTANT
        ok = self._want(left, node.left, "number", f"`{op}` works on numbers")
        ok = self._want(right, node.right, "number", f"`{op}` works on numbers") and ok
        if not ok:
            return "?", _NOT_CONSTANT
        if op == "/" and right_value == 0.0 and isinstance(right_value, float):
            return self.fail("division by zero: the divisor is always 0", node.right)
        if isinstance(left_value, float) and isinstance(right_value, float):
            folded = arithmetic(op, left_value, right_value)
            return "number", (folded if folded is not None else _NOT_CONSTANT)
        return "number", _NOT_CONSTANT

    def equality(self, node: Binary, left: Type, right: Type) -> tuple[Type, object]:
        if "?" in (left, right):
            return "?", _NOT_CONSTANT
        if left != right:
            return self.fail(
                f"type error: {_shown(node.left)} is {NOUNS[left]} and {_shown(node.right)} is {NOUNS[right]}, "
                f"so `{node.op}` cannot compare them",
                node.op_start,
            )
        for name, text in ((node.left, node.right), (node.right, node.left)):
            if isinstance(name, Name) and isinstance(text, Text) and name.name in self.choices:
                options = self.choices[name.name]
                if text.value not in options:
                    self.fail(
                        f"`{text.value}` is not an option of `{name.name}` ({', '.join(options)})"
                        + _did_you_mean(text.value, options),
                        text,
                    )
                    return "?", _NOT_CONSTANT
        return "bool", _NOT_CONSTANT

    def call(self, node: Call) -> tuple[Type, object]:
        function = node.function
        if function not in FUNCTIONS:
            if function in self.names or function in self.later or function == self.output:
                return self.fail(f"`{function}` is not a function", node)
            hint = _did_you_mean(function, FUNCTIONS)
            return self.fail(f"unknown function `{function}`{hint} (the functions are {', '.join(FUNCTIONS)})", node)
        args = [self.check(arg) for arg in node.args]
        if function == "if":
            return self.if_(node, args)
        if function == "round":
            return self.round_(node, args)
        if function == "abs" and len(args) != 1:
            return self.fail(f"`abs` takes one value: abs(x); found {len(args)}", node)
        if not args:
            return self.fail(f"`{function}` needs at least one value", node)
        ok = True
        for arg, (kind, _) in zip(node.args, args, strict=True):
            ok = self._want(kind, arg, "number", f"`{function}` works on numbers") and ok
        return ("number" if ok else "?"), _NOT_CONSTANT

    def if_(self, node: Call, args: list[tuple[Type, object]]) -> tuple[Type, object]:
        if len(args) != 3:
            return self.fail(f"`if` takes three values: if(condition, then, otherwise); found {len(args)}", node)
        (condition, _), (then, _), (otherwise, _) = args
        ok = self._want(condition, node.args[0], "bool", "the condition of `if` must be yes/no")
        if "?" in (then, otherwise):
            return "?", _NOT_CONSTANT
        if then != otherwise:
            return self.fail(
                f"type error: the two results of `if` must be of one type, and {_shown(node.args[1])} is "
                f"{NOUNS[then]} while {_shown(node.args[2])} is {NOUNS[otherwise]}",
                node.args[2],
            )
        return (then if ok else "?"), _NOT_CONSTANT

    def round_(self, node: Call, args: list[tuple[Type, object]]) -> tuple[Type, object]:
        usage = f"`round` takes a value and, optionally, whole decimals from -{ROUND_DIGITS} to {ROUND_DIGITS}: "
        usage += "round(x) or round(x, 2)"
        if len(args) not in (1, 2):
            return self.fail(usage, node)
        if len(args) == 2 and _digits(node.args[1]) is None:
            return self.fail(usage, node.args[1])
        if not self._want(args[0][0], node.args[0], "number", "`round` works on numbers"):
            return "?", _NOT_CONSTANT
        return "number", _NOT_CONSTANT


def _digits(node: Node) -> int | None:
    """A written whole number of decimals for `round` (`2`, `-1`), or None."""
    sign = 1
    if isinstance(node, Unary) and node.op == "-":
        sign, node = -1, node.operand
    if isinstance(node, Number) and node.value.is_integer() and abs(node.value) <= ROUND_DIGITS:
        return sign * int(node.value)
    return None


def _shown(node: Node) -> str:
    if isinstance(node, Name):
        return f"`{node.name}`"
    if isinstance(node, Number):
        return f"`{node.text}`"
    if isinstance(node, Text):
        return f"'{node.value}'"
    if isinstance(node, Bool):
        return f"`{'true' if node.value else 'false'}`"
    return "that part"


def to_tree(node: Node) -> dict[str, Any]:
    """The formula as plain JSON data, as both engines evaluate it."""
    if isinstance(node, Number):
        return {"num": node.value}
    if isinstance(node, Text):
        return {"text": node.value}
    if isinstance(node, Bool):
        return {"bool": node.value}
    if isinstance(node, Name):
        return {"var": node.name}
    if isinstance(node, Unary):
        return {"op": "neg" if node.op == "-" else "not", "a": to_tree(node.operand)}
    if isinstance(node, Binary):
        return {"op": node.op, "a": to_tree(node.left), "b": to_tree(node.right)}
    assert isinstance(node, Call)
    args = node.args
    if node.function == "if":
        return {"op": "if", "c": to_tree(args[0]), "a": to_tree(args[1]), "b": to_tree(args[2])}
    if node.function == "round":
        return {"op": "round", "a": to_tree(args[0]), "d": _digits(args[1]) if len(args) > 1 else 0}
    if node.function == "abs":
        return {"op": "abs", "a": to_tree(args[0])}
    return {"op": node.function, "args": [to_tree(a) for a in args]}


def constant(formula: str) -> Value:
    """The value of a formula without names (for tests and examples): parsed, checked and evaluated."""
    syntax = parse(formula)
    checker = _Checker("", {}, set(), {})
    checker.check(syntax)
    if checker.problems:
        message, offset = checker.problems[0]
        raise FormulaError(message, offset)
    return evaluate(to_tree(syntax), {})
