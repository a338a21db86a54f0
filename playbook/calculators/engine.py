"""The Python engine: evaluates a compiled formula (plain JSON data) exactly as `calculator.js` does in the browser.

Semantics both engines share, step by step (keep `generators/assets/calculator.js` in step):

- values are finite numbers (IEEE doubles), texts, yes/no, or *no value* (None / null);
- an operation on no value gives no value, except `and`/`or`: `false and x` is false and `true or x`
  is true whatever `x` is;
- a division by zero, or a result too large to be finite, gives no value;
- `if(c, a, b)` works out only the branch it takes;
- `min`/`max` keep the first of equal values; `round(x, d)` rounds half away from zero after
  scaling by a power of ten written out (never `10 ** d`), and leaves numbers of 2^52 and more alone;
- an output's own `round` applies to its value, which later formulas then use; -0 becomes 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

Value = float | str | bool | None
Tree = Mapping[str, Any]

POWERS_OF_TEN = (
    1.0,
    10.0,
    100.0,
    1000.0,
    10000.0,
    100000.0,
    1000000.0,
    10000000.0,
    100000000.0,
    1000000000.0,
    10000000000.0,
    100000000000.0,
    1000000000000.0,
    10000000000000.0,
    100000000000000.0,
    1000000000000000.0,
)
WHOLE_FROM = 4503599627370496.0
"""2^52: from here on every double is a whole number, so rounding leaves it as it is."""


def round_to(value: float, digits: int) -> float:
    """`value` rounded half away from zero to `digits` decimals (negative: to tens, hundreds, ...)."""
    scale = POWERS_OF_TEN[abs(digits)]
    scaled = value * scale if digits >= 0 else value / scale
    size = abs(scaled)
    if size >= WHOLE_FROM:
        return value
    whole = float(math.floor(size))
    if size - whole >= 0.5:
        whole += 1.0
    signed = whole if scaled >= 0 else -whole
    return signed / scale if digits >= 0 else signed * scale


def _finite(number: float) -> float | None:
    return number if math.isfinite(number) else None


def arithmetic(op: str, a: Value, b: Value) -> Value:
    """`a op b` for + - * /; no value when either is missing, when dividing by zero, or when not finite."""
    if not isinstance(a, float) or not isinstance(b, float):
        return None
    if op == "+":
        return _finite(a + b)
    if op == "-":
        return _finite(a - b)
    if op == "*":
        return _finite(a * b)
    if b == 0:
        return None
    return _finite(a / b)


def _compare(op: str, a: Value, b: Value) -> Value:
    if a is None or b is None:
        return None
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if not isinstance(a, float) or not isinstance(b, float):
        return None
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    return a >= b


def _extreme(op: str, values: Sequence[Value]) -> Value:
    best: float | None = None
    for value in values:
        if not isinstance(value, float):
            return None
        if best is None or (value < best if op == "min" else value > best):
            best = value
    return best


def evaluate(tree: Tree, env: Mapping[str, Value]) -> Value:
    """The value of one compiled formula, reading inputs and earlier outputs from `env`."""
    op = tree.get("op")
    if op is None:  # a leaf: {"num": 3}, {"text": "a"}, {"bool": true} or {"var": "id"}
        if "num" in tree:
            return float(tree["num"])
        if "text" in tree:
            return str(tree["text"])
        if "bool" in tree:
            return bool(tree["bool"])
        return env.get(tree["var"])
    if op == "if":
        condition = evaluate(tree["c"], env)
        if not isinstance(condition, bool):
            return None
        return evaluate(tree["a"] if condition else tree["b"], env)
    if op in ("and", "or"):
        a, b = evaluate(tree["a"], env), evaluate(tree["b"], env)
        decisive = op == "or"  # `true or x` is true, `false and x` is false
        if a is decisive or b is decisive:
            return decisive
        if not isinstance(a, bool) or not isinstance(b, bool):
            return None
        return not decisive
    if op == "not":
        value = evaluate(tree["a"], env)
        return (not value) if isinstance(value, bool) else None
    if op == "neg":
        value = evaluate(tree["a"], env)
        return -value if isinstance(value, float) else None
    if op == "abs":
        value = evaluate(tree["a"], env)
        return abs(value) if isinstance(value, float) else None
    if op == "round":
        value = evaluate(tree["a"], env)
        return round_to(value, int(tree["d"])) if isinstance(value, float) else None
    if op in ("min", "max"):
        return _extreme(op, [evaluate(arg, env) for arg in tree["args"]])
    a, b = evaluate(tree["a"], env), evaluate(tree["b"], env)
    if op in ("+", "-", "*", "/"):
        return arithmetic(op, a, b)
    return _compare(op, a, b)


def finish(value: Value, digits: int | None) -> Value:
    """An output's value as shown and as later formulas see it: rounded when it says so, never -0."""
    if not isinstance(value, float):
        return value
    if digits is not None:
        value = round_to(value, digits)
    return value + 0.0


def run(outputs: Sequence[tuple[str, Tree, int | None]], inputs: Mapping[str, Value]) -> dict[str, Value]:
    """Every output's value, in order: (id, compiled formula, round) each; inputs by id."""
    env: dict[str, Value] = dict(inputs)
    results: dict[str, Value] = {}
    for output_id, tree, digits in outputs:
        env[output_id] = results[output_id] = finish(evaluate(tree, env), digits)
    return results
