"""The Jinja environment of the pages: sandboxed, compiled once per process, autoescape on, user text as data only."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from playbook.labels import who as person_or_department
from playbook.model import item_links
from playbook.pages.field_names import field_name
from playbook.pages.glossary_tooltips import Tooltips
from playbook.pages.urls import relative
from playbook.templating import make_environment
from playbook.text.escape import escape_text
from playbook.text.links import Rewrite, rewrite_links
from playbook.text.links import anchor as link_anchor
from playbook.text.locale_format import format_date, format_number, format_percent
from playbook.text.markdown import one_line, render_block, render_inline
from playbook.versions.diff import short_value


def _finalize(value: Any) -> Any:
    """Every `{{ ... }}`: Markup stays as it is; any other value is plain text, escaped for Markdown and HTML."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return escape_text(str(value))


def _tooltips(context: Context) -> Tooltips | None:
    tooltips = context.get("tooltips")
    return tooltips if isinstance(tooltips, Tooltips) else None


def _on_one_line(context: Context, html: str) -> str:
    """Rendered content with the page's glossary terms marked, on one line of the page's Markdown."""
    tooltips = _tooltips(context)
    return one_line(tooltips.apply(html) if tooltips is not None else html)


def item_link_rewriter(page_path: str, directory_urls: bool) -> Rewrite:
    """`[label](kind/id)` as a link to that item's page, relative to the page at `page_path`."""

    def rewrite(href: str, inner: str) -> str | None:
        link = item_links.parse(href)
        if link is None:
            return None
        return link_anchor(relative(page_path, link.page + link.fragment, directory_urls=directory_urls), inner)

    return rewrite


def _linked(context: Context, html: str) -> str:
    """Links between items (`[label](products/x)`) pointing at their pages on this site."""
    return rewrite_links(html, item_link_rewriter(context["page_path"], context["directory_urls"]))


@pass_context
def md(context: Context, text: str | None) -> Markup:
    """Block Markdown of a content field: sanitised HTML on one line, glossary terms marked."""
    if not text:
        return Markup("")
    return Markup(f'<div class="pb-text">{_on_one_line(context, _linked(context, render_block(str(text))))}</div>')


@pass_context
def md_inline(context: Context, text: str | None) -> Markup:
    """Inline Markdown of a short field (a list item, a table cell): sanitised HTML on one line."""
    if not text:
        return Markup("")
    return Markup(_on_one_line(context, _linked(context, render_inline(str(text)))))


@pass_context
def url(context: Context, target: str) -> Markup:
    """A relative link from the page being rendered to `target` (`objections/x.md`, `cards/x.pdf`)."""
    link = relative(context["page_path"], target, directory_urls=context["directory_urls"])
    return escape(link)


def anchor(value: str) -> Markup:
    """An id for `{ #... }` and `href="#..."`: ids are slugs already; anything else is reduced to one."""
    text = re.sub(r"[^a-z0-9_-]+", "-", str(value).lower()).strip("-")
    return Markup(text or "x")


def link_url(value: str | None) -> Markup:
    """A URL written in content, if it is http(s) or mailto; empty otherwise (no `javascript:`)."""
    text = (value or "").strip()
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if scheme not in ("http", "https", "mailto") or any(c in text for c in "<>\"'` \n"):
        return Markup("")
    return escape(text)


def _language(context: Context) -> str:
    settings = context.get("settings")
    return str(getattr(settings, "language", "en") or "en")


@pass_context
def number(context: Context, value: float | int, digits: int = 1) -> str:
    """A number as the playbook's language writes it, without a trailing `.0`: 2000 -> "2 000" in Russian."""
    return format_number(value, _language(context), digits)


@pass_context
def percent(context: Context, fraction: float | int) -> str:
    """A share (0.35) as the language writes a percentage: "35 %", "35%"."""
    return format_percent(float(fraction), _language(context))


@pass_context
def date_text(context: Context, value: dt.date | str | None) -> Markup:
    """A date for people, as the language writes it, in a `<time>` that never wraps (ISO in `datetime`)."""
    if value is None or value == "":
        return Markup("")
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    shown = format_date(day, _language(context))
    return Markup('<time class="pb-date" datetime="{}">{}</time>').format(day.isoformat(), shown)


@pass_context
def who(context: Context, value: str | None) -> str:
    """An owner or verifier: a department id (`sales`) by its name in the playbook's language,
    anything else (a person, "Head of Sales") as written (one helper for pages and cards)."""
    return person_or_department(value, context.get("t") or {})


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pass_context
def short_text(context: Context, value: Any) -> str:
    """A changed value on one short line (What's new): numbers and dates as the language writes them."""
    language = _language(context)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value, language, digits=6)
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return format_date(dt.date.fromisoformat(value), language)
        except ValueError:
            return value
    return short_value(value)


@pass_context
def field_label(context: Context, path: Any) -> str:
    """A content field for people ("Proof 1 — as of"), never its YAML path (`proof.0.as_of`)."""
    return field_name(path, context.get("t") or {})


_DIFF_MARK = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.S)


def word_diff(marked: str) -> Markup:
    """`[-removed-]` and `{+added+}` words of a text change as `<del>` and `<ins>`, everything escaped."""
    out: list[str] = []
    position = 0
    for match in _DIFF_MARK.finditer(marked):
        out.append(str(escape(marked[position : match.start()])))
        removed, added = match.group(1), match.group(2)
        out.append(f"<del>{escape(removed)}</del>" if removed is not None else f"<ins>{escape(added)}</ins>")
        position = match.end()
    out.append(str(escape(marked[position:])))
    return Markup("".join(out))


def page_environment(template_dirs: list[Path], compiled_dir: Path | None = None) -> Environment:
    """A new sandboxed environment for the pages (`templating.make_environment` with the filters above) over
    these template folders; the project's own `generators/` come first and override by name.

    Whoever renders owns it: a one-shot build makes one; `playbook serve` keeps one for its rebuilds,
    so each template is compiled once, and again only when its file changes (`auto_reload`).
    `compiled_dir` keeps the compiled templates for the next process (keyed by their source, so an
    edited template is compiled again).
    """
    return make_environment(
        template_dirs,
        filters={
            "md": md,
            "md_inline": md_inline,
            "text": escape_text,
            "anchor": anchor,
            "link_url": link_url,
            "num": number,
            "percent": percent,
            "date": date_text,
            "who": who,
            "field_name": field_label,
            "word_diff": word_diff,
            "short": short_text,
        },
        globals_={"url": url},
        finalize=_finalize,
        keep_trailing_newline=True,
        compiled_dir=compiled_dir,
    )
