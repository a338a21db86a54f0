"""Where each generated page lands in the site, and relative links between pages and files."""

from __future__ import annotations

import posixpath


def page_url(path: str, *, directory_urls: bool = True) -> str:
    """The URL of a page source path (`objections/x.md` -> `objections/x/`), relative to the site root."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


def relative(from_page: str, target: str, *, directory_urls: bool = True) -> str:
    """A link from the page at `from_page` to `target`: a page (`*.md`) or a file (`cards/x.pdf`)."""
    target, _, fragment = target.partition("#")
    suffix = f"#{fragment}" if fragment else ""
    if target == from_page:
        return suffix or "./"
    here = page_url(from_page, directory_urls=directory_urls)
    there = page_url(target, directory_urls=directory_urls) if target.endswith(".md") else target
    here_dir = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
    link = posixpath.relpath(there.rstrip("/") or ".", here_dir or ".")
    if there.endswith("/") or there == "":
        link = "./" if link == "." else link + "/"
    return link + suffix
