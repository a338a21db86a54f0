"""Playbooks read from git at a tag: kept by whoever compares versions again (`serve`), bounded, never shared."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests_support import git, playbook_repo

from playbook.versions.git import TaggedVersions, changes_since_previous, load_version


def _settings(root: Path) -> Path:
    return root / "data" / "playbook.yaml"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Polish playbook tagged v1, v2 and v3 (each a commit of its own), and a v4 that no longer loads."""
    root = playbook_repo(tmp_path_factory.mktemp("tagged"), "pl")
    git(root, "tag", "v1")
    for version in ("2", "3"):
        settings = _settings(root)
        settings.write_text(re.sub(r"(?m)^version:.*$", f"version: {version}.0.0", settings.read_text()))
        git(root, "commit", "-qam", f"v{version}")
        git(root, "tag", f"v{version}")
    settings = _settings(root)
    text = settings.read_text()
    settings.write_text("name: [unclosed\n")
    git(root, "commit", "-qam", "broken")
    git(root, "tag", "v4")
    settings.write_text(text)
    git(root, "commit", "-qam", "fixed")
    return root


def test_a_tag_is_read_from_git_once(repo: Path) -> None:
    tagged = TaggedVersions()
    first = tagged.get(repo, "v1", freeze=False)
    assert first is not None
    assert tagged.get(repo, "v1", freeze=False) is first
    assert len(tagged) == 1


def test_two_owners_share_nothing(repo: Path) -> None:
    one, other = TaggedVersions(), TaggedVersions()
    first = one.get(repo, "v2", freeze=False)
    assert len(other) == 0
    second = other.get(repo, "v2", freeze=False)
    assert first is not None and second is not None
    assert second is not first and second == first


def test_at_most_maxsize_versions_are_kept_the_least_recently_used_dropped(repo: Path) -> None:
    tagged = TaggedVersions(maxsize=2)
    v1 = tagged.get(repo, "v1", freeze=False)
    v2 = tagged.get(repo, "v2", freeze=False)
    assert tagged.get(repo, "v1", freeze=False) is v1  # v1 used last: v2 goes first
    v3 = tagged.get(repo, "v3", freeze=False)
    assert v3 is not None and v3.settings.version == "3.0.0"
    assert len(tagged) == 2
    assert tagged.get(repo, "v1", freeze=False) is v1
    again = tagged.get(repo, "v2", freeze=False)
    assert again is not v2 and again == v2  # read from git again
    assert len(tagged) == 2
    with pytest.raises(ValueError):
        TaggedVersions(maxsize=0)


def test_a_version_that_no_longer_loads_or_is_unknown_is_none(repo: Path) -> None:
    tagged = TaggedVersions()
    assert tagged.get(repo, "v4", freeze=False) is None
    assert len(tagged) == 1  # not read again on the next rebuild
    assert tagged.get(repo, "v9", freeze=False) is None
    assert len(tagged) == 1


def test_changes_since_the_previous_tag_with_or_without_an_owner(repo: Path) -> None:
    today = load_version(repo, None, freeze=False)
    tagged = TaggedVersions()
    kept = changes_since_previous(repo, today, "3", tagged, freeze=False)  # v3 is this version: against v2
    assert kept is not None and len(tagged) == 1
    assert changes_since_previous(repo, today, "3", freeze=False) == kept
    assert changes_since_previous(repo, today, "9.0.0", tagged, freeze=False) is None  # the newest tag, v4, is broken
    assert len(tagged) == 2
