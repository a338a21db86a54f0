"""JavaScript and CSS are real files under generators/assets/, parsed like code (no script lives in Python)."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ASSETS = REPO / "generators" / "assets"
SCRIPTS = sorted(ASSETS.rglob("*.js"))


@pytest.mark.skipif(shutil.which("node") is None, reason="node is installed by scripts/bootstrap.sh")
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(ASSETS)))
def test_every_script_parses(script: Path) -> None:
    run = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_a_broken_script_is_caught(tmp_path: Path) -> None:
    broken = tmp_path / "broken.js"
    broken.write_text("function (", encoding="utf-8")
    assert subprocess.run(["node", "--check", str(broken)], capture_output=True).returncode != 0


@pytest.mark.parametrize("sheet", sorted(ASSETS.rglob("*.css")), ids=lambda p: p.name)
def test_every_stylesheet_has_balanced_braces(sheet: Path) -> None:
    text = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0, sheet
    assert depth == 0, sheet


def test_no_python_module_holds_javascript() -> None:
    """A string constant in the package that reads like a script is a sign the asset moved back into Python."""
    signs = re.compile(r"\bfunction\s*\(|addEventListener\(|document\.querySelector|=>\s*\{")
    offenders = []
    for module in (REPO / "playbook").rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and signs.search(node.value):
                offenders.append(f"{module.relative_to(REPO)}:{node.lineno}")
    assert offenders == []
