"""Which parts of the engine may import which: data flows one way, and only the adapter knows MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "playbook"
MKDOCS_ALLOWED = {"mkdocs_plugin.py", "mkdocs_render_cache.py", "mkdocs_serve.py", "cli/site.py"}
LAYERS = {
    "model": set(),
    "loading": {"model", "diagnostics", "bulk"},
    "rules": {"model", "diagnostics", "labels"},
    "checks": {"model", "loading", "diagnostics", "freshness", "rules", "calculators"},
    "calculators": {"model", "rules", "labels", "generators"},
    "versions": {"model", "loading", "diagnostics"},
    "text": set(),
    "pages": {
        "model",
        "text",
        "labels",
        "rules",
        "leads",
        "feedback",
        "versions",
        "freshness",
        "paths",
        "diagnostics",
        "bulk",
        "templating",
        "calculators",
    },
    "cards": {
        "model",
        "text",
        "labels",
        "rules",
        "leads",  # win rates against competitors (pure; the export is read before rendering)
        "freshness",
        "paths",
        "diagnostics",
        "loading",
        "bulk",
        "templating",
        "calculators",
    },
}
"""Package folder → the playbook modules it may import (besides itself)."""


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "skeletons" not in p.parts and "generators" not in p.parts)


def test_only_the_adapter_imports_mkdocs() -> None:
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in _modules()
        if any(n == "mkdocs" or n.startswith("mkdocs.") for n in _imports(p))
        and str(p.relative_to(PACKAGE)) not in MKDOCS_ALLOWED
    ]
    assert offenders == []


@pytest.mark.parametrize("layer", list(LAYERS))
def test_lower_layers_do_not_reach_up(layer: str) -> None:
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        used = {n.split(".")[1] for n in _imports(path) if n.startswith("playbook.") and n.count(".") >= 1}
        used -= {layer, "generators"}  # the built-in templates' folder is data at the very bottom
        assert used <= LAYERS[layer], f"{path.relative_to(PACKAGE)} imports {sorted(used - LAYERS[layer])}"
