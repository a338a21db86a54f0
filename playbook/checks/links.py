"""Links between items: every `[label](kind/id)` in a text field or a hand-written page names an item that exists."""

from __future__ import annotations

from collections.abc import Iterator
from difflib import get_close_matches
from typing import Any

from playbook.checks.calculators import within
from playbook.diagnostics import Diagnostic
from playbook.loading.yaml_reader import Loc, SourceMap
from playbook.model import Playbook
from playbook.model.item_links import ItemLink, exists, known_ids, links_in
from playbook.model.placeholders import items

_SINGULAR = {
    "objections": "objection",
    "competitors": "competitor",
    "products": "product",
    "calculators": "calculator",
    "pages": "page",
}


def _texts(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        if "](" in data:
            yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, (*loc, str(key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _texts(value, (*loc, i))


def _message(playbook: Playbook, link: ItemLink) -> str:
    match = get_close_matches(link.id, known_ids(playbook, link.kind), n=1)
    hint = f", did you mean `{link.kind}/{match[0]}`?" if match else ""
    return f"link to `{link.key}`: there is no {_SINGULAR[link.kind]} `{link.id}`{hint}"


def check_links(playbook: Playbook, sources: dict[str, SourceMap]) -> list[Diagnostic]:
    """A link to a missing item is an error at the link (its line and, in a one-line value, its column)."""
    found: list[Diagnostic] = []
    for key, item in items(playbook):
        source = sources.get(key)
        if source is None or key in playbook.incomplete:
            continue
        data = [i.model_dump(by_alias=True) for i in item] if isinstance(item, list) else item.model_dump(by_alias=True)
        for loc, text in _texts(data):
            for offset, link in links_in(text):
                if exists(playbook, link) or link.key in playbook.incomplete:
                    continue
                line, column = source.where(loc)
                column += within(text, offset, source.styles.get(loc, ""))
                found.append(Diagnostic(source.path, line, column, _message(playbook, link)))
    for page in playbook.pages:
        for offset, link in links_in(page.markdown):
            if not exists(playbook, link) and link.key not in playbook.incomplete:
                line = page.markdown.count("\n", 0, offset) + 1
                column = offset - page.markdown.rfind("\n", 0, offset)
                found.append(Diagnostic(page.source, line, column, _message(playbook, link)))
    return found
