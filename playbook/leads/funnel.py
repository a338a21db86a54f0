"""The funnel over a CRM event log: leads per stage, conversions, time in stage vs SLA, hanging leads.

The export has one row per stage entry: lead id, stage id (or name), timestamp, and optionally
source, campaign and owner. Definitions (documented in docs/funnel.md):

- the report is the funnel as it stood at "now" (`--as-of`): later events are left out;
- a lead's events are ordered by timestamp (file order breaks ties); a repeated entry into the
  stage the lead is already in is ignored;
- *reached*: leads that entered the stage at least once; *now*: leads whose last event is it;
- conversion A → B: of the leads that reached A, those that entered B after entering A;
- time in stage: from entering it to the lead's next event; the median is over the stays that
  ended, for non-terminal stages; a stay longer than the SLA's `within_hours` is *late*;
- *hanging*: the lead's last event is a non-terminal stage with an SLA, entered longer than the
  SLA before "now"; SLA breaches = late + hanging;
- a lead's source and campaign are the first non-empty ones among its events; by source and by
  campaign, conversion is the share of leads that reached the won stage (the first terminal stage
  a KPI leads to, e.g. `customer`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from playbook.freshness import today
from playbook.leads.money import CampaignMoney
from playbook.model.lead_path import LeadPath, Stage

MAX_PROBLEMS_KEPT = 100
COLUMNS = ("lead_id", "stage", "timestamp", "source", "campaign", "owner", "amount", "competitor")
REQUIRED = ("lead_id", "stage", "timestamp")
ALIASES = {
    "lead": "lead_id",
    "id": "lead_id",
    "lead id": "lead_id",
    "lead_key": "lead_id",
    "stage_id": "stage",
    "stage id": "stage",
    "status": "stage",
    "time": "timestamp",
    "date": "timestamp",
    "datetime": "timestamp",
    "at": "timestamp",
    "entered_at": "timestamp",
    "entered": "timestamp",
    "created_at": "timestamp",
}


def default_now() -> dt.datetime:
    """ "Now" for hanging leads: midnight of `PLAYBOOK_TODAY` when set, else the current local time."""
    if os.environ.get("PLAYBOOK_TODAY"):
        return dt.datetime.combine(today(), dt.time())
    return dt.datetime.now().replace(microsecond=0)


class UnreadableTimestamp(ValueError):
    """A timestamp that is not ISO 8601."""


_DAY_FIRST = re.compile(
    r"([0-9]{1,2})([./-])([0-9]{1,2})\2([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.,][0-9]+)?)?)?"
)
"""Day-first as Excel writes it in LT, PL, RO, RU: `21.10.2026 16:00`, `21/10/2026`, `21-10-2026 9:05:00`."""


def parse_timestamp(text: str) -> dt.datetime:
    """An ISO date or date-time, or a day-first one; time zones are converted to UTC and dropped."""
    value = text.strip()
    day_first = _DAY_FIRST.fullmatch(value)
    if day_first:
        day, _, month, year, hour, minute, second = day_first.groups()
        try:
            return dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        except ValueError:
            raise UnreadableTimestamp(f"cannot read timestamp `{value}` (no such date or time)") from None
    try:
        if len(value) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(value), dt.time())
        if len(value) < 16 or value[4] != "-" or value[10] not in "T ":
            raise ValueError
        moment = dt.datetime.fromisoformat(value)
    except (ValueError, IndexError):
        raise UnreadableTimestamp(
            f"cannot read timestamp `{value}` (use YYYY-MM-DD HH:MM or DD.MM.YYYY HH:MM)"
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


@dataclass(frozen=True)
class Event:
    """A lead entering a stage."""

    lead: str
    stage: str
    at: dt.datetime
    row: int
    source: str = ""
    campaign: str = ""
    owner: str = ""
    cells: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    """The row's cells (amount, the sheet's fields...), for the money per campaign."""


@dataclass
class StageStats:
    """One stage's figures."""

    id: str
    name: str
    terminal: bool
    sla_hours: float | None
    reached: int = 0
    current: int = 0
    stays: list[float] = field(default_factory=list, repr=False)
    late: int = 0
    hanging: int = 0

    @property
    def median_hours(self) -> float | None:
        return statistics.median(self.stays) if self.stays and not self.terminal else None

    @property
    def breaches(self) -> int:
        return self.late + self.hanging

    def as_json(self) -> dict[str, object]:
        median = self.median_hours
        return {
            "id": self.id,
            "name": self.name,
            "terminal": self.terminal,
            "reached": self.reached,
            "current": self.current,
            "completed_stays": len(self.stays) if not self.terminal else 0,
            "median_hours": _round(median),
            "sla_hours": self.sla_hours,
            "median_within_sla": None if median is None or self.sla_hours is None else median <= self.sla_hours,
            "sla_breaches": self.breaches,
            "late": self.late,
            "hanging": self.hanging,
        }


