"""A build killed with SIGKILL at any moment leaves the previous site byte for byte; the next build cleans up.

`playbook build` runs in its own process group on a copy of the example; the group is killed at several
moments (fixed delays, and just after the staging folder appears). Then the next build must succeed and
remove what the killed one left beside site/.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from site_support import REPO
from tests_support import copy_project

from playbook.output_folder import MARKER

PLAYBOOK = Path(sys.executable).parent / "playbook"
ENV = {**os.environ, "PLAYBOOK_TODAY": "2026-11-22", "NO_MKDOCS_2_WARNING": "1"}
EDIT = ("Fair point, on some parts", "Killed build, on some parts")


def _hashes(folder: Path) -> dict[str, str]:
    """Every file under `folder` by relative path, with its SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _build(project: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(PLAYBOOK), "-C", str(project), "build", *args],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _gone_soon(project: Path, limit: float = 30) -> bool:
    deadline = time.monotonic() + limit
    while _leftovers(project) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not _leftovers(project)


def _leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith((".site.building-", ".site.old-")))


def _kill_at(process: subprocess.Popen[bytes], project: Path, moment: str) -> None:
    """SIGKILL the build's process group after `moment`: seconds, or `staging+N` (N s after the staging folder);
    `main:` first kills the main process only (its card workers live on, as after a real `kill -9 PID`)."""
    main_only = moment.startswith("main:")
    moment = moment.removeprefix("main:")
    deadline = time.monotonic() + 120
    if moment.startswith("staging"):
        mine = f".site.building-{process.pid}-"  # its own, not one a build killed earlier left
        while not [n for n in _leftovers(project) if n.startswith(mine)] and process.poll() is None:
            assert time.monotonic() < deadline, "no staging folder appeared"
            time.sleep(0.01)
        time.sleep(float(moment.removeprefix("staging+")))
    else:
        time.sleep(float(moment))
    with contextlib.suppress(ProcessLookupError):  # the build may have finished already
        if main_only:
            os.kill(process.pid, signal.SIGKILL)
        else:
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


@pytest.mark.parametrize(
    ("args", "moments"),
    [
        (["--no-cards"], ["0.3", "1", "2", "staging+0", "staging+0.5"]),
        ([], ["1", "3", "staging+1", "staging+4", "main:staging+2"]),
    ],
    ids=["site", "site-and-cards"],
)
def test_kill_9_leaves_the_previous_site_and_the_next_build_cleans_up(
    tmp_path: Path, args: list[str], moments: list[str]
) -> None:
    project = copy_project(REPO, tmp_path / "project")
    first = _build(project, *args)
    assert first.wait(timeout=600) == 0, first.stderr.read().decode() if first.stderr else ""
    site = project / "site"
    before = _hashes(site)
    assert MARKER in before and "objections/too-expensive/index.html" in before
    source = project / "data" / "objections" / "too-expensive.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(*EDIT), encoding="utf-8")

    killed = 0  # builds killed before their swap: site/ must be exactly the previous one
    processes = []
    for moment in moments:
        process = _build(project, *args)
        processes.append(process)
        _kill_at(process, project, moment)
        assert process.returncode in (0, -signal.SIGKILL), f"the build killed at {moment} failed by itself"
        after = _hashes(site)
        if after == before:
            killed += process.returncode == -signal.SIGKILL
            continue
        # Killed (or finished) after the swap: then site/ is the whole new site, never a mix.
        assert sorted(after) == sorted(before), f"site/ is not a whole site after a kill at {moment}"
        assert EDIT[1].encode() in (site / "objections" / "too-expensive" / "index.html").read_bytes()
        before = after
    assert killed, "no build was killed before its swap"

    final = _build(project, *args)
    try:
        assert final.wait(timeout=600) == 0, final.stderr.read().decode() if final.stderr else ""
    finally:
        for process in processes:  # card workers of a build whose main process alone was killed
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
    assert _gone_soon(project), _leftovers(project)  # the replaced site is removed by a process of its own
    assert EDIT[1].encode() in (site / "objections" / "too-expensive" / "index.html").read_bytes()
    assert MARKER in _hashes(site)
