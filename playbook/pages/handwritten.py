"""Hand-written pages of `data/pages/`: headings kept as Markdown (for the table of contents), the rest sanitised."""

from __future__ import annotations

import re

from markupsafe import Markup

from playbook.pages.glossary_tooltips import Tooltips
from playbook.text.links import Rewrite, rewrite_links
from playbook.text.markdown import one_line, plain_text, render_block, render_inline

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def page_title(markdown: str, fallback: str) -> str:
    """The text of the page's first level-1 heading, or `fallback`."""
    for kind, text in _chunks(_FRONT_MATTER.sub("", markdown)):
        if kind == "h1":
            return plain_text(render_inline(text)) or fallback
    return fallback


def render_handwritten(markdown: str, tooltips: Tooltips | None = None, links: Rewrite | None = None) -> Markup:
    """The page as Markdown headings (their text sanitised and escaped) between sanitised HTML blocks.

    `links` rewrites the links of the page (links between items, `[label](products/x)`).
    """
    out: list[str] = []
    for kind, text in _chunks(_FRONT_MATTER.sub("", markdown)):
        if kind.startswith("h"):
            out.append("#" * int(kind[1]) + " " + one_line(render_inline(text)))
        elif text.strip():
            html = render_block(text)
            html = rewrite_links(html, links) if links is not None else html
            html = tooltips.apply(html) if tooltips is not None else html
            out.append(f'<div class="pb-text">{one_line(html)}</div>')
    return Markup("\n\n".join(out) + "\n")


def _chunks(markdown: str) -> list[tuple[str, str]]:
    """(`h1`..`h6`, heading text) and (`body`, Markdown between headings), outside fenced code."""
    chunks: list[tuple[str, str]] = []
    body: list[str] = []
    fence: str | None = None
    for line in markdown.replace("\r\n", "\n").split("\n"):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            body.append(line)
            continue
        if opened:
            fence = opened.group(1)
            body.append(line)
            continue
        heading = _HEADING.match(line)
        if heading:
            chunks.append(("body", "\n".join(body)))
            body = []
            chunks.append((f"h{len(heading.group(1))}", heading.group(2)))
        else:
            body.append(line)
    chunks.append(("body", "\n".join(body)))
    return chunks
