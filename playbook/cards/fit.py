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
_OPTIONAL = re.compile(r"<!--pb-optional (\d+) ([\w.-]+)-->")


def type_attributes(steps: tuple[float, ...], step: int = 0) -> Markup:
    """The card's type steps and its type size at `step`, as attributes of its `<article>`."""
    shown = " ".join(f"{size:g}" for size in steps)
    return Markup(f'data-type-steps="{shown}" style="font-size: {steps[step]:g}pt"')


def optional_open(rank: int, field: str = "") -> Markup:
    """Where a section the card may leave out begins (`rank` 1 is the most wanted; `field` its
    `data-field`, to measure it); nothing for 0."""
    name = re.sub(r"[^\w.-]", "", field) or "-"
    return Markup(f"<!--pb-optional {rank} {name}-->") if rank else Markup("")


def optional_close(rank: int) -> Markup:
    return Markup(f"<!--/pb-optional {rank}-->") if rank else Markup("")


def needed(pages: list[Any]) -> float:
    """How many pages' worth of room a card laid out to `pages` needs (1.0 or less: it fits)."""
    length, room = _length(pages)
    return length / room if room > 0 else 1.0


def _length(pages: list[Any]) -> tuple[float, float]:
    """The length of the card's flow laid out over `pages`, and the room one page has for it.

    The flow runs from the top of the card's body to the end of the room kept for the footer; on the
    first page it ends with the last block that page holds (one that cannot be split moves whole to the
    next page, leaving its room unused), on the last page with that footer room.
    """
    if len(pages) < 2:
        return 0.0, 0.0
    height = float(pages[0].height)
    top = first_end = 0.0
    for box in pages[0]._page_box.descendants():
        if "card-body" in _classes(box):
            top = float(box.position_y)
            ends = [float(c.position_y) + float(c.margin_height()) for c in getattr(box, "children", [])]
            first_end = max(ends, default=top)
            break
    last_end, bottom = height, 0.0
    for box in pages[-1]._page_box.descendants():
        classes = _classes(box)
        if "card" in classes and not bottom:
            bottom = float(box.padding_bottom) + float(box.border_bottom_width) + float(box.margin_bottom)
        if "foot-room" in classes:
            last_end = float(box.position_y) + float(box.margin_height())
    room = height - bottom - top
    first_end = min(first_end, height - bottom)  # a block split over the pages ends at the first one's foot
    length = (first_end - top) + (len(pages) - 2) * (height - bottom) + last_end
    return length, room


def _classes(box: Any) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def _spans(pages: list[Any]) -> list[tuple[int, str, float, float]]:
    """The vertical extent of each section (`data-field` without a dot) on each page: (page, field, top, bottom)."""
    spans = []
    for number, page in enumerate(pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            field = element.get("data-field") if element is not None else None
            if field and "." not in field and hasattr(box, "margin_height"):
                top = float(box.position_y)
                spans.append((number, field, top, top + float(box.margin_height())))
    return spans


def _covered(spans: list[tuple[int, str, float, float]], left_out: set[str]) -> float:
    """The height the sections cover, side-by-side ones counted once, without those `left_out`."""
    total = 0.0
    for number in {page for page, _, _, _ in spans}:
        bottom = None
        for top, end in sorted((t, e) for p, f, t, e in spans if p == number and f not in left_out):
            if bottom is None or top > bottom:
                total += end - top
                bottom = end
            elif end > bottom:
                total += end - bottom
                bottom = end
    return total


def tighter(html: str, pages: list[Any] | None = None) -> str | None:
    """The card's HTML with a smaller type step, or without its least wanted optional sections once the
    type is at its smallest; None when there is nothing left to give.

    `pages`, the card as it was laid out, tells how much room is missing, so the steps that cannot make
    enough are skipped and several sections may go at once. Both estimates err on the side of giving too
    little: a card's text takes room about as the square of its type size (and its footer, in em, frees
    room too), yet only a step the cube of whose ratio makes up what is missing is skipped to; sections
    are left out, the least wanted first, until the height they cover (side-by-side ones counted once)
    makes up all but 2% of the room missing. So a variant may still not fit and is tightened again, while
    a card is not meant to get smaller type or fewer sections than going step by step would give it
    (tests/cards/test_card_sizes.py compares both on the example's battle cards).
    """
    length, room = _length(pages) if pages else (0.0, 0.0)
    need = length / room if room > 0 else 1.0
    match = _TYPE.search(html)
    if match:
        steps = [float(x) for x in match.group(1).split()]
        current = float(match.group(2))
        smaller = [size for size in steps if size < current]
        if smaller:
            enough = [size for size in smaller if size <= current / max(need, 1.0) ** (1 / 3)]
            start, end = match.span(2)
            return html[:start] + f"{max(enough) if enough else min(smaller):g}" + html[end:]
    optional = sorted(((int(rank), field) for rank, field in _OPTIONAL.findall(html)), reverse=True)
    if not optional:
        return None
    missing = length - room - 0.02 * room  # a little less: collapsing margins make the measure err large
    spans = _spans(pages) if pages else []
    everything = _covered(spans, set())
    left_out: set[str] = set()
    for rank, field in optional:  # the least wanted first, until they free the height missing
        html = re.sub(rf"<!--pb-optional {rank} [^>]*-->.*?<!--/pb-optional {rank}-->", "", html, count=1, flags=re.S)
        left_out.add(field)
        if everything - _covered(spans, left_out) >= missing:
            break
    return html


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
