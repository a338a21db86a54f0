"""Rewriting the links of sanitised HTML: each `href` offered to a function that may give another one."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape, unescape

_HREF = re.compile(r'(<a\b[^>]*?\bhref=")([^"]*)("[^>]*>)(.*?)(</a>)', re.S)
"""An anchor of sanitised HTML (nh3 writes every attribute in double quotes)."""

Rewrite = Callable[[str, str], str | None]
"""(href, the link's inner HTML) -> the whole new anchor HTML, or None to keep the link as it is."""


def rewrite_links(html: str, rewrite: Rewrite) -> str:
    """`html` with each `<a href>` replaced by what `rewrite` returns for it (when it returns something)."""
    if "<a" not in html:
        return html

    def replace(match: re.Match[str]) -> str:
        new = rewrite(unescape(match.group(2)), match.group(4))
        return match.group(0) if new is None else new

    return _HREF.sub(replace, html)


def anchor(href: str, inner: str) -> str:
    """An anchor to `href` (escaped) around `inner` (already safe HTML)."""
    return f'<a href="{escape(href, quote=True)}">{inner}</a>'
