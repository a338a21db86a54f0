"""The MkDocs plugin `playbook`: a thin adapter from the pure page renderer to MkDocs and Material.

It loads and checks `data/` on config, adds every rendered page in memory (`File.generated`), points
"edit this page" at the YAML behind each page, and watches `data/` when serving. Nothing here is
needed by the rest of the engine: replacing MkDocs means replacing this module only.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pathspec
from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext
from pymdownx.slugs import slugify

from playbook.diagnostics import PlaybookError, errors
from playbook.freshness import InvalidToday, today
from playbook.labels import labels
from playbook.leads.funnel_read import site_funnel
from playbook.leads.reconcile_export import site_reconciliation
from playbook.loading import ParseCache
from playbook.mkdocs_parallel import ParallelPages
from playbook.mkdocs_render_cache import FastHtml, LiveSite, RenderCache, generated_page, prepare, search_plugin
from playbook.mkdocs_serve import guard
from playbook.model import Playbook
from playbook.pages import Site, render_site
from playbook.pages.environment import page_environment
from playbook.pages.incremental import PageDependencies, index_pages
from playbook.paths import BUILTIN_GENERATORS, generator_dirs, user_cache_dir
from playbook.project import check_project
from playbook.site_config import config_problems
from playbook.templating import compiled_cache, compiled_templates_dir
from playbook.text.stemming import search_language_script
from playbook.versions.diff import Diff
from playbook.versions.git import TaggedVersions, changes_since_previous

log = logging.getLogger("mkdocs.plugins.playbook")

FEATURES = (
    "navigation.instant",
    "navigation.instant.progress",
    "navigation.top",
    "navigation.footer",
    "search.suggest",
    "search.highlight",
    "content.action.edit",
    "content.tooltips",
)


def palette(labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """Light and dark schemes following the system, with a toggle named in the playbook's language."""
    return [
        {
            "media": "(prefers-color-scheme: light)",
            "scheme": "default",
            "primary": "indigo",
            "accent": "indigo",
            "toggle": {"icon": "material/weather-night", "name": labels["palette_dark"]},
        },
        {
            "media": "(prefers-color-scheme: dark)",
            "scheme": "slate",
            "primary": "indigo",
            "accent": "indigo",
            "toggle": {"icon": "material/weather-sunny", "name": labels["palette_light"]},
        },
    ]


ITEM_KINDS = ("objections", "competitors", "products", "calculators")
ITEM_PAGES = [f"/{kind}/*" for kind in ITEM_KINDS] + [f"!/{kind}/index.md" for kind in ITEM_KINDS]
COMPILED_THEME = "theme-templates"
"""The user-cache folder of the theme's compiled templates (Material's and `generators/theme/`; a project
cannot add its own: `theme.custom_dir` is refused), apart from the sandboxed page templates."""
AUTO_EDIT_URIS = {"edit/master/docs/", "-/edit/master/docs/", "src/default/docs/"}


class PlaybookConfig(base.Config):  # type: ignore[no-untyped-call]
    """Options of the plugin in `mkdocs.yml`."""

    project = c.Optional(c.Type(str))
    """The playbook project folder (holding `data/`); defaults to the folder of `mkdocs.yml`."""
    strict = c.Type(bool, default=False)
    """Content warnings (stale items, missing owners) fail the build."""
    version = c.Optional(c.Type(str))
    """Overrides `version` of `playbook.yaml` on every page."""
    cards = c.Type(bool, default=False)
    """Link the PDF cards built beside the site under `cards/` (`playbook build` turns it on)."""
    branch = c.Type(str, default="main")
    """The branch "edit this page" opens."""
    jobs = c.Optional(c.Type(int))
    """Processes converting pages and rendering their templates in `build` (default: every core, up to 4, for
    100 pages or more; 1: all in MkDocs' own process)."""


