"""Files already parsed and validated in this process, kept while unchanged on disk.

`playbook serve` rebuilds after every edit in the same process: only the edited files are read again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from playbook.loading.yaml_reader import SourceMap


@dataclass(frozen=True)
class Parsed:
    """A valid file: its model and where everything in it is."""

    stamp: tuple[int, int, int]
    item: BaseModel
    source: SourceMap


_parsed: dict[tuple[str, str, type[BaseModel]], Parsed] = {}


def stamp(path: Path) -> tuple[int, int, int]:
    """What changes when the file does: modification time, size and inode."""
    stat = os.stat(path)
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def cached(path: Path, display: str, model: type[BaseModel]) -> Parsed | None:
    entry = _parsed.get((str(path), display, model))
    if entry is None:
        return None
    try:
        return entry if entry.stamp == stamp(path) else None
    except OSError:
        return None


def remember(
    path: Path, display: str, model: type[BaseModel], item: BaseModel, source: SourceMap, when: tuple[int, int, int]
) -> None:
    _parsed[(str(path), display, model)] = Parsed(when, item, source)


def clear() -> None:
    """Forget every parsed file (benchmarks measure cold loads)."""
    _parsed.clear()
