"""The review queue: stale objections, battle cards and products, grouped by owner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from playbook.freshness import stale_dates
from playbook.model import Playbook
from playbook.model.base import Reviewed


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
    kinds: dict[str, Mapping[str, Reviewed]] = {
        "objections": playbook.objections,
        "competitors": playbook.competitors,
        "products": playbook.products,
    }
    for kind, items in kinds.items():
        for item_id, item in items.items():
            stale = [(".".join(str(p) for p in loc), date) for loc, date in stale_dates(item, today, days)]
            if not stale:
                continue
            title = str(getattr(item, "objection", None) or getattr(item, "name", item_id))
            entry = ReviewEntry(f"{kind}/{item_id}", kind, title, item.reviewed, stale)
            groups.setdefault((item.owner or "").strip(), []).append(entry)
    for entries in groups.values():
        entries.sort(key=lambda e: (e.reviewed or dt.date.min, e.key))
    return sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0].casefold()))
