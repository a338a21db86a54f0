"""Field feedback aggregated per item: how often heard, outcomes, latest notes; and the `new` notes."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from playbook.model import FeedbackNote, Playbook

OUTCOMES = ("won", "lost", "open", "none")
LATEST = 3


@dataclass
class ItemFeedback:
    """What the field said about one item."""

    key: str
    notes: list[FeedbackNote] = field(default_factory=list)
    """Newest first."""

    @property
    def count(self) -> int:
        return len(self.notes)

    @property
    def outcomes(self) -> list[tuple[str, int]]:
        counts: Counter[str] = Counter(n.outcome for n in self.notes)
        return [(o, counts[o]) for o in OUTCOMES if counts[o]]

    @property
    def last_heard(self) -> dt.date | None:
        return self.notes[0].date if self.notes else None

    @property
    def latest(self) -> list[FeedbackNote]:
        return self.notes[:LATEST]


def by_item(playbook: Playbook) -> dict[str, ItemFeedback]:
    """Feedback per item key (`objections/<id>`, ...), items with the most notes first."""
    items: dict[str, ItemFeedback] = {}
    for note in playbook.feedback:
        if note.about != "new":
            items.setdefault(note.about, ItemFeedback(note.about)).notes.append(note)
    for item in items.values():
        item.notes.sort(key=lambda n: n.date, reverse=True)
    return dict(sorted(items.items(), key=lambda kv: (-kv[1].count, kv[0])))


def new_notes(playbook: Playbook) -> list[FeedbackNote]:
    """Notes about something the playbook does not cover yet, newest first: marketing's triage list."""
    return sorted((n for n in playbook.feedback if n.about == "new"), key=lambda n: n.date, reverse=True)
