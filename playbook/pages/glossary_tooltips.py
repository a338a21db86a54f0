"""Glossary terms marked with `<abbr title>` in rendered HTML, once per page, outside links, headings and code.

Terms are matched by their stems (`playbook.text.stemming`, the same Snowball stemmer as the site's
search), so "целевого лида" carries the tooltip of "Целевой лид" and "kainą" that of "Kaina".
A term may list `aliases:` (other names, matched the same way). Acronyms (all capitals: MQL, SQL)
match only as written, with an ending after a hyphen or an apostrophe allowed ("MQL-а", "SQL’ų").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from playbook.model import Term
from playbook.text.markdown import plain_text, render_block
from playbook.text.stemming import normalize, stem

_TOKEN = re.compile(r"(<[^>]*>)|([^<]+)")
_SKIP = frozenset({"a", "abbr", "code", "pre", "kbd", "h1", "h2", "h3", "h4", "h5", "h6"})
_TAG_NAME = re.compile(r"^</?\s*([a-zA-Z0-9]+)")
_WORD = re.compile(r"\w+(?:['\u2019\u02bc]\w+)*")
_BETWEEN = re.compile(r"(?:\s|&nbsp;|&#160;|-|\u2010|\u2011)+")
"""What may stand between the words of a term in the text: spaces and hyphens, not a full stop or comma."""


FUZZ_MIN = 5
"""Outside English, a word whose stem extends a term's stem of at least this many letters by one or two
letters matches it too: Snowball leaves some alternations of these languages apart (Lithuanian
participles: "pakibęs" stems to "pakib", "pakibusių" to "pakibus")."""


@lru_cache(maxsize=65536)
def _stem(language: str, word: str) -> str:
    return stem(language, word)


@lru_cache(maxsize=65536)
def _variants(language: str, word: str) -> tuple[str, ...]:
    """The stem of `word`, and (outside English) that stem less one or two final letters."""
    stemmed = _stem(language, word)
    if language == "en":
        return (stemmed,)
    shorter = tuple(stemmed[:-cut] for cut in (1, 2) if len(stemmed) - cut >= FUZZ_MIN)
    return (stemmed, *shorter)


@lru_cache(maxsize=65536)
def _is_start(language: str, first: frozenset[str], word: str) -> bool:
    """Whether a term can start with `word` (asked for every word of every page: remembered per word)."""
    return _exact(word) in first or any(v in first for v in _variants(language, word))


def _exact(word: str) -> str:
    """An acronym's word as written, without an ending after an apostrophe ("SQL’ų" is "SQL")."""
    lowered = normalize(word)
    return word[: len(lowered)] if lowered and word.lower().startswith(lowered) else word


@lru_cache(maxsize=4096)
def _title(definition: str) -> str:
    """A definition escaped for the `title` attribute, once per build rather than once per mark."""
    return escape(definition, quote=True)


@dataclass
class Tooltips:
    """The glossary of one build, and which terms the page being rendered has already marked.

    Terms are found by looking up runs of word stems in a dictionary, so the cost of a page does not
    grow with the size of the glossary (one big regex alternation would).
    """

    definitions: dict[str, str]
    """Term key (the casefolded term) to its definition as plain text."""
    phrases: dict[tuple[str, ...], str]
    """Stems of a term's or alias's words to the term key."""
    acronyms: dict[tuple[str, ...], str]
    """An acronym's words as written to the term key."""
    longest: int
    language: str = "en"
    first: frozenset[str] = frozenset()
    """The first stem (or acronym word) of every name: most words are not, and are skipped at once."""
    seen: set[str] = field(default_factory=set)
    enabled: bool = True

    @classmethod
    def from_terms(cls, terms: list[Term], language: str = "en") -> Tooltips:
        definitions: dict[str, str] = {}
        phrases: dict[tuple[str, ...], str] = {}
        acronyms: dict[tuple[str, ...], str] = {}
        for term in terms:
            name = term.term.strip()
            if not name:
                continue
            key = name.casefold()
            definitions.setdefault(key, plain_text(render_block(term.definition)))
            for written in (name, *(a.strip() for a in getattr(term, "aliases", []) or [])):
                words = _WORD.findall(written)
                if not words:
                    continue
                if written.isupper():
                    acronyms.setdefault(tuple(words), key)
                else:
                    phrases.setdefault(tuple(_stem(language, w) for w in words), key)
        longest = max((len(k) for k in (*phrases, *acronyms)), default=0)
        first = frozenset(k[0] for k in (*phrases, *acronyms))
        return cls(definitions, phrases, acronyms, longest, language, first)

    def for_page(self, *, enabled: bool = True) -> Tooltips:
        """A fresh copy for one page: every term may be marked once again."""
        return Tooltips(
            self.definitions, self.phrases, self.acronyms, self.longest, self.language, self.first, set(), enabled
        )

    def _starts(self, word: str) -> bool:
        return _is_start(self.language, self.first, word)

    def _phrase(self, run: list[str]) -> str | None:
        """The term whose stems these words have, each word as its stem or a variant of it."""
        keys: list[tuple[str, ...]] = [()]
        for word in run:
            keys = [(*k, v) for k in keys for v in _variants(self.language, word)]
        return next((self.phrases[k] for k in keys if k in self.phrases), None)

    def apply(self, html: str) -> str:
        """`html` with the first occurrence of each not yet marked term wrapped in `<abbr title>`."""
        if not self.longest or not self.enabled or not any(self._starts(w) for w in _WORD.findall(html)):
            return html  # no term can start here: most fields of a large playbook end at this line
        out: list[str] = []
        skip_depth = 0
        for tag, text in _TOKEN.findall(html):
            if tag:
                out.append(tag)
                name_match = _TAG_NAME.match(tag)
                if name_match and name_match.group(1).lower() in _SKIP and not tag.endswith("/>"):
                    skip_depth += -1 if tag.startswith("</") else 1
                    skip_depth = max(skip_depth, 0)
                continue
            out.append(text if skip_depth else self._mark_text(text))
        return "".join(out)

    def _mark_text(self, text: str) -> str:
        words = list(_WORD.finditer(text))
        out: list[str] = []
        position = 0
        i = 0
        while i < len(words):
            if not self._starts(words[i].group()):
                i += 1
                continue
            found = self._term_at(text, words, i)
            if found is None:
                i += 1
                continue
            end, key = found
            start = words[i].start()
            self.seen.add(key)
            title = _title(self.definitions[key])
            out += [text[position:start], f'<abbr title="{title}">{text[start : words[end].end()]}</abbr>']
            position = words[end].end()
            i = end + 1
        out.append(text[position:])
        return "".join(out)

    def _term_at(self, text: str, words: list[re.Match[str]], i: int) -> tuple[int, str] | None:
        """The longest unmarked term starting at word `i`: its last word's index and its key."""
        start = words[i].start()
        if start and text[start - 1] in "&#":
            return None  # inside a character reference such as &#42; or &amp;
        last = i
        while last + 1 < min(len(words), i + self.longest) and _BETWEEN.fullmatch(
            text[words[last].end() : words[last + 1].start()]
        ):
            last += 1
        for end in range(last, i - 1, -1):
            run = [w.group() for w in words[i : end + 1]]
            key = self.acronyms.get(tuple(_exact(w) for w in run))
            if key is None:
                key = self._phrase(run)
            if key is None or key in self.seen or key not in self.definitions:
                continue
            return end, key
        return None
