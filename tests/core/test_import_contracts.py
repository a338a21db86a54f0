"""The layers the README draws are import-linter contracts, and they hold.

`lint-imports` runs in CI (scripts/test.sh) before pytest; these tests show the contracts are not
empty words: a lower layer reaching up, or the core importing MkDocs, breaks them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINT_IMPORTS = REPO / ".venv" / "bin" / "lint-imports"


def _lint(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run([str(LINT_IMPORTS)], cwd=folder, env=env, capture_output=True, text=True)


def test_the_contracts_hold() -> None:
    run = _lint(REPO)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 kept, 0 broken" in run.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("pages/nav.py", "import mkdocs", "playbook.pages is not allowed to import mkdocs"),
        ("cards/fit.py", "import material", "playbook.cards is not allowed to import material"),
        ("model/base.py", "from playbook import project", "playbook.model is not allowed to import playbook.project"),
        ("rules/evaluate.py", "from playbook import pages", "playbook.rules is not allowed to import playbook.pages"),
        ("pages/nav.py", "from playbook import cards", "playbook.pages is not allowed to import playbook.cards"),
    ],
)
def test_a_reach_up_or_into_mkdocs_breaks_a_contract(tmp_path: Path, module: str, line: str, broken: str) -> None:
    shutil.copytree(REPO / "playbook", tmp_path / "playbook", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "playbook" / module).open("a", encoding="utf-8") as source:
        source.write(f"\n{line}  # noqa\n")
    run = _lint(tmp_path)
    assert run.returncode == 1
    assert broken in run.stdout.replace("\n", " ")


def test_the_readme_table_is_the_contract() -> None:
    """The README's developers' table names the same layers, in the same order, as the contract."""
    import re
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    layers = [{name.strip() for name in layer.split("|")} for layer in contract["layers"]]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## For developers") : readme.index("## Performance")]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    table = [
        {
            "playbook." + name.removesuffix("/").removesuffix(".py")
            for name in re.findall(r"`([^`]+)`", row.split("|")[1])
        }
        for row in rows
    ]
    assert table == layers
