"""The three shapes a CRM writes a lead's path in, read into the funnel's stage events.

- `events`: one row per stage entry (lead, stage, timestamp): the funnel's own shape;
- `wide`: one row per lead, one date column per stage, as HubSpot exports contacts and deals
  ("Date entered "Marketing Qualified Lead (Lifecycle Stage Pipeline)"", "Became a Lead Date"); a
  stage's column is named by the stage's name or id, or listed in lead_path.yaml `columns: entered:`;
- `history`: one row per stage change with from/to columns, as Salesforce's opportunity stage
  history ("From Stage", "To Stage", "Stage Change Date").

The shape is recognised from the header (from/to columns: history; stage date columns and no
stage column: wide; else events), or named with `--shape`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from playbook.leads.csv_reader import Export
from playbook.leads.funnel import (
    MAX_PROBLEMS_KEPT,
    Event,
    EventLog,
    UnreadableTimestamp,
    parse_timestamp,
    read_events,
    stage_lookup,
)
from playbook.model.lead_path import LeadPath

SHAPES = ("events", "wide", "history")
HISTORY = ("from_stage", "to_stage")
HISTORY_ALIASES = {
    "from stage": "from_stage",
    "old stage": "from_stage",
    "previous stage": "from_stage",
    "stage from": "from_stage",
    "old value": "from_stage",
    "to stage": "to_stage",
    "new stage": "to_stage",
    "stage to": "to_stage",
    "new value": "to_stage",
    "stage change date": "timestamp",
    "changed on": "timestamp",
    "change date": "timestamp",
    "last modified date": "timestamp",
    "edit date": "timestamp",
    "record id": "lead_id",
    "deal id": "lead_id",
    "contact id": "lead_id",
    "opportunity id": "lead_id",
}
"""Column names CRMs use for the history and wide shapes (besides funnel's own ALIASES)."""
_ENTERED = (
    re.compile(r"date entered\s+(.+)"),
    re.compile(r"became an?\s+(.+?)\s+date"),
    re.compile(r"entered\s+(.+?)(?:\s+(?:at|on|date))?"),
)
_PIPELINE = re.compile(r"\s*\([^)]*pipeline\)\s*$")
_QUOTES = "\"'“”„«»"


def stored_columns(path: LeadPath) -> dict[str, list[str]]:
    """lead_path.yaml `columns:` as names per funnel column (the wide shape's `entered` apart)."""
    found = path.columns.model_dump(exclude={"entered"})
    return {name: list(names) for name, names in found.items() if names}


def entered_columns(columns: list[str], path: LeadPath) -> dict[int, str]:
    """The wide shape's stage date columns: column index → stage id."""
    lookup = stage_lookup(path)
    stored = {name.strip().casefold(): stage for stage, names in path.columns.entered.items() for name in names}
    found: dict[int, str] = {}
    for i, column in enumerate(columns):
        key = column.strip().casefold()
        if key in stored:
            found[i] = stored[key]
            continue
        for pattern in _ENTERED:
            match = pattern.fullmatch(key)
            if match:
                text = _PIPELINE.sub("", match.group(1).strip().strip(_QUOTES)).strip().strip(_QUOTES).strip()
                stage = lookup.get(text)
                if stage is not None:
                    found[i] = stage
                    break
    return found


def recognise(export: Export, path: LeadPath) -> str:
    """The shape of an export from its header."""
    index = export.header.index
    if any(name in index for name in HISTORY):
        return "history"
    if "stage" not in index and entered_columns(export.header.columns, path):
        return "wide"
    return "events"


def required(shape: str) -> tuple[str, ...]:
    """The columns each shape cannot do without."""
    return {"events": ("lead_id", "stage", "timestamp"), "history": ("lead_id", "to_stage", "timestamp")}.get(
        shape, ("lead_id",)
    )


@dataclass
class _Problems:
    log: EventLog
    where: str

    def add(self, line: int, problem: str) -> None:
        self.log.skipped += 1
        if len(self.log.problems) < MAX_PROBLEMS_KEPT:
            self.log.problems.append(f"{self.where}: row {line}: {problem}")


def read_shape(export: Export, shape: str, path: LeadPath, where: str) -> EventLog:
    """The stage events of an export of any shape."""
    if shape == "events":
        return read_events(export, path, where)
    if shape == "wide":
        return _read_wide(export, path, where)
    return _read_history(export, path, where)


def _extras(cells: Mapping[str, str]) -> tuple[str, str, str]:
    return cells.get("source", "").strip(), cells.get("campaign", "").strip(), cells.get("owner", "").strip()


def _read_wide(export: Export, path: LeadPath, where: str) -> EventLog:
    log = EventLog()
    problems = _Problems(log, where)
    stages = entered_columns(export.header.columns, path)
    for number, cells, raw in export:
        lead = cells.get("lead_id", "").strip()
        if not lead:
            problems.add(export.line, "no lead id; row skipped")
            continue
        for i, stage in stages.items():
            text = raw[i].strip() if i < len(raw) else ""
            if not text:
                continue
            try:
                at = parse_timestamp(text)
            except UnreadableTimestamp as error:
                problems.add(export.line, f'column "{export.header.columns[i]}": {error}; that stage left out')
                continue
            log.events.append(Event(lead, stage, at, number, *_extras(cells), cells))
    return log


def _read_history(export: Export, path: LeadPath, where: str) -> EventLog:
    log = EventLog()
    problems = _Problems(log, where)
    lookup = stage_lookup(path)
    known = ", ".join(s.id for s in path.stages)
    entered: set[tuple[str, str]] = set()
    for number, cells, _ in export:
        lead = cells.get("lead_id", "").strip()
        to_text = cells.get("to_stage", "").strip()
        from_text = cells.get("from_stage", "").strip()
        stage = lookup.get(to_text.casefold())
        if not lead:
            problems.add(export.line, "no lead id; row skipped")
            continue
        if stage is None:
            problems.add(export.line, f"unknown stage `{to_text}` (the lead path has {known}); row skipped")
            continue
        try:
            at = parse_timestamp(cells.get("timestamp", ""))
        except UnreadableTimestamp as error:
            problems.add(export.line, f"{error}; row skipped")
            continue
        before = lookup.get(from_text.casefold())
        if before is not None and (lead, before) not in entered:
            # the stage left was entered no later than this change (its own entry may predate the history)
            log.events.append(Event(lead, before, at, number, *_extras(cells), cells))
            entered.add((lead, before))
        log.events.append(Event(lead, stage, at, number, *_extras(cells), cells))
        entered.add((lead, stage))
    return log
