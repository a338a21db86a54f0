"""`--out` never deletes what Playbook did not build: refused targets exit 2 with a sentence, their files untouched.

Every output Playbook writes carries a `.playbook-build` marker; leftovers of killed builds are cleaned.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from site_support import REPO, build, snapshot
from tests_support import copy_project

from playbook.cli.main import cli
from playbook.output_folder import MARKER, MARKER_TEXT, remove_later


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example with a git folder, its own templates and a folder of someone else's files beside it."""
    root = copy_project(REPO, tmp_path / "work" / "project")
    (root / ".git" / "objects").mkdir(parents=True)
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / "generators" / "pages").mkdir(parents=True)
    (root / "generators" / "pages" / "notes.txt").write_text("ours\n", encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "thesis.md").write_text("years of work\n", encoding="utf-8")
    (root / "site").mkdir()
    (root / "site" / ".hidden").write_text("not from playbook\n", encoding="utf-8")
    (tmp_path / "work" / "notes.txt").write_text("beside the project\n", encoding="utf-8")
    (root / "link-to-project").symlink_to(root)
    (root / "link-to-data").symlink_to(root / "data")
    (root / "link-to-docs").symlink_to(root / "docs")
    return root


@dataclass(frozen=True)
class Target:
    name: str
    out: Callable[[Path], str]
    """The `--out` argument, from the project folder."""
    message: Callable[[Path, str], str]
    """The expected error, from the project folder and the argument."""


def _project(root: Path, out: str) -> str:
    return f"output folder {out} is the project folder, and building there would delete data/ and all else in it"


def _above(root: Path, out: str) -> str:
    return f"output folder {out} contains the project {root}, and building there would delete the project"


def _guarded(name: str, inside: bool) -> Callable[[Path, str], str]:
    where = "is inside" if inside else "is"
    return lambda root, out: (
        f"output folder {out} {where} the project's {name}/ folder, where Playbook never writes output"
    )


def _not_ours(root: Path, out: str) -> str:
    return (
        f"output folder {out} is not empty and was not built by Playbook (it has no {MARKER} file), "
        "so Playbook will not replace it; empty it or choose another folder"
    )


TARGETS = [
    Target("the project", lambda r: str(r), _project),
    Target("the project, relative", lambda r: ".", _project),
    Target("the project, with a trailing dot", lambda r: f"{r}/data/..", _project),
    Target("a link to the project", lambda r: str(r / "link-to-project"), _project),
    Target("data/", lambda r: str(r / "data"), _guarded("data", False)),
    Target("data/, relative", lambda r: "data", _guarded("data", False)),
    Target("a folder in data/", lambda r: str(r / "data" / "objections"), _guarded("data", True)),
    Target("a new folder in data/", lambda r: str(r / "data" / "site"), _guarded("data", True)),
    Target("a link to data/", lambda r: str(r / "link-to-data"), _guarded("data", False)),
    Target("generators/", lambda r: str(r / "generators"), _guarded("generators", False)),
    Target("a new folder in generators/", lambda r: str(r / "generators" / "out"), _guarded("generators", True)),
    Target(".git", lambda r: str(r / ".git"), _guarded(".git", False)),
    Target("a folder in .git", lambda r: str(r / ".git" / "objects"), _guarded(".git", True)),
    Target("the parent", lambda r: str(r.parent), _above),
    Target("the parent, relative", lambda r: "..", _above),
    Target("the root of the file system", lambda r: "/", _above),
    Target("a folder of someone else's", lambda r: str(r / "docs"), _not_ours),
    Target("a link to a folder of someone else's", lambda r: str(r / "link-to-docs"), _not_ours),
    Target("site/ without the marker", lambda r: str(r / "site"), _not_ours),
]


def _tree(root: Path) -> dict[str, bytes]:
    """Every file under the project's parent folder (symlinks not followed), with its bytes."""
    files: dict[str, bytes] = {}
    for folder, dirs, names in os.walk(root.parent):
        for name in names + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            path = Path(folder) / name
            key = path.relative_to(root.parent).as_posix()
            files[key] = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
    return files


