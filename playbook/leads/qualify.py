"""The qualify report: the agreed criteria applied to every row of a CRM export, streamed.

Per lead: id (the `id` column, or the 1-based row number), verdict, score, the reasons it
failed, and the cells that could not be read. Summary: totals and, per `require` rule, how
many leads it rejected (where the two departments disagree).

Speed: rows go through `rules/fast.py` (a few dictionary look-ups a row); the summary is counted
per distinct verdict, and each verdict's JSON, table and CSV text is written once and reused.
"""

from __future__ import annotations

import csv
import itertools
import json
import operator
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from typing import IO

from playbook.leads.csv_reader import ID_COLUMN, LeadExport
from playbook.leads.spreadsheet_csv import SpreadsheetWriter
from playbook.rules.evaluate import CellProblem, RuleSet, Verdict
from playbook.rules.fast import FastJudge, Mask
from playbook.rules.values import SPACE_CHARS, Unreadable

__all__ = ["ID_COLUMN", "LeadResult", "Qualifier", "Summary", "write_csv", "write_json", "write_table"]

Row = tuple[int | str, Mask, list[str]]
"""One judged row: the lead's id, its bits (`FastJudge.verdict(bits)`) and its cells."""
Chunk = tuple[list[int | str], list[Mask], list[list[str]]]
"""Rows judged together: their ids, bits and cells."""
CHUNK = 4096


def _complete(rows: list[list[str]], width: int, line: int) -> tuple[list[list[str]], list[int], int]:
    """`rows` without blank records, short ones padded to `width`; each kept row's spreadsheet row; the last row."""
    kept: list[list[str]] = []
    lines: list[int] = []
    for row in rows:
        line += 1
        if len(row) < width:
            if len(row) < 2 and (not row or not row[0].strip()):
                continue
            row = row + [""] * (width - len(row))
        kept.append(row)
        lines.append(line)
    return kept, lines, line


@dataclass
class LeadResult:
    """One row of the export judged (the slow, complete form: tests and reuse)."""

    row: int
    id: str | int
    verdict: Verdict
    problems: list[CellProblem]
    raw: list[str]
    line: int = 0
    stage: str = "target"

    def as_json(self) -> dict[str, object]:
        """Exactly the keys of the `qualify --format json` contract (`sales_ready` for that stage)."""
        return {
            "id": self.id,
            verdict_key(self.stage): self.verdict.target,
            "score": self.verdict.score,
            "failed": self.verdict.failed,
        }


def verdict_key(stage: str) -> str:
    """The JSON key of the verdict: `target`, or `sales_ready` under `--stage sales_ready`."""
    return "target" if stage == "target" else "sales_ready"


@dataclass
class Summary:
    """Totals over every lead."""

    failed_by_rule: dict[str, int]
    stage: str = "target"
    total: int = 0
    target: int = 0
    below_min_score: int = 0
    problems: int = 0
    problem_leads: int = 0

    @property
    def not_target(self) -> int:
        return self.total - self.target

    def as_json(self) -> dict[str, object]:
        key = verdict_key(self.stage)
        return {
            "total": self.total,
            key: self.target,
            f"not_{key}": self.not_target,
            "failed_by_rule": self.failed_by_rule,
            "below_min_score": self.below_min_score,
            "problems": self.problems,
        }


