"""Glossary terms marked with `<abbr title>` in rendered HTML, once per page, outside links and code."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from playbook.model import Term
from playbook.pages.markdown import plain_text, render_block

_TOKEN = re.compile(r"(<[^>]*>)|([^<]+)")
_SKIP = frozenset({"a", "abbr", "code", "pre", "kbd", "h1", "h2", "h3", "h4", "h5", "h6"})
_TAG_NAME = re.compile(r"^</?\s*([a-zA-Z0-9]+)")


def _pattern(term: str) -> str:
    body = re.escape(term)
    # Acronyms match exactly; words match whatever their case.
    return body if term.isupper() else f"(?i:{body})"


@dataclass
class Tooltips:
    """The glossary of one build, and which terms the page being rendered has already marked."""

    definitions: dict[str, str]
    regex: re.Pattern[str] | None
    seen: set[str] = field(default_factory=set)
    enabled: bool = True

    @classmethod
    def from_terms(cls, terms: list[Term]) -> Tooltips:
        definitions = {t.term.casefold(): plain_text(render_block(t.definition)) for t in terms if t.term.strip()}
        names = sorted({t.term for t in terms if t.term.strip()}, key=len, reverse=True)
        regex = re.compile(r"(?<![\w&#])(" + "|".join(_pattern(n) for n in names) + r")(?!\w)") if names else None
        return cls(definitions, regex)

    def for_page(self, *, enabled: bool = True) -> Tooltips:
        """A fresh copy for one page: every term may be marked once again."""
        return Tooltips(self.definitions, self.regex, set(), enabled)

    def apply(self, html: str) -> str:
        """`html` with the first occurrence of each not yet marked term wrapped in `<abbr title>`."""
        if self.regex is None or not self.enabled:
            return html
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
            out.append(text if skip_depth else self.regex.sub(self._mark, text))
        return "".join(out)

    def _mark(self, match: re.Match[str]) -> str:
        word = match.group(1)
        key = word.casefold()
        if key in self.seen or key not in self.definitions:
            return word
        self.seen.add(key)
        return f'<abbr title="{escape(self.definitions[key], quote=True)}">{word}</abbr>'
