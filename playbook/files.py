"""The one way Playbook writes a file that someone may be reading: atomically, or not at all.

Why: a card opened by a seller, a data file edited by `playbook verify` or `new`, a PDF served
during `serve` must never be seen half-written, and an interrupted write must leave the old file.
The content goes to a partial file beside the target (same folder, so the rename is atomic), then
replaces the target in one `os.replace`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomically(target: Path, write: Callable[[BinaryIO], object]) -> None:
    """Call `write` with a binary file that becomes `target` once it returns; on failure nothing changes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        with partial.open("wb") as handle:
            write(handle)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_bytes_atomically(target: Path, data: bytes) -> None:
    """`target` holds exactly `data`, or (on failure) what it held before."""
    write_atomically(target, lambda handle: handle.write(data))
