"""Overflow after layout: which field of a one-page card does not fit on its page."""

from __future__ import annotations

from typing import Any

Loc = tuple[str | int, ...]


def _heights(document: Any) -> dict[str, float]:
    """The laid-out height of every `data-field` block, summed over the pages it spans."""
    heights: dict[str, float] = {}
    for page in document.pages:
        seen: set[int] = set()
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            field = element.get("data-field") if element is not None else None
            if not field or id(element) in seen or not hasattr(box, "margin_height"):
                continue
            seen.add(id(element))  # the outermost box of an element holds its whole height
            heights[field] = heights.get(field, 0.0) + float(box.margin_height())
    return heights


def overflowing_field(document: Any) -> str | None:
    """The field to shorten when a one-page card lays out to more pages, or None when it fits.

    That is its longest field, counting list items one by one (`ask.3`, not all of `ask`):
    the one whose shortening gains most, and the one an overlong entry makes stand out.
    """
    if len(document.pages) <= 1:
        return None
    heights = _heights(document)
    leaves = [f for f in heights if not any(g.startswith(f + ".") for g in heights)]
    return max(leaves, key=lambda f: heights[f]) if leaves else ""


def field_loc(field: str) -> Loc:
    """`target.require.2` as a YAML location: `("target", "require", 2)`."""
    return tuple(int(part) if part.isdigit() else part for part in field.split("."))


def field_words(field: str) -> str:
    """`ask.3` as people read it: "`ask`, item 4"."""
    loc = field_loc(field)
    names = ".".join(str(p) for p in loc if isinstance(p, str))
    items = [p for p in loc if isinstance(p, int)]
    return f"`{names}`, item {items[-1] + 1}" if items else f"`{names}`"
