"""Files already parsed and validated, kept while unchanged on disk, by whoever loads the same project again.

`playbook serve` rebuilds after every edit in the same process: the server (the MkDocs plugin it keeps)
holds one `ParseCache` and hands it to every load, so that only the edited files are read again. A
one-shot command loads once and passes none. Nothing is kept at module level: two caches share nothing.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from playbook.loading.yaml_reader import SourceMap

Stamp = tuple[int, int, int]


@dataclass(frozen=True)
class Parsed:
    """A valid file: its model and where everything in it is."""

    stamp: Stamp
    item: BaseModel
    source: SourceMap


def stamp(path: Path) -> Stamp:
    """What changes when the file does: modification time, size and inode."""
    stat = os.stat(path)
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


class ParseCache:
    """Valid files by path, at most `maxsize` of them: the least recently used is dropped first.

    An entry is used only while its file's stamp is unchanged; a changed file's entry is dropped
    when looked up and replaced when the file is validated again (one entry per path, file name in
    the messages and model).
    """

    MAXSIZE = 50_000
    """Well above the files of the largest playbook measured (about 5,800 at 5,000 objections): a playbook
    with more files than the cache holds would find none of them there on each load."""

    def __init__(self, maxsize: int = MAXSIZE) -> None:
        if maxsize < 1:
            raise ValueError("a ParseCache holds at least one file")
        self.maxsize = maxsize
        self._entries: OrderedDict[tuple[str, str, type[BaseModel]], Parsed] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, path: Path, display: str, model: type[BaseModel]) -> Parsed | None:
        """The file as validated before, when it has not changed since."""
        key = (str(path), display, model)
        entry = self._entries.get(key)
        if entry is None:
            return None
        try:
            current = stamp(path)
        except OSError:
            current = None
        if entry.stamp != current:
            del self._entries[key]  # stale: the file changed or is gone
            return None
        self._entries.move_to_end(key)
        return entry

    def put(
        self, path: Path, display: str, model: type[BaseModel], item: BaseModel, source: SourceMap, when: Stamp
    ) -> None:
        """Remember a file validated now (`when` is its stamp from before it was read)."""
        key = (str(path), display, model)
        self._entries[key] = Parsed(when, item, source)
        self._entries.move_to_end(key)
        while len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every file."""
        self._entries.clear()
