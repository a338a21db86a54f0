"""N-up print sheets: several rendered cards placed on one A4 page, with dashed cut lines between them.

Sheets are assembled from the cards' own PDFs (pypdf), so a sheet never lays a card out twice.
"""

from __future__ import annotations

from pathlib import Path

from playbook.cards.catalog import LAYOUTS, SheetLayout
from playbook.cards.pdf import card_form, card_page, document_language, forget_source, write_pdf

MM = 72 / 25.4
"""PDF points per millimetre."""


def assemble_sheet(cards: list[Path], size: str, target: Path, title: str, *, language: str = "") -> None:
    """Write `target`: the one-page PDFs `cards`, placed `LAYOUTS[size]` per page, with cut lines.

    Each card goes in as a form XObject clipped to its trim box (bleed and crop marks stay off
    its neighbours), so no content stream is parsed or rewritten.
    """
    from pypdf import PageObject, PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    layout = LAYOUTS[size]
    writer = PdfWriter()
    per_page = layout.columns * layout.rows
    sheet_w, sheet_h = layout.width * MM, layout.height * MM
    for start in range(0, len(cards), per_page):
        sheet = writer.add_page(PageObject.create_blank_page(width=sheet_w, height=sheet_h))
        xobjects = DictionaryObject()
        ops: list[str] = []
        card_w = card_h = 0.0
        for index, path in enumerate(cards[start : start + per_page]):
            page = card_page(path, path.stem)
            form, (left, bottom, card_w, card_h) = card_form(page, writer)
            forget_source(writer, page)
            name = f"/Card{index}"
            xobjects[NameObject(name)] = writer._add_object(form)
            col, row = index % layout.columns, index // layout.columns
            x0, y0 = _origin(layout, sheet_w, sheet_h, card_w, card_h)
            x = x0 + col * card_w - left
            y = sheet_h - y0 - (row + 1) * card_h - bottom
            ops.append(f"q 1 0 0 1 {x:.3f} {y:.3f} cm {name} Do Q")
        ops.append(_cut_lines(layout, sheet_w, sheet_h, card_w, card_h))
        sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
        contents = DecodedStreamObject()
        contents.set_data("\n".join(ops).encode("ascii"))
        sheet[NameObject("/Contents")] = writer._add_object(contents.flate_encode())
    writer.add_metadata({"/Title": title})
    document_language(writer, language)
    write_pdf(writer, target)


def _origin(layout: SheetLayout, sheet_w: float, sheet_h: float, card_w: float, card_h: float) -> tuple[float, float]:
    """Left and top margin (points) that centre the grid of cards on the sheet."""
    return (sheet_w - layout.columns * card_w) / 2, (sheet_h - layout.rows * card_h) / 2


def _cut_lines(layout: SheetLayout, sheet_w: float, sheet_h: float, card_w: float, card_h: float) -> str:
    """PDF drawing operators: thin dashed grey lines along every cut between cards."""
    left0, top0 = _origin(layout, sheet_w, sheet_h, card_w, card_h)
    ops = ["q", "0.55 G", "0.5 w", "[3 2] 0 d"]
    for col in range(1, layout.columns):
        x = left0 + col * card_w
        ops.append(f"{x:.2f} 0 m {x:.2f} {sheet_h:.2f} l S")
    for row in range(1, layout.rows):
        y = sheet_h - top0 - row * card_h
        ops.append(f"0 {y:.2f} m {sheet_w:.2f} {y:.2f} l S")
    ops.append("Q")
    return "\n".join(ops)
