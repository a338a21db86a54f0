"""A playbook project on disk: its folders, and loading plus checking it in one step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from playbook.checks import check_playbook
from playbook.diagnostics import Diagnostic, errors, sort_diagnostics
from playbook.loading import load_playbook
from playbook.loading.yaml_reader import SourceMap
from playbook.model import Playbook

BUILTIN_GENERATORS = (Path(__file__).parent / "generators").resolve()
"""The built-in Jinja generators: the repository's `generators/` (linked into the package, so wheels ship it)."""
CACHE = Path(".cache")
"""Work kept between builds (card PDFs, compiled templates), inside the project and ignored by git."""


@dataclass
class Checked:
    """A loaded and checked playbook, or the problems that stop it."""

    playbook: Playbook | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, SourceMap] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.playbook is not None and not errors(self.diagnostics)


def check_project(root: Path, today: dt.date, *, strict: bool = False) -> Checked:
    """Load `root/data`, run every cross-file check and lint; warnings become errors when strict."""
    loaded = load_playbook(root)
    diagnostics = list(loaded.diagnostics)
    if loaded.playbook is not None:
        diagnostics += check_playbook(loaded.playbook, loaded.sources, today)
    if strict:
        diagnostics = [d.as_error() for d in diagnostics]
    diagnostics = sort_diagnostics(diagnostics)
    playbook = loaded.playbook if not errors(diagnostics) else None
    return Checked(playbook, diagnostics, loaded.sources)


def generator_dirs(root: Path) -> list[Path]:
    """Template folders, the project's own `generators/` first, then the built-in ones."""
    own = root / "generators"
    dirs = [own] if own.is_dir() and own.resolve() != BUILTIN_GENERATORS else []
    return [*dirs, BUILTIN_GENERATORS]


def cache_dir(root: Path, name: str) -> Path | None:
    """`<project>/.cache/<name>`, created; None when the project cannot be written to."""
    folder = root / CACHE / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder
