"""HTML that MkDocs converted from a page's Markdown, kept between the rebuilds of one `playbook serve`.

MkDocs converts every page's Markdown on every rebuild: its `--dirty` mode would skip pages but leave
navigation and search stale. After one YAML edit almost every page's Markdown is unchanged, so the
`playbook` plugin gives its generated files a `Page` subclass (MkDocs lets a plugin set `File.page`)
whose `render` takes the previous build's HTML when nothing it depends on changed: the Markdown, the
page's address, every file's address (links), and the Markdown settings. Everything after the
conversion (plugins' page events, search, the theme's template) runs as usual.

A page is never taken from the cache when its conversion logged anything (a broken link, say), so
every rebuild repeats the same messages; nor when an extension reads other files (snippets).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

_PAGES_LOGGER = "mkdocs.structure.pages"
_READS_OTHER_FILES = {"pymdownx.snippets", "pymdownx.b64"}
_LINKS = "links_to_anchors"


class RenderCache:
    """Converted pages of the previous build, by source path, with the key they were converted under."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, dict[str, Any]]] = {}
        self._seen: set[str] = set()
        self._titles: dict[str, str | None] = {}
        self._files: Files | None = None
        self._build_key: str | None = None
        """The addresses of every file and the Markdown settings of the current build; None: do not cache."""
        self.hits = 0
        """Pages of the current build taken from the cache (shown in debug output and tests)."""

    def start_build(self, config: MkDocsConfig) -> None:
        self._files = None
        self._seen = set()
        self._titles = _nav_titles(config.nav)
        self.hits = 0

    def finish_build(self) -> None:
        """Forget pages that are gone, so the cache holds one build at most."""
        for src_uri in self._entries.keys() - self._seen:
            del self._entries[src_uri]

    def page(self, file: File, config: MkDocsConfig) -> Page:
        """The page of `file`, converted through this cache (assigned to `file.page`, as MkDocs does),
        with the title `nav` gives it: MkDocs takes a page a plugin made as it is."""
        return _CachedPage(self._titles.get(file.src_uri), file, config, self)

    def convert(self, page: Page, config: MkDocsConfig, files: Files, convert: Callable[[], None]) -> None:
        """Run `convert` (MkDocs' own `Page.render`) unless the previous build converted the same input."""
        key = self._key(page, config, files)
        if key is not None and self._restore(page, key, files):
            return
        before = dict(vars(page))
        with _LogCounter(_PAGES_LOGGER) as logged:
            convert()
        if key is not None and not logged.count:
            changed = {k: v for k, v in vars(page).items() if k not in before or before[k] is not v}
            self._store(page.file.src_uri, key, changed)

    def _key(self, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self._files is not files:  # the first page of a build
            self._files = files
            settings = _markdown_settings(config)
            addresses = "\n".join(f"{f.src_uri}\t{f.url}" for f in files)
            build = f"{settings}\0{addresses}"
            self._build_key = None if settings is None else hashlib.sha256(build.encode()).hexdigest()
        if self._build_key is None or page.markdown is None:
            return None
        parts = (page.file.src_uri, self._build_key, page.markdown)
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def _restore(self, page: Page, key: str, files: Files) -> bool:
        self._seen.add(page.file.src_uri)
        entry = self._entries.get(page.file.src_uri)
        if entry is None or entry[0] != key:
            return False
        rendered = copy.deepcopy(entry[1])
        links = rendered.pop(_LINKS, None)
        if links is not None:
            rendered[_LINKS] = {files.get_file_from_path(uri): anchors for uri, anchors in links.items()}
        vars(page).update(rendered)
        self.hits += 1
        return True

    def _store(self, src_uri: str, key: str, rendered: dict[str, Any]) -> None:
        links = rendered.pop(_LINKS, None)
        rendered = copy.deepcopy(rendered)
        if links is not None:  # kept by path: the next build has new File objects
            rendered[_LINKS] = {file.src_uri: dict(anchors) for file, anchors in links.items()}
        self._entries[src_uri] = (key, rendered)


class _CachedPage(Page):
    """A page whose `render` is skipped when the cache holds its HTML under the same key."""

    def __init__(self, title: str | None, file: File, config: MkDocsConfig, cache: RenderCache) -> None:
        self._render_cache = cache
        super().__init__(title, file, config)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self._render_cache.convert(self, config, files, functools.partial(super().render, config, files))


def _nav_titles(nav: Any) -> dict[str, str | None]:
    """Page path → the title the `nav` setting gives it, read as MkDocs reads `nav` (first mention wins)."""
    titles: dict[str, str | None] = {}

    def walk(item: Any, title: str | None = None) -> None:
        if isinstance(item, str):
            titles.setdefault(item, title)
        elif isinstance(item, dict):
            for key, value in item.items():
                walk(value, key if isinstance(value, str) else None)
        elif isinstance(item, list):
            for entry in item:
                walk(entry)

    walk(nav)
    return titles


def _markdown_settings(config: MkDocsConfig) -> str | None:
    """A stable text of the Markdown extensions and their options; None when caching would be unsound."""
    names = [_fingerprint(extension) for extension in config.markdown_extensions]
    if any(name in _READS_OTHER_FILES for name in names):
        return None
    text = repr((names, _fingerprint(config.mdx_configs)))
    return None if " at 0x" in text else text  # an object without a stable text: do not guess


def _fingerprint(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, dict):
        return sorted((str(k), _fingerprint(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_fingerprint(v) for v in value]
    if isinstance(value, functools.partial):
        return ("partial", _fingerprint(value.func), _fingerprint(value.args), _fingerprint(value.keywords))
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{value.__module__}.{value.__qualname__}"
    return repr(value)


class _LogCounter(logging.Handler):
    """Counts what one logger emits while in use."""

    def __init__(self, name: str) -> None:
        super().__init__(logging.DEBUG)
        self._logger = logging.getLogger(name)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.count += 1

    def __enter__(self) -> _LogCounter:
        self._logger.addHandler(self)
        return self

    def __exit__(self, *_: object) -> None:
        self._logger.removeHandler(self)
