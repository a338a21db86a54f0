"""`playbook publish`: versions deployed with mike to the local gh-pages branch, with the version selector."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests_support import REPO, Invoke, git, playbook_repo

_git = git


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from playbook.cli.main import cli

    root = playbook_repo(tmp_path_factory.mktemp("publish"), "ro")
    runner = CliRunner()
    first = runner.invoke(
        cli, ["-C", str(root), "publish", "1.0", "--alias", "latest"], env={"PLAYBOOK_TODAY": "2026-11-22"}
    )
    assert first.exit_code == 0, first.output
    second = runner.invoke(
        cli, ["-C", str(root), "publish", "1.1", "--alias", "latest"], env={"PLAYBOOK_TODAY": "2026-11-22"}
    )
    assert second.exit_code == 0, second.output
    return root


def test_versions_json_lists_both_versions(published: Path) -> None:
    versions = json.loads(_git(published, "show", "gh-pages:versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("1.1", ["latest"]), ("1.0", [])]


def test_each_version_has_its_site_and_cards(published: Path) -> None:
    files = _git(published, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    for version in ("1.0", "1.1"):
        assert f"{version}/index.html" in files
        assert any(f.startswith(f"{version}/cards/") and f.endswith(".pdf") for f in files)
    assert "index.html" in files and "latest/index.html" in files


def test_pages_configure_the_version_selector_and_stamp_the_version(published: Path) -> None:
    page = _git(published, "show", "gh-pages:1.1/index.html")
    assert '"version": {"default": "latest", "provider": "mike"}' in page
    assert "1.1" in page
    assert "1.0" in _git(published, "show", "gh-pages:1.0/index.html")


def test_working_branch_is_untouched(published: Path) -> None:
    assert _git(published, "status", "--porcelain") == ""
    assert not (published / "site").exists()


def test_publish_outside_a_repository_is_a_usage_error(tmp_path: Path, invoke: Invoke) -> None:
    shutil.copytree(REPO / "tests/fixtures/playbooks/ro/data", tmp_path / "data")
    result = invoke("-C", tmp_path, "publish", "1.0")
    assert result.exit_code == 2
    assert "is not the top of a git repository" in result.stderr
