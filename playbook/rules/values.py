"""Reading a lead's cell by its field's declared type: number, bool, date or text.

These are the exact rules the browser form repeats (`generators/assets/try-a-lead.js`, which gets
these patterns from `rules/browser.py`), so keep both in step:

- a cell is trimmed of surrounding white space (the `SPACE` characters); an empty cell is missing;
- `number`: digits with an optional `.` or `,` decimal mark, a sign and an exponent
  (`1500`, `-2.5`, `1500,50`, `1e3`); spaces between digit groups are ignored; a comma followed
  by exactly three digits (`1,500`) is ambiguous and unreadable, as are `inf` and `nan`;
- `bool`: `true yes 1` or `false no 0`, in any case;
- `date`: ISO `YYYY-MM-DD`, optionally followed by a time (`2026-11-22 10:30`, `...T10:30:00Z`),
  which is ignored;
- `text`: compared ignoring case (`fold`) and surrounding spaces.

A cell that cannot be read is a problem for people to fix and counts as missing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable

from playbook.model.qualification import FieldType

Value = str | float | bool | dt.date
"""A cell read by its type: folded text, a number, a bool or a date."""

SPACE = "\t\n\v\f\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
"""White space trimmed from both ends of a cell (as a regex character class body)."""

SPACE_CHARS = (
    "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\t\n\v\f\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""The same characters as `SPACE`, listed one by one (for `str.strip`)."""
COMMA_DECIMAL = r"[+-]?[0-9]+,([0-9]+)"
NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
DATE = (
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)
"""The patterns a whole cell must match (shared with the browser script, which anchors them)."""
GROUP_SPACES = "[ \xa0\u2009\u202f]"
_GROUP_SPACES = re.compile(GROUP_SPACES)
_COMMA_DECIMAL = re.compile(COMMA_DECIMAL)
_NUMBER = re.compile(NUMBER)
_DATE = re.compile(DATE)
TRUE = frozenset({"true", "yes", "1"})
FALSE = frozenset({"false", "no", "0"})


class Unreadable(ValueError):
    """A cell (or a rule's operand) that cannot be read as its field's type."""


def trim(text: str) -> str:
    """`text` without surrounding white space."""
    return text.strip(SPACE_CHARS)


def fold(text: str) -> str:
    """Trimmed text for case-insensitive comparison (upper then lower case, as in the browser)."""
    return text.strip(SPACE_CHARS).upper().lower()


def _number(text: str) -> float:
    if _NUMBER.fullmatch(text):
        compact = text
    else:
        compact = _GROUP_SPACES.sub("", text)
        comma = _COMMA_DECIMAL.fullmatch(compact)
        if comma:
            if len(comma.group(1)) == 3:
                raise Unreadable(f"`{text}` is ambiguous: write it without the thousands comma, or with a dot")
            compact = compact.replace(",", ".")
        if not _NUMBER.fullmatch(compact):
            raise Unreadable(f"cannot read `{text}` as a number")
    number = float(compact)
    if not math.isfinite(number):
        raise Unreadable(f"`{text}` is too large a number")
    return number


def _bool(text: str) -> bool:
    folded = text.upper().lower()
    if folded in TRUE:
        return True
    if folded in FALSE:
        return False
    raise Unreadable(f"cannot read `{text}` as yes/no (use true/false, yes/no or 1/0)")


def _date(text: str) -> dt.date:
    match = _DATE.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    raise Unreadable(f"cannot read `{text}` as a date (use YYYY-MM-DD)")


def _text(text: str) -> str:
    return text.upper().lower()


READERS: dict[str, Callable[[str], Value]] = {"number": _number, "bool": _bool, "date": _date, "text": _text}
"""Each type's reader of a trimmed, non-empty cell; raises `Unreadable`."""


def read_number(text: str) -> float:
    """A number cell; raises `Unreadable`."""
    return _number(trim(text))


def read_bool(text: str) -> bool:
    """A yes/no cell; raises `Unreadable`."""
    return _bool(trim(text))


def read_date(text: str) -> dt.date:
    """An ISO date cell (a time after it is ignored); raises `Unreadable`."""
    return _date(trim(text))


def read(text: str, type_: FieldType) -> Value | None:
    """The cell's value by type, or None when it is empty; raises `Unreadable`."""
    trimmed = text.strip(SPACE_CHARS)
    if not trimmed:
        return None
    return READERS[type_](trimmed)


def read_operand(operand: object, type_: FieldType) -> Value:
    """A rule's comparison value read by the field's type; raises `Unreadable`."""
    if isinstance(operand, dt.date):
        if type_ == "date":
            return operand
        operand = operand.isoformat()
    if isinstance(operand, bool):
        if type_ == "bool":
            return operand
        operand = "true" if operand else "false"
    if isinstance(operand, int | float) and type_ == "number":
        if not math.isfinite(operand):
            raise Unreadable(f"`{operand}` is not a finite number")
        return float(operand)
    value = read(str(operand), type_)
    if value is None:
        raise Unreadable("an empty value: use `exists: false` to test for an empty cell")
    return value
