"""The formula's syntax tree and the recursive-descent parser that builds it, each node with its position.

Grammar, loosest first (a comparison does not chain: `a < b < c` is a syntax error):

    formula    := or END
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := "-" unary | primary
    primary    := NUMBER | TEXT | "true" | "false" | NAME | NAME "(" [or ("," or)*] ")" | "(" or ")"
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from playbook.calculators.tokens import FormulaError, Token, tokenize

MAX_DEPTH = 60
"""How deeply a formula may nest (parentheses, `not`, signs, calls)."""
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
FUNCTIONS = ("abs", "if", "max", "min", "round")
KEYWORDS = frozenset({"and", "or", "not", "true", "false", *FUNCTIONS})
"""Words of the language: never an input's or an output's id."""


@dataclass(frozen=True)
class Node:
    """Where a node's text starts and ends in the formula (character offsets)."""

    start: int
    end: int


@dataclass(frozen=True)
class Number(Node):
    value: float
    text: str


@dataclass(frozen=True)
class Text(Node):
    value: str


@dataclass(frozen=True)
class Bool(Node):
    value: bool


@dataclass(frozen=True)
class Name(Node):
    name: str


@dataclass(frozen=True)
class Unary(Node):
    op: str
    """`-` or `not`."""
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str
    """An arithmetic operator, a comparison, `and` or `or`."""
    left: Node
    right: Node
    op_start: int


@dataclass(frozen=True)
class Call(Node):
    function: str
    args: tuple[Node, ...]


def parse(formula: str) -> Node:
    """The syntax tree of `formula`; raises FormulaError (with its offset) on the first syntax error."""
    return _Parser(tokenize(formula)).formula()


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.i]

    def _next(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def _is(self, kind: str, *texts: str) -> bool:
        token = self.token
        return token.kind == kind and (not texts or token.text in texts)

    def _expect(self, text: str, what: str) -> Token:
        if not self._is("op", text):
            raise FormulaError(f"syntax error: expected {what}, found {_describe(self.token)}", self.token.start)
        return self._next()

    def _deeper(self, opening: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError(f"syntax error: the formula nests more than {MAX_DEPTH} levels deep", opening.start)

    def formula(self) -> Node:
        if self._is("end"):
            raise FormulaError("syntax error: the formula is empty", 0)
        node = self.or_()
        if not self._is("end"):
            token = self.token
            if token.kind == "op" and token.text in COMPARISONS:
                message = "syntax error: comparisons do not chain; join them with `and`"
            elif token.kind == "op" and token.text == ")":
                message = "syntax error: this `)` closes nothing"
            else:
                message = f"syntax error: expected an operator or the end of the formula, found {_describe(token)}"
            raise FormulaError(message, token.start)
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self._is("name", "or"):
            op = self._next()
            right = self.and_()
            node = Binary(node.start, right.end, "or", node, right, op.start)
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self._is("name", "and"):
            op = self._next()
            right = self.not_()
            node = Binary(node.start, right.end, "and", node, right, op.start)
        return node

    def not_(self) -> Node:
        if self._is("name", "not"):
            op = self._next()
            self._deeper(op)
            operand = self.not_()
            self.depth -= 1
            return Unary(op.start, operand.end, "not", operand)
        return self.comparison()

    def comparison(self) -> Node:
        node = self.sum()
        if self._is("op", *COMPARISONS):
            op = self._next()
            right = self.sum()
            node = Binary(node.start, right.end, op.text, node, right, op.start)
        return node

    def sum(self) -> Node:
        node = self.product()
        while self._is("op", "+", "-"):
            op = self._next()
            right = self.product()
            node = Binary(node.start, right.end, op.text, node, right, op.start)
        return node

    def product(self) -> Node:
        node = self.unary()
        while self._is("op", "*", "/"):
            op = self._next()
            right = self.unary()
            node = Binary(node.start, right.end, op.text, node, right, op.start)
        return node

    def unary(self) -> Node:
        if self._is("op", "-"):
            op = self._next()
            self._deeper(op)
            operand = self.unary()
            self.depth -= 1
            return Unary(op.start, operand.end, "-", operand)
        return self.primary()

    def primary(self) -> Node:
        token = self.token
        if token.kind == "number":
            self._next()
            value = float(token.text)
            if not math.isfinite(value):
                raise FormulaError(f"syntax error: `{token.text}` is too large a number", token.start)
            return Number(token.start, token.end, value, token.text)
        if token.kind == "text":
            self._next()
            return Text(token.start, token.end, token.text)
        if token.kind == "name":
            self._next()
            if token.text in ("true", "false"):
                return Bool(token.start, token.end, token.text == "true")
            if token.text in ("and", "or", "not"):
                raise FormulaError(f"syntax error: `{token.text}` needs a condition before it", token.start)
            if self._is("op", "("):
                return self.call(token)
            return Name(token.start, token.end, token.text)
        if token.kind == "op" and token.text == "(":
            self._next()
            self._deeper(token)
            node = self.or_()
            self.depth -= 1
            close = self._expect(")", "`)`")
            return _spanned(node, token.start, close.end)
        raise FormulaError(f"syntax error: expected a value, found {_describe(token)}", token.start)

    def call(self, name: Token) -> Node:
        self._deeper(self._next())  # (
        args: list[Node] = []
        if not self._is("op", ")"):
            args.append(self.or_())
            while self._is("op", ","):
                self._next()
                args.append(self.or_())
        close = self._expect(")", "`,` or `)`")
        self.depth -= 1
        return Call(name.start, close.end, name.text, tuple(args))


def _spanned(node: Node, start: int, end: int) -> Node:
    """`node` with its parentheses counted in its span (so a message about it underlines them too)."""
    fields = {k: getattr(node, k) for k in node.__dataclass_fields__ if k not in ("start", "end")}
    return type(node)(start=start, end=end, **fields)


def _describe(token: Token) -> str:
    if token.kind == "end":
        return "the end of the formula"
    if token.kind == "text":
        return "a text"
    return f"`{token.text}`"
