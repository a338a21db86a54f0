"""Usage errors exit 2 with one plain sentence, and `-C/--project` works on every command.

A command pointed at the wrong place (no project, an unknown git ref, a file that is not there)
is not a content problem: it must not print `data:1:1:` diagnostics or exit 1.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from tests_support import Invoke

# Every command that reads a project, with the arguments it needs besides the project.
CONTENT_COMMANDS = [
    ("check",),
    ("build", "--no-cards"),
    ("cards",),
    ("serve",),
    ("new", "objection", "too-slow"),
    ("diff", "HEAD"),
    ("qualify", "leads.csv"),
    ("funnel", "export.csv"),
    ("feedback", "import", "notes.csv"),
    ("publish", "1.0.0"),
]


def _with_inputs(folder: Path) -> None:
    for name in ("leads.csv", "export.csv", "notes.csv"):
        (folder / name).write_text("id\n1\n", encoding="utf-8")


@pytest.mark.parametrize("command", CONTENT_COMMANDS, ids=lambda c: " ".join(c))
def test_a_folder_without_data_is_a_usage_error(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    _with_inputs(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = invoke(*command)
    assert result.exit_code == 2, result.output
    assert (
        "Error: the current folder is not a playbook project: it has no data/ folder "
        "(pass -C DIR to name the project, or start one with `playbook init DIR`)"
    ) in result.stderr
    assert "data:1:1" not in result.output
    assert not (tmp_path / "site").exists() and not (tmp_path / "data").exists()


@pytest.mark.parametrize("command", CONTENT_COMMANDS, ids=lambda c: " ".join(c))
def test_a_missing_project_folder_is_a_usage_error(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    _with_inputs(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = invoke("-C", tmp_path / "nope", *command)
    assert result.exit_code == 2
    assert f"Error: the project folder {tmp_path / 'nope'} does not exist" in result.stderr


def test_unknown_git_ref_is_a_usage_error(example_copy: Path, invoke: Invoke) -> None:
    subprocess.run(["git", "init", "-q", str(example_copy)], check=True)
    result = invoke("-C", example_copy, "diff", "v9.9")
    assert result.exit_code == 2
    assert "Error: `v9.9` is neither a project folder nor a git tag, branch or commit" in result.stderr
    assert "data:1:1" not in result.stderr


def test_diff_outside_git_is_a_usage_error(example_copy: Path, invoke: Invoke) -> None:
    result = invoke("-C", example_copy, "diff", "v1.0.0")
    assert result.exit_code == 2
    assert "is not a project folder, and" in result.stderr and "is not in a git repository" in result.stderr


def test_a_ref_that_looks_like_an_option_reaches_no_git_option(
    example_copy: Path, invoke: Invoke, tmp_path: Path
) -> None:
    subprocess.run(["git", "init", "-q", str(example_copy)], check=True)
    result = invoke("-C", example_copy, "diff", "--", f"--output={tmp_path / 'leak'}")
    assert result.exit_code == 2
    assert not (tmp_path / "leak").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "--format", "yaml"), "Invalid value for '--format'"),
        (("check", "--stirct"), "No such option: --stirct"),
        (("qualify", "missing.csv"), "Error: missing.csv: no such file"),
        (("build", "--no-cards", "--frobnicate"), "No such option: --frobnicate"),
    ],
)
def test_bad_options_and_missing_files_exit_2(
    example_copy: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    monkeypatch.chdir(example_copy)
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("command", [("check",), ("schema",), ("diff", "{project}")], ids=lambda c: c[0])
def test_project_option_before_or_after_the_command(
    example_copy: Path, invoke: Invoke, tmp_path: Path, where: str, command: tuple[str, ...]
) -> None:
    command = tuple(str(example_copy) if arg == "{project}" else arg for arg in command)
    args: tuple[str | Path, ...] = (
        ("-C", example_copy, *command) if where == "before" else (*command, "-C", example_copy)
    )
    result = invoke(*args)
    assert result.exit_code == 0, result.output


def test_schema_takes_a_project_and_needs_no_content(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("schema", "-C", tmp_path)
    assert result.exit_code == 0
    assert '"$schema"' in result.stdout


def test_every_registered_command_loads_and_version_loads_none() -> None:
    """Commands are imported when they run: `--version` and the group itself load no command module."""
    import subprocess
    import sys

    from playbook.cli.main import COMMANDS, cli

    ctx = cli.make_context("playbook", ["--help"], resilient_parsing=True)
    assert sorted(cli.list_commands(ctx)) == sorted(COMMANDS)
    assert all(cli.get_command(ctx, name) is not None for name in COMMANDS)
    probe = "import sys, playbook.cli.main; print(sorted(m for m in sys.modules if m.startswith('playbook.cli.')))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['playbook.cli.main']"
