"""Closed deals against competitors, from the funnel export's events (`funnel_read` reads the export).

The export's optional `competitor` column names who the deal was fought against, on the row where the lead
was won or lost (or on any of its rows). The deals are handed to the pure renderers as data
(`win_loss.win_rates`).
"""

from __future__ import annotations

from playbook.leads.funnel import Event, won_stage
from playbook.leads.win_loss import Deal, DealOutcome, competitor_lookup
from playbook.model import Playbook

COMPETITOR = "competitor"


def closed_deals(playbook: Playbook, events: list[Event], named: dict[int, str]) -> list[Deal]:
    """Per lead: won when it reached the won stage, lost when its last stage is another terminal one.

    `named` holds each export row's competitor cell: the closing row's, else the lead's latest non-empty one.
    """
    won = won_stage(playbook.lead_path)
    terminal = {s.id for s in playbook.lead_path.stages if s.terminal}
    lookup = competitor_lookup(playbook)
    by_lead: dict[str, list[Event]] = {}
    for event in events:
        by_lead.setdefault(event.lead, []).append(event)
    deals: list[Deal] = []
    for sequence in by_lead.values():
        sequence.sort(key=lambda e: (e.at, e.row))
        closing = next((e for e in sequence if e.stage == won), None)
        outcome: DealOutcome = "won"
        if closing is None:
            if sequence[-1].stage not in terminal:
                continue
            closing, outcome = sequence[-1], "lost"
        text = named.get(closing.row) or next((named[e.row] for e in reversed(sequence) if named.get(e.row)), "")
        competitor = lookup.get(text.casefold())
        if competitor is not None:
            deals.append(Deal(competitor, outcome, closing.at.date(), origin="crm"))
    return deals
