"""Page templates rendered on every core: the part of a MkDocs build that plain MkDocs does on one.

After every page is converted, MkDocs renders the theme's template for each page, one after another,
and Material's search parses each page's HTML again to index it: together most of a large build. When
forking is safe (`playbook build`, not `serve`, whose server runs threads), `ParallelPages` forks workers
at `on_env`, which render pages' templates and index them (`Streamed`, `playbook/bulk.py`) while MkDocs
copies assets and builds its static templates. MkDocs' own loop then writes each page as always, in
order, through every plugin's `on_post_page`, but takes the template's output from the worker: the page
is given the template `playbook/prebuilt.html`, which prints that output, and Material's documented
`search: exclude` until its template is rendered, so that it is not indexed twice; the worker's search
entries are put in the index at the page's place, and what the worker logged is logged here. The site
is byte for byte the one a single process builds (a test compares them).

Only plugins known to keep nothing from `on_page_context` may run beside it (Material's search and tags,
and `playbook`): a build with any other plugin that has such an event renders its pages in one process.
A page a worker could not render (an error, a killed worker) is rendered here, so that MkDocs reports it
as it would any page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from jinja2 import ChoiceLoader, DictLoader, Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from playbook.bulk import NotDone, Streamed, available_workers

log = logging.getLogger("mkdocs.plugins.playbook")

PREBUILT = "playbook/prebuilt.html"
"""The template MkDocs renders for a page a worker rendered: the worker's output, as it is."""
PARALLEL_FROM = 100
"""Fewer pages than this are rendered in one process: starting workers would cost more than it saves."""
KNOWN_PAGE_CONTEXT = {"material/search", "search", "material/tags", "tags", "playbook"}
"""Plugins whose `on_page_context` keeps nothing a worker's copy would lose (search: its entries, sent back)."""


@dataclass(frozen=True)
class Rendered:
    """What a worker made of one page: the template's output, its search entries and what it logged."""

    html: str
    entries: list[dict[str, Any]]
    logged: list[tuple[str, int, str]]


