"""The `playbook cards` command, and its cache: an unchanged card is not rendered again."""

from __future__ import annotations

import shutil
from pathlib import Path

from cards_support import Built, page_size, pages, text
from tests_support import Invoke

from playbook.paths import cache_dir


def _copy_built(built: Built, target: Path) -> Path:
    """A copy of a built project: its data/ and its warm card cache (kept in the user's cache folder)."""
    shutil.copytree(built.project / "data", target / "data")
    warm, copy = cache_dir(built.project, "cards"), cache_dir(target, "cards")
    assert warm is not None and copy is not None
    shutil.copytree(warm, copy, dirs_exist_ok=True)
    return target


def test_second_run_renders_nothing_and_one_change_renders_one_card(
    en_cards: Built,
    tmp_path: Path,
    invoke: Invoke,
) -> None:
    total = len(en_cards.run.written)
    assert len(en_cards.run.rendered) == total - 4  # the deck and three sheets are assembled
    project = _copy_built(en_cards, tmp_path / "project")

    result = invoke("-C", project, "cards")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith(f"(0 rendered, 0 assembled, {total} unchanged)")

    objection = project / "data" / "objections" / "too-expensive.yaml"
    objection.write_text(
        objection.read_text(encoding="utf-8").replace('"Fair point,', '"Good point,'), encoding="utf-8"
    )
    result = invoke("-C", project, "cards")
    assert result.exit_code == 0, result.output
    # Only that card is laid out again; the deck and its sheet are put together from card PDFs.
    assert result.stdout.strip().endswith(f"(1 rendered, 2 assembled, {total - 3} unchanged)")
    out = project / "site" / "cards"
    assert '"Good point,' in text(out / "objections" / "too-expensive.pdf")
    assert '"Good point,' in text(out / "objection-deck.pdf")
    assert '"Good point,' in text(out / "sheets" / "objections.pdf")


def test_cards_command_writes_the_named_cards_at_the_chosen_size(
    en_cards: Built,
    tmp_path: Path,
    invoke: Invoke,
) -> None:
    project = _copy_built(en_cards, tmp_path / "project")
    out = tmp_path / "out"
    result = invoke("-C", project, "cards", "too-expensive", "competitors/autodalys", "--size", "a5", "--out", out)
    assert result.exit_code == 0, result.output
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.pdf"))
    assert written == ["competitors/autodalys.pdf", "objections/too-expensive.pdf"]
    for pdf in out.rglob("*.pdf"):
        assert pages(pdf) == 1
        assert page_size(pdf) == (419.528, 595.276)
    # A5 has room for more of the battle card than A6.
    assert "WALK AWAY WHEN" in text(out / "competitors" / "autodalys.pdf")
    assert "WALK AWAY WHEN" not in text(en_cards.out / "competitors" / "autodalys.pdf")


def test_unknown_card_and_size_are_usage_errors(en_cards: Built, invoke: Invoke) -> None:
    result = invoke("-C", en_cards.project, "cards", "no-such-card", "--out", en_cards.project / "unused")
    assert result.exit_code == 2
    assert "Error: no card named no-such-card" in result.stderr
    result = invoke("-C", en_cards.project, "cards", "--size", "B5")
    assert result.exit_code == 2
    assert "Invalid value for '--size': 'B5' is not one of" in result.stderr


def test_a_playbooks_own_generators_override_a_card_template(tmp_path: Path, invoke: Invoke) -> None:
    from cards_support import REPO
    from tests_support import copy_project

    project = copy_project(REPO, tmp_path / "own")
    own = project / "generators" / "cards"
    own.mkdir(parents=True)
    (own / "objection.html.j2").write_text(
        '{% extends "cards/card.html.j2" %}\n'
        "{% block kind %}Our own objection card{% endblock %}\n"
        '{% block title %}<h1 data-field="objection">{{ item.objection }}</h1>{% endblock %}\n'
        "{% block body %}{{ item.say|md }}{% endblock %}\n",
        encoding="utf-8",
    )
    result = invoke("-C", project, "cards", "too-expensive")
    assert result.exit_code == 0, result.output
    card = text(project / "site" / "cards" / "objections" / "too-expensive.pdf")
    assert card.startswith("OUR OWN OBJECTION CARD Owner: Product marketing (Inga Petrauskienė) Your prices are higher")
    assert "Northwind Parts Sales Playbook" in card  # the shared frame still applies

    (own / "objection.html.j2").write_text("{% if %}\n", encoding="utf-8")
    result = invoke("-C", project, "cards", "too-expensive")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "generators/cards/objection.html.j2:1:1: card objections/too-expensive.pdf: template error:"
    )
