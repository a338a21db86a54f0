"""Reading a lead's cell by its field's declared type: number, bool, date or text.

One set of reading rules for every reader of the sheet: `playbook qualify` and `reconcile` (here),
the try-a-lead form (`generators/assets/try-a-lead.js` gets the patterns below through
`rules/browser.py`) and `qualify --sql` (`rules/sql.py` writes the same patterns in SQL). Keep them in
step; the tests run all three on the same cells.

- a cell is trimmed of surrounding white space (the `SPACE` characters); an empty cell is missing;
- `number`, as exports write them (DESIGN "Reading an export"): a currency sign or code before or
  after it is ignored (`2 000 zł`, `€1.999,99`, `-5 EUR`); spaces (also non-breaking and thin ones)
  and `'` group digits anywhere; when both `.` and `,` appear, the last one is the decimal mark and
  the other groups digits in threes; several `.` (or several `,`) group digits in threes; a lone
  `,` is the decimal mark (`1500,50`, `1,5`), except in a playbook whose language is `en`, where it
  groups thousands (`1,500`) and `1,5` is unreadable; a lone `.` is the decimal mark; an exponent
  (`1e3`) is read; `inf`, `nan` and numbers too large for a double are unreadable;
- `bool`: `true yes 1 da tak taip да` or `false no 0 nu nie ne нет` (and the words Excel writes
  for TRUE/FALSE in Russian, Polish and Romanian), in any case;
- `date`: ISO `YYYY-MM-DD`, or day-first `DD.MM.YYYY`, `DD/MM/YYYY`, `DD-MM-YYYY` (one or two digits
  for day and month), each optionally followed by a time (`10:30`, `10:30:00`, `T10:30:00Z`,
  `+02:00`, `pm`), which is ignored;
- `text`: compared ignoring case (`fold`) and surrounding spaces.

A cell that cannot be read is a problem for people to fix and counts as missing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

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

# --- numbers: every pattern applies to the trimmed, lower-cased cell -----------------------------
GROUP_SPACES = "[ \xa0\u2009\u202f]"
"""Spaces that group digits (kept for the calculators' form, which reads numbers the same way)."""
GROUPING = " \xa0\u2009\u202f'\u2019"
"""Characters removed anywhere in a number: spaces, non-breaking and thin spaces, apostrophes."""
CURRENCIES = (
    "$",
    "€",
    "£",
    "¥",
    "₽",
    "₴",
    "₸",
    "₺",
    "₹",
    "₩",
    "₪",
    "₫",
    "₦",
    "₱",
    "₲",
    "₵",
    "₡",
    "₮",
    "₼",
    "₾",
    "¢",
    "eur",
    "usd",
    "gbp",
    "pln",
    "ron",
    "rub",
    "byn",
    "uah",
    "chf",
    "sek",
    "nok",
    "dkk",
    "czk",
    "huf",
    "bgn",
    "mdl",
    "kzt",
    "ltl",
    "lvl",
    "zł",
    "zl",
    "lei",
    "leu",
    "руб.",
    "руб",
    "р.",
    "грн.",
    "грн",
    "kč",
    "ft",
)
"""Currency signs and codes ignored before or after a number (lower case; longer spellings first)."""
_CUR = "(?:" + "|".join(re.escape(c) for c in sorted(CURRENCIES, key=lambda c: (-len(c), c))) + ")"
_SP = f"[{GROUPING[:-2]}]"
CURRENCY_BEFORE = f"^([+-]?){_SP}*{_CUR}{_SP}*"
"""A currency before the number (after its sign): replaced by the sign (group 1)."""
CURRENCY_AFTER = f"{_SP}*{_CUR}$"
"""A currency after the number: removed."""
_EXP = "(?:e[+-]?[0-9]+)?"
NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
"""A plain number, as Python's `float` and every SQL engine read it."""
LONE_COMMA = r"[+-]?(?:[0-9]+,[0-9]*|,[0-9]+)" + _EXP
"""A lone decimal comma (not in `en`): the comma becomes a dot."""
COMMA_DECIMAL = r"[+-]?[0-9]+,([0-9]+)"
"""The calculators' stricter reading (their form's script): a comma before exactly three digits is ambiguous."""
NUMBER_FORMS: tuple[tuple[str, str, str, bool | None], ...] = (
    # (whole-cell pattern, characters removed, character turned into ".", only when comma_decimal is)
    (NUMBER, "", "", None),
    (LONE_COMMA, "", ",", True),
    (r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]*", ".", ",", None),
    (r"[+-]?[0-9]{1,3}(?:\.[0-9]{3}){2,}", ".", "", None),
    (r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]*", ",", "", None),
    (r"[+-]?[0-9]{1,3}(?:,[0-9]{3}){2,}", ",", "", None),
    (r"[+-]?[0-9]{1,3},[0-9]{3}", ",", "", False),
)
"""How a number's text (currency and grouping spaces removed) becomes a plain number, first match wins."""

# --- dates ---------------------------------------------------------------------------------------
TIME = (
    r"(?:[t ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?(?: ?[ap]\.?m\.?)?"
    r"(?:z| ?[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
)
DATE = r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})" + TIME
"""ISO: year, month, day (groups 1-3); on the trimmed, lower-cased cell."""
DAY_FIRST = tuple(rf"([0-9]{{1,2}}){re.escape(s)}([0-9]{{1,2}}){re.escape(s)}([0-9]{{4}})" + TIME for s in "./-")
"""Day-first dates as Excel writes them in LT, PL, RO, RU: day, month, year (groups 1-3)."""

