"""Sites built once per session: the example (English), the Russian fixture and a hostile copy.

Once per test session, not per xdist worker: the first worker that needs a site builds it into the
session's shared temporary folder, holding a lock; the others wait for it and read the same site.
Tests only read these sites.
"""

from __future__ import annotations

import fcntl
import shutil
import sys
from collections.abc import Callable, Iterator
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


def _once_per_session(factory: pytest.TempPathFactory, worker_id: str, name: str, make: Callable[[Path], Path]) -> Path:
    """`make(folder)` run once for the whole session, in a folder every xdist worker shares; its result."""
    if worker_id == "master":  # no xdist: this process is the whole session
        return make(factory.mktemp(name))
    shared = factory.getbasetemp().parent  # the session's folder, above each worker's own
    folder, done = shared / f"shared-{name}", shared / f"shared-{name}.done"
    with (shared / f"shared-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, even if `make` fails
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a worker that failed left
            folder.mkdir()
            done.write_text(str(make(folder).relative_to(folder)), encoding="utf-8")
    return folder / done.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def en_site(_session_today: None, tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The example playbook's site, with its cards."""
    return _once_per_session(tmp_path_factory, worker_id, "en", lambda folder: _built(REPO, folder / "site"))


def _ru_site(folder: Path) -> Path:
    project = copy_project(FIXTURES / "ru", folder / "project")
    return _built(project, folder / "site")


@pytest.fixture(scope="session")
def ru_site(_session_today: None, tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The Russian fixture playbook's site (no mkdocs.yml: the defaults apply)."""
    return _once_per_session(tmp_path_factory, worker_id, "ru", _ru_site)


def _hostile_site(folder: Path) -> Path:
    project = write_hostile_project(folder / "project")
    return _built(project, folder / "site")


@pytest.fixture(scope="session")
def hostile_site(_session_today: None, tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The site of a copy of the example whose text fields hold scripts, handlers and template syntax."""
    return _once_per_session(tmp_path_factory, worker_id, "hostile", _hostile_site)
