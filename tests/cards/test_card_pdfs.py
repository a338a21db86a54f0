"""The PDFs themselves: one page per card, page sizes, fonts embedded and subset, QR codes that scan."""

from __future__ import annotations

import gc
import math
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
from cards_support import A5_POINTS, A6_POINTS, Built, build, fonts, page_size, pages, qr_codes, text
from pypdf import PdfReader, PdfWriter
from tests_support import copy_project

from playbook.cards.pdf import card_page, detached_page, write_pdf

SINGLE_FOLDERS = ("objections", "competitors", "products")


def _singles(built: Built) -> list[Path]:
    return sorted(p for folder in SINGLE_FOLDERS for p in (built.out / folder).glob("*.pdf"))


def test_each_card_criteria_sheet_and_lead_path_is_exactly_one_page(cards_for: Callable[[str], Built]) -> None:
    for language in ("en", "ru", "lt", "pl", "ro"):
        built = cards_for(language)
        singles = _singles(built)
        assert singles
        for pdf in [*singles, built.out / "criteria.pdf", built.out / "lead-path.pdf"]:
            assert pages(pdf) == 1, pdf


def test_page_sizes_follow_cards_size_and_sheets_hold_four_a6_cards(en_cards: Built, ru_cards: Built) -> None:
    card = page_size(en_cards.out / "objections" / "too-expensive.pdf")
    assert card == pytest.approx(A6_POINTS, abs=0.1)
    assert page_size(ru_cards.out / "objections" / "dorogo.pdf") == pytest.approx(A5_POINTS, abs=0.1)
    assert page_size(en_cards.out / "criteria.pdf") == pytest.approx((595.28, 841.89), abs=0.1)
    assert page_size(en_cards.out / "lead-path.pdf") == pytest.approx((841.89, 595.28), abs=0.1)
    objections = len(list((en_cards.out / "objections").glob("*.pdf")))
    assert pages(en_cards.out / "objection-deck.pdf") == objections
    sheet = en_cards.out / "sheets" / "objections.pdf"
    assert pages(sheet) == math.ceil(objections / 4)
    assert page_size(sheet) == pytest.approx((595.28, 841.89), abs=0.1)
    first_four = [p for p in text(sheet).split("OBJECTION ·")[1:5]]
    assert len(first_four) == 4
    # A5 cards: two on a landscape A4.
    ru_sheet = ru_cards.out / "sheets" / "objections.pdf"
    assert page_size(ru_sheet) == pytest.approx((841.89, 595.28), abs=0.1)


def test_fonts_are_the_shipped_ones_embedded_and_subset(cards_for: Callable[[str], Built]) -> None:
    for language in ("en", "ru", "lt", "pl", "ro"):
        built = cards_for(language)
        for pdf in sorted(built.out.rglob("*.pdf")):
            rows = fonts(pdf)
            assert rows, pdf
            for row in rows:
                assert row["emb"] == "yes" and row["sub"] == "yes" and row["uni"] == "yes", (pdf, row)
                # Only the fonts shipped with the package: no fallback to whatever the machine has.
                assert "+Card-" in row["name"], (pdf, row)


def test_deck_and_sheets_name_each_cards_font_subset_apart(en_cards: Built) -> None:
    names = [row["name"] for row in fonts(en_cards.out / "objection-deck.pdf")]
    assert len(names) == len(set(names)) > 3


def test_qr_code_scans_to_the_items_page(en_cards: Built, ru_cards: Built, tmp_path: Path) -> None:
    site = "https://playbook.example.com/"
    expected = {
        en_cards.out / "objections" / "too-expensive.pdf": site + "objections/too-expensive/",
        en_cards.out / "competitors" / "autodalys.pdf": site + "competitors/autodalys/",
        en_cards.out / "products" / "vin-lookup.pdf": site + "products/vin-lookup/",
        ru_cards.out / "objections" / "dorogo.pdf": "https://playbook.vorota-yolkina.example.com/objections/dorogo/",
    }
    for pdf, url in expected.items():
        assert sorted(qr_codes(pdf, tmp_path)) == [url, url + "#field-feedback"]


def test_sheets_other_than_items_carry_only_the_page_code(en_cards: Built, tmp_path: Path) -> None:
    assert qr_codes(en_cards.out / "criteria.pdf", tmp_path) == ["https://playbook.example.com/criteria/"]


def test_item_cards_explain_their_two_codes(en_cards: Built, ru_cards: Built) -> None:
    assert "Codes: report from the field · this page" in text(en_cards.out / "objections" / "too-expensive.pdf")
    assert "Коды: сообщить с поля · эта страница" in text(ru_cards.out / "objections" / "dorogo.pdf")


def test_without_site_url_there_is_no_qr_code(cards_for: Callable[[str], Built], tmp_path: Path) -> None:
    ro = cards_for("ro")  # the Romanian fixture has no site_url
    pdf = sorted((ro.out / "objections").glob("*.pdf"))[0]
    assert qr_codes(pdf, tmp_path) == []
    assert "Versiune" in text(pdf) or "Version" in text(pdf)


def test_bleed_and_crop_marks_from_playbook_yaml(tmp_path: Path) -> None:
    from cards_support import REPO

    project = copy_project(REPO, tmp_path / "bleed")
    settings = project / "data" / "playbook.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "  bleed_mm: 3\n  crop_marks: true\n", encoding="utf-8")
    build(project, tmp_path / "out", ids=["too-expensive"])
    pdf = tmp_path / "out" / "objections" / "too-expensive.pdf"
    width, height = page_size(pdf)
    bleed = 3 * 72 / 25.4
    assert (width, height) == pytest.approx((A6_POINTS[0] + 2 * bleed, A6_POINTS[1] + 2 * bleed), abs=0.2)
    assert pages(pdf) == 1


def test_a_card_copied_into_a_deck_is_whole_and_lets_its_file_go(en_cards: Built, tmp_path: Path) -> None:
    """pypdf's `add_page` keeps each source file's reader until the deck is written: 1 GB at 5,000 cards."""
    card = en_cards.out / "objections" / "too-expensive.pdf"
    writer = PdfWriter()
    page = card_page(card, card.stem)
    reader = weakref.ref(page.pdf)
    writer.add_page(detached_page(page, writer))
    del page
    gc.collect()
    assert reader() is None
    deck = tmp_path / "deck.pdf"
    write_pdf(writer, deck)
    assert text(deck) == text(card)
    copied, original = PdfReader(deck).pages[0], PdfReader(card).pages[0]
    for box in ("mediabox", "trimbox", "bleedbox"):
        assert getattr(copied, box) == getattr(original, box)
    assert len(fonts(deck)) == len(fonts(card)) > 1
