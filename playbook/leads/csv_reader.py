"""Reading a CRM export as it comes (DESIGN "Reading an export"): one reader for qualify, reconcile and funnel.

- encoding: UTF-8 with or without BOM and UTF-16 with BOM are certain; anything else is detected
  (`leads/encodings.py`: cp1251, cp1257, cp1250, latin-1...) and named in `Export.notes`;
  `encoding=` overrides; bytes that do not decode are an error at their `file:line:column`;
- separator: `,` `;` or tab, recognised from the header line;
- columns: each name a command reads has a list of column names (the sheet's `columns:`, the id
  itself, aliases), matched ignoring case and surrounding spaces; `--map "CRM column=field"`
  overrides for one run;
- rows are read one at a time (memory stays flat); `Export.line` is the row number a spreadsheet
  shows for the row just read (the header is row 1; a cell holding line breaks is still one row).

`open_leads` is the entry point for commands that judge leads (qualify, reconcile): it knows the
sheet's fields and their stored column names, and `require_columns` turns a missing column into
the sentence DESIGN asks for.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Mapping as MappingOf
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from playbook.leads.encodings import SAMPLE_BYTES, Encoding, detect, from_bom, is_utf8, known_encoding
from playbook.rules.values import SPACE_CHARS

if TYPE_CHECKING:
    from playbook.model.qualification import Qualification

DELIMITERS = (",", ";", "\t")
ID_COLUMN = "id"
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class ExportError(Exception):
    """The export cannot be read (missing, no header) or a `--map` / `--encoding` is wrong."""


class UnreadableExport(ExportError):
    """The export is there but its content cannot be used (undecodable, broken quoting, no row, no
    column for a required field): a data error (exit 1), not a usage error."""


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

    def column_of(self, name: str) -> str:
        """The export's column read for `name`."""
        return self.columns[self.index[name]]


_COMMA_BELOW = str.maketrans("șțȘȚ", "şţŞŢ")
"""Romanian ș and ț (comma below) as cp1250 writes them (cedilla): the same letter in a column name."""


def _key(text: str) -> str:
    return text.strip(SPACE_CHARS).translate(_COMMA_BELOW).casefold()


def _check_file(path: Path) -> None:
    if not path.exists():
        raise ExportError(f"{path}: no such file")
    if not path.is_file():
        raise ExportError(f"{path}: not a file")


def choose_encoding(
    path: Path, encoding: str | None = None, language: str | None = None, expected_columns: Iterable[str] = ()
) -> Encoding:
    """The encoding to read `path` in: `encoding` when given, a BOM's, UTF-8, else the detected one."""
    _check_file(path)
    with path.open("rb") as raw:
        sample = raw.read(SAMPLE_BYTES)
        complete = not raw.read(1)
    bom = from_bom(sample[:4])
    if encoding is not None:
        try:
            name = known_encoding(encoding)
        except LookupError:
            raise ExportError(
                f"--encoding {encoding}: not an encoding Python knows (try utf-8, cp1251, cp1257, cp1250)"
            ) from None
        if bom is not None and name.startswith(("utf_8", "utf-8", "utf_16", "utf-16")):
            return Encoding(bom.name, bom=bom.bom)
        return Encoding(name)
    if bom is not None:
        return bom
    if is_utf8(sample, complete):
        return Encoding("utf-8")
    return detect(sample, language, expected_columns)


def open_export(path: Path, encoding: Encoding | None = None) -> IO[str]:
    """The export opened as text in `encoding` (default: UTF-8 or a BOM's), its BOM skipped."""
    chosen = encoding or choose_encoding(path)
    name = "utf-8-sig" if chosen.name == "utf-8" else chosen.name
    return path.open("r", encoding=name, newline="")


def undecodable(path: Path, encoding: Encoding | None = None) -> UnreadableExport:
    """The error for an export that does not decode, at its first bad line and column (1-based, in characters)."""
    chosen = encoding or choose_encoding(path)
    name = _decoder_name(chosen)
    decode: Callable[[bytes, str, bool], tuple[str, int]]
    if name in ("utf-8", "utf-16-le", "utf-16-be"):
        decode = {"utf-8": codecs.utf_8_decode, "utf-16-le": codecs.utf_16_le_decode}.get(name, codecs.utf_16_be_decode)
        size = 1 << 16
    else:
        plain = codecs.lookup(name).decode

        def decode(data: bytes, errors: str, final: bool) -> tuple[str, int]:
            return plain(data, errors)

        size = -1
    line, column, bad = 1, 1, b""
    pending = b""
    with path.open("rb") as raw:
        raw.seek(len(chosen.bom))
        while True:
            chunk = raw.read(size)
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
    label = chosen.label
    advice = "save the export as UTF-8" if chosen.name.startswith("utf") else "name its encoding with --encoding"
    return UnreadableExport(
        f"{path}:{line}:{column}: not {label} text (bytes {shown} here); {advice}"
        if bad
        else f"{path}: not {label} text; {advice}"
    )


