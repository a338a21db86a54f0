"""Splits a formula into tokens, each with its offset: the first step of reading a formula (no `eval`).

Anything that looks like a way into Python (`__class__`, `x.y`, `[0]`, `lambda`, `**`) is a syntax
error here, before the parser ever sees it.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from typing import Literal

TokenKind = Literal["number", "text", "name", "op", "end"]

MAX_LENGTH = 2000
"""Characters a formula may have."""
OPERATORS = ("==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "(", ")", ",")
PYTHON_WORDS = frozenset(keyword.kwlist) - {"and", "or", "not", "if"}
"""Python's words: never names in a formula, so a formula cannot even look like Python."""

_NUMBER = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_SPACE = " \t\r\n"
_HINTS = {
    ".": "`.` is not part of the formula language: it reads inputs and outputs by their id only",
    "[": "brackets are not part of the formula language",
    "]": "brackets are not part of the formula language",
    "{": "braces are not part of the formula language",
    "}": "braces are not part of the formula language",
    "_": "a name starts with a letter",
    "=": "use `==` to compare",
    "!": "use `not` to negate, `!=` for 'is not'",
    "&": "use `and`",
    "|": "use `or`",
    "%": "`%` is not an operator of the formula language",
    "^": "`^` is not an operator of the formula language",
    ";": "a formula is one expression",
    ":": "a formula is one expression",
    "@": "`@` is not part of the formula language",
    "\\": "`\\` is not part of the formula language",
    "`": "use ' or \" around text",
}


class FormulaError(Exception):
    """A problem in a formula: what is wrong, and at which character of the formula it starts."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class Token:
    """One token: its kind, its text (a text literal without its quotes) and where it starts and ends."""

    kind: TokenKind
    text: str
    start: int
    end: int


def tokenize(formula: str) -> list[Token]:
    """The tokens of `formula`, ending with an `end` token; raises FormulaError at the first bad character."""
    if len(formula) > MAX_LENGTH:
        raise FormulaError(f"syntax error: a formula has at most {MAX_LENGTH} characters", MAX_LENGTH)
    tokens: list[Token] = []
    i = 0
    while i < len(formula):
        char = formula[i]
        if char in _SPACE:
            i += 1
            continue
        number = _NUMBER.match(formula, i)
        if number:
            end = number.end()
            if end < len(formula) and (formula[end].isalnum() or formula[end] in "._"):
                raise FormulaError(f"syntax error: `{formula[i : end + 1]}` is not a number", i)
            tokens.append(Token("number", number.group(), i, end))
            i = end
            continue
        name = _NAME.match(formula, i)
        if name:
            word = name.group()
            if word in PYTHON_WORDS:
                raise FormulaError(f"syntax error: `{word}` is not part of the formula language", i)
            tokens.append(Token("name", word, i, name.end()))
            i = name.end()
            continue
        if char in "'\"":
            close = formula.find(char, i + 1)
            if close < 0:
                raise FormulaError(f"syntax error: the text starting here has no closing {char}", i)
            tokens.append(Token("text", formula[i + 1 : close], i, close + 1))
            i = close + 1
            continue
        operator = next((op for op in OPERATORS if formula.startswith(op, i)), None)
        if operator is not None and not formula.startswith("**", i):
            tokens.append(Token("op", operator, i, i + len(operator)))
            i += len(operator)
            continue
        if formula.startswith("**", i):
            raise FormulaError("syntax error: `**` is not an operator of the formula language; multiply instead", i)
        hint = _HINTS.get(char)
        shown = char if char.isprintable() else f"U+{ord(char):04X}"
        raise FormulaError(f"syntax error: unexpected `{shown}`" + (f" ({hint})" if hint else ""), i)
    tokens.append(Token("end", "", len(formula), len(formula)))
    return tokens
