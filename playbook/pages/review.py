"""The review queue: what is due for review, grouped by who verifies it, with the day each fell due.

An item's verifier is its `verifier`, else its `owner`; its interval is its own `review_every_days`,
else the playbook's. An item is due when a date of it (`reviewed`, a claim's or the pricing's
`as_of`) is older than its interval, or when it was never reviewed. The site's Review queue page,
`playbook review` and the weekly reminder issues of the workflow `init` writes all read this queue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from playbook.freshness import due_dates, interval
from playbook.model import Playbook
from playbook.model.base import Reviewed, suggest_slug


@dataclass(frozen=True)
class ReviewEntry:
    """One item due for review: which of its dates are too old, and since when it is due."""

    key: str
    """`objections/<id>`, `competitors/<id>`, `products/<id>`, `calculators/<id>` or `glossary/<term slug>`."""
    kind: str
    """The folder (`objections`), or `glossary` for a term."""
    title: str
    reviewed: dt.date | None
    due_since: dt.date | None
    """The first day it was due; None when it was never reviewed (due since it was written)."""
    every_days: int
    stale: list[tuple[str, dt.date, dt.date]]
    """(field, its date, the day that date fell due), e.g. (`proof.0.as_of`, 2026-01-02, 2026-04-02)."""
    page: str
    """The site page that shows the item (`objections/x.md`, `glossary.md`)."""

    def days_overdue(self, today: dt.date) -> int | None:
        return (today - self.due_since).days if self.due_since else None


def reviewable(playbook: Playbook) -> Iterator[tuple[str, str, Reviewed]]:
    """Every item `playbook verify` can stamp, as (key, page, item): folders' items, then glossary terms."""
    for folder, item_id, item in playbook.reviewed_items():
        yield f"{folder}/{item_id}", f"{folder}/{item_id}.md", item
    for term in playbook.glossary.terms:
        yield f"glossary/{suggest_slug(term.term) or 'term'}", "glossary.md", term


def review_queue(playbook: Playbook, today: dt.date) -> list[tuple[str, list[ReviewEntry]]]:
    """Verifiers (alphabetically, nobody last) with what they have due, longest overdue first.

    Glossary terms join the queue once they carry a `reviewed` date (the glossary predates reviews).
    """
    default = playbook.settings.review_every_days
    groups: dict[str, list[ReviewEntry]] = {}
    for key, page, item in reviewable(playbook):
        if key.startswith("glossary/") and item.reviewed is None:
            continue
        stale = [
            (".".join(str(p) for p in loc), date, due) for loc, date, due in due_dates(item, default) if due < today
        ]
        if not stale and item.reviewed is not None:
            continue
        due_since = min(due for _, _, due in stale) if item.reviewed is not None else None
        kind = key.split("/", 1)[0]
        title = str(getattr(item, "title", key))
        entry = ReviewEntry(key, kind, title, item.reviewed, due_since, interval(item, default), stale, page)
        groups.setdefault(item.verified_by, []).append(entry)
    for entries in groups.values():
        entries.sort(key=lambda e: (e.due_since or dt.date.min, e.key))
    return sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0].casefold()))


def queue_json(queue: list[tuple[str, list[ReviewEntry]]], today: dt.date, site_url: str | None) -> dict[str, object]:
    """`playbook review --format json`: `{"today", "verifiers": [{"verifier", "items": [...]}]}`."""
    base = (site_url or "").rstrip("/")
    return {
        "today": today.isoformat(),
        "verifiers": [
            {
                "verifier": verifier,
                "items": [
                    {
                        "key": e.key,
                        "title": e.title,
                        "reviewed": e.reviewed.isoformat() if e.reviewed else None,
                        "due_since": e.due_since.isoformat() if e.due_since else None,
                        "days_overdue": e.days_overdue(today),
                        "review_every_days": e.every_days,
                        "stale": [{"field": f, "date": d.isoformat(), "due": due.isoformat()} for f, d, due in e.stale],
                        "url": f"{base}/{e.page.removesuffix('.md')}/" if base else None,
                    }
                    for e in entries
                ],
            }
            for verifier, entries in queue
        ],
    }
