"""A funnel export read once, the same way for `playbook funnel`, the site's Funnel page and the win rates.

Why one module: the command, the page and the battle cards used to read the export each in their own
way (the page without the CRM shapes, the cards without the stored columns), so they could count
differently. Here the export's shape is recognised, `lead_path.yaml`'s stored columns apply, amounts
and spend are added, and the deals won or lost against competitors are taken from the same events.
The site reads it before rendering and hands the result to the renderers as data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from playbook.labels import labels
from playbook.leads.campaign_money import add_money, comma_decimal_for, read_spend, sheet_rules
from playbook.leads.csv_reader import Export, ExportError, UnreadableExport
from playbook.leads.csv_reader import Mapping as ColumnMapping
from playbook.leads.funnel import ALIASES, COLUMNS, Funnel, compute, default_now
from playbook.leads.funnel_shapes import HISTORY, HISTORY_ALIASES, read_shape, recognise, required, stored_columns
from playbook.leads.win_loss import Deal
from playbook.leads.win_loss_export import COMPETITOR, closed_deals
from playbook.model import Playbook


@dataclass
class FunnelRead:
    """The funnel of one export, and what reading it noticed."""

    funnel: Funnel
    deals: list[Deal]
    """Leads won or lost against a competitor the playbook knows (the export's `competitor` column)."""
    skipped: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_funnel(
    playbook: Playbook,
    path: Path,
    labels: Mapping[str, str],
    *,
    now: dt.datetime,
    mappings: Iterable[ColumnMapping] = (),
    spend: Path | None = None,
    encoding: str | None = None,
    shape: str | None = None,
    where: str | None = None,
) -> FunnelRead:
    """The funnel of the export at `path` (`where` names it in messages); raises `ExportError`."""
    language = playbook.settings.language
    comma_decimal = comma_decimal_for(language)
    known = dict.fromkeys([*COLUMNS, *HISTORY, *(f.id for f in playbook.qualification.fields)])
    spent = read_spend(spend, comma_decimal) if spend is not None else None
    columns = stored_columns(playbook.lead_path)
    aliases = {**HISTORY_ALIASES, **ALIASES}
    with Export(path, known, mappings, aliases, columns=columns, encoding=encoding, language=language) as export:
        found = shape or recognise(export, playbook.lead_path)
        missing = export.missing(required(found))
        if missing:
            message = export.no_column(missing, why=f", which the {found} shape needs")
            raise UnreadableExport(message.replace("qualification.yaml `columns:`", "lead_path.yaml `columns:`"))
        log = read_shape(export, found, playbook.lead_path, where or str(path))
        if not log.events:
            sentence = (
                f"{where or path}: no readable row: no row names a lead, a stage of lead_path.yaml and a time "
                f"({found} shape; the file's columns are: " + ", ".join(f'"{c}"' for c in export.header.columns) + ")"
            )
            # The why of the first rows, then the verdict.
            raise UnreadableExport("\n".join([*log.problems[:10], sentence]))
        has_amount = "amount" in export.header.index
        rules = sheet_rules(playbook.qualification, export.header.index, labels)
        notes = list(export.notes)
    report = compute(log.events, playbook.lead_path, now)
    add_money(report, log.events, spend=spent, has_amount=has_amount, comma_decimal=comma_decimal, rules=rules)
    named = {e.row: e.cells.get(COMPETITOR, "").strip() for e in log.events}
    deals = closed_deals(playbook, log.events, named) if playbook.competitors else []
    return FunnelRead(report, deals, log.skipped, list(log.problems), notes)


@dataclass(frozen=True)
class SiteFunnel:
    """What the Funnel page shows: the funnel of `funnel_export`, or why it could not be read."""

    export: str
    read: FunnelRead | None = None
    problem: str | None = None

    @property
    def deals(self) -> list[Deal]:
        return self.read.deals if self.read is not None else []


def site_funnel(
    playbook: Playbook, root: Path, labels: Mapping[str, str], now: dt.datetime | None = None
) -> SiteFunnel | None:
    """The page's data, read before rendering; None when `playbook.yaml` names no `funnel_export`."""
    name = playbook.settings.funnel_export
    if not name:
        return None
    try:
        path = _inside(root, name)
        spend_name = playbook.settings.funnel_spend
        spend = _inside(root, spend_name) if spend_name else None
        read = read_funnel(playbook, path, labels, now=now or default_now(), spend=spend, where=name)
    except ExportError as error:
        verdict = str(error).splitlines()[-1]  # the page states the verdict, not every row's problem
        return SiteFunnel(name, problem=verdict.replace(str(root.resolve()) + "/", ""))
    return SiteFunnel(name, read)


def _inside(root: Path, name: str) -> Path:
    """A file named in playbook.yaml, refused when outside the project (`check` reports it too)."""
    base = root.resolve()
    path = (base / name).resolve()
    if Path(name).is_absolute() or not path.is_relative_to(base):
        raise ExportError(f"`{name}` is outside the project folder")
    if not path.is_file():
        raise ExportError(f"`{name}` does not exist")
    return path


def crm_deals(playbook: Playbook, root: Path) -> list[Deal]:
    """The deals won or lost against competitors in `funnel_export`, for the cards; none without one."""
    site = site_funnel(playbook, root, labels(playbook.settings.language))
    return site.deals if site is not None else []
