"""A playbook whose fields hold scripts, event handlers, `javascript:` links, iframes and template syntax."""

from __future__ import annotations

import json
import re
from pathlib import Path

from site_support import TEMPLATE_SYNTAX, Html, html_files, page

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data")


def test_hostile_content_builds_and_nothing_executable_reaches_the_site(hostile_site: Path) -> None:
    problems: list[str] = []
    for path in html_files(hostile_site):
        doc = Html(path.read_text(encoding="utf-8"))
        name = path.relative_to(hostile_site).as_posix()
        for tag, attrs in doc.elements:
            if tag in ("iframe", "frame", "embed", "object", "base"):
                problems.append(f"{name}: <{tag}>")
            for attr, value in attrs.items():
                if attr.startswith("on"):
                    problems.append(f"{name}: <{tag} {attr}={value!r}>")
                if attr in URL_ATTRIBUTES and re.sub(r"[\s\x00-\x1f]", "", value or "").lower().startswith(
                    ("javascript:", "vbscript:", "data:text/html")
                ):
                    problems.append(f"{name}: <{tag} {attr}={value!r}>")
            if tag == "script" and re.match(r"(https?:)?//", attrs.get("src") or ""):
                problems.append(f"{name}: script from {attrs['src']}")
        problems += [f"{name}: inline script runs {s[:60]!r}" for s in doc.scripts if "alert" in s]
    assert not problems, problems[:20]


def test_template_syntax_in_fields_shows_literally(hostile_site: Path) -> None:
    text = Html(page(hostile_site, "objections/too-expensive")).text
    assert TEMPLATE_SYNTAX in text
    assert "{% raw %}" in text
    assert TEMPLATE_SYNTAX in Html(page(hostile_site, "pages/how-to-use")).text


def test_markup_in_fields_is_shown_as_text_or_dropped(hostile_site: Path) -> None:
    html = page(hostile_site, "objections/too-expensive")
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and "<" not in title.group(1)
    assert "<b onmouseover" not in html
    assert not [a for _, a in Html(html).elements if any("evil.example" in (v or "") for v in a.values())]
    competitor = page(hostile_site, "competitors/autodalys")
    assert "https://autodalys.example/?q=1&x=%22%3E%3Cscript%3E" in Html(competitor).attr_values("a", "href")
    assert not [h for h in Html(competitor).attr_values("a", "href") if h.lower().startswith("javascript")]
    handwritten = page(hostile_site, "pages/how-to-use")
    assert "evil.example" not in handwritten
    assert "<script>alert('code')</script>" in Html(handwritten).text  # the code block, shown as text


def test_search_index_holds_markup_only_as_escaped_text(hostile_site: Path) -> None:
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for field in (doc["title"], doc["text"]):
            assert not re.search(r"<\s*(script|img|iframe|svg|a\s)", field, re.I), field[:200]
            assert not re.search(r"<[^>]*\son\w+\s*=", field, re.I), field[:200]
