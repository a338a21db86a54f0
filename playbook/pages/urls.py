"""Where each generated page lands in the site, and relative links between pages and files."""

from __future__ import annotations

from functools import lru_cache


def page_url(path: str, *, directory_urls: bool = True) -> str:
    """The URL of a page source path (`objections/x.md` -> `objections/x/`), relative to the site root."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


@lru_cache(maxsize=256)
def _folders(page: str, directory_urls: bool) -> tuple[str, ...]:
    """The folders a page is served from: `objections/x.md` -> (`objections`, `x`) with directory URLs."""
    url = page_url(page, directory_urls=directory_urls)
    return tuple(url.split("/")[:-1])


def relative(from_page: str, target: str, *, directory_urls: bool = True) -> str:
    """A link from the page at `from_page` to `target`: a page (`*.md`) or a file (`cards/x.pdf`).

    Site paths are already normal (no `.`, `..` or doubled slashes), so the link is the way up to the
    folders both share and down again; `posixpath.relpath` would also resolve both against the disk.
    """
    target, _, fragment = target.partition("#")
    suffix = f"#{fragment}" if fragment else ""
    if target == from_page:
        return suffix or "./"
    here = _folders(from_page, directory_urls)
    there = (page_url(target, directory_urls=directory_urls) if target.endswith(".md") else target).split("/")
    shared = 0
    while shared < len(here) and shared < len(there) - 1 and here[shared] == there[shared]:
        shared += 1
    link = "../" * (len(here) - shared) + "/".join(there[shared:])
    return (link or "./") + suffix
