"""Words reduced to their stems, so that inflected forms meet: "маркетплейса" and "маркетплейс", "kainą" and "kaina".

The stemmers are Snowball's (the `snowballstemmer` package, pure Python): Russian, Lithuanian,
Romanian and English, and Snowball's Polish stemmer, added in Snowball 3.0, so one well-kept
library covers every language of a playbook. Glossary tooltips stem here; the site's search
stems in the browser with the same algorithms, translated to JavaScript
(generators/assets/stemmers/, written by scripts/snowball_to_js.py), and a test keeps both sides
equal word for word. `normalize` is the one rule both sides apply before stemming.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

MODULES = {"en": "english", "ru": "russian", "lt": "lithuanian", "pl": "polish", "ro": "romanian"}
APOSTROPHES = "'\u2019\u02bc"
MAX_APOSTROPHE_ENDING = 3


def normalize(token: str) -> str:
    """Lower case, without punctuation around the word, and without an ending written after an
    apostrophe (Lithuanian and Polish inflect foreign words so: "lead’ų", "lead'a" are "lead")."""
    chars = list(token.lower())
    start, end = 0, len(chars)
    while start < end and not chars[start].isalnum():
        start += 1
    while end > start and not chars[end - 1].isalnum():
        end -= 1
    word = chars[start:end]
    for i in range(1, len(word)):
        if word[i] in APOSTROPHES:
            rest = word[i + 1 :]
            if 1 <= len(rest) <= MAX_APOSTROPHE_ENDING and all(c.isalpha() for c in rest):
                return "".join(word[:i])
            break
    return "".join(word)


@cache
def _stem_word(language: str) -> Callable[[str], str]:
    module = MODULES.get(language)
    if module is None:
        return lambda word: word
    # Only the one language's module: importing `snowballstemmer` itself loads all 36 stemmers.
    loaded = importlib.import_module(f"snowballstemmer.{module}_stemmer")
    stemmer = getattr(loaded, f"{module.title()}Stemmer")()
    stem_word: Callable[[str], str] = stemmer.stemWord
    return cache(stem_word)


def stem(language: str, token: str) -> str:
    """The stem of one word (`token` may carry punctuation), as the site's search computes it."""
    word = normalize(token)
    return _stem_word(language)(word) if word else word


def search_language_script(language: str, assets: Path) -> str | None:
    """The lunr language `pb-<language>` Material's search worker loads: the runtime, the language's
    stemmer and its registration (`assets` is the folder holding `stemmers/`), or None for a language
    without a stemmer."""
    if language not in MODULES:
        return None
    folder = assets / "stemmers"
    parts = [
        (folder / "runtime.js").read_text(encoding="utf-8"),
        (folder / f"{language}.js").read_text(encoding="utf-8"),
    ]
    parts.append(f'PlaybookStemmers.registerLunr(lunr, "{language}");\n')
    return "\n".join(parts)