def _decoder_name(encoding: Encoding) -> str:
    if encoding.bom == codecs.BOM_UTF16_LE:
        return "utf-16-le"
    if encoding.bom == codecs.BOM_UTF16_BE:
        return "utf-16-be"
    return "utf-8" if encoding.name in ("utf-8", "utf_8") else encoding.name


def _advance(line: int, column: int, text: str) -> tuple[int, int]:
    """Where reading goes on after `text`, from (`line`, `column`)."""
    newlines = text.count("\n")
    if newlines:
        return line + newlines, len(text) - text.rfind("\n")
    return line, column + len(text)


class Export:
    """A CRM export read row by row: `header`, then iterate for `(row number, cells, raw row)`.

    `known` names the fields a command reads; `columns` gives, per name, other column names it may
    have (the sheet's `columns:`); `aliases` maps a column name to a known name (funnel's). The row
    number is the 1-based count of data rows (a lead's id when it has none); `line` is the
    spreadsheet row of the row just yielded. `notes` says how the file was read (a detected
    encoding), for standard error.
    """

    def __init__(
        self,
        path: Path,
        known: Iterable[str],
        mappings: Iterable[Mapping] = (),
        aliases: dict[str, str] | None = None,
        *,
        columns: MappingOf[str, Sequence[str]] | None = None,
        encoding: str | None = None,
        language: str | None = None,
    ) -> None:
        self.path = path
        known = list(known)
        names: dict[str, list[str]] = {name: [name] for name in known}
        for name, others in (columns or {}).items():
            if name in names:
                names[name] += [o for o in others if o not in names[name]]
        for alias, name in (aliases or {}).items():
            if name in names and alias not in names[name]:
                names[name].append(alias)
        self.names = names
        expected = [n for group in names.values() for n in group]
        self.encoding = choose_encoding(path, encoding, language, expected)
        self.notes: list[str] = []
        if self.encoding.detected:
            self.notes.append(
                f"note: {path}: not UTF-8; read as {self.encoding.label} (detected; --encoding chooses another)"
            )
        self.file = open_export(path, self.encoding)
        self.line = 1
        self._peeked: list[list[str]] = []
        self._number = 0
        try:
            self.header = self._read_header(list(mappings))
        except BaseException:
            self.file.close()
            raise

    def __enter__(self) -> Export:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()

    def _read_header(self, mappings: list[Mapping]) -> Header:
        try:
            first = self.file.readline()
        except UnicodeDecodeError:
            raise undecodable(self.path, self.encoding) from None
        if not first.strip():
            raise UnreadableExport(f"{self.path}: the file is empty; the first line must name the columns")
        delimiter = max(DELIMITERS, key=lambda d: _count_outside_quotes(first, d))
        if _count_outside_quotes(first, delimiter) == 0:
            delimiter = ","
        self.file.seek(0)  # csv reads the file itself (no Python generator between them: speed)
        self.rows = csv.reader(self.file, delimiter=delimiter)
        columns = self._next_record()
        if columns is None:
            raise UnreadableExport(f"{self.path}: the file is empty; the first line must name the columns")
        header = Header(columns, delimiter, bool(self.encoding.bom))
        wanted: dict[str, str] = {}
        for name, group in self.names.items():
            for column_name in group:
                wanted.setdefault(_key(column_name), name)
        by_column = {_key(c): i for i, c in reversed(list(enumerate(columns)))}
        for mapping in mappings:
            exact = next((n for n in self.names if _key(n) == _key(mapping.name)), None)
            target = exact or wanted.get(_key(mapping.name))
            if target is None:
                raise ExportError(
                    f'--map "{mapping.column}={mapping.name}": `{mapping.name}` is not one of ' + ", ".join(self.names)
                )
            column = by_column.get(_key(mapping.column))
            if column is None:
                raise ExportError(
                    f'--map "{mapping.column}={mapping.name}": the export has no column '
                    f'"{mapping.column}" (its columns: {", ".join(columns)})'
                )
            header.index[target] = column
        for i, column_name in enumerate(columns):
            found = wanted.get(_key(column_name))
            if found is not None and found not in header.index and i not in header.index.values():
                header.index[found] = i
        return header

    def _next_record(self, line: int = 0) -> list[str] | None:
        try:
            return next(self.rows)
        except StopIteration:
            return None
        except (UnicodeDecodeError, csv.Error) as error:
            raise self.reading_error(error, line) from None

    def records(self) -> Iterator[list[str]]:
        """Every record after the header, blank ones included (count them for `line`), read by csv itself.

        The fast path of qualify: the caller skips blank records, sets `line` if it needs it, and turns
        `UnicodeDecodeError` and `csv.Error` into `UnreadableExport` with `reading_error`.
        """
        peeked, self._peeked = self._peeked, []
        return itertools.chain(peeked, self.rows)

    def reading_error(self, error: Exception, line: int) -> UnreadableExport:
        """The data error for an exception raised while reading the record after spreadsheet row `line`."""
        if isinstance(error, UnicodeDecodeError):
            return undecodable(self.path, self.encoding)
        return UnreadableExport(f"{self.path}: row {line + 1}: {error}")

    def raw_rows(self) -> Iterator[tuple[int, list[str]]]:
        """`(spreadsheet row, cells)` of every data row, blank rows skipped."""
        line = self.line
        try:
            for row in self.records():
                line += 1
                if len(row) < 2 and (not row or not row[0].strip()):
                    continue
                self.line = line
                yield line, row
        except (UnicodeDecodeError, csv.Error) as error:
            raise self.reading_error(error, line) from None

    def peek(self) -> bool:
        """Whether the export has a data row (the records read ahead are kept for the iteration)."""
        if self._peeked and (len(self._peeked[-1]) >= 2 or self._peeked[-1][:1] != [""]):
            return True
        while True:
            row = self._next_record(self.line + len(self._peeked))
            if row is None:
                return False
            self._peeked.append(row)
            if not (len(row) < 2 and (not row or not row[0].strip())):
                return True

    def __iter__(self) -> Iterator[tuple[int, dict[str, str], list[str]]]:
        cells = self.header.cells
        for _, row in self.raw_rows():
            self._number += 1
            yield self._number, cells(row), row

    def missing(self, names: Iterable[str]) -> list[str]:
        """The names among `names` that no column of the export holds."""
        return [name for name in names if name not in self.header.index]

    def no_column(self, missing: Sequence[str], labels: MappingOf[str, str] | None = None, why: str = "") -> str:
        """The sentence for columns the export lacks: what is missing, what was looked for, what the file has."""
        parts = []
        for name in missing:
            label = (labels or {}).get(name)
            looked = ", ".join(f'"{n}"' for n in self.names.get(name, [name]))
            parts.append(f"`{name}`" + (f" ({label})" if label and label != name else "") + f" (looked for {looked})")
        return (
            f"{self.path}: no column for {', '.join(parts)}{why}; the file's columns are: "
            + ", ".join(f'"{c}"' for c in self.header.columns)
            + f'; name the column in qualification.yaml `columns:` or use --map "CRM column={missing[0]}"'
        )


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


