"""The review queue: stale objections, battle cards and products, grouped by owner."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from playbook.freshness import stale_dates
from playbook.model import Playbook


@dataclass(frozen=True)
class ReviewEntry:
    """One item overdue for review, and which of its dates are too old."""

    key: str
    kind: str
    title: str
    reviewed: dt.date | None
    stale: list[tuple[str, dt.date]]


def review_queue(playbook: Playbook, today: dt.date) -> list[tuple[str, list[ReviewEntry]]]:
    """Owners (alphabetically, no owner last) with their stale items, oldest review first."""
    days = playbook.settings.review_every_days
    groups: dict[str, list[ReviewEntry]] = {}
    for kind, item_id, item in playbook.reviewed_items():
        stale = [(".".join(str(p) for p in loc), date) for loc, date in stale_dates(item, today, days)]
        if stale:
            entry = ReviewEntry(f"{kind}/{item_id}", kind, item.title, item.reviewed, stale)
            groups.setdefault((item.owner or "").strip(), []).append(entry)
    for entries in groups.values():
        entries.sort(key=lambda e: (e.reviewed or dt.date.min, e.key))
    return sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0].casefold()))
