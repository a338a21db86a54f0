"""CI runs exactly the README's test command, so what CI proves is what the README promises."""

from __future__ import annotations

import re
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
    assert "testpaths = [\"tests\"]" in (REPO / "pyproject.toml").read_text(encoding="utf-8")
