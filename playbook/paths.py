"""Where a project's files are: the template folders and the caches kept between builds.

Why a module of its own: renderers need these places but must not depend on loading and checking
a project (`playbook.project`), which sits above them.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from playbook.generators import BUILTIN as BUILTIN_GENERATORS

__all__ = ["BUILTIN_GENERATORS", "cache_dir", "generator_dirs", "user_cache_dir"]


def generator_dirs(root: Path) -> list[Path]:
    """Template folders, the project's own `generators/` first, then the built-in ones."""
    own = root / "generators"
    dirs = [own] if own.is_dir() and own.resolve() != BUILTIN_GENERATORS else []
    return [*dirs, BUILTIN_GENERATORS]


def user_cache_dir(*parts: str) -> Path | None:
    """`$XDG_CACHE_HOME/playbook/<parts>` (normally `~/.cache/playbook/...`), created; None when it cannot be.

    Why not inside the project: a pull request can commit any file there, and a cache it could fill
    would let it choose what a published card shows, or (compiled templates) run code.
    """
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        folder = base.joinpath("playbook", *parts)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except (OSError, RuntimeError):  # no home folder, or a read-only one
        return None
    return folder


def cache_dir(root: Path, name: str) -> Path | None:
    """This project's `name` cache (card PDFs) in the user's cache folder, keyed by the project's path."""
    key = hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:16]
    return user_cache_dir(name, key)
