"""The search stems in the browser and the tooltips in Python: both must stem every word alike."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from playbook.text.stemming import MODULES, normalize, stem

REPO = Path(__file__).resolve().parents[2]
STEMMERS = REPO / "generators" / "assets" / "stemmers"
FIXTURES = REPO / "tests" / "fixtures" / "playbooks"
SOURCES = {"en": [REPO / "data"], **{lang: [FIXTURES / lang / "data"] for lang in ("ru", "lt", "pl", "ro")}}
EXTRA = {
    "en": ["connections", "running", "generously", "skies", "dying", "Feeds'", "(target)", "lead's"],
    "ru": ["маркетплейса", "маркетплейсами", "целевого", "лидов", "ёлка", "объёма", "«Цена»"],
    "lt": ["kainą", "kainos", "kainomis", "pakibusių", "lead’ų", "lead'ą", "klientų", "„Kaina“"],
    "pl": ["klientów", "klientami", "lead’a", "leadów", "ofertę", "przekazania", "współczynnika"],
    "ro": ["ofertă", "ofertele", "țintă", "ţintă", "şansele", "încălzirea", "lead-urile"],
}
NODE = shutil.which("node")


def _words(language: str) -> list[str]:
    words: set[str] = set(EXTRA[language])
    for folder in SOURCES[language]:
        for path in sorted(folder.rglob("*.yaml")):
            words.update(re.split(r"[\s\-]+", path.read_text(encoding="utf-8")))
    return sorted(w for w in words if w)


def _javascript_stems(words: dict[str, list[str]]) -> dict[str, list[list[str]]]:
    assert NODE, "node runs the browser's stemmers here"
    files = [STEMMERS / "runtime.js", *(STEMMERS / f"{lang}.js" for lang in MODULES)]
    script = "\n".join(f.read_text(encoding="utf-8") for f in files) + (
        "\nconst input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "\nconst out = {};"
        "\nfor (const [lang, words] of Object.entries(input))"
        "\n  out[lang] = words.map((w) => [PlaybookStemmers.normalize(w), PlaybookStemmers.stem(lang, w)]);"
        "\nprocess.stdout.write(JSON.stringify(out));"
    )
    result = subprocess.run(
        [NODE, "-e", script], input=json.dumps(words), capture_output=True, text=True, check=True, timeout=60
    )
    parsed: dict[str, list[list[str]]] = json.loads(result.stdout)
    return parsed


@pytest.mark.skipif(NODE is None, reason="node is not installed (scripts/bootstrap.sh installs it)")
def test_python_and_javascript_stem_every_word_alike() -> None:
    words = {lang: _words(lang) for lang in MODULES}
    assert all(len(w) > 200 for w in words.values()), {k: len(v) for k, v in words.items()}
    js = _javascript_stems(words)
    for lang, group in words.items():
        python = [[normalize(w), stem(lang, w)] for w in group]
        differ = [(w, p, j) for w, p, j in zip(group, python, js[lang], strict=True) if p != j]
        assert not differ, f"{lang}: {differ[:20]}"


def test_inflected_forms_share_a_stem() -> None:
    same = {
        "ru": [("маркетплейса", "маркетплейс"), ("целевого", "целевой"), ("объёма", "объёмом"), ("ёлки", "елка")],
        "lt": [("kainą", "kaina"), ("lead’ų", "lead"), ("klientų", "klientas")],
        "pl": [("klientów", "klient"), ("lead’a", "lead"), ("ofertę", "oferta")],
        "ro": [("ofertele", "ofertă"), ("ţintă", "țintă"), ("lead-ul", "lead-ul")],
        "en": [("connections", "connection"), ("leads", "lead")],
    }
    for lang, pairs in same.items():
        for a, b in pairs:
            assert stem(lang, a) == stem(lang, b), (lang, a, b)


def test_the_javascript_stemmers_are_what_the_script_writes() -> None:
    spec = importlib.util.spec_from_file_location("snowball_to_js", REPO / "scripts" / "snowball_to_js.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for lang, name in module.LANGUAGES.items():
        expected = module.translate(lang, name)
        assert (STEMMERS / f"{lang}.js").read_text(encoding="utf-8") == expected, (
            f"run scripts/snowball_to_js.py ({lang})"
        )
