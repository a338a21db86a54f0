"""The MkDocs `Page` every generated page gets (`generated_page`), and the ways it avoids converting Markdown.

In every build, a generated page's HTML is written without the Markdown parser where it can be (`FastHtml`,
below). During `playbook serve`, HTML is also kept between rebuilds (`RenderCache`), and after an edit only
the pages whose Markdown changed are built again into the served site (`LiveSite`).

MkDocs converts every page's Markdown on every rebuild: its `--dirty` mode would skip pages but leave
navigation and search stale. After one YAML edit almost every page's Markdown is unchanged, so the
`playbook` plugin gives its generated files a `Page` subclass (MkDocs lets a plugin set `File.page`)
whose `render` takes the previous build's HTML when nothing it depends on changed: the Markdown, the
page's address, every file's address (links), and the Markdown settings. Everything after the
conversion (plugins' page events, search, the theme's template) runs as usual.

A page is never taken from the cache when its conversion logged anything (a broken link, say), so
every rebuild repeats the same messages; nor when an extension reads other files (snippets).

Generated pages skip the Markdown parser altogether (`FastHtml`): Playbook already rendered their fields
to HTML, and what is left of Markdown in them is ATX headings (`## Say { #say }`) between blocks of raw
HTML. For such a page the HTML, table of contents and title are written here exactly as Python-Markdown,
its `toc` and `attr_list` extensions and MkDocs would make them (a test builds sites both ways and
compares them byte for byte). Any page holding anything else (a list, a link, a tab, an unusual tag),
or a build whose Markdown extensions or `toc` options are not the known ones, is converted by MkDocs.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import html
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
from jinja2 import Environment
from markdown.extensions.toc import TocTreeprocessor, nest_toc_tokens, unique
from markdown.serializers import _escape_attrib_html, _escape_cdata
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page, _HTMLHandler
from mkdocs.structure.toc import _TocToken, get_toc
from mkdocs.utils.meta import get_data

from playbook.bulk import fork_map
from playbook.pages import Site

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

    def title(self, file: File) -> str | None:
        """The title `nav` gives the page of `file`: MkDocs takes a page a plugin made as it is."""
        return self._titles.get(file.src_uri)

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
    """A generated page: converted by `FastHtml` when it can, else taken from the cache or by MkDocs."""

    def __init__(
        self, title: str | None, file: File, config: MkDocsConfig, cache: RenderCache | None, fast: FastHtml | None
    ) -> None:
        self._render_cache = cache
        self._fast_html = fast
        self._anchor_source: str | None = None
        self._anchor_ids: set[str] | None = None
        self.prepared: tuple[str, Converted | None] | None = None
        """The Markdown this page is expected to have once read, and its conversion made ahead (`prepare`)."""
        super().__init__(title, file, config)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        convert = functools.partial(self._convert, config, files)
        if self._render_cache is None:
            convert()
        else:
            self._render_cache.convert(self, config, files, convert)

    def _convert(self, config: MkDocsConfig, files: Files) -> None:
        if self.prepared is not None and self.prepared[0] == self.markdown:
            converted = self.prepared[1]
        else:
            converted = self._fast_html.convert(self.markdown or "") if self._fast_html else None
        self.prepared = None
        if converted is None:
            super().render(config, files)
            return
        self.content = converted.html
        self.toc = get_toc(converted.toc_tokens)
        self._title_from_render = converted.title
        self._anchor_source, self._anchor_ids = self.markdown, set(converted.ids)
        # Only the permalinks link to anchors here, and only to this page's own headings: always valid.
        self.links_to_anchors = {}

    @property
    def present_anchor_ids(self) -> set[str] | None:
        """The ids a link may point to; of a page converted here, read from its raw HTML only when asked."""
        if self._anchor_source is not None and self._anchor_ids is not None:
            parser = _HTMLHandler()  # what MkDocs' own conversion reads the raw HTML with
            parser.feed(self._anchor_source)
            parser.close()
            self._anchor_ids |= parser.present_anchor_ids
            self._anchor_source = None
        return self._anchor_ids

    @present_anchor_ids.setter
    def present_anchor_ids(self, ids: set[str] | None) -> None:
        self._anchor_source, self._anchor_ids = None, ids


def prepare(pages: Sequence[Page], fast: FastHtml, workers: int | None = None) -> None:
    """Convert generated pages ahead, on every core (`fork_map`), before MkDocs reads them one by one.

    Each page keeps the Markdown its conversion was made from: a plugin that changes the Markdown once
    read (Material's tags, on its index page) has that page converted again, as MkDocs would.
    """
    ours = [page for page in pages if isinstance(page, _CachedPage) and page.file.generated_by]
    texts = [get_data(page.file.content_string)[0] for page in ours]
    converted = fork_map(lambda i: fast.convert(texts[i]), len(texts), workers)
    for page, text, made in zip(ours, texts, converted, strict=True):
        page.prepared = (text, made)


def generated_page(file: File, config: MkDocsConfig, cache: RenderCache | None, fast: FastHtml | None) -> Page:
    """The page of a generated `file` (assigned to `file.page`, as MkDocs does), with the title `nav` gives it."""
    title = cache.title(file) if cache else _nav_titles(config.nav).get(file.src_uri)
    return _CachedPage(title, file, config, cache, fast)


# -- generated pages without the Markdown parser ------------------------------------------------------------

_KNOWN_PROCESSORS = {
    "preprocessors": {"normalize_whitespace", "html_block", "fenced_code_block"},
    "blockprocessors": {
        "empty",
        "indent",
        "code",
        "hashheader",
        "setextheader",
        "hr",
        "olist",
        "ulist",
        "quote",
        "reference",
        "paragraph",
        "table",
        "admonition",
    },
    "inlinePatterns": {
        "backtick",
        "escape",
        "reference",
        "link",
        "image_link",
        "image_reference",
        "short_reference",
        "short_image_ref",
        "autolink",
        "automail",
        "linebreak",
        "html",
        "entity",
        "em_strong",
    },
    "treeprocessors": {"inline", "prettify", "unescape", "attr_list", "toc"},
    "postprocessors": {"raw_html", "amp_substitute"},
}
"""What Python-Markdown with `attr_list`, `toc`, `tables`, `admonition` and `fenced_code` runs: what is emulated here
(only headings and raw HTML; a page where any other of these would act is converted by MkDocs)."""

_HEADING = re.compile(
    r"(#{1,6})[ ]+((?:[^\\`*_{}\[\]<>&#\n]|&#[0-9]{1,7};)+?)(?:[ ]+\{[ ]*#([A-Za-z][A-Za-z0-9_-]*)[ ]*\})?[ ]*\n"
)
"""A heading line as templates write it: plain text (character references only) and an optional `{ #id }`."""
_TAG = re.compile(
    r"""<(/?)([a-zA-Z][^\t\n\r\f />\x00`]*)"""
    r"""((?:[\t\n\r\f ]+[^\t\n\r\f />"'=`<]+(?:[\t\n\r\f ]*=[\t\n\r\f ]*(?:"[^"]*"|'[^']*'|[^\t\n\r\f "'>`=<]+))?)*)"""
    r"""[\t\n\r\f ]*(/?)>"""
)
_REWRITTEN = re.compile(r"\n +\n|^(?:~~~|```)", re.M)
"""Lines Python-Markdown changes before reading raw HTML: blank lines holding spaces, code fences."""
_COMMENT_END = re.compile(r"--!?>")
_CDATA_END = {"script": re.compile(r"</script", re.I), "style": re.compile(r"</style", re.I)}


@dataclass(frozen=True)
class Converted:
    """A page's HTML as MkDocs' conversion makes it, with what that conversion leaves on the page."""

    html: str
    toc_tokens: list[_TocToken]
    title: str | None
    ids: list[str]


@dataclass(frozen=True)
class FastHtml:
    """Converts pages made of ATX headings and raw HTML blocks as Python-Markdown would, without parsing.

    Built from the build's own Markdown settings (a `markdown.Markdown` made from them, as MkDocs makes one
    for every page), so the headings' ids, permalinks and levels follow `toc`'s options.
    """

    block_level: frozenset[str]
    slugify: Callable[[str, str], str]
    separator: str
    base_level: int
    toc_top: int
    toc_bottom: int
    permalink: str | None
    """The permalink's HTML after each heading's text, `{id}` standing for its id; None: no permalinks."""

    @classmethod
    def for_config(cls, config: MkDocsConfig) -> FastHtml | None:
        """The converter for these Markdown settings; None when they hold anything it does not emulate."""
        try:
            md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})
        except Exception:  # noqa: BLE001 - MkDocs reports bad settings itself, on its own conversion
            return None
        registries = {
            "preprocessors": md.preprocessors,
            "blockprocessors": md.parser.blockprocessors,
            "inlinePatterns": md.inlinePatterns,
            "treeprocessors": md.treeprocessors,
            "postprocessors": md.postprocessors,
        }
        for name, registry in registries.items():
            if {item.name for item in registry._priority} - _KNOWN_PROCESSORS[name]:
                return None
        toc = md.treeprocessors["toc"] if "toc" in md.treeprocessors else None  # noqa: SIM401 (no get)
        if not isinstance(toc, TocTreeprocessor) or "attr_list" not in md.treeprocessors:
            return None
        if toc.use_anchors or toc.permalink_leading or not callable(toc.slugify):
            return None
        permalink: str | None = None
        if toc.use_permalinks not in (False, None):
            text = "&para;" if toc.use_permalinks is True else _escape_cdata(str(toc.use_permalinks))
            attributes = [f'class="{_escape_attrib_html(toc.permalink_class)}"', 'href="#{id}"']
            if toc.permalink_title:
                attributes.append(f'title="{_escape_attrib_html(toc.permalink_title)}"')
            if "{" in "".join(attributes[0::2]) or "{" in text:
                return None  # braces would be read as placeholders below
            permalink = f"<a {' '.join(attributes)}>{text}</a>"
        return cls(
            frozenset(md.block_level_elements),
            toc.slugify,
            toc.sep,
            toc.base_level,
            toc.toc_top,
            toc.toc_bottom,
            permalink,
        )

    def convert(self, text: str) -> Converted | None:
        """The HTML of `text` (a page's Markdown without its front matter), or None to let MkDocs convert it."""
        if "\t" in text or "\r" in text or "\x02" in text or "\x03" in text or _REWRITTEN.search(text):
            return None  # Python-Markdown rewrites these first
        text = text.lstrip("\n")
        if not text.endswith("\n"):
            text += "\n"
        blocks: list[str] = []
        headings: list[tuple[int, int, str, str | None]] = []  # (block index, level, text, explicit id)
        position, end = 0, len(text)
        while position < end:
            if text[position] == "\n":
                position += 1
                continue
            if text[position] == "#":
                heading = _HEADING.match(text, position)
                if heading is None:
                    return None
                headings.append((len(blocks), len(heading.group(1)), heading.group(2), heading.group(3)))
                blocks.append("")
                position = heading.end()
                continue
            closed = self._raw_block(text, position)
            if closed is None:
                return None
            if text.startswith("\n\n", closed) or closed >= end - 1:
                blocks.append(text[position:closed] + "\n")  # as Python-Markdown stashes a block before a blank line
            else:
                blocks.append(text[position:closed])
            position = closed + 1
        return self._with_headings(blocks, headings)

    def _raw_block(self, text: str, start: int) -> int | None:
        """Where the raw HTML block at `start` ends (just after its closing tag, at an end of line), as
        Python-Markdown's HTML extractor finds it; None when it is not one or anything in it is unusual."""
        first = _TAG.match(text, start)
        if first is None or first.group(1) or first.group(4) or first.group(2).lower() not in self.block_level:
            return None
        if first.group(2).lower() == "hr":
            return None
        stack: list[str] = []
        position = start
        while True:
            opening = text.find("<", position)
            if opening < 0:
                return None
            after = text[opening + 1 : opening + 2]
            if after == "!":
                if not text.startswith("<!--", opening) or text.startswith(("<!-->", "<!--->"), opening):
                    return None
                close = _COMMENT_END.search(text, opening + 4)
                if close is None or close.group() != "-->":
                    return None
                position = close.end()
                continue
            tag = _TAG.match(text, opening)
            if tag is None:
                if after == "/" or after == "?" or after.isascii() and after.isalpha():
                    return None  # a tag this does not read the way the HTML parser would: do not guess
                position = opening + 1
                continue
            closing, name, attributes, self_closing = tag.groups()
            name = name.lower()
            position = tag.end()
            if closing:
                if attributes or self_closing:
                    return None
                if name in stack:
                    while stack.pop() != name:
                        pass
                if not stack:
                    return position if text.startswith("\n", position) else None
            elif not self_closing and name != "hr":
                stack.append(name)
                if name in _CDATA_END:
                    content_end = _CDATA_END[name].search(text, position)
                    if content_end is None:
                        return None
                    position = content_end.start()

    def _with_headings(self, blocks: list[str], headings: list[tuple[int, int, str, str | None]]) -> Converted:
        used = {explicit for _, _, _, explicit in headings if explicit}
        counters: dict[str, int] = {}
        tokens: list[dict[str, Any]] = []
        ids: list[str] = []
        title: str | None = None
        for index, level, inner, explicit in headings:
            level = min(level + self.base_level, 6)
            name = " ".join(inner.split())
            anchor = explicit or unique(self.slugify(html.unescape(name), self.separator), used, counters)
            ids.append(anchor)
            if self.toc_top <= level <= self.toc_bottom:
                tokens.append({"level": level, "id": anchor, "name": name, "html": inner, "data-toc-label": ""})
            escaped = _escape_attrib_html(anchor)
            link = self.permalink.replace("{id}", escaped) if self.permalink else ""
            blocks[index] = f'<h{level} id="{escaped}">{inner}{link}</h{level}>'
            if index == 0 and level == 1:
                title = name
        return Converted("\n".join(blocks).strip(), nest_toc_tokens(tokens), title, ids)


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


