"""What a seller reads on the cards: the expected text, in every language, with every letter."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

from cards_support import TODAY, Built, build, page_texts, text

from playbook.model import Playbook
from playbook.project import check_project


def _playbook(built: Built) -> Playbook:
    playbook = check_project(built.project, TODAY).playbook
    assert playbook is not None
    return playbook


def _plain(markdown: str) -> str:
    """Markdown source as it reads once rendered: no emphasis marks, single spaces."""
    return " ".join(markdown.replace("**", "").replace("`", "").split())


def test_objection_card_has_what_the_customer_says_the_answer_and_the_rest(en_cards: Built) -> None:
    card = text(en_cards.out / "objections" / "too-expensive.pdf")
    assert "OBJECTION · PRICE" in card
    assert "Your prices are higher than Autodalys and the online marketplaces." in card
    assert '"Fair point, on some parts we are a few percent higher.' in card
    assert card.index("SAY") < card.index("ASK") < card.index("PROOF") < card.index("AVOID")
    assert "How many times last month did a car wait on the lift for a part?" in card
    assert "A garage in Šiauliai moved all service parts to us" in card
    assert "(Northwind returns report, 2026-09-01)" in card
    assert "Talking badly about the marketplace or about Autodalys." in card


def test_every_card_names_the_playbook_version_freshness_and_confidentiality(en_cards: Built) -> None:
    for pdf in sorted(en_cards.out.glob("*/*.pdf")) + sorted(en_cards.out.glob("*.pdf")):
        card = text(pdf)
        assert "Northwind Parts Sales Playbook" in card, pdf
        assert "Version 1.0.0" in card, pdf
        assert "INTERNAL - DO NOT FORWARD TO CUSTOMERS" in card, pdf
        assert "Last reviewed 20" in card or "As of 20" in card, pdf
    assert "Last reviewed 2026-10-12" in text(en_cards.out / "objections" / "too-expensive.pdf")
    assert "As of 2026-10-06" in text(en_cards.out / "criteria.pdf")  # the later signature


def test_battle_and_sales_cards_lead_with_the_one_liner(en_cards: Built) -> None:
    battle = text(en_cards.out / "competitors" / "autodalys.pdf")
    assert battle.startswith(
        "BATTLE CARD Owner: Competitive intelligence (Laura Ozola) Autodalys"
        " THE ONE THING TO SAY Autodalys is great for fast-moving parts"
    )
    assert "We are cheaper. On filters, sometimes." in battle
    assert "LANDMINES TO SET" in battle
    sales = text(en_cards.out / "products" / "next-day-delivery.pdf")
    assert sales.startswith(
        "SALES CARD Owner: Product marketing (Inga Petrauskienė)"
        " Next-day delivery Order Opel and Vauxhall parts by 18:00"
    )
    assert "NEXT STEP Send me your postcode" in sales
    assert "38,000 Opel/Vauxhall part numbers in stock in Kaunas and Łódź" in sales


def test_criteria_sheet_has_rules_scores_checklist_and_both_signatures(en_cards: Built) -> None:
    sheet = text(en_cards.out / "criteria.pdf")
    assert "Target-lead criteria" in sheet
    assert "We only stock Opel and Vauxhall parts; a lead asking for Peugeot parts is not a target lead." in sheet
    assert "Monthly parts spend (EUR) is at least 2,000" in sheet and "+30" in sheet and "-20" in sheet
    assert "A target lead scores at least 30 points." in sheet
    assert "SALES-READY CHECKLIST (BANT)" in sheet
    assert "Rūta Jankauskienė (Head of Marketing)" in sheet
    assert "Tomasz Wiśniewski (Head of Sales)" in sheet
    assert sheet.count("Signature") == 2


def test_lead_path_one_pager_has_every_stage_hand_off_and_kpi(en_cards: Built) -> None:
    page = text(en_cards.out / "lead-path.pdf")
    playbook = _playbook(en_cards)
    for stage in playbook.lead_path.stages:
        assert stage.name in page
    for reason in playbook.lead_path.reasons:
        assert reason.id in page
    for kpi in playbook.lead_path.kpis:
        assert kpi.label in page
    assert "Act within 4 h" in page and "Act within 7 days" in page


def test_deck_holds_every_objection_ordered_by_category(en_cards: Built) -> None:
    deck = page_texts(en_cards.out / "objection-deck.pdf")
    playbook = _playbook(en_cards)
    assert len(deck) == len(playbook.objections)
    order = ["PRICE", "TIMING", "NEED", "AUTHORITY", "TRUST", "COMPETITOR", "PRODUCT", "OTHER"]
    ranks = [order.index(page.split("·")[1].split()[0]) for page in deck]
    assert ranks == sorted(ranks)
    for objection in playbook.objections.values():
        assert sum(_plain(objection.objection) in page for page in deck) == 1


def test_cards_in_every_language_carry_their_text_and_letters(lang_cards: Built) -> None:
    playbook = _playbook(lang_cards)
    seen = ""
    expected = ""
    for oid, objection in playbook.objections.items():
        card = text(lang_cards.out / "objections" / f"{oid}.pdf")
        assert _plain(objection.objection) in card
        if objection.say:
            assert _plain(objection.say)[:40] in card
        seen += card
        expected += objection.objection + (objection.say or "")
    for cid, competitor in playbook.competitors.items():
        card = text(lang_cards.out / "competitors" / f"{cid}.pdf")
        assert competitor.name in card
        seen += card
        expected += competitor.name
    for pid, product in playbook.products.items():
        card = text(lang_cards.out / "products" / f"{pid}.pdf")
        assert product.name in card
        seen += card
        expected += product.name
    seen += text(lang_cards.out / "criteria.pdf") + text(lang_cards.out / "lead-path.pdf")
    assert playbook.settings.name in seen
    letters = {c for c in expected if c.isalpha() and not c.isascii()}
    assert letters, "the fixture has letters beyond ASCII"
    missing = {c: unicodedata.name(c) for c in letters if c not in seen}
    assert not missing


def test_romanian_keeps_comma_below_and_lithuanian_polish_russian_letters(cards_for) -> None:  # type: ignore[no-untyped-def]
    samples = {"ro": "șțȘȚ", "lt": "ąčęėįšųūž", "pl": "ąćęłńóśźż", "ru": "ёйщъыэюя"}
    for language, letters in samples.items():
        built = cards_for(language)
        everything = " ".join(text(p) for p in sorted(built.out.rglob("*.pdf")) if "sheets" not in p.parts)
        found = [c for c in letters if c in everything.lower()]
        assert len(found) >= len(letters) // 2, (language, found)


def test_a_card_overdue_for_review_says_so(en_cards: Built, tmp_path: Path) -> None:
    later = TODAY + dt.timedelta(days=400)
    build(en_cards.project, tmp_path / "later", today=later, ids=["too-expensive"])
    card = text(tmp_path / "later" / "objections" / "too-expensive.pdf")
    assert "Last reviewed 2026-10-12 · Needs review" in card
    assert "Needs review" not in text(en_cards.out / "objections" / "too-expensive.pdf")
