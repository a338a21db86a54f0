"""Win/loss against each competitor: the figure battle cards live on, from field notes and closed CRM deals.

A *deal* is an outcome against a competitor: a feedback note `about: competitors/<id>` with `outcome: won`
or `lost` (dated by the note, with its optional `amount`), or a lead of the funnel export whose
`competitor` cell names the competitor (by id or name, ignoring case) and that reached the won stage
(won) or ended in another terminal stage (lost), dated when it got there.

Per competitor, as of "today" (`PLAYBOOK_TODAY`, else the current date):

- *win rate* = won / (won + lost) over every deal dated on or before today; *deals* is won + lost;
- *previous* = the same over the deals dated on or before the last day of the previous quarter;
- *change* = win rate - previous, in percentage points (None when either has no deal).

This module is pure: the export is read elsewhere (`win_loss_export`) and its deals passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from playbook.model import Playbook
from playbook.text.locale_format import format_number, format_percent

DealOutcome = Literal["won", "lost"]


@dataclass(frozen=True)
class Deal:
    """One deal won or lost against a competitor."""

    competitor: str
    outcome: DealOutcome
    date: dt.date
    amount: Decimal | None = None
    origin: str = "feedback"
    """`feedback` or `crm`."""


@dataclass
class WinRate:
    """The win rate against one competitor, now and at the end of the previous quarter."""

    competitor: str
    won: int = 0
    lost: int = 0
    previous_won: int = 0
    previous_lost: int = 0
    won_amount: Decimal = field(default_factory=Decimal)
    lost_amount: Decimal = field(default_factory=Decimal)

    @property
    def deals(self) -> int:
        return self.won + self.lost

    @property
    def rate(self) -> float | None:
        return self.won / self.deals if self.deals else None

    @property
    def previous_rate(self) -> float | None:
        total = self.previous_won + self.previous_lost
        return self.previous_won / total if total else None

    @property
    def change_points(self) -> float | None:
        """The change since the previous quarter, in percentage points."""
        now, before = self.rate, self.previous_rate
        return None if now is None or before is None else (now - before) * 100

    def change_text(self, points_unit: str = "pp") -> str:
        """`+12 pp`, `−5 pp`, `±0 pp` (the unit as the language writes it), or `-` without a previous quarter."""
        change = self.change_points
        if change is None:
            return "-"
        points = round(change)
        sign = "±" if points == 0 else ("+" if points > 0 else "\u2212")
        return f"{sign}{abs(points)} {points_unit}"


def shown(rate: WinRate, language: str, words: Mapping[str, str]) -> dict[str, object]:
    """What a page or card prints, numbers written as `language` writes them: no method for a template to call."""
    return {
        "competitor": rate.competitor,
        "rate": "-" if rate.rate is None else format_percent(rate.rate, language, digits=0),
        "rate_value": rate.rate,
        "deals": rate.deals,
        "won": rate.won,
        "lost": rate.lost,
        "change": rate.change_text(words["win_rate_points"]),
        "falling": (rate.change_points or 0) < 0,
        "won_amount": format_number(float(rate.won_amount), language, digits=2) if rate.won_amount else "",
        "lost_amount": format_number(float(rate.lost_amount), language, digits=2) if rate.lost_amount else "",
    }


def previous_quarter_end(today: dt.date) -> dt.date:
    """The last day of the quarter before the one `today` is in."""
    first_month = 3 * ((today.month - 1) // 3) + 1
    return dt.date(today.year, first_month, 1) - dt.timedelta(days=1)


def feedback_deals(playbook: Playbook) -> list[Deal]:
    """Outcomes against competitors reported in field notes."""
    found: list[Deal] = []
    for note in playbook.feedback:
        kind, _, item = note.about.strip().partition("/")
        if kind == "competitors" and item in playbook.competitors and note.outcome in ("won", "lost"):
            outcome: DealOutcome = "won" if note.outcome == "won" else "lost"
            found.append(Deal(item, outcome, note.date, note.amount))
    return found


def competitor_lookup(playbook: Playbook) -> dict[str, str]:
    """Competitor ids by id and by name, ignoring case and surrounding spaces (what a CRM column holds)."""
    lookup = {c.name.strip().casefold(): cid for cid, c in playbook.competitors.items()}
    lookup.update({cid.casefold(): cid for cid in playbook.competitors})
    return lookup


def win_rates(playbook: Playbook, crm: Iterable[Deal], today: dt.date) -> dict[str, WinRate]:
    """Every competitor's win rate (in file order), from field notes and the CRM's closed deals."""
    rates = {cid: WinRate(cid) for cid in playbook.competitors}
    cutoff = previous_quarter_end(today)
    for deal in [*feedback_deals(playbook), *crm]:
        rate = rates.get(deal.competitor)
        if rate is None or deal.date > today:
            continue
        won = deal.outcome == "won"
        if won:
            rate.won += 1
            rate.won_amount += deal.amount or 0
        else:
            rate.lost += 1
            rate.lost_amount += deal.amount or 0
        if deal.date <= cutoff:
            if won:
                rate.previous_won += 1
            else:
                rate.previous_lost += 1
    return rates


def ranked(rates: Mapping[str, WinRate]) -> list[WinRate]:
    """Highest win rate first; competitors without deals last; ties by more deals, then by id."""
    return sorted(rates.values(), key=lambda r: (r.rate is None, -(r.rate or 0.0), -r.deals, r.competitor))
