"""The versioned site: What's new against the previous tag, "updated" badges, the review queue."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from tests_support import REPO, git, playbook_repo

_git = git


def _text(html: str) -> str:
    from html import unescape

    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Polish playbook tagged v1; then a rule added, an objection rewritten, one removed, one stale; v2."""
    from click.testing import CliRunner

    from playbook.cli.main import cli

    root = playbook_repo(tmp_path_factory.mktemp("versions"), "pl")
    _git(root, "tag", "v1")
    data = root / "data"
    (data / "objections/mamy-dostawce.yaml").unlink()
    competitor = data / "competitors/tekturex.yaml"
    competitor.write_text(competitor.read_text().replace("objections: [mamy-dostawce]", "objections: []"))
    za_drogo = data / "objections/za-drogo.yaml"
    text = za_drogo.read_text()
    text = re.sub(r"(?m)^root_concern:.*$", "root_concern: Klient boi się, że przepłaci.", text)
    text = re.sub(r"(?m)^reviewed:.*$", "reviewed: 2024-01-15", text)
    za_drogo.write_text(text)
    q = data / "qualification.yaml"
    q.write_text(
        q.read_text().replace(
            "  require:\n", "  require:\n    - {field: branza, exists: true, because: Branża musi być znana}\n", 1
        )
    )
    settings = data / "playbook.yaml"
    settings.write_text(re.sub(r"(?m)^version:.*$", "version: 3.1.0", settings.read_text()))
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "v2")
    _git(root, "tag", "v2")
    result = CliRunner().invoke(cli, ["-C", str(root), "build"], env={"PLAYBOOK_TODAY": "2026-11-22"})
    assert result.exit_code == 0, result.output
    return root / "site"


def test_whats_new_lists_the_changes_rule_first(built: Path) -> None:
    page = _text((built / "whats-new/index.html").read_text())
    assert "Co nowego w wersji 3.1.0" in page
    assert page.index("Definicje") < page.index("Treść")
    assert "Branża musi być znana" in page
    assert "Usunięto Mamy już dostawcę kartonów i jesteśmy zadowoleni." in page
    assert "Klient boi się, że przepłaci." in page


def test_changed_objection_has_the_badge_on_page_index_and_card(built: Path) -> None:
    badge = "Zaktualizowano w 3.1.0"
    assert badge in (built / "objections/za-drogo/index.html").read_text()
    index = (built / "objections/index.html").read_text()
    assert badge in index
    unchanged = [p for p in (built / "objections").glob("*/index.html") if p.parent.name != "za-drogo"]
    assert unchanged and all(badge not in p.read_text() for p in unchanged)
    card = subprocess.run(["pdftotext", built / "cards/objections/za-drogo.pdf", "-"], capture_output=True, text=True)
    assert badge in " ".join(card.stdout.split())


def test_stale_item_shows_badge_and_is_in_the_review_queue_under_its_owner(built: Path) -> None:
    page = (built / "objections/za-drogo/index.html").read_text()
    assert "pb-badge--stale" in page
    queue = _text((built / "review/index.html").read_text())
    owner = re.search(
        r"(?m)^owner:\s*(.+)$", (REPO / "tests/fixtures/playbooks/pl/data/objections/za-drogo.yaml").read_text()
    )
    assert owner is not None
    heading = queue.index(owner.group(1).strip().strip('"'))
    assert heading < queue.index("Kartony w Pakuj Tanio są o złotówkę tańsze.")
    assert "15.01.2024" in queue  # the date as Polish writes it (ISO stays in <time datetime>)
    card = subprocess.run(["pdftotext", built / "cards/objections/za-drogo.pdf", "-"], capture_output=True, text=True)
    assert "15.01.2024" in card.stdout  # the card writes dates as the site does


def test_feedback_link_on_item_pages_is_a_prefilled_issue(built: Path) -> None:
    page = (built / "objections/za-drogo/index.html").read_text()
    link = re.search(r'href="([^"]*issues/new[^"]*)"', page)
    assert link is not None
    from html import unescape
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(unescape(link.group(1))).query)
    assert query["item"] == ["objections/za-drogo"] and query["version"] == ["3.1.0"]
    assert query["template"] == ["field-feedback.yml"]
