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

from playbook.leads.csv_reader import Export, ExportError, UnreadableExport
from playbook.leads.csv_reader import Mapping as ColumnMapping
from playbook.leads.reconcile import ID_COLUMN, Reconciliation, judges, reconcile, required_fields
from playbook.model import Playbook

MAX_WARNINGS = 100


class ReconcileError(Exception):
    """Nothing to reconcile, or the export lacks a column some `require` rule reads: a data error."""


@dataclass
class Reconciled:
    """The report and what the reader noticed on the way."""

    report: Reconciliation
    warnings: list[str] = field(default_factory=list)


def read_reconciliation(
    playbook: Playbook, path: Path, labels: Mapping[str, str], mappings: Iterable[ColumnMapping] = ()
) -> Reconciled:
    """Every draft and the signed sheet judged on the export at `path`; raises `ExportError`, `ReconcileError`."""
    found = judges(playbook, labels)
    if not found:
        raise ReconcileError(
            "nothing to reconcile: no draft in data/proposals/ and qualification.yaml is not signed by both heads"
        )
    known = [ID_COLUMN, *(f.id for f in playbook.qualification.fields)]
    warnings: list[str] = []
    with Export(path, known, mappings) as export:
        required, scored = required_fields(found)
        missing = [name for name in required if name not in export.header.index]
        if missing:
            raise ReconcileError(
                f"{path}: no column for "
                + ", ".join(f"`{name}`" for name in missing)
                + f", which a `require` rule reads (its columns: {', '.join(export.header.columns)}; "
                f'use --map "CRM column={missing[0]}")'
            )
        for name in scored:
            if name not in export.header.index:
                warnings.append(f"{path}: no column for field `{name}`; every lead misses it")
        report = reconcile(found, export)
    if not report.leads:
        raise UnreadableExport(f"{path}: no lead in the export (only a header)")
    for lead in report.leads:
        for problem in lead.problems:
            if len(warnings) < MAX_WARNINGS:
                warnings.append(
                    f"{path}: row {lead.row}, field `{problem.field}`: {problem.message}; counted as missing"
                )
    return Reconciled(report, warnings)


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
