"""Streaming a CRM export: UTF-8 with or without BOM, comma/semicolon/tab sniffed, columns mapped.

Rows are read one at a time (bounded memory whatever the file size). Header names are matched
to the names a command knows (qualification field ids, `id`, ...) after trimming and ignoring
case; `--map "CRM column=field"` names a column explicitly.
"""

from __future__ import annotations

import codecs
import csv
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

DELIMITERS = (",", ";", "\t")
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class ExportError(Exception):
    """The export cannot be read (missing, not UTF-8, no header) or a `--map` is wrong."""


class UnreadableExport(ExportError):
    """The export is there but its content cannot be read (not UTF-8, broken quoting): a data error, not usage."""


@dataclass(frozen=True)
class Mapping:
    """`CRM column=field` from the command line."""

    column: str
    name: str

    @classmethod
    def parse(cls, text: str) -> Mapping:
        column, sep, name = text.rpartition("=")
        if not sep or not column.strip() or not name.strip():
            raise ExportError(f'--map "{text}": write it as "CRM column=field"')
        return cls(column.strip(), name.strip())


@dataclass
class Header:
    """The export's columns and which of them hold the names a command reads."""

    columns: list[str]
    delimiter: str
    bom: bool
    index: dict[str, int] = field(default_factory=dict)
    """Known name to column index."""

    def cells(self, row: list[str]) -> dict[str, str]:
        """The known names' cells of one row (a short row gives empty cells)."""
        size = len(row)
        return {name: row[i] if i < size else "" for name, i in self.index.items()}


def _key(text: str) -> str:
    return text.strip().casefold()


def open_export(path: Path) -> IO[str]:
    """The export opened as text, UTF-8 (BOM skipped) or UTF-16 with a BOM; raises `ExportError`."""
    if not path.exists():
        raise ExportError(f"{path}: no such file")
    if not path.is_file():
        raise ExportError(f"{path}: not a file")
    with path.open("rb") as probe:
        start = probe.read(4)
    encoding = "utf-16" if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    return path.open("r", encoding=encoding, newline="")


def undecodable(path: Path) -> UnreadableExport:
    """The error for an export that does not decode, at its first bad line and column (1-based, in characters)."""
    with path.open("rb") as raw:
        start = raw.read(3)
    if start.startswith(codecs.BOM_UTF16_LE):
        decode, name, skip = codecs.utf_16_le_decode, "UTF-16", 2
    elif start.startswith(codecs.BOM_UTF16_BE):
        decode, name, skip = codecs.utf_16_be_decode, "UTF-16", 2
    else:
        decode, name, skip = codecs.utf_8_decode, "UTF-8", 3 if start == codecs.BOM_UTF8 else 0
    line, column, bad = 1, 1, b""
    pending = b""
    with path.open("rb") as raw:
        raw.seek(skip)
        while True:
            chunk = raw.read(1 << 16)
            data = pending + chunk
            try:
                text, used = decode(data, "strict", not chunk)
            except UnicodeDecodeError as error:
                text, _ = decode(data[: error.start], "strict", True)
                bad = data[error.start : error.end]
                line, column = _advance(line, column, text)
                break
            line, column = _advance(line, column, text)
            pending = data[used:]
            if not chunk:
                break
    shown = " ".join(f"0x{b:02x}" for b in bad[:4])
    return UnreadableExport(
        f"{path}:{line}:{column}: not {name} text (bytes {shown} here); save the export as UTF-8"
        if bad
        else f"{path}: not {name} text; save the export as UTF-8"
    )


def _advance(line: int, column: int, text: str) -> tuple[int, int]:
    """Where reading goes on after `text`, from (`line`, `column`)."""
    newlines = text.count("\n")
    if newlines:
        return line + newlines, len(text) - text.rfind("\n")
    return line, column + len(text)


class Export:
    """A CRM export read row by row: `header`, then iterate for `(row number, cells, raw row)`."""

    def __init__(
        self, path: Path, known: Iterable[str], mappings: Iterable[Mapping] = (), aliases: dict[str, str] | None = None
    ) -> None:
        self.path = path
        self.file = open_export(path)
        try:
            self.header = self._read_header(list(known), list(mappings), aliases or {})
        except BaseException:
            self.file.close()
            raise

    def __enter__(self) -> Export:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()

    def _read_header(self, known: list[str], mappings: list[Mapping], aliases: dict[str, str]) -> Header:
        with open(self.path, "rb") as raw:
            bom = raw.read(3) == codecs.BOM_UTF8
        try:
            first = self.file.readline()
        except UnicodeDecodeError:
            raise undecodable(self.path) from None
        if not first.strip():
            raise UnreadableExport(f"{self.path}: the file is empty; the first line must name the columns")
        delimiter = max(DELIMITERS, key=lambda d: _count_outside_quotes(first, d))
        if _count_outside_quotes(first, delimiter) == 0:
            delimiter = ","
        self._delimiter = delimiter
        self._rows = csv.reader(_chain(first, self.file), delimiter=delimiter)
        columns = next(self._rows)
        header = Header(columns, delimiter, bom)
        wanted = {_key(name): name for name in known}
        wanted.update({_key(alias): name for alias, name in aliases.items() if _key(alias) not in wanted})
        by_column = {_key(c): i for i, c in reversed(list(enumerate(columns)))}
        for mapping in mappings:
            name = wanted.get(_key(mapping.name))
            if name is None:
                raise ExportError(
                    f'--map "{mapping.column}={mapping.name}": `{mapping.name}` is not one of ' + ", ".join(known)
                )
            column = by_column.get(_key(mapping.column))
            if column is None:
                raise ExportError(
                    f'--map "{mapping.column}={mapping.name}": the export has no column '
                    f'"{mapping.column}" (its columns: {", ".join(columns)})'
                )
            header.index[name] = column
        for key, i in sorted(by_column.items(), key=lambda kv: kv[1]):
            name = wanted.get(key)
            if name is not None and name not in header.index and i not in header.index.values():
                header.index[name] = i
        return header

    def __iter__(self) -> Iterator[tuple[int, dict[str, str], list[str]]]:
        number = 0
        try:
            for row in self._rows:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                number += 1
                yield number, self.header.cells(row), row
        except UnicodeDecodeError:
            raise undecodable(self.path) from None
        except csv.Error as error:
            raise UnreadableExport(f"{self.path}: row {number + 1}: {error}") from None


def _chain(first: str, rest: IO[str]) -> Iterator[str]:
    yield first
    yield from rest


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count
