"""Helpers for the lead tests: writing CSV exports byte for byte."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

MakeProject = Callable[..., Path]
"""`make_project(qualification=YAML, lead_path=YAML, language="en", extra_settings="")` → project folder."""


def write_csv(path: Path, text: str, *, bom: bool = False, encoding: str = "utf-8") -> Path:
    """A CSV file with exactly this text (dedented), optionally with a UTF-8 BOM."""
    data = textwrap.dedent(text).lstrip("\n")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data.encode(encoding))
    return path
