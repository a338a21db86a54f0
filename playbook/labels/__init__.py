"""Label catalogs: every word a page or card prints, in en, ru, lt, pl and ro.

Each language is a folder of YAML files, one per area (`common`, `site`, `cards`, `rules`);
they are merged into one flat mapping, so a key lives in exactly one area.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

import yaml

CATALOGS = Path(__file__).resolve().parent
LANGUAGES = ("en", "ru", "lt", "pl", "ro")


@cache
def labels(language: str) -> Mapping[str, str]:
    """Every label of `language`, flat and read-only: `{key: text}`.

    The one fallback rule for pages, cards, reports and the CLI: a key the language lacks is
    English's (a test keeps every catalog complete, so this only bridges a key added a moment ago).
    """
    merged = dict(_catalog("en")) if language != "en" else {}
    merged.update(_catalog(language))
    return MappingProxyType(merged)


def _catalog(language: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((CATALOGS / language).glob("*.yaml")):
        found.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return found


DEPARTMENTS = ("marketing", "sales", "shared")
"""The department ids an owner or verifier may name; printed by their name in the playbook's language."""


def who(value: str | None, words: Mapping[str, str]) -> str:
    """An owner or verifier for people: a department id (`sales`) by its name in `words`
    ("Продажи"), anything else (a person, "Head of Sales") as written."""
    text = str(value or "").strip()
    if text.casefold() in DEPARTMENTS:
        return str(words.get(f"department_{text.casefold()}", text))
    return text
