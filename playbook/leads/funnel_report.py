"""The funnel report printed by `playbook funnel`: text for people, long-format CSV, JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import IO

from playbook.leads.campaign_money import write_money
from playbook.leads.funnel import Breakdown, Funnel
from playbook.leads.spreadsheet_csv import SpreadsheetWriter


def percent(rate: float | None) -> str:
    """`66.7%`, or `-` when nothing entered."""
    return "-" if rate is None else f"{rate * 100:.1f}%"


def hours(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def write_json(funnel: Funnel, out: IO[str]) -> None:
    out.write(json.dumps(funnel.as_json(), ensure_ascii=False, indent=2) + "\n")


def rows(funnel: Funnel) -> Iterator[tuple[str, str, str, object]]:
    """`(section, item, metric, value)` for every figure."""
    yield "summary", "", "as_of", funnel.as_of.isoformat(sep=" ", timespec="minutes")
    yield "summary", "", "events", funnel.events
    yield "summary", "", "leads", funnel.leads
    yield "summary", "", "sla_breaches", sum(s.breaches for s in funnel.stages)
    for stage in funnel.stages:
        for metric, value in stage.as_json().items():
            if metric not in ("id", "name"):
                yield "stage", stage.id, metric, _cell(value)
    for section, conversions in (("conversion", funnel.steps), ("kpi", funnel.kpis)):
        for c in conversions:
            item = c.id or f"{c.from_}>{c.to}"
            for metric, value in c.as_json().items():
                if metric != "id":
                    yield section, item, metric, _cell(value)
    for h in funnel.hanging:
        for metric, value in h.as_json().items():
            if metric != "lead":
                yield "hanging", h.lead, metric, _cell(value)
    for section, table in (("source", funnel.by_source), ("campaign", funnel.by_campaign)):
        for b in table:
            yield section, b.value, "leads", b.leads
            for stage_id, count in b.reached.items():
                yield section, b.value, f"reached_{stage_id}", count
            yield section, b.value, "won", b.won
            yield section, b.value, "rate", _cell(round(b.rate, 4) if b.rate is not None else None)
            for metric, value in (b.money.as_json() if b.money is not None else {}).items():
                yield section, b.value, metric, _cell(value)


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_csv(funnel: Funnel, out: IO[str]) -> None:
    """`section,item,metric,value` rows; lead ids, sources and campaigns come from the export: made inert."""
    writer = SpreadsheetWriter(out)
    writer.writerow(["section", "item", "metric", "value"])
    writer.writerows(rows(funnel))


def write_text(funnel: Funnel, out: IO[str], source: str) -> None:
    w = out.write
    breaches = sum(s.breaches for s in funnel.stages)
    w(
        f"Funnel of {source} as of {funnel.as_of.isoformat(sep=' ', timespec='minutes')}: "
        f"{funnel.leads} leads, {funnel.events} stage entries, {breaches} SLA breaches\n\n"
    )
    name_width = max([len(s.id) for s in funnel.stages] + [5])
    w(
        f"{'STAGE':<{name_width}}  {'REACHED':>7}  {'NOW':>5}  {'MEDIAN H':>8}  {'SLA H':>6}  "
        f"{'LATE':>5}  {'HANGING':>7}\n"
    )
    for s in funnel.stages:
        sla = "-" if s.sla_hours is None else f"{s.sla_hours:g}"
        median = s.median_hours
        flag = "  over SLA" if median is not None and s.sla_hours is not None and median > s.sla_hours else ""
        w(
            f"{s.id:<{name_width}}  {s.reached:>7}  {s.current:>5}  {hours(median):>8}  {sla:>6}  "
            f"{s.late:>5}  {s.hanging:>7}{flag}\n"
        )
    w("\nConversion between consecutive stages\n")
    for c in funnel.steps:
        w(f"  {c.from_ + ' -> ' + c.to:<{2 * name_width + 4}}  {c.converted:>5}/{c.entered:<5}  {percent(c.rate):>6}\n")
    if funnel.kpis:
        w("\nKPIs\n")
        label_width = max(len(k.label) for k in funnel.kpis)
        for k in funnel.kpis:
            status = "" if k.met is None else ("met" if k.met else "BELOW TARGET")
            target = "-" if k.target is None else percent(k.target)
            w(
                f"  {k.label:<{label_width}}  {k.owner:<9}  {k.converted:>5}/{k.entered:<5}  {percent(k.rate):>6}"
                f"  target {target:>6}  {status}".rstrip()
                + "\n"
            )
    w(f"\nLeads left hanging ({len(funnel.hanging)})\n")
    for h in funnel.hanging:
        owner = h.owner or "(no owner)"
        w(
            f"  {h.lead}  in {h.stage} since {h.since.isoformat(sep=' ', timespec='minutes')}, "
            f"{h.hours:.1f} h (SLA {h.sla_hours:g} h), owner {owner}\n"
        )
    for title, table in (("source", funnel.by_source), ("campaign", funnel.by_campaign)):
        _breakdown(w, f"By {title}", table, funnel)
    write_money(w, funnel)


def _breakdown(write: Callable[[str], object], title: str, table: list[Breakdown], funnel: Funnel) -> None:
    shown = [s.id for s in funnel.stages if not s.terminal or s.id == funnel.won_stage]
    width = max([len(b.value or "(none)") for b in table] + [len(title)])
    write(
        f"\n{title:<{width}}  {'LEADS':>5}  " + "  ".join(f"{s:>{max(len(s), 3)}}" for s in shown) + f"  {'WON %':>6}\n"
    )
    for b in table:
        counts = "  ".join(f"{b.reached.get(s, 0):>{max(len(s), 3)}}" for s in shown)
        write(f"{b.value or '(none)':<{width}}  {b.leads:>5}  {counts}  {percent(b.rate):>6}\n")
    if not table:
        write("  (no leads)\n")
