"""The qualify report: the agreed criteria applied to every row of a CRM export, streamed.

Per lead: id (the `id` column, or the 1-based row number), verdict, score, the reasons it
failed, and the cells that could not be read. Summary: totals and, per `require` rule, how
many leads it rejected (where the two departments disagree).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from playbook.leads.csv_reader import Export
from playbook.leads.spreadsheet_csv import SpreadsheetWriter
from playbook.rules.evaluate import CellProblem, RuleSet, Verdict

ID_COLUMN = "id"


@dataclass
class LeadResult:
    """One row of the export judged."""

    row: int
    id: str | int
    verdict: Verdict
    problems: list[CellProblem]
    raw: list[str]

    def as_json(self) -> dict[str, object]:
        """Exactly the keys of the `qualify --format json` contract."""
        return {
            "id": self.id,
            "target": self.verdict.target,
            "score": self.verdict.score,
            "failed": self.verdict.failed,
        }


@dataclass
class Summary:
    """Totals over every lead so far."""

    failed_by_rule: dict[str, int]
    total: int = 0
    target: int = 0
    below_min_score: int = 0
    problems: int = 0
    problem_leads: int = 0

    @property
    def not_target(self) -> int:
        return self.total - self.target

    def add(self, result: LeadResult) -> None:
        self.total += 1
        verdict = result.verdict
        if verdict.target:
            self.target += 1
        elif not verdict.failed:
            self.below_min_score += 1
        for reason in verdict.failed:
            self.failed_by_rule[reason] = self.failed_by_rule.get(reason, 0) + 1
        if result.problems:
            self.problems += len(result.problems)
            self.problem_leads += 1

    def as_json(self) -> dict[str, object]:
        return {
            "total": self.total,
            "target": self.target,
            "not_target": self.not_target,
            "failed_by_rule": self.failed_by_rule,
            "below_min_score": self.below_min_score,
            "problems": self.problems,
        }


@dataclass
class Qualifier:
    """Judges an export's rows one by one and keeps the summary."""

    rules: RuleSet
    export: Export
    summary: Summary = field(init=False)

    def __post_init__(self) -> None:
        self.summary = Summary({reason: 0 for reason in self.rules.reasons})

    def __iter__(self) -> Iterator[LeadResult]:
        evaluate = self.rules.evaluate
        for number, cells, raw in self.export:
            lead_id: str | int = cells.get(ID_COLUMN, "").strip() or number
            verdict, problems = evaluate(cells)
            result = LeadResult(number, lead_id, verdict, problems, raw)
            self.summary.add(result)
            yield result

    def column_of(self, name: str) -> str:
        """The export's column holding a field."""
        return self.export.header.columns[self.export.header.index[name]]

    def problem_text(self, result: LeadResult, problem: CellProblem) -> str:
        lead = f" (lead {result.id})" if result.id != result.row else ""
        return (
            f'{self.export.path}: row {result.row}{lead}, column "{self.column_of(problem.field)}": '
            f"{problem.message}; counted as missing"
        )


def verdict_words(stage: str, target: bool) -> str:
    """`target` / `not target`, or `sales ready` / `not sales ready`."""
    word = "target" if stage == "target" else "sales ready"
    return word if target else f"not {word}"


def reasons_text(result: LeadResult, min_score: int) -> str:
    """The failed rules joined for a table cell or CSV column; the score when that is why."""
    if result.verdict.failed:
        return "; ".join(result.verdict.failed)
    if not result.verdict.target:
        return f"score {result.verdict.score} is below {min_score}"
    return ""


def write_json(results: Iterator[LeadResult], summary: Summary, out: IO[str]) -> None:
    """`{"leads": [...], "summary": {...}}`, one lead per line, streamed."""
    out.write('{"leads": [')
    first = True
    for result in results:
        out.write("\n" if first else ",\n")
        out.write(json.dumps(result.as_json(), ensure_ascii=False))
        first = False
    out.write('\n],\n"summary": ')
    out.write(json.dumps(summary.as_json(), ensure_ascii=False, indent=1))
    out.write("}\n")


def write_csv(results: Iterator[LeadResult], qualifier: Qualifier, out: IO[str]) -> None:
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
    for result in results:
        row = (result.raw + [""] * width)[:width] if len(result.raw) != width else result.raw
        writer.writerow(
            [*row, verdict_words(stage, result.verdict.target), result.verdict.score, reasons_text(result, min_score)]
        )


def _free_name(name: str, columns: list[str]) -> str:
    taken = {c.strip().casefold() for c in columns}
    candidate = name
    while candidate.casefold() in taken:
        candidate = f"playbook_{candidate}"
    return candidate


def write_table(results: Iterator[LeadResult], qualifier: Qualifier, out: IO[str]) -> None:
    """A table for people: id, verdict, score and the reasons, then the summary."""
    stage, min_score = qualifier.rules.stage, qualifier.rules.min_score
    id_width = 10
    verdict_width = len(verdict_words(stage, False))
    out.write(f"{'LEAD':<{id_width}}  {'VERDICT':<{verdict_width}}  {'SCORE':>5}  REASONS\n")
    for result in results:
        lead = str(result.id)
        id_width = max(id_width, len(lead))
        verdict = verdict_words(stage, result.verdict.target)
        reasons = reasons_text(result, min_score)
        line = f"{lead:<{id_width}}  {verdict:<{verdict_width}}  {result.verdict.score:>5}  {reasons}"
        out.write(line.rstrip() + "\n")
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