@dataclass
class Conversion:
    """Leads that reached `from_` and later entered `to`."""

    from_: str
    to: str
    entered: int
    converted: int
    label: str = ""
    id: str = ""
    owner: str = ""
    target: float | None = None

    @property
    def rate(self) -> float | None:
        return self.converted / self.entered if self.entered else None

    @property
    def met(self) -> bool | None:
        rate = self.rate
        return None if rate is None or self.target is None else rate >= self.target

    def as_json(self) -> dict[str, object]:
        found: dict[str, object] = {"from": self.from_, "to": self.to}
        if self.id:
            found.update({"id": self.id, "label": self.label, "owner": self.owner})
        found.update({"entered": self.entered, "converted": self.converted, "rate": _round(self.rate, 4)})
        if self.id:
            found.update({"target": self.target, "met": self.met})
        return found


@dataclass(frozen=True)
class HangingLead:
    """A lead waiting in a non-terminal stage longer than its SLA."""

    lead: str
    stage: str
    since: dt.datetime
    hours: float
    sla_hours: float
    owner: str
    source: str
    campaign: str

    def as_json(self) -> dict[str, object]:
        return {
            "lead": self.lead,
            "stage": self.stage,
            "since": self.since.isoformat(sep=" ", timespec="minutes"),
            "hours": _round(self.hours),
            "sla_hours": self.sla_hours,
            "owner": self.owner,
            "source": self.source,
            "campaign": self.campaign,
        }


@dataclass
class Breakdown:
    """Leads from one source or campaign and how far they got."""

    value: str
    leads: int = 0
    reached: dict[str, int] = field(default_factory=dict)
    won: int = 0
    money: CampaignMoney | None = None
    """Revenue, spend, costs and ROI (by campaign; `campaign_money.add_money`)."""

    @property
    def rate(self) -> float | None:
        return self.won / self.leads if self.leads else None

    def as_json(self) -> dict[str, object]:
        return {
            "value": self.value,
            "leads": self.leads,
            "reached": self.reached,
            "won": self.won,
            "rate": _round(self.rate, 4),
        } | (self.money.as_json() if self.money is not None else {})


@dataclass
class Funnel:
    """Every figure of the funnel report."""

    as_of: dt.datetime
    events: int
    leads: int
    stages: list[StageStats]
    steps: list[Conversion]
    kpis: list[Conversion]
    hanging: list[HangingLead]
    by_source: list[Breakdown]
    by_campaign: list[Breakdown]
    won_stage: str | None
    after_as_of: int = 0
    """Events later than `as_of`, left out: the report is the funnel as it stood then."""
    warnings: list[str] = field(default_factory=list)
    """Spend without leads, campaigns without spend, unreadable amounts (also on standard error)."""

    def stage(self, stage_id: str) -> StageStats:
        return next(s for s in self.stages if s.id == stage_id)

    def as_json(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(sep=" ", timespec="minutes"),
            "events": self.events,
            "after_as_of": self.after_as_of,
            "leads": self.leads,
            "won_stage": self.won_stage,
            "stages": [s.as_json() for s in self.stages],
            "conversions": [c.as_json() for c in self.steps],
            "kpis": [k.as_json() for k in self.kpis],
            "sla_breaches": sum(s.breaches for s in self.stages),
            "hanging": [h.as_json() for h in self.hanging],
            "by_source": [b.as_json() for b in self.by_source],
            "by_campaign": [b.as_json() for b in self.by_campaign],
            "warnings": self.warnings,
        }


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def stage_lookup(path: LeadPath) -> dict[str, str]:
    """Stage ids by id and by name, ignoring case, for matching what a CRM exports."""
    lookup: dict[str, str] = {}
    for stage in path.stages:
        lookup.setdefault(stage.name.strip().casefold(), stage.id)
    for stage in path.stages:
        lookup[stage.id.casefold()] = stage.id
    return lookup


def won_stage(path: LeadPath) -> str | None:
    """The stage counted as won: the first terminal stage a KPI leads to, else the first terminal one."""
    kpi_targets = {k.to for k in path.kpis}
    terminal = [s.id for s in path.stages if s.terminal]
    for stage_id in terminal:
        if stage_id in kpi_targets:
            return stage_id
    return terminal[0] if terminal else (path.stages[-1].id if path.stages else None)


