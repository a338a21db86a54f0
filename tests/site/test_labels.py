"""Label catalogs: every language has every key English has, in every area file, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from playbook.labels import CATALOGS, LANGUAGES

AREAS = sorted(p.name for p in (CATALOGS / "en").glob("*.yaml"))
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _catalog(language: str, area: str) -> dict[str, str]:
    path: Path = CATALOGS / language / area
    assert path.is_file(), f"{language}/{area} is missing"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
@pytest.mark.parametrize("area", AREAS)
def test_every_catalog_has_every_key_of_english(language: str, area: str) -> None:
    english, other = _catalog("en", area), _catalog(language, area)
    assert sorted(set(english) - set(other)) == [], f"{language}/{area} lacks these keys"
    assert sorted(set(other) - set(english)) == [], f"{language}/{area} has keys English lacks"
    for key, text in english.items():
        assert isinstance(other[key], str) and other[key].strip(), f"{language}/{area}: {key} is empty"
        assert set(PLACEHOLDER.findall(other[key])) == set(PLACEHOLDER.findall(str(text))), f"{language}: {key}"


def test_site_areas_exist_for_every_language() -> None:
    for language in LANGUAGES:
        for area in ("common.yaml", "site.yaml"):
            assert (CATALOGS / language / area).is_file(), f"{language}/{area}"


def test_a_key_lives_in_one_area_only() -> None:
    for language in LANGUAGES:
        seen: dict[str, str] = {}
        for path in sorted((CATALOGS / language).glob("*.yaml")):
            for key in yaml.safe_load(path.read_text(encoding="utf-8")) or {}:
                assert key not in seen, f"{language}: `{key}` is in {seen.get(key)} and {path.name}"
                seen[key] = path.name