# --- yes/no --------------------------------------------------------------------------------------
TRUE = frozenset({"true", "yes", "1", "da", "tak", "taip", "да", "истина", "prawda", "adevărat"})
FALSE = frozenset({"false", "no", "0", "nu", "nie", "ne", "нет", "ложь", "fałsz", "fals"})

_NUMBER_FORMS = [(re.compile(p), drop, dot, when) for p, drop, dot, when in NUMBER_FORMS]
_CURRENCY_BEFORE = re.compile(CURRENCY_BEFORE)
_CURRENCY_AFTER = re.compile(CURRENCY_AFTER)
_GROUPING = str.maketrans("", "", GROUPING)
_DATE = re.compile(DATE)
_DAY_FIRST = [re.compile(p) for p in DAY_FIRST]
_PLAIN = re.compile(NUMBER)


class Unreadable(ValueError):
    """A cell (or a rule's operand) that cannot be read as its field's type."""


def trim(text: str) -> str:
    """`text` without surrounding white space."""
    return text.strip(SPACE_CHARS)


def fold(text: str) -> str:
    """Trimmed text for case-insensitive comparison (upper then lower case, as in the browser)."""
    return text.strip(SPACE_CHARS).upper().lower()


def comma_is_decimal(language: str | None) -> bool:
    """Whether a lone comma is a decimal mark in a playbook of this language (DESIGN: all but `en`)."""
    return language != "en"


def number_text(text: str, comma_decimal: bool = True) -> str | None:
    """A trimmed, non-empty cell as plain number text (`-1999.99`), or None when it is not a number."""
    lowered = text.lower()
    if _PLAIN.fullmatch(lowered):
        return lowered
    compact = _CURRENCY_AFTER.sub("", _CURRENCY_BEFORE.sub(r"\1", lowered, count=1), count=1)
    compact = compact.translate(_GROUPING)
    for pattern, drop, dot, when in _NUMBER_FORMS:
        if when is not None and when != comma_decimal:
            continue
        if pattern.fullmatch(compact):
            if drop:
                compact = compact.replace(drop, "")
            return compact.replace(dot, ".") if dot else compact
    return None


