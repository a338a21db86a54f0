"""Label catalogs: every word a page or card prints, in en, ru, lt, pl and ro.

Each language is a folder of YAML files, one per area (`common`, `site`, `cards`, `rules`);
they are merged into one flat mapping, so a key lives in exactly one area.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

CATALOGS = Path(__file__).resolve().parent
LANGUAGES = ("en", "ru", "lt", "pl", "ro")


@cache
def labels(language: str) -> dict[str, str]:
    """Every label of `language`, flat: `{key: text}`."""
    merged: dict[str, str] = {}
    for path in sorted((CATALOGS / language).glob("*.yaml")):
        merged.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return merged
