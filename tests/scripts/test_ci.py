"""CI runs exactly the README's test command, so what CI proves is what the README promises."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert block, "README.md opens with a sh block of its two commands"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_two_commands_build_then_test() -> None:
    commands = _readme_commands()
    assert [c.split()[0] for c in commands] == ["./scripts/build.sh", "./scripts/test.sh"]


def test_ci_runs_the_readme_test_command_unchanged() -> None:
    ci_lines = [line.strip() for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert _readme_commands()[1] in ci_lines


def test_the_test_command_runs_pytest_on_the_whole_suite() -> None:
    script = (REPO / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert re.search(r"^exec \.venv/bin/python -m pytest .*\"\$@\"$", script, re.M)
    assert 'testpaths = ["tests"]' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


def _uv_lock_check(project: Path, *, offline: bool = True) -> subprocess.CompletedProcess[str]:
    uv = REPO / ".venv" / "bin" / "uv"
    args = [str(uv), "lock", "--check", "--project", str(project), *(["--offline"] if offline else [])]
    return subprocess.run(args, capture_output=True, text=True)


def test_the_lock_file_matches_pyproject() -> None:
    run = _uv_lock_check(REPO)
    assert run.returncode == 0, run.stderr


def test_a_stale_lock_is_caught(tmp_path: Path) -> None:
    """The check above fails once pyproject.toml and the lock disagree (here: a dependency dropped)."""
    shutil.copy(REPO / "uv.lock", tmp_path / "uv.lock")
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(pyproject.replace('  "segno>=1.6",\n', "", 1), encoding="utf-8")
    assert "segno" not in (tmp_path / "pyproject.toml").read_text(encoding="utf-8").split("[project.scripts]")[0]
    run = _uv_lock_check(tmp_path, offline=False)  # Why: resolving anew may need metadata not in the cache
    assert run.returncode != 0
    assert "needs to be updated" in run.stderr


def test_bootstrap_installs_from_the_lock() -> None:
    script = (REPO / "scripts" / "bootstrap.sh").read_text(encoding="utf-8")
    assert re.search(r"uv sync --locked", script)
    pinned = re.search(r"^UV_VERSION=(\S+)$", script, re.M)
    assert pinned and f'"uv=={pinned.group(1)}"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


def test_the_test_command_checks_lint_formatting_types_and_imports_before_pytest() -> None:
    lines = (REPO / "scripts" / "test.sh").read_text(encoding="utf-8").splitlines()
    order = [
        next(i for i, line in enumerate(lines) if line.startswith(command))
        for command in (
            ".venv/bin/ruff check",
            ".venv/bin/ruff format --check",
            ".venv/bin/mypy",
            ".venv/bin/lint-imports",
            "exec .venv/bin/python -m pytest",
        )
    ]
    assert order == sorted(order)
