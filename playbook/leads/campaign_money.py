"""Revenue and spend per campaign: the figures that show a cheap-lead campaign for the loss it is.

The source articles' gates-and-parts story: a campaign flooded sales with cheap leads for parts, sellers
were paid on gate contracts, both departments "met their targets" and the company only paid for the
campaign. Definitions (docs/funnel.md), money exact to the cent (`Decimal`, halves rounded up):

- a lead's *revenue* is the last non-empty `amount` among its rows (in time order, up to "now") when
  the lead reached the won stage; other leads bring none;
- *spend* comes from `--spend SPEND.csv` (`campaign,spend`, read like any export; several rows of one
  campaign add up); campaigns are matched ignoring case and surrounding spaces;
- *cost per lead* = spend / leads; *cost per won deal* = spend / won (none without a won deal);
- *ROI* = (revenue - spend) / spend, none when spend is 0 or unknown (a ratio has no meaning there) and
  when the export has no `amount` column (revenue unknown);
- *target leads* = leads the signed sheet calls target, when the export carries every column its
  `require` rules read (each field's last non-empty cell among the lead's rows);
- spend for a campaign the export never names becomes a row with no lead (its ROI is -100%), and a
  campaign with leads but no spend row keeps an empty spend: both are reported as warnings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import cast

from playbook.leads.csv_reader import Export, UnreadableExport
from playbook.leads.funnel import Breakdown, Event, Funnel
from playbook.leads.money import CampaignMoney, cents
from playbook.model.qualification import Qualification
from playbook.rules import values
from playbook.rules.evaluate import RuleSet, fields_used
from playbook.rules.values import trim


def _number_text(cell: str, comma_decimal: bool) -> str | None:
    """A cell as plain number text by the export's number rules (`rules.values.number_text`, DESIGN "Reading
    an export"); where that reader is not there yet, the sheet's number reader, exact through `repr`."""
    reader = getattr(values, "number_text", None)
    if reader is not None:
        return cast(str | None, reader(cell, comma_decimal))
    try:
        return repr(values.read_number(cell))
    except values.Unreadable:
        return None


def comma_decimal_for(language: str) -> bool:
    """DESIGN "Reading an export": a lone comma is a decimal mark unless the playbook's language is `en`."""
    return language != "en"


def read_money(text: str, comma_decimal: bool) -> Decimal | None:
    """A money cell by the export's number rules (grouping, currency signs, decimal mark), None when empty."""
    cell = trim(text)
    if not cell:
        return None
    plain = _number_text(cell, comma_decimal)
    try:
        if plain is None:
            raise InvalidOperation
        value = Decimal(plain)
    except InvalidOperation:
        raise ValueError(f"cannot read `{cell}` as an amount of money") from None
    if not value.is_finite():
        raise ValueError(f"cannot read `{cell}` as an amount of money")
    return value


@dataclass
class Spend:
    """Spend per campaign from a `campaign,spend` file, keyed by the folded campaign name."""

    amounts: dict[str, Decimal] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    """Folded name to the name as the spend file writes it (first row)."""


def campaign_key(name: str) -> str:
    return trim(name).casefold()


def read_spend(path: Path, comma_decimal: bool) -> Spend:
    """The spend file; raises `ExportError` (a missing column or an unreadable amount is a data error)."""
    spend = Spend()
    with Export(path, ("campaign", "spend")) as export:
        missing = [name for name in ("campaign", "spend") if name not in export.header.index]
        if missing:
            raise UnreadableExport(
                f"{path}: no column `{missing[0]}` (its columns: {', '.join(export.header.columns)}); "
                "the spend file has the columns campaign,spend"
            )
        for number, cells, _ in export:
            name = trim(cells.get("campaign", ""))
            try:
                amount = read_money(cells.get("spend", ""), comma_decimal)
            except ValueError as error:
                raise UnreadableExport(f"{path}: row {number + 1}: {error}") from None
            if not name or amount is None:
                continue
            key = campaign_key(name)
            spend.names.setdefault(key, name)
            spend.amounts[key] = spend.amounts.get(key, Decimal(0)) + amount
    return spend


@dataclass(frozen=True)
class LeadMoney:
    """What one lead brings to its campaign."""

    campaign: str
    revenue: Decimal | None
    target: bool | None


