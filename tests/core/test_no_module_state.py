"""No module-level mutable state in the engine: caches are objects owned by a build or a server, passed where needed.

`@cache` / `lru_cache` on pure functions of immutable arguments (stemming, locale formats, labels) are fine
and not looked for here; a module-level dict, list or set that the code fills in is what this test refuses.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "playbook"

MUTATING_METHODS = frozenset(
    {
        "append",
        "add",
        "update",
        "setdefault",
        "pop",
        "clear",
        "extend",
        "insert",
        "remove",
        "discard",
        "popitem",
        "move_to_end",
        "appendleft",
        "__setitem__",
    }
)
MUTABLE_CALLS = frozenset({"dict", "list", "set", "OrderedDict", "defaultdict", "deque", "Counter"})

KNOWN = {
    ("cards/render.py", "_FONTS"),  # fonts per worker process; cards are changed in their own piece of work
}
"""Module state that other work is still to remove; nothing may be added to it."""


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text())) for path in sorted(PACKAGE.rglob("*.py"))
    ]


def _mutable_module_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        literal = isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp))
        called = isinstance(value, ast.Call) and (
            (isinstance(value.func, ast.Name) and value.func.id in MUTABLE_CALLS)
            or (isinstance(value.func, ast.Attribute) and value.func.attr in MUTABLE_CALLS)
        )
        if literal or called:
            names.update(target.id for target in targets if isinstance(target, ast.Name))
    return names


def _mutated(tree: ast.Module, names: set[str]) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, (ast.Assign, ast.Delete)):
            targets = list(node.targets)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and target.value.id in names:
                found.add(target.value.id)
            if isinstance(node, ast.AugAssign) and isinstance(target, ast.Name) and target.id in names:
                found.add(target.id)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in MUTATING_METHODS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in names
        ):
            found.add(node.func.value.id)
    return found


def test_no_global_statement_in_the_engine() -> None:
    found = [
        f"playbook/{name}:{node.lineno}: global {', '.join(node.names)}"
        for name, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Global)
    ]
    assert found == []


def test_no_module_level_container_is_filled_in() -> None:
    found = {(name, variable) for name, tree in _modules() for variable in _mutated(tree, _mutable_module_names(tree))}
    assert found - KNOWN == set(), "keep it in an object its owner (a build, a server) passes where needed"


def test_the_check_finds_what_it_looks_for() -> None:
    tree = ast.parse(
        "_seen = {}\n_queue: list[int] = list()\n_fixed = {'a': 1}\n"
        "def f(k):\n    _seen[k] = 1\n    _queue.append(k)\n    return _fixed[k]\n"
    )
    assert _mutated(tree, _mutable_module_names(tree)) == {"_seen", "_queue"}
