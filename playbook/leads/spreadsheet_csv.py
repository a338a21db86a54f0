"""The one CSV writer for files people open in a spreadsheet: no cell is ever read as a formula.

A CRM export, a lead's field or a `because:` text is untrusted. Excel, LibreOffice and Google Sheets
run a cell that starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(...)`, `+cmd|' /C calc'!A0`,
`@SUM(1+1)`), and a leading tab or carriage return can hide such a start. Following OWASP's rule, every
such text cell is written with a leading `'`, which spreadsheets take as "this is text".

Numbers stay numbers: a Python `int` or `float`, and a text cell that is only a number (an optional sign,
digits grouped by spaces, `.`, `,` or `'`, an optional exponent, e.g. `-5`, `-0.25`, `+1 000,50`, `-1e3`),
are written as they are; with nothing but digits and separators after the sign, no function can run.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9][0-9.,' \u00a0\u202f]*|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")
"""A number as exports write it: sign, digits with group and decimal separators, optional exponent."""


def inert(value: object) -> object:
    """`value` as a spreadsheet must show it: a text cell that would start a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class SpreadsheetWriter:
    """`csv.writer` whose every cell goes through `inert` (the header row included)."""

    def __init__(self, out: IO[str], delimiter: str = ",") -> None:
        self._writer = csv.writer(out, delimiter=delimiter)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([inert(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)
