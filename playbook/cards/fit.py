"""Fitting a one-page card to its page: a tighter variant to lay out again, and the field that overflows.

A card larger than A6 is written at its largest type with every section of its size. When it lays out to
more than one page, `tighter` gives the next variant to try: the next smaller type step, then, at the
smallest step, the card without its least wanted optional section. When nothing is left to give (an A6
card, or only the sections every size keeps), the card that still needs more pages is an error naming
its longest field: the essentials are never left out silently.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

Loc = tuple[str | int, ...]

_TYPE = re.compile(r'data-type-steps="([\d. ]+)" style="font-size: ([\d.]+)pt"')
_OPTIONAL = re.compile(r"<!--pb-optional (\d+)-->")


def type_attributes(steps: tuple[float, ...], step: int = 0) -> Markup:
    """The card's type steps and its type size at `step`, as attributes of its `<article>`."""
    shown = " ".join(f"{size:g}" for size in steps)
    return Markup(f'data-type-steps="{shown}" style="font-size: {steps[step]:g}pt"')


def optional_open(rank: int) -> Markup:
    """Where a section the card may leave out begins (`rank` 1 is the most wanted); nothing for 0."""
    return Markup(f"<!--pb-optional {rank}-->") if rank else Markup("")


def optional_close(rank: int) -> Markup:
    return Markup(f"<!--/pb-optional {rank}-->") if rank else Markup("")


def tighter(html: str) -> str | None:
    """The card's HTML with the next smaller type step, or without its least wanted optional section
    once the type is at its smallest; None when there is nothing left to give."""
    match = _TYPE.search(html)
    if match:
        steps = [float(x) for x in match.group(1).split()]
        current = float(match.group(2))
        smaller = [size for size in steps if size < current]
        if smaller:
            start, end = match.span(2)
            return html[:start] + f"{max(smaller):g}" + html[end:]
    ranks = [int(rank) for rank in _OPTIONAL.findall(html)]
    if not ranks:
        return None
    last = max(ranks)
    return re.sub(rf"<!--pb-optional {last}-->.*?<!--/pb-optional {last}-->", "", html, count=1, flags=re.S)


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
