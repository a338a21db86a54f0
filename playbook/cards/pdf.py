"""PDF plumbing for the deck and print sheets: atomic writes and unique font subset names.

WeasyPrint names a font subset after the font, not after the glyphs it holds, so every card
carries a different `ABCDEF+Card-Sans` subset under the same name. Once cards share one file,
a printer or viewer that caches fonts by name could draw one card with another card's glyphs;
each card's subsets are renamed apart before they are combined.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playbook.files import write_atomically

if TYPE_CHECKING:
    from pypdf import PageObject, PdfWriter


def write_pdf(writer: PdfWriter, target: Path) -> None:
    """Write `writer` to `target` atomically."""
    write_atomically(target, writer.write)


def document_language(writer: PdfWriter, language: str) -> None:
    """Name the document's language in its catalog (`/Lang`), as WeasyPrint does from `<html lang>`.

    Screen readers pick their voice from it (WCAG 3.1.1); a deck or sheet made of cards carries theirs.
    """
    from pypdf.generic import NameObject, TextStringObject

    if language:
        writer.root_object[NameObject("/Lang")] = TextStringObject(language)


def card_page(path: Path, salt: str) -> PageObject:
    """The first page of the card PDF at `path`, its font subsets renamed uniquely for `salt`."""
    from pypdf import PdfReader

    page = PdfReader(path).pages[0]
    _retag(page.get("/Resources"), salt, set())
    return page


def detached_page(page: PageObject, writer: PdfWriter) -> PageObject:
    """`page` copied for `writer` (content, resources, boxes, links) with no tie back to its own file.

    `writer.add_page(page)` would keep the page it came from, and so that page's whole file, until
    the writer is written: over 1 GB for a deck of 5,000 cards. The copy lets the file go at once.
    """
    from pypdf import PageObject
    from pypdf.generic import NameObject

    copy = PageObject()
    for key, value in page.items():
        if key != "/Parent":
            copy[NameObject(key)] = value.clone(writer, ignore_fields=("/P", "/Parent"))
    forget_source(writer, page)
    return copy


def forget_source(writer: PdfWriter, page: PageObject) -> None:
    """Drop `writer`'s map of the file `page` came from (pypdf keeps that file's reader alive for it)."""
    from pypdf import PdfReader

    if isinstance(page.pdf, PdfReader):
        writer.reset_translation(page.pdf)


def card_form(page: PageObject, writer: PdfWriter) -> tuple[Any, tuple[float, float, float, float]]:
    """`page` as a form XObject for `writer`, clipped to its trim box; and that box (x, y, w, h)."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject, RectangleObject

    trim = RectangleObject(page.trimbox)
    contents: Any = page["/Contents"].get_object()
    parts: list[Any] = list(contents) if isinstance(contents, ArrayObject) else [contents]
    data = b"\n".join(part.get_object().get_data() for part in parts)
    form = DecodedStreamObject()
    form.set_data(data)
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in (trim.left, trim.bottom, trim.right, trim.top))
    form[NameObject("/Resources")] = page["/Resources"].clone(writer)
    box = (float(trim.left), float(trim.bottom), float(trim.width), float(trim.height))
    return form.flate_encode(), box


def _retag(resources: Any, salt: str, seen: set[int]) -> None:
    from pypdf.generic import NameObject

    resources = resources.get_object() if resources is not None else None
    if not resources or id(resources) in seen:
        return
    seen.add(id(resources))
    fonts = resources.get("/Font")
    for ref in fonts.get_object().values() if fonts is not None else ():
        font = ref.get_object()
        parts = [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]
        for part in parts:
            for key, holder in (("/BaseFont", part), ("/FontName", part.get("/FontDescriptor"))):
                holder = holder.get_object() if holder is not None else None
                if holder is None or key not in holder:
                    continue
                name = str(holder[key])
                if len(name) > 8 and name[7] == "+":
                    holder[NameObject(key)] = NameObject(f"/{_tag(salt, name)}+{name[8:]}")
    xobjects = resources.get("/XObject")
    for ref in xobjects.get_object().values() if xobjects is not None else ():
        _retag(ref.get_object().get("/Resources"), salt, seen)


def _tag(salt: str, name: str) -> str:
    digest = hashlib.sha256(f"{salt} {name}".encode()).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])
