"""`playbook build` renders page templates in worker processes, and the site is the one a single process builds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from site_support import REPO, snapshot
from tests_support import copy_project

PYTHON = sys.executable
ENV = {**os.environ, "PLAYBOOK_TODAY": "2026-11-22"}


def _with_jobs(project: Path, jobs: int) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  - playbook\n" in text
    config.write_text(text.replace("\n  - playbook\n", f"\n  - playbook:\n      jobs: {jobs}\n"), encoding="utf-8")


def _mkdocs_build(project: Path, site: Path) -> str:
    """`mkdocs build -v` with the playbook plugin: its debug lines say whether workers rendered the pages."""
    done = subprocess.run(
        [PYTHON, "-m", "mkdocs", "build", "-v", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def _synthetic(target: Path, objections: int) -> Path:
    sys.path.insert(0, str(REPO))  # the benchmarks' generator is not part of the installed package
    from benchmarks.synthetic import generate

    return generate(target, objections)


@pytest.mark.parametrize("kind", ["example", "synthetic"])
def test_pages_rendered_by_workers_are_the_pages_one_process_renders(tmp_path: Path, kind: str) -> None:
    source = REPO if kind == "example" else _synthetic(tmp_path / "generated", 40)
    one, several = copy_project(source, tmp_path / "one"), copy_project(source, tmp_path / "several")
    _with_jobs(one, 1)
    _with_jobs(several, 2)
    alone = _mkdocs_build(one, tmp_path / "site-one")
    shared = _mkdocs_build(several, tmp_path / "site-several")
    assert "worker processes" not in alone
    assert "page templates rendered by 2 worker processes" in shared
    built, expected = snapshot(tmp_path / "site-several"), snapshot(tmp_path / "site-one")
    assert built.keys() == expected.keys()
    assert [path for path in built if built[path] != expected[path]] == []
    assert b"playbook_prebuilt" not in b"".join(built.values())
    assert b'"location":' in built["search/search_index.json"]