# -- serve: rebuilding only the pages an edit changed --------------------------------------------------------


@dataclass
class _Built:
    """What MkDocs made in the last full build of a `serve`, kept to build single pages again."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Environment | None = None


class LiveSite:
    """The last build of `playbook serve`, in memory, and the files it was built from.

    After an edit of `data/` only, the plugin renders the pages the edit changes (`pages.incremental`) and
    hands the new site here: when the navigation, the assets and every page's front matter are unchanged,
    the changed pages alone are read, converted and built into the served folder again (MkDocs' own steps,
    with every plugin's page events), their search entries replaced in place and the search index written.
    Anything else (`mkdocs.yml`, templates, a page added or removed, a title or tag changed) needs a full build.
    """

    def __init__(self) -> None:
        self._built: _Built | None = None
        self._env: Environment | None = None
        self._stamps: dict[str, tuple[int, int]] = {}
        self.rebuilt: list[str] = []
        """The pages the last incremental rebuild built again (shown in debug output and tests)."""

    def start(self, config: MkDocsConfig, files: Files, nav: Navigation) -> None:
        """A full build has read its files and navigation (`on_nav`)."""
        self._built = _Built(config, files, nav)

    def use_env(self, env: Environment) -> None:
        """The full build's template environment (`on_env`)."""
        self._env = env

    def finish(self, root: Path) -> None:
        """A full build is written (`on_post_build`): what it was built from, to tell what changes next."""
        if self._built is not None:
            self._built.env = self._env
        self._stamps = _stamps(root, self._built.config if self._built else None)

    def forget(self) -> None:
        """A build started or failed: the next rebuild is a full one."""
        self._built = None

    def only_content_changed(self, root: Path) -> bool:
        """Whether everything changed since the last build is under `data/` (and something is)."""
        if self._built is None or self._built.env is None:
            return False
        stamps = _stamps(root, self._built.config)
        changed = {path for path in stamps.keys() | self._stamps.keys() if stamps.get(path) != self._stamps.get(path)}
        data = str(root / "data") + os.sep
        return bool(changed) and all(path.startswith(data) for path in changed)

    def rebuild(self, old: Site, new: Site, root: Path) -> bool:
        """Build the pages whose Markdown differs between `old` and `new`; False (nothing written): a full
        build is needed."""
        built = self._built
        if built is None or built.env is None or not _same_frame(old, new):
            return False
        changed = [path for path, markdown in new.pages.items() if old.pages[path] != markdown]
        if any(_front_matter(old.pages[path]) != _front_matter(new.pages[path]) for path in changed):
            return False
        entries = _search_entries(built.config)
        if entries is False:
            return False
        self._built = None  # until these pages are written: a failure below leaves a full build to do
        config, files, nav, env = built.config, built.files, built.nav, built.env
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for path in changed:
            file = files.get_file_from_path(path)
            page = file.page if file is not None else None
            if file is None or page is None:
                return False
            file.content_string = new.pages[path]
            _populate_page(page, config, files)
            build = functools.partial(_build_page, page, config, doc_files, nav, env)
            if isinstance(entries, list):
                _replace_entries(entries, page, build)
            else:
                build()
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        if entries is not None and changed:
            search = search_plugin(config)
            assert search is not None
            search.on_post_build(config=config)
        self.rebuilt = changed
        self._built = built
        self._stamps = _stamps(root, config)
        return True


def _same_frame(old: Site, new: Site) -> bool:
    """Whether everything but the pages' bodies is the same: navigation, assets, sources, names."""
    return (
        list(old.pages) == list(new.pages)
        and old.nav == new.nav
        and old.assets == new.assets
        and old.css == new.css
        and old.javascript == new.javascript
        and old.edit_sources == new.edit_sources
        and (old.site_name, old.footer, old.language) == (new.site_name, new.footer, new.language)
    )


def _front_matter(markdown: str) -> str:
    """The YAML front matter of a generated page (title, tags): what MkDocs, search and tags read of it."""
    if not markdown.startswith("---\n"):
        return ""
    end = markdown.find("\n---\n", 4)
    return markdown if end < 0 else markdown[: end + 5]


def search_plugin(config: MkDocsConfig) -> Any:
    for plugin in config.plugins.values():
        if hasattr(plugin, "search_index") and hasattr(plugin, "on_post_build"):
            return plugin
    return None


def _search_entries(config: MkDocsConfig) -> list[dict[str, Any]] | None | bool:
    """The search index's entries to update in place; None: no search plugin; False: one this cannot update.

    Relies on the search plugins of Material and MkDocs 1.x (`search_index.entries` / `_entries`)."""
    plugin = search_plugin(config)
    if plugin is None:
        return None
    index = plugin.search_index
    entries = getattr(index, "entries", getattr(index, "_entries", None))
    if not isinstance(entries, list) or getattr(plugin, "search_index_prev", None) is not None:
        return False
    return entries


def _replace_entries(entries: list[dict[str, Any]], page: Page, build: Callable[[], None]) -> None:
    """Build `page`, its new search entries taking the place of its old ones (the index keeps page order)."""
    url = page.url
    old = [i for i, entry in enumerate(entries) if str(entry.get("location", "")).split("#")[0] == url]
    for i in reversed(old):
        del entries[i]
    start = old[0] if old else len(entries)
    end = len(entries)
    build()
    added = entries[end:]
    del entries[end:]
    entries[start:start] = added


def _stamps(root: Path, config: MkDocsConfig | None) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file a build reads: `data/`, `generators/`, `mkdocs.yml`."""
    stamps: dict[str, tuple[int, int]] = {}
    folders = [root / "data", root / "generators"]
    if config is not None and config.config_file_path:
        _stamp(Path(config.config_file_path), stamps)
    for folder in folders:
        for directory, _, names in os.walk(folder):
            for name in names:
                _stamp(Path(directory, name), stamps)
    return stamps


def _stamp(path: Path, stamps: dict[str, tuple[int, int]]) -> None:
    try:
        status = path.stat()
    except OSError:
        return
    stamps[str(path)] = (status.st_mtime_ns, status.st_size)
