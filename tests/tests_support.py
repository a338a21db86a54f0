"""Test helpers importable from any test module (mutations of a project's files)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from click.testing import Result

REPO = Path(__file__).resolve().parent.parent


class Invoke(Protocol):
    """The `invoke` fixture (tests/conftest.py): run `playbook ARGS...` in-process."""

    def __call__(self, *args: str | Path) -> Result: ...


def copy_project(source: Path, target: Path) -> Path:
    """A writable copy of a playbook project (its data/ and mkdocs.yml): tests never write into the repository."""
    shutil.copytree(source / "data", target / "data")
    if (source / "mkdocs.yml").exists():
        shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    return target


@dataclass(frozen=True)
class Case:
    """One bad input: the file, the text replaced (None: the whole file), and the expected message."""

    name: str
    path: str
    old: str | None
    new: str | bytes | None
    expected: str


def apply(case: Case, project: Path) -> None:
    """Write the case's mutation into `project`."""
    target = project / case.path
    if case.new is None:
        target.unlink()
        return
    if case.old is None:
        target.parent.mkdir(parents=True, exist_ok=True)
        data = case.new if isinstance(case.new, bytes) else case.new.encode()
        target.write_bytes(data)
        return
    text = target.read_text(encoding="utf-8")
    assert case.old in text, f"{case.name}: {case.old!r} not in {case.path}"
    assert isinstance(case.new, str)
    target.write_text(text.replace(case.old, case.new, 1), encoding="utf-8")


GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com"]


def git(root: Path, *args: str) -> str:
    """Run git in `root`; its output."""
    import subprocess

    return subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def playbook_repo(root: Path, language: str) -> Path:
    """A git repository holding the fixture playbook of `language`, as `playbook init` lays it out, committed."""
    import shutil

    shutil.copytree(REPO / "tests" / "fixtures" / "playbooks" / language / "data", root / "data")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(REPO / "playbook" / "skeletons" / "init" / ".gitignore", root / ".gitignore")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "v1")
    return root
