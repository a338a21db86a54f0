"""How fresh an item is: its review date and the `as_of` dates of its claims against `review_every_days`."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator

from playbook.model.base import Claim, Reviewed

Loc = tuple[str | int, ...]
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class InvalidToday(ValueError):
    """`PLAYBOOK_TODAY` is set to something that is not a date; the message is one sentence for people."""


def today() -> dt.date:
    """Today, or `PLAYBOOK_TODAY` (YYYY-MM-DD) for reproducible builds and tests.

    Raises `InvalidToday` when the variable is set but is not a real ISO date (`2026-13-45`, `yesterday`).
    """
    fixed = os.environ.get("PLAYBOOK_TODAY")
    if not fixed:
        return dt.date.today()
    try:
        if not ISO_DATE.fullmatch(fixed):  # fromisoformat also reads 20261122 and 2026-W47-7
            raise ValueError
        return dt.date.fromisoformat(fixed)
    except ValueError:
        raise InvalidToday(
            f"PLAYBOOK_TODAY is {fixed!r}, which is not a date; write it as YYYY-MM-DD (e.g. 2026-11-22) or unset it"
        ) from None


def interval(item: Reviewed, default_days: int) -> int:
    """How often `item` is reviewed: its own `review_every_days`, else the playbook's."""
    return item.review_every_days or default_days


def due_dates(item: Reviewed, default_days: int) -> Iterator[tuple[Loc, dt.date, dt.date]]:
    """Each date of `item` (review, claims, pricing) with the day it falls due: the date plus the item's interval."""
    step = dt.timedelta(days=interval(item, default_days))
    if item.reviewed is not None:
        yield ("reviewed",), item.reviewed, item.reviewed + step
    for i, proof in enumerate(getattr(item, "proof", [])):
        if isinstance(proof, Claim) and proof.as_of is not None:
            yield ("proof", i, "as_of"), proof.as_of, proof.as_of + step
    pricing = getattr(item, "pricing", None)
    as_of = getattr(pricing, "as_of", None)
    if isinstance(as_of, dt.date):
        yield ("pricing", "as_of"), as_of, as_of + step


def stale_dates(item: Reviewed, on: dt.date, max_age_days: int) -> Iterator[tuple[Loc, dt.date]]:
    """Each date of `item` (review, claims, pricing) older than its interval (`max_age_days` unless it sets one)."""
    limit = on - dt.timedelta(days=interval(item, max_age_days))
    if item.reviewed is not None and item.reviewed < limit:
        yield ("reviewed",), item.reviewed
    for i, proof in enumerate(getattr(item, "proof", [])):
        if isinstance(proof, Claim) and proof.as_of is not None and proof.as_of < limit:
            yield ("proof", i, "as_of"), proof.as_of
    pricing = getattr(item, "pricing", None)
    as_of = getattr(pricing, "as_of", None)
    if as_of is not None and as_of < limit:
        yield ("pricing", "as_of"), as_of


def is_stale(item: Reviewed, on: dt.date, max_age_days: int) -> bool:
    return next(stale_dates(item, on, max_age_days), None) is not None
