"""A playbook project on disk, loaded and checked in one step: what every command and the adapter start from.

Where its files are (templates, caches) is `playbook.paths`, below everything that reads content."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from playbook import site_config
from playbook.checks import check_playbook
from playbook.diagnostics import Diagnostic, errors, sort_diagnostics
from playbook.loading import ParseCache, load_playbook, safe_paths
from playbook.loading.yaml_reader import SourceMap
from playbook.model import Playbook


@dataclass
class Checked:
    """A loaded and checked playbook, or the problems that stop it."""

    playbook: Playbook | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, SourceMap] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.playbook is not None and not errors(self.diagnostics)


def check_project(
    root: Path, today: dt.date, *, strict: bool = False, cache: ParseCache | None = None, freeze: bool = True
) -> Checked:
    """Load `root/data`, run every cross-file check and lint; warnings become errors when strict.

    `cache` and `freeze` are the loader's (`load_playbook`): a server checking the same project again
    passes the `ParseCache` it holds and `freeze=False`; a one-shot command passes neither.
    """
    loaded = load_playbook(root, cache=cache, freeze=freeze)
    diagnostics = list(loaded.diagnostics) + outside_reads(root) + site_config.mkdocs_problems(root)
    # Every problem at once: when some files did not validate, the others are still checked.
    checkable = loaded.playbook or loaded.partial
    if checkable is not None:
        diagnostics += check_playbook(checkable, loaded.sources, today)
        diagnostics += _export_problems(root, checkable, loaded.sources.get("playbook"))
    if strict:
        diagnostics = [d.as_error() for d in diagnostics]
    diagnostics = sort_diagnostics(diagnostics)
    playbook = loaded.playbook if not errors(diagnostics) else None
    return Checked(playbook, diagnostics, loaded.sources)


def outside_reads(root: Path) -> list[Diagnostic]:
    """Links out of the project among what is read besides `data/` (the loader fences that one).

    The project's templates, `mkdocs.yml` and the folders it names (`custom_dir`, hooks); each link
    that leads out is an error naming the link, its target never opened.
    """
    tops = [root / "generators", root / site_config.CONFIG_FILE, *site_config.read_paths(root)]
    return [safe_paths.outside_problem(root, link) for link in safe_paths.links_out(root, tops)]


def _export_problems(root: Path, playbook: Playbook, source: SourceMap | None) -> list[Diagnostic]:
    """`funnel_export`, `funnel_spend` and `reconcile_export` name files inside the project, reached by no link out."""
    found: list[Diagnostic] = []
    for key in ("funnel_export", "funnel_spend", "reconcile_export"):
        name = getattr(playbook.settings, key)
        if not name:
            continue
        target = Path(os.path.normpath(root.absolute() / name))
        if not target.is_relative_to(root.absolute()):
            line, column = source.where((key,)) if source else (1, 1)
            message = f"{key} must be a path inside the project folder, such as exports/leads.csv (found `{name}`)"
            found.append(Diagnostic(source.path if source else "data/playbook.yaml", line, column, message))
            continue
        link = safe_paths.escaping_link(root, target)
        if link is not None:
            found.append(safe_paths.outside_problem(root, link))
    return found
