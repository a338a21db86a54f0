"""Relative links between site paths agree with `posixpath.relpath` on every shape of path the site has."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from playbook.pages.urls import page_url, relative

_NAMES = st.sampled_from(["index", "a", "b", "x-1"])
_PAGES = st.builds(lambda folders, name: "/".join([*folders, f"{name}.md"]), st.lists(_NAMES, max_size=2), _NAMES)
_FILES = st.builds(lambda folders, name: "/".join([*folders, f"{name}.pdf"]), st.lists(_NAMES, max_size=2), _NAMES)


def _by_relpath(from_page: str, target: str, directory_urls: bool) -> str:
    """The reference: the same link computed the slow, obviously right way."""
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


@given(_PAGES, st.one_of(_PAGES, _FILES), st.booleans(), st.sampled_from(["", "#x"]))
def test_relative_links_match_relpath(from_page: str, target: str, directory_urls: bool, fragment: str) -> None:
    expected = _by_relpath(from_page, target + fragment, directory_urls)
    assert relative(from_page, target + fragment, directory_urls=directory_urls) == expected
