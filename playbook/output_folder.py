"""Output folders (`--out`, site/): Playbook replaces only what it built itself, and never half of it.

Replacing an output folder deletes it, so a mistyped `--out .` must not take the project with it.
`check_output` refuses a folder that is the project, holds it, lies in `data/`, `generators/` or `.git`,
or is not empty without the marker file (`.playbook-build`) every output Playbook writes carries.

A build is written into a sibling staging folder (`.<name>.building-<process id>-*`) and exchanged with
the old output in one rename; the old one goes to `.<name>.old-*` and is removed. A build killed half-way
leaves those behind (the names are Playbook's own): `clean_leftovers` removes them on the next build,
except the staging folder of a process still running (another build into the same folder).
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
"""Where a process cannot be probed (Windows), a staging folder is only removed once this old (seconds)."""


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
    """A new, marked folder beside `out` to build into, named after this process; removed unless swapped in."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.{STAGING}-{os.getpid()}-", dir=out.parent))
    try:
        temp.chmod(0o755)
        mark(temp)
        yield temp
    finally:
        if temp.exists():
            remove(temp)


def swap_into_place(new: Path, out: Path) -> None:
    """Replace `out` by `new`: one atomic exchange where the system has it, else two renames.

    `out` always holds the old output or the new one; the old one is removed afterwards (`remove_later`).
    """
    old = out.with_name(f".{out.name}.{OLD}-{uuid.uuid4().hex[:8]}")
    if out.exists() and _exchange(new, out):
        os.rename(new, old)  # `new` now holds the old output
        remove_later(old)
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
        remove_later(old)


def remove_later(folder: Path) -> None:
    """Delete a replaced output folder in a process of its own, which outlives this one.

    Why: deleting thousands of files can take seconds (more on a disk mounted with `discard`), and the
    new output is already in place; nobody needs to wait for the old one to go. Its name marks it as
    an old output (`leftovers`): should that process be stopped, the next build removes what is left.
    Where `rm` is missing (not POSIX), the folder is removed here.
    """
    rm = shutil.which("rm") if hasattr(os, "posix_spawn") else None
    if rm is not None:
        quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
        with contextlib.suppress(OSError):
            os.posix_spawn(rm, [rm, "-rf", "--", str(folder)], os.environ, file_actions=quiet, setsid=True)
            return
    remove(folder)


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
    """Remove the leftovers of killed builds (not those of a build still running); return the folders removed."""
    removed = []
    for folder in leftovers(out):
        if _running(folder, out):
            continue
        remove(folder)
        removed.append(folder)
    return removed


def _running(folder: Path, out: Path) -> bool:
    """Whether the process that made this staging folder (its id is in the name) may still be building in it."""
    rest = folder.name.removeprefix(f".{out.name}.{STAGING}-")
    pid = rest.split("-", 1)[0]
    if rest == folder.name or not pid.isdigit():
        return False  # an old folder, or a staging folder of an earlier Playbook: nobody builds in it
    if sys.platform == "win32":  # no harmless way to probe a process there
        return time.time() - folder.stat().st_mtime < STALE_AFTER
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    try:  # Linux: a killed build its parent has not reaped yet is a zombie, not a build
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace").rpartition(")")[2].split()
    except OSError:
        return True
    return not state or state[0] not in ("Z", "X")


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