@dataclass
class Qualifier:
    """Judges an export's rows one by one; the summary is complete once the rows are consumed."""

    rules: RuleSet
    export: LeadExport
    on_problem: Callable[[str], None] | None = None
    problem_limit: int = 100
    """How many unreadable cells are told to `on_problem` (the summary counts them all)."""
    judge: FastJudge = field(init=False)
    counts: Counter[Mask] = field(init=False, default_factory=Counter)

    def __post_init__(self) -> None:
        self.judge = FastJudge(self.rules, self.export.header.index)

    _summary: Summary | None = field(init=False, default=None)

    @property
    def summary(self) -> Summary:
        """The totals of the rows read so far (computed once the rows are read)."""
        if self._summary is not None:
            return self._summary
        self._summary = summary = Summary({reason: 0 for reason in self.rules.reasons}, self.rules.stage)
        for mask, count in self.counts.items():
            verdict = self.judge.verdict(mask)
            summary.total += count
            if verdict.target:
                summary.target += count
            elif not verdict.failed:
                summary.below_min_score += count
            for reason in verdict.failed:
                summary.failed_by_rule[reason] = summary.failed_by_rule.get(reason, 0) + count
            problems = (mask & self.judge.any_problem).bit_count()
            if problems:
                summary.problems += problems * count
                summary.problem_leads += count
        return summary

    def chunks(self) -> Iterator[Chunk]:
        """Every row, a few thousand at a time, as columns: ids, bits and cells (counted for the summary).

        Everything per row runs inside C loops (`map`, `zip`, `Counter.update`): the rules' bits come
        from the per-field memos of `rules/fast.py`, so a Python statement runs per chunk, not per row.
        Unreadable cells go to `on_problem` (the first `problem_limit` of them).
        """
        judge = self.judge
        memos, base = judge.columns()
        any_problem = judge.any_problem
        export = self.export
        width = max(judge.width, len(export.header.columns))
        id_column = export.header.index.get(ID_COLUMN)
        id_of = operator.itemgetter(id_column) if id_column is not None else None
        limit = self.problem_limit if self.on_problem is not None else 0
        number = 0
        line = export.line
        records = export.records()
        while True:
            try:
                rows = list(itertools.islice(records, CHUNK))
            except (UnicodeDecodeError, csv.Error) as error:
                raise export.reading_error(error, line) from None
            if not rows:
                break
            lines: list[int] | None = None
            if min(map(len, rows)) < width:
                rows, lines, line = _complete(rows, width, line)
                if not rows:
                    continue
            else:
                line += len(rows)
            if memos:
                bits = [map(memo.__getitem__, map(cell, rows)) for memo, cell in memos]
                masks = list(map(base.__add__, map(sum, zip(*bits, strict=True))))
            else:
                masks = [base] * len(rows)
            self.counts.update(masks)
            first = number + 1
            number += len(rows)
            ids: list[int | str]
            if id_of is None:
                ids = list(range(first, number + 1))
            else:
                ids = list(map(str.strip, map(id_of, rows), itertools.repeat(SPACE_CHARS)))
                if "" in ids:
                    ids = [lead_id or first + k for k, lead_id in enumerate(ids)]
            if self.told < limit and any(map(operator.and_, masks, itertools.repeat(any_problem))):
                self._tell(rows, masks, ids, first, lines or range(line - len(rows) + 1, line + 1), limit)
            yield ids, masks, rows
        export.line = line
        self._summary = None

    told: int = field(init=False, default=0)

    def _tell(
        self,
        rows: list[list[str]],
        masks: list[Mask],
        ids: list[int | str],
        first: int,
        lines: Sequence[int],
        limit: int,
    ) -> None:
        for k, mask in enumerate(masks):
            if mask & self.judge.any_problem:
                for problem in self.problems(rows[k], mask):
                    if self.told >= limit or self.on_problem is None:
                        return
                    self.told += 1
                    self.on_problem(self.problem_text(lines[k], ids[k], first + k, problem))

    def rows(self) -> Iterator[Row]:
        """`(id, bits, cells)` of every row, one at a time."""
        for ids, masks, rows in self.chunks():
            yield from zip(ids, masks, rows, strict=True)

    def problems(self, row: list[str], mask: Mask) -> list[CellProblem]:
        """The cells of `row` that could not be read, with why."""
        found = []
        readers = self.rules.reading.readers()
        for name in self.judge.problem_fields(mask):
            cell = row[self.export.header.index[name]].strip(SPACE_CHARS)
            try:
                readers[self.rules.types[name]](cell)
            except Unreadable as error:
                found.append(CellProblem(name, cell, str(error)))
        return found

    def __iter__(self) -> Iterator[LeadResult]:
        """Every row as a complete `LeadResult` (slower than `rows`)."""
        for number, (lead_id, mask, row) in enumerate(self.rows(), 1):
            verdict = self.judge.verdict(mask)
            problems = self.problems(row, mask) if mask & self.judge.any_problem else []
            yield LeadResult(number, lead_id, verdict, problems, row, self.export.line, self.rules.stage)

    def column_of(self, name: str) -> str:
        """The export's column holding a field."""
        return self.export.header.column_of(name)

    def problem_text(self, line: int, lead_id: int | str, number: int, problem: CellProblem) -> str:
        lead = f" (lead {lead_id})" if lead_id != number else ""
        return (
            f'{self.export.path}: row {line}{lead}, column "{self.column_of(problem.field)}": '
            f"{problem.message}; counted as missing"
        )


def verdict_words(stage: str, target: bool) -> str:
    """`target` / `not target`, or `sales ready` / `not sales ready`."""
    word = "target" if stage == "target" else "sales ready"
    return word if target else f"not {word}"


def reasons_text(verdict: Verdict, min_score: int) -> str:
    """The failed rules joined for a table cell or CSV column; the score when that is why."""
    if verdict.failed:
        return "; ".join(verdict.failed)
    if not verdict.target:
        return f"score {verdict.score} is below {min_score}"
    return ""


def _id_json(lead_id: int | str) -> str:
    return str(lead_id) if isinstance(lead_id, int) else encode_basestring(lead_id)


def _ids_json(ids: list[int | str]) -> list[str]:
    try:
        return list(map(encode_basestring, ids))  # type: ignore[arg-type]
    except TypeError:  # a row number among them
        return [str(i) if isinstance(i, int) else encode_basestring(i) for i in ids]


