"""Links between items: `[label](kind/id)` in any text field names another item of the playbook.

`kind` is the folder as in feedback's `about:` (`objections`, `competitors`, `products`,
`calculators`) or `pages` for a hand-written page; an optional `#fragment` is kept. On the site the
link goes to that item's page (relative to the page it appears on); on a card to the page's address
under `site_url` (printed after the label), or to nothing but its label without a `site_url`.
`check` reports a link to a missing item as an error at its position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from playbook.model.playbook import Playbook

ITEM_KINDS = ("objections", "competitors", "products", "calculators", "pages")
ITEM_LINK = re.compile(
    r"(?P<kind>objections|competitors|products|calculators|pages)/(?P<id>[a-z0-9][a-z0-9-]{0,63})/?"
    r"(?:\.md)?(?P<fragment>#[A-Za-z0-9_-]*)?"
)
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
"""The target of an inline Markdown link, `[label](target "title")`."""


@dataclass(frozen=True)
class ItemLink:
    """A link to an item: its kind folder, id, and fragment (`#...` or empty)."""

    kind: str
    id: str
    fragment: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.id}"

    @property
    def page(self) -> str:
        """The item's page source path on the site (`products/next-day-delivery.md`)."""
        return f"{self.key}.md"


def parse(target: str) -> ItemLink | None:
    """The item a link target names (`products/next-day-delivery`, `objections/x#say`), or None."""
    match = ITEM_LINK.fullmatch(target.strip())
    if match is None:
        return None
    return ItemLink(match["kind"], match["id"], match["fragment"] or "")


def links_in(text: str) -> Iterator[tuple[int, ItemLink]]:
    """(offset of the target in `text`, link) for every inline Markdown link to an item."""
    for match in _MARKDOWN_LINK.finditer(text):
        link = parse(match["target"])
        if link is not None:
            yield match.start("target"), link


def exists(playbook: Playbook, link: ItemLink) -> bool:
    """True when the playbook has the item `link` names."""
    if link.kind == "pages":
        return any(page.name == link.id for page in playbook.pages)
    return link.id in getattr(playbook, link.kind)


def known_ids(playbook: Playbook, kind: str) -> list[str]:
    if kind == "pages":
        return [page.name for page in playbook.pages]
    return list(getattr(playbook, kind))