class ParallelPages:
    """The pages of one build whose templates workers render; `take` hands each to MkDocs in its turn."""

    def __init__(
        self, streamed: Streamed[Rendered], pages: Sequence[Page], config: MkDocsConfig, env: Environment, search: Any
    ) -> None:
        self._streamed = streamed
        self._tasks = {page.file.src_uri: i for i, page in enumerate(pages)}
        """Source path → the worker task rendering the page, until MkDocs' loop takes it."""
        self._meta = {page.file.src_uri: (page, dict(page.meta)) for page in pages}
        """Each page's own metadata, given back at its turn."""
        self._env = env
        self._search = search
        self._html: dict[str, str] = {}
        tags = config.plugins.get("material/tags") or config.plugins.get("tags")
        self._tags_variable: str | None = getattr(getattr(tags, "config", None), "tags_name_variable", None)

    @classmethod
    def start(
        cls, config: MkDocsConfig, files: Files, nav: Navigation, env: Environment, workers: int | None, search: Any
    ) -> ParallelPages | None:
        """Fork the workers, or None where rendering here is as quick or the only safe way (a process with
        threads: `available_workers` is 1). `search` is the build's search plugin, if any."""
        documents = files.documentation_pages(inclusion=InclusionLevel.is_included)
        pages = [file.page for file in documents if file.page is not None]
        count = available_workers() if workers is None else min(workers, available_workers())
        if count < 2 or (workers is None and len(pages) < PARALLEL_FROM) or len(pages) != len(documents):
            return None
        index = _material_index(search)
        if index is False or _unknown_page_context(config):
            return None
        task = _renderer(config, nav, env, documents, index)
        streamed = Streamed(lambda i: task(pages[i]), len(pages), count)
        log.debug(f"{len(pages)} page templates rendered by {count} worker processes")
        parallel = cls(streamed, pages, config, env, index)
        # From here on, in this process only (the workers render with each page's own template and index it):
        prebuilt = DictLoader({PREBUILT: "{{ playbook_prebuilt() }}"})
        env.loader = ChoiceLoader([prebuilt, env.loader] if env.loader else [prebuilt])
        env.globals["playbook_prebuilt"] = parallel._prebuilt
        for page in pages:
            search_meta = page.meta.get("search")
            page.meta["search"] = {**(search_meta if isinstance(search_meta, dict) else {}), "exclude": True}
            page.meta["template"] = PREBUILT
        return parallel

    def take(self, page: Page, context: TemplateContext) -> None:
        """At the page's turn in MkDocs' loop (its `on_page_context`, first of all): the worker's output.

        Why the tags: Material's tags plugin fills `context["tags"]` unless it is there; the prebuilt
        template reads nothing of the context, so it is filled here and the plugin does not work for nothing.
        """
        source = page.file.src_uri
        task = self._tasks.pop(source, None)
        if task is None:
            return
        try:
            rendered = self._streamed.take(task)
        except NotDone:  # rendered here, indexed by search as usual: an error is reported as for any page
            self._give_back(source)
            return
        for name, level, message in rendered.logged:
            logging.getLogger(name).log(level, message)
        if self._search is not None:
            self._search.entries.extend(rendered.entries)
        self._html[source] = rendered.html
        if self._tags_variable:
            cast(dict[str, Any], context).setdefault(self._tags_variable, [])

    @pass_context
    def _prebuilt(self, context: Context) -> Markup:
        """The template `playbook/prebuilt.html`: the worker's output, or the page's own template's here."""
        page = context["page"]
        source = page.file.src_uri
        if source in self._meta:
            self._give_back(source)
        html = self._html.pop(source, None)
        if html is None:
            html = self._env.get_template(page.meta.get("template", "main.html")).render(context.get_all())
        return Markup(html)

    def close(self) -> None:
        """Stop the workers (the build is over, or failed) and give every page its own metadata back."""
        self._streamed.close()
        for source in list(self._meta):
            self._give_back(source)
        self._tasks.clear()

    def _give_back(self, source: str) -> None:
        page, meta = self._meta.pop(source)
        page.meta.clear()
        page.meta.update(meta)


def _renderer(
    config: MkDocsConfig, nav: Navigation, env: Environment, documents: Sequence[File], search: Any
) -> Callable[[Page | None], Rendered]:
    """In a worker: the steps of MkDocs' `_build_page` up to the template's output, for one page."""

    def render(page: Page | None) -> Rendered:
        assert page is not None
        logged = _Captured()
        for name in ("", "mkdocs"):  # a worker's messages are logged by the parent, in page order
            logging.getLogger(name).handlers = [logged]
        logging.getLogger("mkdocs").propagate = False
        if search is not None:
            search.entries.clear()
        config._current_page = page
        page.active = True
        context = get_context(nav, documents, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        html = template.render(context)
        page.active = False
        entries: list[dict[str, Any]] = []
        if search is not None:
            entries = list(search.entries)
            search.entries.clear()
        return Rendered(html, entries, logged.records)

    return render


class _Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _material_index(plugin: Any) -> Any:
    """Material's search index (its `entries` grow page by page); None without search; False for
    another search plugin, whose index this cannot fill."""
    if plugin is None or not getattr(plugin.config, "enabled", True):
        return None
    index = getattr(plugin, "search_index", None)
    material = type(plugin).__module__.startswith("material.") and hasattr(index, "add_entry_from_context")
    return index if material and isinstance(getattr(index, "entries", None), list) else False


def _unknown_page_context(config: MkDocsConfig) -> bool:
    """Whether a plugin might keep something from `on_page_context` that a worker's copy would lose."""
    for name, plugin in config.plugins.items():
        for event in ("on_page_context", "on_template_context"):
            method = getattr(type(plugin), event, None)
            if method is not None and method is not getattr(BasePlugin, event, None) and name not in KNOWN_PAGE_CONTEXT:
                return True
    return False
