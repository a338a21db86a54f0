"""Which pages an edit can change: what `playbook serve` renders again after a file is saved.

Pure: two validated playbooks in (before and after the edit), the site paths to render again out, or
None for "every page". Items (objections, competitors, products, calculators) are compared one by one;
any other part (settings, ICP, criteria, lead path, glossary, feedback, hand-written pages, drafts), or an
item added, removed, renamed or moved, changes pages everywhere (navigation, tooltips, every index) and
renders the whole site again. An edited item renders again: its own page, the page of every item that
mentions it (by id in a field such as `competitors:`, or by a `kind/id` link in a text) or that it
mentions, before or after the edit; and, unless only its `BODY` fields changed (the talk track, the
answer...: what only its own page shows), every page that is not an item's page (home, indexes, tags,
review queue, feedback...), which may list any item. What's new follows the version diff, not the items:
the caller adds those pages when the diff changed (`index_pages`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from playbook.model import Playbook

ITEM_KINDS = ("objections", "competitors", "products", "calculators")
BODY: dict[str, frozenset[str]] = {
    "objections": frozenset({"root_concern", "say", "ask", "answer", "proof", "avoid"}),
    "competitors": frozenset(
        {
            "summary",
            "we_win_when",
            "they_win_when",
            "strengths",
            "weaknesses",
            "landmines",
            "quick_dismiss",
            "pricing",
            "proof",
            "walk_away_when",
        }
    ),
    "products": frozenset({"problem", "benefits", "differentiators", "proof", "pricing", "faq", "call_to_action"}),
}
"""Fields of an item that no page but its own (and those of items mentioning it) shows: the indexes, home,
tags, review queue and feedback pages show names, one-liners, categories, owners, dates. A test edits
every one of them and checks that no other page changes."""
_WHOLE = ("settings", "icp", "qualification", "lead_path", "glossary", "feedback_files", "pages", "proposals")


class PageDependencies:
    """Finds the pages to render again; keeps the text of each item it has read, for the next edit."""

    def __init__(self) -> None:
        self._texts: dict[int, tuple[object, str]] = {}

    def pages_to_render(self, old: Playbook, new: Playbook, paths: Iterable[str]) -> set[str] | None:
        """The site `paths` (of the new site) to render again after `old` became `new`; None: all of them."""
        if any(not _same(getattr(old, part), getattr(new, part)) for part in _WHOLE):
            return None
        if old.sources != new.sources or old.incomplete != new.incomplete:
            return None
        changed: list[tuple[str, str, Any, Any]] = []
        for kind in ITEM_KINDS:
            before, after = _items(old, kind), _items(new, kind)
            if list(before) != list(after):
                return None  # added, removed, renamed or reordered
            changed += [(kind, key, before[key], item) for key, item in after.items() if not _same(before[key], item)]
        pages: set[str] = set()
        if not changed or any(not _only_body(kind, before, after) for kind, _, before, after in changed):
            pages = index_pages(paths)
        if not changed:
            return pages
        texts = {(kind, key): self._text(item) for kind, key, item in _all_items(new)}
        for kind, key, before, after in changed:
            pages.add(f"{kind}/{key}.md")
            names = (f'"{key}"', f"{kind}/{key}")
            mentioned = self._text(before) + self._text(after)
            for (other_kind, other_key), text in texts.items():
                if any(name in text for name in names) or _mentions(mentioned, other_kind, other_key):
                    pages.add(f"{other_kind}/{other_key}.md")
        self._forget_except(new)
        return pages

    def _text(self, item: object) -> str:
        """The item as JSON text, to look for ids in; kept while the item is part of the playbook."""
        kept = self._texts.get(id(item))
        if kept is not None and kept[0] is item:
            return kept[1]
        data = item.model_dump(mode="json", by_alias=True) if isinstance(item, BaseModel) else repr(item)
        text = json.dumps(data, ensure_ascii=False)
        self._texts[id(item)] = (item, text)
        return text

    def _forget_except(self, playbook: Playbook) -> None:
        alive = {id(item) for _, _, item in _all_items(playbook)}
        for key in self._texts.keys() - alive:
            del self._texts[key]


def index_pages(paths: Iterable[str]) -> set[str]:
    """Every page that is not an item's own page."""
    return {path for path in paths if not _is_item_page(path)}


def _only_body(kind: str, before: Any, after: Any) -> bool:
    """Whether only fields of `BODY` differ between two versions of an item."""
    body = BODY.get(kind)
    if body is None or type(before) is not type(after) or not isinstance(after, BaseModel):
        return False
    return all(getattr(before, name) == getattr(after, name) for name in type(after).model_fields if name not in body)


def _same(a: object, b: object) -> bool:
    return a is b or a == b


def _items(playbook: Playbook, kind: str) -> Mapping[str, Any]:
    items: Mapping[str, Any] = getattr(playbook, kind)
    return items


def _all_items(playbook: Playbook) -> Iterator[tuple[str, str, Any]]:
    for kind in ITEM_KINDS:
        for key, item in _items(playbook, kind).items():
            yield kind, key, item


def _mentions(text: str, kind: str, key: str) -> bool:
    return f'"{key}"' in text or f"{kind}/{key}" in text


def _is_item_page(path: str) -> bool:
    kind, _, name = path.partition("/")
    return kind in ITEM_KINDS and "/" not in name and name != "index.md"