class PlaybookPlugin(BasePlugin[PlaybookConfig]):  # type: ignore[no-untyped-call]
    """Renders the playbook's pages into the MkDocs build."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self.root: Path = Path(".")
        self.changes: Diff | None = None
        """What changed since the previous version tag (for badges on pages and cards)."""
        self.preloaded: Playbook | None = None
        """A playbook `playbook build` has already loaded and checked: not read twice."""
        self.render_cache: RenderCache | None = None
        """Pages' HTML kept between the rebuilds of `serve` (MkDocs keeps this plugin for the whole serve)."""
        self.search_script: tuple[str, str] | None = None
        """The site path and content of the search's stemming language (`lunr.pb-<lang>.min.js`)."""
        self.theme_words: dict[str, str] = {}
        """Names the theme overrides (generators/theme/) give Material's search dialog and progress bar."""
        self.playbook: Playbook | None = None
        """The playbook the current site was rendered from."""
        self.live: LiveSite | None = None
        """`serve`: the last build in memory, to rebuild only the pages an edit changes."""
        self.dependencies = PageDependencies()
        self.nav: Navigation | None = None
        self.parallel: ParallelPages | None = None
        """`build`: the workers rendering this build's page templates (`mkdocs_parallel`)."""
        self.directory_urls = True
        self.serving = False
        """`serve`: what loading and rendering make is not frozen (a server's old builds must stay collectable)."""
        self.parse_cache: ParseCache | None = None
        """`serve`: files parsed and validated, read again only once changed."""
        self.tagged_versions = TaggedVersions()
        """The previous version's playbook, read from git once per commit."""
        self.page_environment: tuple[Path, Environment] | None = None
        """`serve`: the pages' Jinja environment of a project, kept so its rebuilds compile nothing again."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps one instance across `serve` rebuilds, and with it the render cache."""
        serving = command == "serve"
        self.render_cache = (self.render_cache or RenderCache()) if serving else None
        self.live = (self.live or LiveSite()) if serving else None
        self.serving = serving
        self.parse_cache = (self.parse_cache or ParseCache()) if serving else None

    # -- config --------------------------------------------------------------------------------

    @event_priority(100)  # before `search`, which reads the theme language in its own on_config
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = self._project_root(config)
        if self.live:
            self.live.forget()
        playbook = self.preloaded or self._load()
        self.preloaded = None  # `serve` rebuilds read the changed files again
        settings = playbook.settings
        self.directory_urls = config.use_directory_urls
        try:
            self.site = self._render_site(playbook)
        except PlaybookError as error:
            raise PluginError("the playbook's pages cannot be rendered:\n" + str(error)) from None
        self.playbook = playbook
        config.site_name = self.site.site_name
        if not config.site_url and settings.site_url:
            config.site_url = settings.site_url
        if not config.copyright:
            config.copyright = self.site.footer
        self._theme(config, settings.language)
        self._search(config, settings.language)
        words = labels(settings.language)
        self.theme_words = {"search_dialog": words["theme_search_dialog"], "page_loading": words["theme_page_loading"]}
        for key in ("not_found_title", "not_found_text", "not_found_home"):  # generators/theme/404.html
            self.theme_words[key] = words[f"theme_{key}"]
        config.mdx_configs.setdefault("toc", {}).setdefault("permalink_title", words["theme_permalink"])
        self._edit_links(config, settings.repo_url)
        self._markdown(config)
        if config.nav is None:
            config.nav = self.site.nav
        if config.not_in_nav is None:
            config.not_in_nav = pathspec.gitignore.GitIgnoreSpec.from_lines(ITEM_PAGES)
        for css in self.site.css:
            if css not in config.extra_css:
                config.extra_css.append(css)
        for script in self.site.javascript:
            if str(script) not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        config.extra.setdefault("generator", False)
        self._refuse_unsafe(config)
        return config

    def _render_site(self, playbook: Playbook, only: set[str] | None = None, previous: Site | None = None) -> Site:
        settings = playbook.settings
        version = self.config.version or settings.version
        changes = changes_since_previous(self.root, playbook, version, self.tagged_versions, freeze=not self.serving)
        if only is not None and previous is not None and changes != self.changes:
            only = only | index_pages(previous.pages)  # What's new and the "updated" badges
        self.changes = changes
        # the leads exports are read before rendering and handed in as data: rendering stays pure
        words = labels(settings.language)
        reconciliation = site_reconciliation(playbook, self.root, words)
        funnel = site_funnel(playbook, self.root, words)
        return render_site(
            playbook,
            self.root,
            version=version,
            directory_urls=self.directory_urls,
            cards=self.config.cards,
            changes=self.changes,
            reconciliation=reconciliation,
            funnel=funnel,
            deals=funnel.deals if funnel else [],
            only=only,
            previous=previous,
            freeze=not self.serving,
            environment=self._page_environment(),
        )

    def _page_environment(self) -> Environment | None:
        """The server's own page environment (a one-shot build lets `render_site` make one)."""
        if not self.serving:
            return None
        if self.page_environment is None or self.page_environment[0] != self.root:
            env = page_environment(generator_dirs(self.root), compiled_templates_dir())
            self.page_environment = (self.root, env)
        return self.page_environment[1]

    @staticmethod
    def _refuse_unsafe(config: MkDocsConfig) -> None:
        """The values Material prints unescaped, checked once final (`mkdocs.yml` or playbook.yaml set them)."""
        keys = (
            "site_url",
            "repo_url",
            "edit_uri",
            "edit_uri_template",
            "site_name",
            "site_description",
            "site_author",
            "copyright",
            "repo_name",
            "nav",
            "extra",
        )
        values: dict[str, object] = {key: config.get(key) for key in keys}
        values["extra_css"] = [str(css) for css in config.extra_css]
        values["extra_javascript"] = [str(script) for script in config.extra_javascript]
        values["theme"] = {key: config.theme.get(key) for key in ("logo", "favicon", "palette")}
        problems = config_problems(values)
        if problems:
            raise PluginError("the site's configuration is not safe to publish:\n" + "\n".join(problems))

    def _load(self) -> Playbook:
        try:
            on = today()
        except InvalidToday as error:
            raise PluginError(str(error)) from None
        checked = check_project(
            self.root, on, strict=self.config.strict, cache=self.parse_cache, freeze=not self.serving
        )
        for diagnostic in checked.diagnostics:
            if diagnostic.severity == "warning":
                log.info(str(diagnostic))
        if checked.playbook is None or errors(checked.diagnostics):
            problems = "\n".join(str(d) for d in errors(checked.diagnostics))
            raise PluginError(f"the playbook has errors:\n{problems}")
        return checked.playbook

    def _project_root(self, config: MkDocsConfig) -> Path:
        base_dir = Path(config.config_file_path or ".").resolve().parent
        project = self.config.project
        return (base_dir / project).resolve() if project else base_dir

    def _theme(self, config: MkDocsConfig, language: str) -> None:
        theme = config.theme
        theme["language"] = language
        if theme.name != "material":
            return
        theme["font"] = False  # no Google Fonts: the site makes no request to another host
        features = list(theme.get("features") or [])
        theme["features"] = features + [f for f in FEATURES if f not in features]
        if not theme.get("palette"):
            theme["palette"] = palette(labels(language))
        overrides = str(BUILTIN_GENERATORS / "theme")
        if overrides not in theme.dirs:
            # After the project's own `custom_dir`, before Material's templates.
            material = next((i for i, d in enumerate(theme.dirs) if Path(d).parts[-2:] == ("material", "templates")), 0)
            theme.dirs.insert(material, overrides)

    def _search(self, config: MkDocsConfig, language: str) -> None:
        """Material's search stems every word of the index and of each query with the playbook's stemmer.

        Material's worker loads `lunr/min/lunr.<lang>.min.js` for each language of its `lang`; the
        language `pb-<lang>` is ours (`on_files` adds its file), with the same Snowball stemmer as the
        glossary tooltips. Stemming inside lunr's pipeline keeps the positions of the words as written,
        so results and highlights show the page's own text. A `lang` set in mkdocs.yml is kept.
        """
        self.search_script = None
        plugin = config.plugins.get("material/search") or config.plugins.get("search")
        if plugin is None or not type(plugin).__module__.startswith("material.") or plugin.config.get("lang"):
            return
        script = search_language_script(language, BUILTIN_GENERATORS / "assets")
        if script is None:
            return
        plugin.config["lang"] = [f"pb-{language}"]
        # Material removes the trimmer, stop-word filter and stemmer missing from `pipeline`: ours stay.
        plugin.config["pipeline"] = ["trimmer", "stopWordFilter", "stemmer"]
        self.search_script = (f"assets/javascripts/lunr/min/lunr.pb-{language}.min.js", script)

    def _edit_links(self, config: MkDocsConfig, repo_url: str | None) -> None:
        """Edit links ("edit this page") only once the repository is known.

        Why: an `edit_uri` relative to an unknown `repo_url` is an invalid link on every page, which
        `--strict` turns into a failed build (a fresh `playbook init` before its first push).
        """
        if not config.repo_url and repo_url:
            config.repo_url = repo_url
        if not config.repo_url:
            if config.edit_uri and "://" not in config.edit_uri:
                config.edit_uri = None
            if config.edit_uri_template and "://" not in config.edit_uri_template:
                config.edit_uri_template = None
            return
        if not config.repo_name:
            config.repo_name = "/".join(config.repo_url.rstrip("/").split("/")[-2:])
        if not config.edit_uri or config.edit_uri in AUTO_EDIT_URIS:
            config.edit_uri = f"edit/{self.config.branch}/"

    def _markdown(self, config: MkDocsConfig) -> None:
        for extension in ("attr_list", "toc", "tables", "admonition"):
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        toc = config.mdx_configs.setdefault("toc", {})
        toc.setdefault("permalink", True)
        toc.setdefault("slugify", slugify(case="lower"))

    @event_priority(-100)  # last: the workers forked here render with what every plugin has set up
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """The words of the theme overrides, in the playbook's language (`playbook_theme.search_dialog`...);
        in `build`, page templates start rendering on every core."""
        env.globals["playbook_theme"] = dict(self.theme_words)
        theme_cache = user_cache_dir(COMPILED_THEME)
        if env.bytecode_cache is None and theme_cache is not None:  # Material's templates compiled once
            env.bytecode_cache = compiled_cache(theme_cache, env.filters)
        if self.live:
            self.live.use_env(env)
        elif self.nav is not None:
            self.parallel = ParallelPages.start(config, files, self.nav, env, self.config.jobs, search_plugin(config))
        return env

    @event_priority(100)  # first: before Material's search and tags look at a page a worker rendered
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if self.parallel:
            self.parallel.take(page, context)
        return context

    # -- files ---------------------------------------------------------------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Only generated pages: raw YAML and unsanitised Markdown of the docs folder never reach the site."""
        assert self.site is not None
        docs_dir = os.path.abspath(config.docs_dir)
        kept = [f for f in files if not (f.src_dir and os.path.abspath(f.src_dir) == docs_dir)]
        out = Files(kept)
        cache = self.render_cache
        if cache:
            cache.start_build(config)
        fast = FastHtml.for_config(config)  # generated pages' HTML without the Markdown parser
        pages = []
        for path, markdown in self.site.pages.items():
            file = File.generated(config, path, content=markdown)
            source = self.site.edit_sources.get(path)
            file.edit_uri = source if source else None
            pages.append(generated_page(file, config, cache, fast))
            out.append(file)
        if fast is not None and cache is None:  # a build, not `serve` (its cache keeps pages' HTML instead)
            prepare(pages, fast, self.config.jobs)
        for path, content in self.site.assets.items():
            out.append(File.generated(config, path, content=content))
        if self.search_script is not None:
            out.append(File.generated(config, self.search_script[0], content=self.search_script[1]))
        return out

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        if self.live:
            self.live.start(config, files, nav)
        return nav

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_workers()

    def _stop_workers(self) -> None:
        if self.parallel:
            self.parallel.close()
            self.parallel = None

    @event_priority(100)  # first: pages have their own metadata back before any other plugin looks
    def on_post_build(self, config: MkDocsConfig) -> None:
        self._stop_workers()
        if self.render_cache:
            log.debug(f"{self.render_cache.hits} pages' HTML taken from the previous build")
            self.render_cache.finish_build()
        if self.live:
            self.live.finish(self.root)

    def rebuild_changed_pages(self) -> bool:
        """`serve`, after a save: render and build again only the pages the edit changes (`pages.incremental`).

        False when that cannot be done (the first build, a failed one, a change outside `data/`, errors in
        the content, a navigation change): MkDocs then builds the whole site, as before.
        """
        live, site, before = self.live, self.site, self.playbook
        if live is None or site is None or before is None or not live.only_content_changed(self.root):
            return False
        try:
            playbook = self._load()
        except PluginError:
            return False  # the full build reports the errors
        pages = self.dependencies.pages_to_render(before, playbook, site.pages)
        if pages is None:
            self.preloaded = playbook  # not read twice by the full build
            return False
        try:
            new = self._render_site(playbook, only=pages, previous=site)
            if not live.rebuild(site, new, self.root):
                self.preloaded = playbook
                return False
        except Exception as error:  # noqa: BLE001 - the full build that follows reports it properly
            log.debug(f"rebuilding only the changed pages failed ({error}); building the whole site")
            return False
        self.site, self.playbook = new, playbook
        log.info(f"Rebuilt {len(live.rebuilt)} page(s) the edit changed, of {len(new.pages)}")
        return True

    # -- serve ---------------------------------------------------------------------------------

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Rebuild when any content file or the project's own templates change."""
        for folder in (self.root / "data", self.root / "generators"):
            if folder.is_dir():
                server.watch(str(folder))
        guard(server, self.root)  # a failed rebuild shows its errors on every page instead of hanging
        return server
