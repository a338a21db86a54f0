"""Quality lints: stale content, missing owners, cards unusable in a live call. Warnings by default."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from playbook.diagnostics import Diagnostic
from playbook.freshness import interval, stale_dates
from playbook.loading.yaml_reader import SourceMap
from playbook.model import Playbook, placeholders


def lint(playbook: Playbook, sources: dict[str, SourceMap], today: dt.date) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for key, loc, message in _findings(playbook, today):
        found.append(sources[key].diagnostic(loc, message, warning=True))
    return found + _placeholders(playbook, sources)


def _placeholder_message(field: str) -> str:
    return f"`{field}` is still a placeholder (TODO) from `playbook new`: fill it in; pages and cards leave it out"


def _placeholders(playbook: Playbook, sources: dict[str, SourceMap]) -> list[Diagnostic]:
    """Every `TODO` that `playbook new` wrote and nobody replaced: warnings (errors under --strict)."""
    found = []
    for key, loc in placeholders.findings(playbook):
        if key in sources and key not in playbook.incomplete:
            field = ".".join(str(part) for part in loc) or key
            found.append(sources[key].diagnostic(loc, _placeholder_message(field), warning=True))
    for page in playbook.pages:
        for line, column in placeholders.page_findings(page):
            message = "this line is still a placeholder (TODO) from `playbook new`: fill it in; the page leaves it out"
            found.append(Diagnostic(page.source, line, column, message, "warning"))
    return found


def _findings(pb: Playbook, today: dt.date) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
    days = pb.settings.review_every_days
    for folder, item_id, item in pb.reviewed_items():
        key = f"{folder}/{item_id}"
        if not item.owner:
            yield key, (), f"{key} has no `owner`: who keeps it current?"
        if item.reviewed is None:
            yield key, (), f"{key} has no `reviewed` date"
        every = interval(item, days)
        for loc, date in stale_dates(item, today, days):
            yield key, loc, f"stale: {date.isoformat()} is more than {every} days ago (review_every_days)"
    for oid, objection in pb.objections.items():
        if not objection.say:
            yield f"objections/{oid}", (), "objection has no `say`: sellers need a short talk track for the call"
    for cid, competitor in pb.competitors.items():
        if not competitor.landmines:
            yield f"competitors/{cid}", (), "battle card has no `landmines`"
    if "glossary" not in pb.incomplete:
        yield from _glossary(pb, today)
    signed = pb.qualification.agreed_by
    for side in ("marketing", "sales") if "qualification" not in pb.incomplete else ():
        if getattr(signed, side) is None:
            yield (
                "qualification",
                ("agreed_by",) if signed.marketing or signed.sales else (),
                (f"the qualification sheet is not signed by {side} (`agreed_by.{side}`)"),
            )


def _glossary(pb: Playbook, today: dt.date) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
    seen: dict[str, int] = {}
    for i, term in enumerate(pb.glossary.terms):
        name = term.term.strip().casefold()
        if name in seen:
            yield "glossary", ("terms", i, "term"), f"term `{term.term}` is defined twice (also term {seen[name] + 1})"
        else:
            seen[name] = i
        if not term.owner:
            yield "glossary", ("terms", i), f"term `{term.term}` has no `owner`"
        every = interval(term, pb.settings.review_every_days)
        for loc, date in stale_dates(term, today, pb.settings.review_every_days):
            message = f"stale: {date.isoformat()} is more than {every} days ago (review_every_days)"
            yield "glossary", ("terms", i, *loc), message
