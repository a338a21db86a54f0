"""Escaping user text for the places it lands: Markdown source, HTML, and MkDocs' raw titles."""

from __future__ import annotations

import re
from html import unescape

from markupsafe import Markup

# Characters that mean something to Markdown, its extensions (attr_list `{}`) or HTML.
_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-!|~^=:<>&\"'$%")


_REFERENCES = {ord(c): f"&#{ord(c)};" for c in _MARKDOWN_SPECIAL} | {ord("\r"): None}
_ONE_LINE = _REFERENCES | {ord("\n"): " "}
_KEEP_NEWLINES = _REFERENCES | {ord("\n"): "&#10;"}


def escape_text(value: str, *, keep_newlines: bool = False) -> Markup:
    """Plain text, safe in Markdown source and in HTML: every special character as a character reference.

    Newlines become spaces (or `&#10;` when kept), so text always stays on the line it was written into.
    """
    return Markup(value.translate(_KEEP_NEWLINES if keep_newlines else _ONE_LINE))


def safe_title(value: str) -> str:
    """Text for titles and tags that Material prints unescaped (and sometimes `striptags`, which unescapes).

    `<` and `>` become look-alike angle quotes, so no tag can ever form; `&` and quotes are escaped.
    """
    text = " ".join(value.split())
    text = text.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#39;")
    return text.replace("<", "\u2039").replace(">", "\u203a")


_TOKEN = re.compile(r"(<[^>]*>)|([^<]+)")


def escape_text_nodes(html: str) -> str:
    """Sanitised HTML whose text holds no Markdown syntax: each text node re-escaped as character references.

    A second line of defence: even if Markdown ever processed this HTML, no link or markup could form.
    """
    if "<" not in html and "&" not in html:
        return html.translate(_KEEP_NEWLINES)  # one text node with nothing to unescape: most fields
    return "".join(
        tag.replace("\n", " ") or unescape(text).translate(_KEEP_NEWLINES) for tag, text in _TOKEN.findall(html)
    )
