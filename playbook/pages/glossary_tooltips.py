"""Glossary terms marked with `<abbr title>` in rendered HTML, once per page, outside links and code."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from playbook.model import Term
from playbook.text.markdown import plain_text, render_block

_TOKEN = re.compile(r"(<[^>]*>)|([^<]+)")
_SKIP = frozenset({"a", "abbr", "code", "pre", "kbd", "h1", "h2", "h3", "h4", "h5", "h6"})
_TAG_NAME = re.compile(r"^</?\s*([a-zA-Z0-9]+)")


_WORD = re.compile(r"\w+")


@dataclass
class Tooltips:
    """The glossary of one build, and which terms the page being rendered has already marked.

    Terms are found by looking up runs of words in a dictionary, so the cost of a page does not grow
    with the size of the glossary (one big regex alternation would).
    """

    definitions: dict[str, str]
    terms: dict[str, str]
    """Casefolded term to the term as written; acronyms (all capitals) only match as written."""
    longest: int
    first_words: frozenset[str] = frozenset()
    """The casefolded first word of every term: most words are not, and are skipped at once."""
    seen: set[str] = field(default_factory=set)
    enabled: bool = True

    @classmethod
    def from_terms(cls, terms: list[Term]) -> Tooltips:
        definitions = {t.term.casefold(): plain_text(render_block(t.definition)) for t in terms if t.term.strip()}
        names = {t.term.strip().casefold(): t.term.strip() for t in terms if t.term.strip()}
        longest = max((len(_WORD.findall(n)) for n in names), default=0)
        first = frozenset(words[0] for n in names if (words := _WORD.findall(n)))
        return cls(definitions, names, longest, first)

    def for_page(self, *, enabled: bool = True) -> Tooltips:
        """A fresh copy for one page: every term may be marked once again."""
        return Tooltips(self.definitions, self.terms, self.longest, self.first_words, set(), enabled)

    def apply(self, html: str) -> str:
        """`html` with the first occurrence of each not yet marked term wrapped in `<abbr title>`."""
        if not self.terms or not self.enabled or self.first_words.isdisjoint(_WORD.findall(html.casefold())):
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
        if self.first_words.isdisjoint(_WORD.findall(text.casefold())):
            return text
        words = list(_WORD.finditer(text))
        out: list[str] = []
        position = 0
        i = 0
        first_words = self.first_words
        while i < len(words):
            if words[i].group().casefold() not in first_words:
                i += 1
                continue
            found = self._term_at(text, words, i)
            if found is None:
                i += 1
                continue
            end, key = found
            start = words[i].start()
            self.seen.add(key)
            title = escape(self.definitions[key], quote=True)
            out += [text[position:start], f'<abbr title="{title}">{text[start:words[end].end()]}</abbr>']
            position = words[end].end()
            i = end + 1
        out.append(text[position:])
        return "".join(out)

    def _term_at(self, text: str, words: list[re.Match[str]], i: int) -> tuple[int, str] | None:
        """The longest unmarked term starting at word `i`: its last word's index and its key."""
        start = words[i].start()
        if start and text[start - 1] in "&#":
            return None  # inside a character reference such as &#42; or &amp;
        for end in range(min(len(words), i + self.longest) - 1, i - 1, -1):
            candidate = text[start : words[end].end()]
            key = candidate.casefold()
            term = self.terms.get(key)
            if term is None or key in self.seen or key not in self.definitions:
                continue
            if term.isupper() and candidate != term:
                continue  # acronyms match exactly
            return end, key
        return None