@pytest.mark.parametrize("command", [["build", "--no-cards"], ["build"], ["cards"]])
@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_an_unsafe_out_is_refused_and_left_untouched(
    project: Path, target: Target, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    before = _tree(project)
    out = target.out(project)
    result = CliRunner().invoke(cli, ["-C", str(project), *command, "--out", out])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines()[-1] == f"Error: {target.message(project, out)}"
    assert "Traceback" not in result.output
    assert _tree(project) == before


def test_the_default_site_folder_is_refused_too_when_playbook_did_not_build_it(project: Path) -> None:
    before = _tree(project)
    for command in (["build", "--no-cards"], ["cards"]):
        if command == ["cards"]:
            (project / "site" / "cards").mkdir()
            (project / "site" / "cards" / "mine.pdf").write_bytes(b"%PDF mine")
            before = _tree(project)
        result = CliRunner().invoke(cli, ["-C", str(project), *command])
        assert result.exit_code == 2
        folder = project / "site" / ("cards" if command == ["cards"] else "")
        assert result.stderr.strip().splitlines()[-1] == f"Error: {_not_ours(project, str(folder).rstrip('/'))}"
        assert _tree(project) == before


def test_an_out_that_is_a_file_is_a_usage_error(project: Path) -> None:
    result = build(project, project / "mkdocs.yml")
    assert result.exit_code == 2
    assert "is a file" in result.stderr


def test_outputs_carry_the_marker_and_are_replaced_again(project: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for out in (tmp_path / "new" / "deeper" / "site", empty):
        for _ in range(2):  # the second time, the folder is a previous output
            result = build(project, out, "--no-cards")
            assert result.exit_code == 0, result.output
            assert (out / MARKER).read_text(encoding="utf-8") == MARKER_TEXT
            assert (out / "objections" / "too-expensive" / "index.html").is_file()
        assert _no_leftovers_soon(out), list(out.parent.iterdir())  # the replaced output goes in the background


def _no_leftovers_soon(out: Path, limit: float = 30) -> bool:
    def left() -> list[str]:
        return [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]

    deadline = time.monotonic() + limit
    while left() and time.monotonic() < deadline:
        time.sleep(0.1)
    return not left()


def test_a_replaced_output_is_removed_by_a_process_of_its_own(tmp_path: Path) -> None:
    old = tmp_path / ".site.old-0123abcd"
    for i in range(200):
        (old / f"page-{i}").mkdir(parents=True)
        (old / f"page-{i}" / "index.html").write_text("x", encoding="utf-8")
    (old / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    remove_later(old)
    deadline = time.monotonic() + 30
    while old.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not old.exists()
    assert list(tmp_path.iterdir()) == []


def test_cards_out_is_marked_and_a_failed_run_leaves_no_folder_it_made(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "made" / "cards"
    result = CliRunner().invoke(cli, ["-C", str(project), "cards", "no-such-card", "--out", str(out)])
    assert result.exit_code == 2
    assert not (tmp_path / "made").exists()
    result = CliRunner().invoke(cli, ["-C", str(project), "cards", "too-expensive", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        MARKER,
        "objections/too-expensive.pdf",
    ]


def test_leftovers_of_killed_builds_are_cleaned_unless_a_build_holds_them(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    staging = tmp_path / f".out.building-{dead.pid}-abc12345"
    unreaped = tmp_path / f".out.building-{zombie.pid}-abc12345"
    legacy = tmp_path / ".out.building-abc12345"  # as Playbook named them before
    old = tmp_path / ".out.old-0123abcd"
    held = tmp_path / f".out.building-{os.getpid()}-held0000"  # this process is alive: a build in progress
    other = tmp_path / ".outer.building-xyz"  # another output's leftover: not this build's to clean
    for folder in (staging / "objections", unreaped, legacy, old, held, other):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text("half", encoding="utf-8")
    (old / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    time.sleep(0.5)  # the zombie has exited, unreaped
    try:
        result = build(project, out, "--no-cards")
    finally:
        zombie.wait()
    assert result.exit_code == 0, result.output
    assert not staging.exists() and not unreaped.exists() and not legacy.exists() and not old.exists()
    assert (held / "index.html").is_file() and (other / "index.html").is_file()
    assert snapshot(out)[MARKER] == MARKER_TEXT.encode()
