"""The fonts shipped with the package (`playbook/fonts`, OFL) and their `@font-face` stylesheet."""

from __future__ import annotations

from pathlib import Path

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FONT_FACES: tuple[tuple[str, str, int, str], ...] = (
    ("Card Sans", "NotoSans-Regular.ttf", 400, "normal"),
    ("Card Sans", "NotoSans-Bold.ttf", 700, "normal"),
    ("Card Sans", "NotoSans-Italic.ttf", 400, "italic"),
    ("Card Sans", "NotoSans-BoldItalic.ttf", 700, "italic"),
    ("Card Math", "NotoSansMath-Regular.ttf", 400, "normal"),  # arrows and math signs
    ("Card Symbols", "NotoSansSymbols2-Regular.ttf", 400, "normal"),  # check marks, boxes, shapes
)
"""(family, file, weight, style); `card.css` lists the families in this order of fallback."""


def font_faces() -> str:
    """`@font-face` rules for the shipped fonts, as `file:` URLs the card fetcher serves."""
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; src: url("{(FONTS / name).as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for family, name, weight, style in FONT_FACES
    )
