"""Numbers for people in the playbook's language, as the browser's `Intl.NumberFormat(language)` writes them.

The page formats its results with `Intl.NumberFormat`; `playbook calc` and the worksheet card use
`format_number`, which follows the same CLDR conventions for the five languages (digit groups,
decimal mark, minus sign, Polish not grouping four-digit numbers) and the same rounding: the
shortest decimal of the double, rounded half away from zero. A test compares both in Chromium.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass

from playbook.calculators.engine import Value


@dataclass(frozen=True)
class NumberStyle:
    """How one language writes numbers."""

    group: str
    decimal: str
    minus: str = "-"
    min_grouping: int = 1
    """Digits a number needs beyond the first group before groups are separated (Polish: 2)."""


STYLES = {
    "en": NumberStyle(",", "."),
    "ru": NumberStyle("\u00a0", ","),
    "lt": NumberStyle("\u00a0", ",", minus="\u2212"),
    "pl": NumberStyle("\u00a0", ",", min_grouping=2),
    "ro": NumberStyle(".", ","),
}
MAX_FRACTION = 3
"""Decimals shown of a result without `round` (as `Intl.NumberFormat` by default)."""
_WIDE = decimal.Context(prec=400)
"""Room for every digit of the largest double (1.8e308) and its decimals."""


def format_number(value: float, language: str, digits: int | None = None) -> str:
    """`value` for people: grouped, with the language's decimal mark; `digits` decimals exactly, else up to 3."""
    style = STYLES.get(language, STYLES["en"])
    shown = max(digits, 0) if digits is not None else MAX_FRACTION
    exact = decimal.Decimal(repr(float(value)))
    rounded = exact.quantize(decimal.Decimal(1).scaleb(-shown), rounding=decimal.ROUND_HALF_UP, context=_WIDE)
    text = f"{rounded.copy_abs():f}"
    whole, _, fraction = text.partition(".")
    if digits is None:
        fraction = fraction.rstrip("0")
    if len(whole) >= 4 + style.min_grouping - 1:
        groups: list[str] = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = style.group.join([whole, *groups])
    sign = style.minus if rounded < 0 else ""  # a negative number rounded to zero shows no sign
    return sign + whole + (style.decimal + fraction if fraction else "")


def plain_number(value: float, language: str) -> str:
    """A number as a person would type it back into the form: no digit groups, the language's decimal mark."""
    text = f"{decimal.Decimal(repr(float(value))):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", STYLES.get(language, STYLES["en"]).decimal)


def format_value(value: Value, language: str, digits: int | None, words: dict[str, str]) -> str:
    """Any value of a calculator for people: a number, a text as it is, yes/no, or a dash for no value."""
    if value is None:
        return "\u2014"
    if isinstance(value, bool):
        return words["rule_yes"] if value else words["rule_no"]
    if isinstance(value, float):
        return format_number(value, language, digits)
    return value


def json_value(value: Value) -> float | int | str | bool | None:
    """A value for JSON: whole numbers as integers (`12`, not `12.0`)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