def lead_money(
    rows: Iterable[tuple[str, str, dt.datetime, int, str, Mapping[str, str]]],
    won_stage: str | None,
    now: dt.datetime,
    comma_decimal: bool,
    rules: RuleSet | None,
) -> tuple[dict[str, LeadMoney], list[str]]:
    """Per lead: its campaign (the first non-empty), revenue and target verdict; and unreadable amounts.

    Each row is `(lead, stage, at, row number, campaign, cells)`; rows after `now` are left out.
    """
    by_lead: dict[str, list[tuple[dt.datetime, int, str, str, Mapping[str, str]]]] = {}
    for lead, stage, at, row, campaign, cells in rows:
        if at <= now:
            by_lead.setdefault(lead, []).append((at, row, stage, campaign, cells))
    problems: list[str] = []
    found: dict[str, LeadMoney] = {}
    for lead, events in by_lead.items():
        events.sort(key=lambda e: (e[0], e[1]))
        campaign = next((c for _, _, _, c, _ in events if c), "")
        revenue: Decimal | None = None
        if won_stage is not None and any(stage == won_stage for _, _, stage, _, _ in events):
            for _, row, _, _, cells in events:
                try:
                    amount = read_money(cells.get("amount", ""), comma_decimal)
                except ValueError as error:
                    problems.append(f"row {row}: {error}; not counted as revenue")
                    continue
                if amount is not None:
                    revenue = amount
        target = None
        if rules is not None:
            merged: dict[str, str] = {}
            for _, _, _, _, cells in events:
                merged.update({name: cells[name] for name in rules.types if trim(cells.get(name, ""))})
            target = rules.evaluate(merged)[0].target
        found[lead] = LeadMoney(campaign, revenue, target)
    return found, problems


def add_money(
    funnel: Funnel,
    events: Iterable[Event],
    *,
    spend: Spend | None,
    has_amount: bool,
    comma_decimal: bool,
    rules: RuleSet | None,
) -> None:
    """Money figures on every `by_campaign` row, rows for spend the export never names, and the warnings."""
    rows = ((e.lead, e.stage, e.at, e.row, e.campaign, e.cells) for e in events)
    leads, problems = lead_money(rows, funnel.won_stage, funnel.as_of, comma_decimal, rules)
    funnel.warnings += problems
    by_campaign: dict[str, list[LeadMoney]] = {}
    for money in leads.values():
        by_campaign.setdefault(money.campaign, []).append(money)
    named: set[str] = set()
    for row in funnel.by_campaign:
        members = by_campaign.get(row.value, [])
        revenue = sum((m.revenue for m in members if m.revenue is not None), Decimal(0)) if has_amount else None
        target = sum(1 for m in members if m.target) if rules is not None else None
        key = campaign_key(row.value)
        amount = spend.amounts.get(key) if spend is not None and row.value else None
        if spend is not None and row.value:
            named.add(key)
            if amount is None:
                funnel.warnings.append(f"campaign `{row.value}` has {row.leads} lead(s) and no row in the spend file")
        row.money = CampaignMoney(row.leads, row.won, revenue, amount, target)
    if spend is None:
        return
    for key, amount in spend.amounts.items():
        if key in named:
            continue
        name = spend.names[key]
        funnel.warnings.append(f"spend file: campaign `{name}` ({cents(amount)}) has no lead in the export")
        row = Breakdown(name, 0, {s.id: 0 for s in funnel.stages}, 0)
        row.money = CampaignMoney(0, 0, Decimal(0) if has_amount else None, amount, 0 if rules is not None else None)
        funnel.by_campaign.append(row)


def sheet_rules(qualification: Qualification, columns: Iterable[str], labels: Mapping[str, str]) -> RuleSet | None:
    """The signed sheet's target rules when the export carries every column its `require` rules read."""
    if qualification.signed_on() is None or not qualification.fields:
        return None
    present = set(columns)
    needed = fields_used(list(qualification.target.require))
    if not needed or any(name not in present for name in needed):
        return None
    return RuleSet(qualification, "target", labels)


def money_text(value: Decimal | None) -> str:
    """`1,200.50`, or `-` when unknown."""
    return "-" if value is None else f"{cents(value):,.2f}"


def roi_text(money: CampaignMoney) -> str:
    """`-76.3%`, or `-` when there is no ROI."""
    roi = money.roi
    return "-" if roi is None else f"{(roi * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def write_money(write: Callable[[str], object], funnel: Funnel) -> None:
    """The text report's table of revenue and spend per campaign (when the export or --spend gives any)."""
    rows = [b for b in funnel.by_campaign if b.money is not None]
    if not any(m.revenue is not None or m.spend is not None for m in (b.money for b in rows) if m is not None):
        return
    width = max([len(b.value or "(none)") for b in rows] + [8])
    write(
        f"\n{'CAMPAIGN':<{width}}  {'LEADS':>5}  {'TARGET':>6}  {'WON':>4}  {'REVENUE':>12}  {'SPEND':>12}  "
        f"{'PER LEAD':>10}  {'PER WON':>10}  {'ROI':>8}\n"
    )
    for b in rows:
        m = b.money
        assert m is not None
        target = "-" if m.target is None else str(m.target)
        flag = "  LOSS" if m.loss else ""
        write(
            f"{b.value or '(none)':<{width}}  {b.leads:>5}  {target:>6}  {b.won:>4}  {money_text(m.revenue):>12}  "
            f"{money_text(m.spend):>12}  {money_text(m.cost_per_lead):>10}  {money_text(m.cost_per_won):>10}  "
            f"{roi_text(m):>8}{flag}\n"
        )