@dataclass(frozen=True)
class Lead:
    """One lead of an export: its row numbers, id and cells by field id."""

    number: int
    """1-based count of data rows (the id of a lead without one)."""
    line: int
    """The row a spreadsheet shows it on (header = 1)."""
    id: str | int
    cells: dict[str, str]
    raw: list[str]


class LeadExport(Export):
    """An export of leads judged by the sheet: the fields' columns found by their stored names.

    Iterate `leads()` for `Lead`s; `require_columns` raises `UnreadableExport` naming what is missing.
    """

    def __init__(
        self,
        path: Path,
        qualification: Qualification,
        mappings: Iterable[Mapping] = (),
        *,
        encoding: str | None = None,
        language: str | None = None,
    ) -> None:
        self.qualification = qualification
        names = qualification.column_names()
        super().__init__(path, names, mappings, columns=names, encoding=encoding, language=language)

    def require_columns(self, fields: Iterable[str], why: str = ", which a `require` rule reads") -> None:
        """Raises `UnreadableExport` when a field of `fields` has no column."""
        missing = self.missing(fields)
        if missing:
            labels = {f.id: f.label for f in self.qualification.fields}
            raise UnreadableExport(self.no_column(missing, labels, why))

    def require_rows(self) -> None:
        """Raises `UnreadableExport` when the export holds no data row (only a header)."""
        if not self.peek():
            raise UnreadableExport(f"{self.path}: no lead in the export, only its header row")

    def leads(self) -> Iterator[Lead]:
        """Every lead, read one at a time."""
        id_column = self.header.index.get(ID_COLUMN)
        for number, cells, raw in self:
            text = raw[id_column].strip(SPACE_CHARS) if id_column is not None and id_column < len(raw) else ""
            yield Lead(number, self.line, text or number, cells, raw)


def open_leads(
    path: Path,
    qualification: Qualification,
    mappings: Iterable[Mapping] = (),
    *,
    encoding: str | None = None,
    language: str | None = None,
) -> LeadExport:
    """A CRM export of leads, ready to judge with `RuleSet(..., language=language).evaluate(lead.cells)`.

    The reusable "read an export into leads" of qualify and reconcile: the sheet's `columns:` and the
    field ids name the columns, `mappings` (`--map`) override them, `encoding` (`--encoding`) skips
    detection, and `language` (the playbook's) ranks the encodings detection considers.
    Raises `ExportError` (usage: no file, bad --map) or `UnreadableExport` (data).
    """
    return LeadExport(path, qualification, mappings, encoding=encoding, language=language)
