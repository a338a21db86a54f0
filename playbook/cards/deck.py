"""The objection deck: every objection card, ordered by category, in one PDF made from the cards' own PDFs."""

from __future__ import annotations

from pathlib import Path

from playbook.cards.pdf import card_page, detached_page, document_language, write_pdf


def assemble_deck(cards: list[Path], target: Path, title: str, *, language: str = "") -> None:
    """Write `target`: the pages of `cards`, in order, each card exactly as it was rendered."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for path in cards:
        writer.add_page(detached_page(card_page(path, path.stem), writer))
    writer.add_metadata({"/Title": title})
    document_language(writer, language)
    write_pdf(writer, target)