@dataclass(frozen=True)
class Reading:
    """How one playbook reads cells: the language decides whether a lone comma is a decimal mark."""

    comma_decimal: bool = True

    @classmethod
    def of(cls, language: str | None) -> Reading:
        """The reading of a playbook in `language`."""
        return cls(comma_is_decimal(language))

    def number(self, text: str) -> float:
        """A trimmed, non-empty number cell; raises `Unreadable`."""
        plain = number_text(text, self.comma_decimal)
        if plain is None:
            hint = "" if self.comma_decimal or "," not in text else " (in English, a comma groups thousands: 1,500)"
            raise Unreadable(f"cannot read `{text}` as a number{hint}")
        number = float(plain)
        if not math.isfinite(number):
            raise Unreadable(f"`{text}` is too large a number")
        return number

    def readers(self) -> dict[str, Callable[[str], Value]]:
        """Each type's reader of a trimmed, non-empty cell; raises `Unreadable`."""
        return {"number": self.number, "bool": _bool, "date": _date, "text": _text}

    def read(self, text: str, type_: FieldType) -> Value | None:
        """The cell's value by type, or None when it is empty; raises `Unreadable`."""
        trimmed = text.strip(SPACE_CHARS)
        if not trimmed:
            return None
        return self.readers()[type_](trimmed)


DEFAULT = Reading()
"""The reading of every language but English."""


def _bool(text: str) -> bool:
    folded = text.upper().lower()
    if folded in TRUE:
        return True
    if folded in FALSE:
        return False
    raise Unreadable(f"cannot read `{text}` as yes/no (use true/false, yes/no or 1/0)")


def _date(text: str) -> dt.date:
    lowered = text.lower()
    match = _DATE.fullmatch(lowered)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        for pattern in _DAY_FIRST:
            match = pattern.fullmatch(lowered)
            if match:
                day, month, year = (int(g) for g in match.groups())
                break
    if match:
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    raise Unreadable(f"cannot read `{text}` as a date (use YYYY-MM-DD or DD.MM.YYYY)")


def _text(text: str) -> str:
    return text.upper().lower()


READERS: dict[str, Callable[[str], Value]] = DEFAULT.readers()
"""Each type's reader of a trimmed, non-empty cell (a lone comma is a decimal mark); raises `Unreadable`."""


def read_number(text: str, reading: Reading | None = None) -> float:
    """A number cell; raises `Unreadable`.

    Without a `reading`, the calculators' stricter rule (their own form script repeats it): spaces
    group digits, a comma is a decimal mark, but a comma before exactly three digits is ambiguous.
    """
    if reading is not None:
        return reading.number(trim(text))
    return _calculator_number(trim(text))


_GROUP_SPACES = re.compile(GROUP_SPACES)
_COMMA_DECIMAL = re.compile(COMMA_DECIMAL)


def _calculator_number(text: str) -> float:
    if _PLAIN.fullmatch(text):
        compact = text
    else:
        compact = _GROUP_SPACES.sub("", text)
        comma = _COMMA_DECIMAL.fullmatch(compact)
        if comma:
            if len(comma.group(1)) == 3:
                raise Unreadable(f"`{text}` is ambiguous: write it without the thousands comma, or with a dot")
            compact = compact.replace(",", ".")
        if not _PLAIN.fullmatch(compact):
            raise Unreadable(f"cannot read `{text}` as a number")
    number = float(compact)
    if not math.isfinite(number):
        raise Unreadable(f"`{text}` is too large a number")
    return number


def read_bool(text: str) -> bool:
    """A yes/no cell; raises `Unreadable`."""
    return _bool(trim(text))


def read_date(text: str) -> dt.date:
    """A date cell, ISO or day-first (a time after it is ignored); raises `Unreadable`."""
    return _date(trim(text))


def read(text: str, type_: FieldType, reading: Reading = DEFAULT) -> Value | None:
    """The cell's value by type, or None when it is empty; raises `Unreadable`."""
    return reading.read(text, type_)


def read_operand(operand: object, type_: FieldType, reading: Reading = DEFAULT) -> Value:
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
    value = reading.read(str(operand), type_)
    if value is None:
        raise Unreadable("an empty value: use `exists: false` to test for an empty cell")
    return value
