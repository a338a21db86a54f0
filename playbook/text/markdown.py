"""Markdown of content fields rendered to HTML, then sanitised with nh3: nothing executable survives.

Fields are GitHub Flavored Markdown (what authors see in their pull requests), rendered by cmark-gfm:
a C parser, so thousands of fields cost little next to the MkDocs build they feed.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

from playbook.text.escape import escape_text_nodes

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_EXTENSIONS = ["table", "strikethrough", "autolink"]
_OPTIONS = Options.CMARK_OPT_UNSAFE
"""Raw HTML is passed on to nh3, which keeps the harmless tags (`<kbd>`, `<details>`) and drops the rest."""
_SINGLE_PARAGRAPH = re.compile(r"^<p>((?:(?!<p>|</p>).)*)</p>$", re.S)
_SYNTAX_CHARACTERS = re.compile(r"[*_`\[\]<>&\\!#|~@\n\r\t]|www\.|:/")
"""Characters (and the starts of bare links) that may mean something in Markdown anywhere in a text."""
_SYNTAX_AT_START = re.compile(r"[\s\-+=:]|\d+[.)]")
"""What may start a list, a heading underline or an indented block."""


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Images load only from the site itself: no tracking pixels, no request to another host."""
    if tag == "img" and attribute == "src":
        parts = urlsplit(value.strip())
        if parts.scheme or parts.netloc or value.strip().startswith("//"):
            return None
    return value


def to_html(text: str) -> str:
    """Markdown as HTML, not yet sanitised: only for looking at what the author wrote."""
    html: str = cmarkgfm.markdown_to_html_with_extensions(text, options=_OPTIONS, extensions=_EXTENSIONS)
    return html


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    attribute_filter=_attribute_filter,
    link_rel="noopener noreferrer",
    strip_comments=True,
)
"""Built once: cleaning with it costs less than half of `nh3.clean`, which builds its rules on every call."""
_TEXT_ONLY = nh3.Cleaner(tags=set())


def sanitise(html: str) -> str:
    """HTML with only harmless tags, attributes and URL schemes left."""
    return _CLEANER.clean(html)


def is_plain(text: str) -> bool:
    """True when `text` renders as itself: no Markdown syntax, nothing to escape or sanitise."""
    if _SYNTAX_CHARACTERS.search(text) or _SYNTAX_AT_START.match(text):
        return False
    return not text[-1:].isspace()


def render_block(text: str) -> str:
    """Block Markdown (paragraphs, lists, tables) as sanitised HTML."""
    if is_plain(text):
        return f"<p>{text}</p>" if text else ""
    return sanitise(to_html(text))


def render_inline(text: str) -> str:
    """Inline Markdown as sanitised HTML, without the wrapping paragraph when there is only one."""
    if is_plain(text):
        return text
    html = render_block(text).strip()
    match = _SINGLE_PARAGRAPH.match(html)
    return match.group(1) if match else html


def one_line(html: str) -> str:
    """HTML on a single line, so the page's Markdown never sees a line of user text at a line start."""
    return escape_text_nodes(html)


def plain_text(html: str) -> str:
    """The text of sanitised HTML, for tooltips and titles."""
    return " ".join(unescape(_TEXT_ONLY.clean(html)).split())
