"""Output folders (`--out`, site/): Playbook replaces only what it built itself, and never half of it.

Replacing an output folder deletes it, so a mistyped `--out .` must not take the project with it.
`check_output` refuses a folder that is the project, holds it, lies in `data/`, `generators/` or `.git`,
or is not empty without the marker file (`.playbook-build`) every output Playbook writes carries.

A build is written into a sibling staging folder (`.<name>.building-*`), locked while the build runs,
and exchanged with the old output in one rename; the old one goes to `.<name>.old-*` and is removed.
A build killed half-way leaves those behind (the names are Playbook's own): `clean_leftovers` removes them
on the next build, unless another build still holds them (`flock`; where there is none: when a day old).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

MARKER = ".playbook-build"
MARKER_TEXT = (
    "This folder was written by Playbook (playbook build / playbook cards).\n"
    "Playbook may replace or rewrite it; it never writes into a non-empty folder without this file.\n"
)
GUARDED = ("data", "generators", ".git")
"""Project folders an output may never be in: the content, the templates, the history."""
STAGING, OLD = "building", "old"
STALE_AFTER = 24 * 3600
"""Where folders cannot be locked, a leftover is only removed once this old (seconds)."""


class UnsafeOutput(ValueError):
    """Writing to this output folder could destroy what Playbook did not build; the message says why."""


def check_output(root: Path, out: Path) -> Path:
    """`out` resolved (symlinks followed), or `UnsafeOutput` with one sentence saying why it is refused."""
    project = root.resolve()
    target = out.resolve()
    shown = f"output folder {out}"
    if target == project:
        raise UnsafeOutput(f"{shown} is the project folder, and building there would delete data/ and all else in it")
    if project.is_relative_to(target):
        raise UnsafeOutput(f"{shown} contains the project {project}, and building there would delete the project")
    for name in GUARDED:
        for guarded in {project / name, (project / name).resolve()}:
            if target.is_relative_to(guarded):
                where = "is" if target == guarded else "is inside"
                raise UnsafeOutput(f"{shown} {where} the project's {name}/ folder, where Playbook never writes output")
    if target.exists() and not target.is_dir():
        raise UnsafeOutput(f"{shown} is a file, not a folder")
    if target.is_dir() and not is_output(target) and any(target.iterdir()):
        raise UnsafeOutput(
            f"{shown} is not empty and was not built by Playbook (it has no {MARKER} file), "
            "so Playbook will not replace it; empty it or choose another folder"
        )
    return target


def is_output(folder: Path) -> bool:
    """Whether `folder` holds the marker of a Playbook output (a regular file, not a link to one)."""
    marker = folder / MARKER
    return marker.is_file() and not marker.is_symlink()


def mark(folder: Path) -> None:
    """Leave the marker that lets the next build replace `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / MARKER
    if not is_output(folder):
        marker.unlink(missing_ok=True)
        marker.write_text(MARKER_TEXT, encoding="utf-8")


@contextlib.contextmanager
def marked(out: Path) -> Iterator[Path]:
    """`out` created where needed and marked, for writing into in place; a body that fails before writing
    anything leaves no folder it created behind."""
    created = [p for p in (out, *out.parents) if not p.exists()]  # the deepest first
    mark(out)
    try:
        yield out
    except BaseException:
        if created and [p.name for p in out.iterdir()] == [MARKER]:
            (out / MARKER).unlink()
            for folder in created:
                with contextlib.suppress(OSError):
                    folder.rmdir()
        raise


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A new, marked and locked folder beside `out` to build into; removed unless it was swapped in."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.{STAGING}-", dir=out.parent))
    lock = _lock(temp)
    try:
        temp.chmod(0o755)
        mark(temp)
        yield temp
    finally:
        if temp.exists():
            remove(temp)
        if lock is not None:
            os.close(lock)


def swap_into_place(new: Path, out: Path) -> None:
    """Replace `out` by `new`: one atomic exchange where the system has it, else two renames.

    `out` always holds the old output or the new one; the old one is removed afterwards.
    """
    old = out.with_name(f".{out.name}.{OLD}-{uuid.uuid4().hex[:8]}")
    if out.exists() and _exchange(new, out):
        os.rename(new, old)  # `new` now holds the old output
        remove(old)
        return
    moved = False
    if out.exists():
        os.rename(out, old)
        moved = True
    try:
        os.rename(new, out)
    except OSError:
        if moved:
            os.rename(old, out)
        raise
    if moved:
        remove(old)


def remove(folder: Path) -> None:
    """Delete an output folder, its marker last: a removal cut short stays recognisable as Playbook's."""
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(folder):
            if entry.name == MARKER:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
    with contextlib.suppress(FileNotFoundError):
        (folder / MARKER).unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()


def leftovers(out: Path) -> list[Path]:
    """Staging and old folders of `out` that earlier, interrupted builds left beside it."""
    if not out.parent.is_dir():
        return []
    prefixes = tuple(f".{out.name}.{kind}-" for kind in (STAGING, OLD))
    return sorted(p for p in out.parent.iterdir() if p.name.startswith(prefixes) and p.is_dir() and not p.is_symlink())


def clean_leftovers(out: Path) -> list[Path]:
    """Remove the leftovers of killed builds that no running build holds; return the folders removed."""
    removed = []
    for folder in leftovers(out):
        lock = _lock(folder)
        if lock is None and (_locking() or time.time() - folder.stat().st_mtime < STALE_AFTER):
            continue  # a build is running in it (or, unlockable, it may be)
        try:
            remove(folder)
            removed.append(folder)
        finally:
            if lock is not None:
                os.close(lock)
    return removed


def _locking() -> bool:
    return sys.platform != "win32"


def _lock(folder: Path) -> int | None:
    """An exclusive, non-blocking `flock` on `folder` (held until the descriptor is closed), or None."""
    if not _locking():
        return None
    import fcntl

    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux `renameat2(RENAME_EXCHANGE)`); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)
