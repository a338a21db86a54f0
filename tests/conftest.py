"""Fixtures shared by every test area: the repository, fresh playbook projects, the CLI runner."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from playbook.cli.main import cli

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # tests_support, importable from every test area

from tests_support import Invoke, copy_project  # noqa: E402

FIXTURE_PLAYBOOKS = REPO / "tests" / "fixtures" / "playbooks"
INIT_SKELETON = REPO / "playbook" / "skeletons" / "init"
LANGUAGES = ("ru", "lt", "pl", "ro")


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_TODAY", "2026-11-22")


@pytest.fixture(scope="session", autouse=True)
def _own_user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Card PDFs and compiled templates go to a cache of the test session, not the user's `~/.cache`."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
        yield


@pytest.fixture
def invoke() -> Invoke:
    """Run `playbook ARGS...` in-process; the result has exit_code, stdout and stderr."""

    def run(*args: str | Path) -> Result:
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return run


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A writable copy of the example playbook."""
    return copy_project(REPO, tmp_path / "example")


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A writable minimal valid playbook, as `playbook init` writes it (dated 2026-11-22)."""
    target = tmp_path / "minimal"
    shutil.copytree(INIT_SKELETON, target)
    for path in (target / "data").rglob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("__TODAY__", "2026-11-22"), encoding="utf-8")
    return target


@pytest.fixture(params=LANGUAGES)
def language_playbook(request: pytest.FixtureRequest) -> Path:
    """Each non-English fixture playbook, read-only."""
    return FIXTURE_PLAYBOOKS / str(request.param)
