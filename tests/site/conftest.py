"""Sites built once per session: the example (English), the Russian fixture and a hostile copy."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # site_support, for the test modules here

from site_support import FIXTURES, REPO, build, write_hostile_project  # noqa: E402
from tests_support import copy_project  # noqa: E402


@pytest.fixture(scope="session")
def _session_today() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLAYBOOK_TODAY", "2026-11-22")
        yield


def _built(project: Path, out: Path) -> Path:
    result = build(project, out)
    assert result.exit_code == 0, result.output + (result.stderr if result.stderr_bytes else "")
    return out


@pytest.fixture(scope="session")
def en_site(_session_today: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example playbook's site, with its cards."""
    return _built(REPO, tmp_path_factory.mktemp("en") / "site")


@pytest.fixture(scope="session")
def ru_site(_session_today: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Russian fixture playbook's site (no mkdocs.yml: the defaults apply)."""
    project = copy_project(FIXTURES / "ru", tmp_path_factory.mktemp("ru") / "project")
    return _built(project, tmp_path_factory.mktemp("ru-site") / "site")


@pytest.fixture(scope="session")
def hostile_site(_session_today: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of a copy of the example whose text fields hold scripts, handlers and template syntax."""
    project = write_hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    return _built(project, tmp_path_factory.mktemp("hostile-site") / "site")
