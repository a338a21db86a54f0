"""Reading an export for reconciliation, once, before anything is printed or rendered.

Both `playbook reconcile` and the site's "Where we disagree" page come through here: the export is read
with the one CRM-export reader (`csv_reader`), every judge runs on it, and what could not be read becomes
a warning or an error. The site reads the export named by `reconcile_export:` in `playbook.yaml` before
rendering and hands the result to the renderer as data, so rendering stays pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from playbook.leads.csv_reader import ExportError, open_leads
from playbook.leads.csv_reader import Mapping as ColumnMapping
from playbook.leads.reconcile import Reconciliation, judges, reconcile, required_fields
from playbook.model import Playbook

MAX_WARNINGS = 100


class ReconcileError(Exception):
    """Nothing to reconcile, or the export lacks a column some `require` rule reads: a data error."""


@dataclass
class Reconciled:
    """The report and what the reader noticed on the way."""

    report: Reconciliation
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """How the export was read (an encoding detected), for standard error."""


def read_reconciliation(
    playbook: Playbook,
    path: Path,
    labels: Mapping[str, str],
    mappings: Iterable[ColumnMapping] = (),
    *,
    encoding: str | None = None,
) -> Reconciled:
    """Every draft and the signed sheet judged on the export at `path`; raises `ExportError`, `ReconcileError`.

    The export is read as `qualify` reads it (`open_leads`): the sheet's stored column names, `--map`,
    the encoding detected or given, numbers and dates in the playbook's language.
    """
    language = playbook.settings.language
    found = judges(playbook, labels, language)
    if not found:
        raise ReconcileError(
            "nothing to reconcile: no draft in data/proposals/ and qualification.yaml is not signed by both heads"
        )
    warnings: list[str] = []
    export = open_leads(path, playbook.qualification, mappings, encoding=encoding, language=language)
    with export:
        required, scored = required_fields(found)
        export.require_columns(required)
        export.require_rows()
        for name in export.missing(scored):
            warnings.append(f"{path}: no column for field `{name}`; every lead misses it")
        # Each lead by the row a spreadsheet shows it on, its id read as qualify reads it (else its number).
        rows = ((lead.line, lead.id, lead.cells) for lead in export.leads())
        report = reconcile(found, rows)
    for lead in report.leads:
        for problem in lead.problems:
            if len(warnings) < MAX_WARNINGS:
                warnings.append(
                    f"{path}: row {lead.row}, field `{problem.field}`: {problem.message}; counted as missing"
                )
    return Reconciled(report, warnings, export.notes)


@dataclass(frozen=True)
class SiteReconciliation:
    """What the "Where we disagree" page shows: the report, or why the export named could not be read."""

    export: str | None
    report: Reconciliation | None = None
    problem: str | None = None


def site_reconciliation(playbook: Playbook, root: Path, labels: Mapping[str, str]) -> SiteReconciliation | None:
    """The page's data, read before rendering: None while no draft exists (the page disappears)."""
    if not playbook.proposals:
        return None
    name = playbook.settings.reconcile_export
    if not name:
        return SiteReconciliation(None)
    base = root.resolve()
    target = (base / name).resolve()
    if Path(name).is_absolute() or not target.is_relative_to(base):
        return SiteReconciliation(name, problem=f"`{name}` is outside the project folder")
    if not target.is_file():
        return SiteReconciliation(name, problem=f"`{name}` does not exist")
    try:
        return SiteReconciliation(name, read_reconciliation(playbook, target, labels).report)
    except (ExportError, ReconcileError) as error:
        return SiteReconciliation(name, problem=str(error).replace(str(target), name))
