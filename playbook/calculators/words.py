"""Formulas in words, in the playbook's language: how a worksheet card (and the page) says what to work out.

`lifts * hour_rate` becomes "Lifts in the garage × Hourly rate", `if(a > 3, 1, 2)` becomes
"if … is more than 3: 1, otherwise 2". The result is HTML with every piece of content escaped;
names of inputs and outputs are marked so a card can set them apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from markupsafe import Markup

from playbook.calculators.engine import POWERS_OF_TEN
from playbook.calculators.numbers import plain_number
from playbook.calculators.syntax import Binary, Bool, Call, Name, Node, Number, Text, Unary

SYMBOLS = {"+": "+", "-": "\u2212", "*": "\u00d7", "/": "\u00f7"}
COMPARISON_WORDS = {"==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
_LEVEL = {"or": 1, "and": 2, "not": 3, "compare": 4, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7}
_ATOM = 9


def formula_words(node: Node, names: Mapping[str, str], language: str, words: Mapping[str, str]) -> Markup:
    """The formula `node` said in words; `names` gives each input's and output's label by id."""
    return Markup(_Words(names, language, words).say(node, 0))


def _fill(template: str, **values: str) -> str:
    """A label's `{placeholders}` replaced by already escaped HTML (the label's own text escaped)."""
    out = escape(template, quote=False)
    for key, value in values.items():
        out = out.replace("{" + key + "}", value)
    return out


class _Words:
    def __init__(self, names: Mapping[str, str], language: str, words: Mapping[str, str]) -> None:
        self.names = names
        self.language = language
        self.words = words

    def say(self, node: Node, outer: int, right: bool = False) -> str:
        text, level = self._say(node)
        if level < outer or (right and level == outer and level in (5, 6)):
            return f"({text})"
        return text

    def _say(self, node: Node) -> tuple[str, int]:
        w = self.words
        if isinstance(node, Number):
            return escape(plain_number(node.value, self.language)), _ATOM
        if isinstance(node, Text):
            return escape(w["rule_quoted"].replace("{value}", node.value), quote=False), _ATOM
        if isinstance(node, Bool):
            return escape(w["calc_word_true" if node.value else "calc_word_false"]), _ATOM
        if isinstance(node, Name):
            label = self.names.get(node.name, node.name)
            return f'<span class="calc-name">{escape(label, quote=False)}</span>', _ATOM
        if isinstance(node, Unary):
            if node.op == "-":
                return "\u2212" + self.say(node.operand, _LEVEL["neg"]), _LEVEL["neg"]
            return _fill(w["calc_word_not"], a=self.say(node.operand, 0)), _LEVEL["not"]
        if isinstance(node, Binary):
            return self._binary(node)
        assert isinstance(node, Call)
        return self._call(node), (0 if node.function == "if" else _ATOM)  # an `if` inside anything: in ()

    def _binary(self, node: Binary) -> tuple[str, int]:
        w = self.words
        if node.op in SYMBOLS:
            level = _LEVEL[node.op]
            left = self.say(node.left, level)
            right = self.say(node.right, level, right=True)
            return f"{left} {SYMBOLS[node.op]} {right}", level
        if node.op in COMPARISON_WORDS:
            level = _LEVEL["compare"]
            key = f"calc_word_{COMPARISON_WORDS[node.op]}"
            return _fill(w[key], a=self.say(node.left, level + 1), b=self.say(node.right, level + 1)), level
        level = _LEVEL[node.op]
        # `a and b or c`: the inner join gets parentheses, so the words keep their grouping
        left = self.say(node.left, level + 1 if _is_other_join(node.left, node.op) else level)
        right = self.say(node.right, level + 1)
        return _fill(w[f"calc_word_{node.op}"], a=left, b=right), level

    def _call(self, node: Call) -> str:
        w = self.words
        args = node.args
        if node.function == "if":
            return _fill(
                w["calc_word_if"],
                condition=self.say(args[0], 0),
                then=self.say(args[1], 0),
                otherwise=self.say(args[2], 0),
            )
        if node.function in ("min", "max"):
            values = escape(w["calc_word_list"], quote=False).join(self.say(a, 0) for a in args)
            return _fill(w[f"calc_word_{node.function}"], values=values)
        if node.function == "abs":
            return _fill(w["calc_word_abs"], a=self.say(args[0], _ATOM))
        value = self.say(args[0], _ATOM)
        digits = _round_digits(args[1]) if len(args) > 1 else 0
        if digits == 0:
            return _fill(w["calc_word_round_whole"], a=value)
        if digits < 0:
            return _fill(
                w["calc_word_round_tens"], a=value, power=escape(plain_number(POWERS_OF_TEN[-digits], self.language))
            )
        return _fill(w["calc_word_round"], a=value, digits=str(digits))


def _is_other_join(node: Node, op: str) -> bool:
    return isinstance(node, Binary) and node.op in ("and", "or") and node.op != op


def _round_digits(node: Node) -> int:
    if isinstance(node, Unary) and isinstance(node.operand, Number):
        return -int(node.operand.value)
    return int(node.value) if isinstance(node, Number) else 0
