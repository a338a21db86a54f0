"""Edit links ("edit this page") appear once the repository is known, and never break a strict build before."""

from __future__ import annotations

from pathlib import Path

from tests_support import Invoke


def test_an_edit_uri_without_repo_url_is_dropped_not_a_strict_failure(minimal: Path, invoke: Invoke) -> None:
    """A repository written by an older `playbook init` sets `edit_uri` before it has a `repo_url`."""
    config = minimal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "edit_uri: edit/main/\n", encoding="utf-8")
    built = invoke("-C", minimal, "build", "--strict", "--no-cards")
    assert built.exit_code == 0, built.stdout + built.stderr
    assert "/edit/main/" not in (minimal / "site" / "index.html").read_text(encoding="utf-8")


def test_repo_url_brings_edit_links_to_the_yaml(minimal: Path, invoke: Invoke) -> None:
    settings = minimal / "data" / "playbook.yaml"
    text = settings.read_text(encoding="utf-8").replace("# repo_url:", "repo_url:", 1)
    settings.write_text(text, encoding="utf-8")
    built = invoke("-C", minimal, "build", "--strict", "--no-cards")
    assert built.exit_code == 0, built.stdout + built.stderr
    page = (minimal / "site" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/acme/playbook/edit/main/data/glossary.yaml"' in page