class _Tails(dict[Mask, str]):
    """Verdict bits → the text written after each lead's id, made once per distinct verdict."""

    def __init__(self, make: Callable[[Verdict], str], judge: FastJudge) -> None:
        super().__init__()
        self.make = make
        self.judge = judge

    def __missing__(self, bits: Mask) -> str:
        text = self[bits] = self.make(self.judge.verdict(bits))
        return text


def write_json(qualifier: Qualifier, out: IO[str]) -> None:
    """`{"leads": [...], "summary": {...}}`, one lead per line, streamed."""
    key = verdict_key(qualifier.rules.stage)

    def tail(verdict: Verdict) -> str:
        text = json.dumps({key: verdict.target, "score": verdict.score, "failed": verdict.failed}, ensure_ascii=False)
        return ", " + text[1:]

    tails = _Tails(tail, qualifier.judge)
    bits = itertools.repeat(qualifier.judge.atom_bits)
    out.write('{"leads": [')
    separator = "\n"
    for ids, masks, _ in qualifier.chunks():
        starts = map('{"id": '.__add__, _ids_json(ids))
        leads = map(operator.add, starts, map(tails.__getitem__, map(operator.and_, masks, bits)))
        out.write(separator + ",\n".join(leads))
        separator = ",\n"
    out.write('\n],\n"summary": ')
    out.write(json.dumps(qualifier.summary.as_json(), ensure_ascii=False, indent=1))
    out.write("}\n")


def write_csv(qualifier: Qualifier, out: IO[str]) -> None:
    """The export's columns plus verdict, score and reasons, in the export's own delimiter.

    Every cell is made inert for spreadsheets (see `spreadsheet_csv`): the export's own cells and the
    reasons are untrusted text.
    """
    header = qualifier.export.header
    if header.bom:
        out.write("\ufeff")
    writer = SpreadsheetWriter(out, delimiter=header.delimiter)
    extra = [_free_name(name, header.columns) for name in ("verdict", "score", "reasons")]
    writer.writerow([*header.columns, *extra])
    width = len(header.columns)
    stage, min_score = qualifier.rules.stage, qualifier.rules.min_score
    judge = qualifier.judge
    added: dict[Mask, list[object]] = {}
    bits = judge.atom_bits
    for _, mask, row in qualifier.rows():
        tail = added.get(mask & bits)
        if tail is None:
            verdict = judge.verdict(mask)
            tail = added[mask & bits] = [
                verdict_words(stage, verdict.target),
                verdict.score,
                reasons_text(verdict, min_score),
            ]
        writer.writerow([*(row[:width] if len(row) != width else row), *tail])


def _free_name(name: str, columns: list[str]) -> str:
    taken = {c.strip().casefold() for c in columns}
    candidate = name
    while candidate.casefold() in taken:
        candidate = f"playbook_{candidate}"
    return candidate


def write_table(qualifier: Qualifier, out: IO[str]) -> None:
    """A table for people: id, verdict, score and the reasons, then the summary."""
    stage, min_score = qualifier.rules.stage, qualifier.rules.min_score
    id_width = 10
    verdict_width = len(verdict_words(stage, False))
    out.write(f"{'LEAD':<{id_width}}  {'VERDICT':<{verdict_width}}  {'SCORE':>5}  REASONS\n")

    def tail(verdict: Verdict) -> str:
        words = verdict_words(stage, verdict.target)
        return f"  {words:<{verdict_width}}  {verdict.score:>5}  {reasons_text(verdict, min_score)}".rstrip() + "\n"

    tails = _Tails(tail, qualifier.judge)
    bits = itertools.repeat(qualifier.judge.atom_bits)
    for ids, masks, _ in qualifier.chunks():
        texts: list[str] = list(map(str, ids))
        widths = list(itertools.accumulate(map(len, texts), max, initial=id_width))
        id_width = widths.pop()
        widths.append(id_width)
        padded = map(str.ljust, texts, widths[1:])
        out.write("".join(map(operator.add, padded, map(tails.__getitem__, map(operator.and_, masks, bits)))))
    write_summary(qualifier, out)


def write_summary(qualifier: Qualifier, out: IO[str]) -> None:
    summary = qualifier.summary
    word = "target" if qualifier.rules.stage == "target" else "sales ready"
    out.write(f"\n{summary.total} leads: {summary.target} {word}, {summary.not_target} not {word}")
    if summary.below_min_score:
        out.write(f" ({summary.below_min_score} pass every rule but score below {qualifier.rules.min_score})")
    out.write("\n")
    if summary.failed_by_rule:
        out.write("Rejected by rule:\n")
        width = max(len(str(n)) for n in summary.failed_by_rule.values())
        for reason, count in summary.failed_by_rule.items():
            out.write(f"  {count:>{width}}  {reason}\n")
    if summary.problems:
        out.write(f"{summary.problems} cell(s) in {summary.problem_leads} lead(s) could not be read (see above)\n")
