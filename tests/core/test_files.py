"""Files Playbook writes are replaced whole or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pytest

from playbook.files import write_atomically, write_bytes_atomically


def test_a_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "cards" / "x.pdf"
    write_bytes_atomically(target, b"first")
    write_bytes_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["x.pdf"]  # no partial file left


def test_a_failed_write_leaves_the_old_file_and_no_partial(tmp_path: Path) -> None:
    target = tmp_path / "objection.yaml"
    target.write_bytes(b"reviewed: 2026-01-01\n")

    def half_then_fail(handle: BinaryIO) -> None:
        handle.write(b"revi")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, half_then_fail)
    assert target.read_bytes() == b"reviewed: 2026-01-01\n"
    assert [p.name for p in tmp_path.iterdir()] == ["objection.yaml"]
