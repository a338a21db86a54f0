"""Static SVG bar charts for the Funnel page: horizontal bars, a value per bar, an optional target mark."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

BAR = "#3f6fc4"
WARN = "#c8452f"
MARK = "currentColor"
ROW = 26
BAR_HEIGHT = 16
CHAR = 7.2
"""Approximate width of a character of the 12px label font, for laying out labels."""


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value, how the value is written, and an optional target mark."""

    label: str
    value: float
    text: str
    mark: float | None = None
    warn: bool = False


def bar_chart(
    title: str, bars: list[Bar], *, width: int = 680, scale_max: float | None = None, mark_label: str = ""
) -> str:
    """A horizontal bar chart as one `<svg>` element; every text is escaped."""
    if not bars:
        return ""
    label_width = min(260, max(60, int(max(len(b.label) for b in bars) * CHAR) + 12))
    value_width = max(60, int(max(len(b.text) for b in bars) * CHAR) + 12)
    plot = max(120, width - label_width - value_width)
    top = 8
    legend = 18 if mark_label else 0
    height = top + ROW * len(bars) + legend + 6
    largest = max([scale_max or 0.0] + [b.value for b in bars] + [b.mark or 0.0 for b in bars]) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pb-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = top + i * ROW
        length = max(0.0, bar.value) / largest * plot
        colour = WARN if bar.warn else BAR
        parts.append(
            f'<text x="{label_width - 8}" y="{y + BAR_HEIGHT - 4}" text-anchor="end" fill="currentColor">'
            f"{escape(_fit(bar.label, label_width))}</text>"
        )
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{colour}" rx="2">'
            f"<title>{escape(bar.label)}: {escape(bar.text)}</title></rect>"
        )
        parts.append(
            f'<text x="{label_width + length + 6:.1f}" y="{y + BAR_HEIGHT - 4}" fill="currentColor">'
            f"{escape(bar.text)}</text>"
        )
        if bar.mark is not None:
            x = label_width + bar.mark / largest * plot
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 3}" y2="{y + BAR_HEIGHT + 3}" stroke="{MARK}" '
                'stroke-width="2" stroke-dasharray="3 2"/>'
            )
    if mark_label:
        y = top + ROW * len(bars) + 4
        parts.append(
            f'<line x1="{label_width}" x2="{label_width + 14}" y1="{y + 6}" y2="{y + 6}" stroke="{MARK}" '
            'stroke-width="2" stroke-dasharray="3 2"/>'
        )
        parts.append(f'<text x="{label_width + 20}" y="{y + 10}" fill="currentColor">{escape(mark_label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _fit(label: str, width: int) -> str:
    room = int((width - 12) / CHAR)
    return label if len(label) <= room else label[: max(1, room - 1)] + "…"
