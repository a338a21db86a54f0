"""The lead-path flowchart as a self-made inline SVG, coloured by owning department (no Mermaid, no CDN).

Stages stand in a column in file order; each stage leads to the next one unless it is final (a short
arrow, a hand-off's or the department's colour), any other hand-off is an arc on the right; where a
rejected lead goes is a dashed arc on the left.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from playbook.model import LeadPath

ROW = 66
BOX_H = 42
BOX_W = 340
LANE_GAP = 14
MARGIN = 16
MAX_CHARS = 40


@dataclass(frozen=True)
class Edge:
    """An arrow between two stages, by row index."""

    src: int
    dst: int
    kind: str  # "handoff" or "reject"
    owner: str


def _lanes(edges: list[Edge]) -> dict[Edge, int]:
    """Lane per arc: shorter arcs nearer the boxes, overlapping arcs never share a lane."""
    lanes: dict[Edge, int] = {}
    taken: list[list[tuple[int, int]]] = []
    for edge in sorted(edges, key=lambda e: (abs(e.dst - e.src), min(e.src, e.dst))):
        span = (min(edge.src, edge.dst), max(edge.src, edge.dst))
        for lane, spans in enumerate(taken):
            if all(span[1] < lo or span[0] > hi for lo, hi in spans):
                spans.append(span)
                lanes[edge] = lane
                break
        else:
            taken.append([span])
            lanes[edge] = len(taken) - 1
    return lanes


def _ports(edges: list[Edge]) -> dict[tuple[Edge, int], float]:
    """Vertical offset where each arc meets a box, spread so arcs at one box never overlap."""
    at: dict[int, list[tuple[Edge, int]]] = {}
    for edge in edges:
        at.setdefault(edge.src, []).append((edge, edge.src))
        at.setdefault(edge.dst, []).append((edge, edge.dst))
    offsets: dict[tuple[Edge, int], float] = {}
    for ends in at.values():
        ends.sort(key=lambda end: end[0].dst if end[1] == end[0].src else end[0].src)
        n = len(ends)
        for i, end in enumerate(ends):
            offsets[end] = 0.0 if n == 1 else -14 + 28 * i / (n - 1)
    return offsets


def _short(name: str) -> str:
    return name if len(name) <= MAX_CHARS else name[: MAX_CHARS - 1].rstrip() + "…"


def flowchart_svg(lead_path: LeadPath, *, stage_anchor: str = "stage-", title: str = "") -> Markup:
    """The SVG of `lead_path`; every text is escaped, so it is safe to embed as it is."""
    stages = lead_path.stages
    index = {s.id: i for i, s in enumerate(stages)}
    owner = {s.id: s.owner for s in stages}
    straight: set[tuple[int, int]] = set()
    right: list[Edge] = []
    left: list[Edge] = []
    seen: set[tuple[int, int, str]] = set()
    for h in lead_path.handoffs:
        if h.from_ not in index or h.to not in index:
            continue
        src, dst = index[h.from_], index[h.to]
        dept = h.owner or owner[h.from_]
        if dst == src + 1:
            straight.add((src, dst))
        elif dst != src and (src, dst, "handoff") not in seen:
            seen.add((src, dst, "handoff"))
            right.append(Edge(src, dst, "handoff", dept))
        if h.on_reject in index and (src, index[h.on_reject], "reject") not in seen:
            seen.add((src, index[h.on_reject], "reject"))
            if index[h.on_reject] != src and (src, index[h.on_reject]) not in straight:
                left.append(Edge(src, index[h.on_reject], "reject", dept))
    for src, stage in enumerate(stages[:-1]):
        if not stage.terminal:  # a step in order, as people draw the path: a hand-off only where the owner changes
            straight.add((src, src + 1))
            left = [e for e in left if (e.src, e.dst) != (src, src + 1)]
    right_lanes, left_lanes = _lanes(right), _lanes(left)
    n_left = max(left_lanes.values(), default=-1) + 1
    n_right = max(right_lanes.values(), default=-1) + 1
    box_x = MARGIN + 10 + n_left * LANE_GAP
    width = box_x + BOX_W + 10 + n_right * LANE_GAP + MARGIN
    height = MARGIN * 2 + max(len(stages), 1) * ROW - (ROW - BOX_H)
    ports = _ports(right) | _ports(left)

    def cy(i: int) -> float:
        return MARGIN + i * ROW + BOX_H / 2

    parts = [
        f'<svg class="pb-flow" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        # A group, not an image: it holds one link per stage, and an image's children are not reachable.
        f'role="group" aria-label="{escape(title, quote=True)}" xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink">',
        '<defs aria-hidden="true">',
    ]
    for dept in ("marketing", "sales", "shared"):
        parts.append(
            f'<marker id="pb-arrow-{dept}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path class="pb-flow-head pb-flow--{dept}" '
            'd="M0,0 L10,5 L0,10 z"/></marker>'
        )
    parts.append("</defs>")
    for src, dst in sorted(straight):
        x = box_x + BOX_W / 2
        dept = next(
            (
                h.owner or owner[h.from_]
                for h in lead_path.handoffs
                if index.get(h.from_) == src and index.get(h.to) == dst
            ),
            owner[stages[src].id],  # a step within one department: its colour
        )
        parts.append(
            f'<path class="pb-flow-edge pb-flow--{dept}" aria-hidden="true" d="M{x},{cy(src) + BOX_H / 2} '
            f'L{x},{cy(dst) - BOX_H / 2 - 1}" marker-end="url(#pb-arrow-{dept})"/>'
        )
    for edges, lanes, side in ((right, right_lanes, 1), (left, left_lanes, -1)):
        for edge in edges:
            edge_x = box_x + BOX_W if side == 1 else box_x
            lane_x = edge_x + side * (10 + lanes[edge] * LANE_GAP + 4)
            y1 = cy(edge.src) + ports[(edge, edge.src)]
            y2 = cy(edge.dst) + ports[(edge, edge.dst)]
            dash = ' stroke-dasharray="5 4"' if edge.kind == "reject" else ""
            parts.append(
                f'<path class="pb-flow-edge pb-flow--{edge.owner}"{dash} fill="none" aria-hidden="true" '
                f'd="M{edge_x},{y1} H{lane_x} V{y2} H{edge_x + side}" '
                f'marker-end="url(#pb-arrow-{edge.owner})"/>'
            )
    for i, stage in enumerate(stages):
        y = MARGIN + i * ROW
        terminal = " pb-flow-terminal" if stage.terminal else ""
        parts.append(
            # xlink:href, not href: Material's instant navigation rewrites every `[href]` of a new page
            # (`el.href = el.href`), which throws on an SVG link, whose `href` cannot be set.
            f'<a xlink:href="#{escape(stage_anchor + stage.id, quote=True)}" '
            f'aria-label="{escape(stage.name, quote=True)}">'
            f"<title>{escape(stage.name)}</title>"
            f'<rect class="pb-flow-box pb-flow--{stage.owner}{terminal}" x="{box_x}" y="{y}" '
            f'width="{BOX_W}" height="{BOX_H}" rx="8"/>'
            f'<text class="pb-flow-label" x="{box_x + BOX_W / 2}" y="{y + BOX_H / 2}" '
            f'text-anchor="middle" dominant-baseline="central">{escape(_short(stage.name))}</text></a>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