def compute(events: Iterable[Event], path: LeadPath, now: dt.datetime) -> Funnel:
    """The funnel of an event log (events of unknown stages must already be left out)."""
    by_lead: dict[str, list[Event]] = {}
    count = later = 0
    for event in events:
        if event.at > now:
            later += 1
            continue
        by_lead.setdefault(event.lead, []).append(event)
        count += 1
    stages: dict[str, Stage] = {s.id: s for s in path.stages}
    stats = {s.id: StageStats(s.id, s.name, s.terminal, s.sla.within_hours if s.sla else None) for s in path.stages}
    pairs = [(a.id, b.id) for a, b in zip(path.stages, path.stages[1:], strict=False) if not a.terminal]
    steps = {pair: Conversion(*pair, 0, 0) for pair in pairs}
    kpis = [Conversion(k.from_, k.to, 0, 0, k.label, k.id, k.owner, k.target) for k in path.kpis]
    won = won_stage(path)
    hanging: list[HangingLead] = []
    sources: dict[str, Breakdown] = {}
    campaigns: dict[str, Breakdown] = {}
    for lead, lead_events in by_lead.items():
        sequence = _sequence(lead_events)
        order = [e.stage for e in sequence]
        first_at: dict[str, int] = {}
        for i, stage_id in enumerate(order):
            first_at.setdefault(stage_id, i)
        for stage_id in first_at:
            stats[stage_id].reached += 1
        stats[order[-1]].current += 1
        for event, following in zip(sequence, sequence[1:], strict=False):
            stage_stats = stats[event.stage]
            if stage_stats.terminal:
                continue
            hours = (following.at - event.at).total_seconds() / 3600
            stage_stats.stays.append(hours)
            if stage_stats.sla_hours is not None and hours > stage_stats.sla_hours:
                stage_stats.late += 1
        source = next((e.source for e in sequence if e.source), "")
        campaign = next((e.campaign for e in sequence if e.campaign), "")
        last = sequence[-1]
        last_stats = stats[last.stage]
        waited = (now - last.at).total_seconds() / 3600
        if not last_stats.terminal and last_stats.sla_hours is not None and waited > last_stats.sla_hours:
            last_stats.hanging += 1
            owner = next((e.owner for e in reversed(sequence) if e.owner), "")
            hanging.append(
                HangingLead(lead, last.stage, last.at, waited, last_stats.sla_hours, owner, source, campaign)
            )
        for conversion in [*steps.values(), *kpis]:
            start = first_at.get(conversion.from_)
            if start is None:
                continue
            conversion.entered += 1
            if conversion.to in order[start + 1 :]:
                conversion.converted += 1
        for table, value in ((sources, source), (campaigns, campaign)):
            breakdown = table.setdefault(value, Breakdown(value, reached={s: 0 for s in stages}))
            breakdown.leads += 1
            for stage_id in first_at:
                breakdown.reached[stage_id] += 1
            if won is not None and won in first_at:
                breakdown.won += 1
    hanging.sort(key=lambda h: (-(h.hours - h.sla_hours), h.lead))
    return Funnel(
        as_of=now,
        events=count,
        leads=len(by_lead),
        stages=list(stats.values()),
        steps=list(steps.values()),
        kpis=kpis,
        hanging=hanging,
        by_source=_ranked(sources),
        by_campaign=_ranked(campaigns),
        won_stage=won,
        after_as_of=later,
    )


def _sequence(events: list[Event]) -> list[Event]:
    ordered = sorted(events, key=lambda e: (e.at, e.row))
    sequence = [ordered[0]]
    for event in ordered[1:]:
        if event.stage != sequence[-1].stage:
            sequence.append(event)
        else:
            sequence[-1] = _merge(sequence[-1], event)
    return sequence


def _merge(kept: Event, repeat: Event) -> Event:
    """A repeated entry keeps the first time; it may fill in an owner, source or campaign."""
    return Event(
        kept.lead,
        kept.stage,
        kept.at,
        kept.row,
        kept.source or repeat.source,
        kept.campaign or repeat.campaign,
        repeat.owner or kept.owner,
    )


def _ranked(table: dict[str, Breakdown]) -> list[Breakdown]:
    return sorted(table.values(), key=lambda b: (-b.leads, b.value == "", b.value.casefold()))


@dataclass
class EventLog:
    """Events read from an export, and the rows that could not be used."""

    events: list[Event] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: int = 0


def read_events(rows: Iterable[tuple[int, dict[str, str], list[str]]], path: LeadPath, where: str) -> EventLog:
    """Events from export rows (`csv_reader.Export`); rows with an unknown stage or bad timestamp are skipped."""
    lookup = stage_lookup(path)
    log = EventLog()
    for number, cells, _ in rows:
        lead = cells.get("lead_id", "").strip()
        stage_text = cells.get("stage", "").strip()
        stage = lookup.get(stage_text.casefold())
        problem = None
        if not lead:
            problem = "no lead id"
        elif stage is None:
            known = ", ".join(s.id for s in path.stages)
            problem = f"unknown stage `{stage_text}` (the lead path has {known})" if stage_text else "no stage"
        else:
            try:
                at = parse_timestamp(cells.get("timestamp", ""))
            except UnreadableTimestamp as error:
                problem = str(error)
        if problem is not None or stage is None:
            log.skipped += 1
            if len(log.problems) < MAX_PROBLEMS_KEPT:
                log.problems.append(f"{where}: row {getattr(rows, 'line', number)}: {problem}; row skipped")
            continue
        log.events.append(
            Event(
                lead,
                stage,
                at,
                number,
                cells.get("source", "").strip(),
                cells.get("campaign", "").strip(),
                cells.get("owner", "").strip(),
                cells,
            )
        )
    return log
