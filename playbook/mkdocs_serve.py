"""`playbook serve` on MkDocs' live-reload server, made to answer every request whatever the content holds.

MkDocs' server, when a rebuild fails, keeps the request threads waiting for a build that never completes
(the page hangs) or goes on showing the old site. Guarded here: a failed build is caught, and until the next
good one every path answers with one page listing the problems (`path:line:column: message`, escaped),
which reloads itself once they are fixed. Requests never reach a file outside the built site, whatever
`..`, `%2e%2e` or symlink they hold.

Part of the MkDocs adapter (with `mkdocs_plugin`); it relies on `LiveReloadServer` internals of MkDocs 1.x.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import BuildError
from mkdocs.livereload import LiveReloadServer, _serve_url

from playbook.diagnostics import PlaybookError
from playbook.labels import LANGUAGES, labels

log = logging.getLogger("mkdocs.plugins.playbook")

POLLING = 0.2
"""Seconds between two looks at the watched files (MkDocs: 0.5): a saved edit is seen sooner."""
LANGUAGE_LINE = re.compile(rb"^language:\s*['\"]?([a-z]{2})['\"]?\s*(?:#.*)?$", re.M)
StartResponse = Callable[..., Any]


@dataclass
class Health:
    """What the last build left: its problems (empty when it succeeded) and the playbook's language."""

    root: Path
    problems: list[str] = field(default_factory=list)
    language: str = "en"

    def run(self, build_site: Callable[..., None], *args: Any) -> None:
        """Build; a failure is kept (and logged) instead of raised."""
        try:
            build_site(*args)
        except (Exception, SystemExit) as error:
            self.problems = problems_of(error)
            self.language = _language(self.root)
            if not any(isinstance(link, BuildError) for link in _chain(error)):  # MkDocs has not logged them
                for problem in self.problems:
                    log.error(problem)
            log.error("every page shows these problems until they are fixed")
        else:
            self.problems = []


def guard(server: LiveReloadServer, root: Path) -> Health:
    """Make `server` survive failed builds and refuse paths outside its site; idempotent."""
    existing = getattr(server, "playbook_health", None)
    if isinstance(existing, Health):
        return existing
    health = Health(root.resolve())
    build_site = server.builder
    serve_file = server._serve_request

    def builder() -> None:
        health.run(build_site)

    def serve_request(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes] | None:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path.startswith("/livereload/"):
            return serve_file(environ, start_response)
        with server._epoch_cond:  # a request waits for the build in progress, as MkDocs' own does
            server._epoch_cond.wait_for(lambda: server._visible_epoch == server._wanted_epoch)
            epoch = server._visible_epoch
        if health.problems:
            page = error_page(health.problems, health.language)
            if server._watched_paths:
                page = server._inject_js_into_html(page, epoch)  # type: ignore[no-untyped-call]
            start_response(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(page))),
                    ("Cache-Control", "no-store"),
                ],
            )
            return [page]
        if not inside_site(server.root, server.mount_path, path):
            return None  # MkDocs answers 404 (with the site's own 404 page)
        return serve_file(environ, start_response)

    server.builder = builder
    server._serve_request = serve_request  # type: ignore[method-assign]
    server.playbook_health = health  # type: ignore[attr-defined]
    return health


def inside_site(root: str, mount_path: str, path: str) -> bool:
    """Whether a request path names a file inside `root` (links resolved), as MkDocs' server maps it.

    A path outside the mount path is left to MkDocs (it redirects `/` and answers 404 to the rest).
    """
    if "\0" in path:
        return False
    if not (path + "/").startswith(mount_path):
        return True
    relative = path[len(mount_path) :]
    if path.endswith("/"):
        relative += "index.html"
    relative = posixpath.normpath("/" + relative).lstrip("/")
    real_root = os.path.realpath(root)
    target = os.path.realpath(os.path.join(real_root, relative))
    return target == real_root or target.startswith(real_root + os.sep)


def problems_of(error: BaseException) -> list[str]:
    """The problems a failed build reports, one line each: the diagnostics when there are some."""
    chain = _chain(error)
    for link in chain:
        if isinstance(link, PlaybookError):
            return [str(d) for d in link.diagnostics]
    for link in chain:
        text = str(link).strip()
        if not text or text == "Aborted with a BuildError!" or isinstance(link, SystemExit):
            continue
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) > 1 and lines[0].endswith(":"):  # "the playbook has errors:" and then each of them
            lines = lines[1:]
        return lines
    return [f"the build failed ({type(error).__name__})"]


def _chain(error: BaseException) -> list[BaseException]:
    """`error` and the errors it was raised from or during."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def error_page(problems: list[str], language: str) -> bytes:
    """The page served for every path while the build has failed; every problem HTML-escaped."""
    words = labels(language if language in LANGUAGES else "en")
    title = html.escape(words["serve_errors_title"])
    items = "\n".join(f"<li><code>{html.escape(problem)}</code></li>" for problem in problems)
    intro = html.escape(words["serve_errors_intro"].format(count=len(problems)))
    return (
        f'<!doctype html>\n<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n"
        f"<p>{intro}</p>\n<ul>\n{items}\n</ul>\n<p>{html.escape(words['serve_errors_hint'])}</p>\n"
        "</main>\n</body>\n</html>\n"
    ).encode()


STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}"
    "h1{color:#b00020}ul{padding-left:1.2rem}li{margin:.4rem 0}"
    "code{white-space:pre-wrap;word-break:break-word;font-size:.95rem}"
)


def _language(root: Path) -> str:
    """The language `data/playbook.yaml` names, read without loading it (it may be what is broken)."""
    path = root / "data" / "playbook.yaml"
    try:
        if not path.resolve().is_relative_to(root):
            return "en"
        with path.open("rb") as file:
            match = LANGUAGE_LINE.search(file.read(65536))
    except OSError:
        return "en"
    language = match.group(1).decode() if match else "en"
    return language if language in LANGUAGES else "en"


def serve(config_file: Path, root: Path, dev_addr: str, overrides: dict[str, Any]) -> None:
    """Serve the site built from `config_file` until interrupted, rebuilding when watched files change.

    MkDocs' `serve` command, except that the first build may fail too: the server starts and shows why.
    A broken `mkdocs.yml` at start raises MkDocs' `ConfigurationError`.
    """
    site_dir = tempfile.mkdtemp(prefix="playbook-serve-")

    def get_config() -> MkDocsConfig:
        return load_config(config_file=str(config_file), site_dir=site_dir, dev_addr=dev_addr, **overrides)

    try:
        config = get_config()
        config.plugins.on_startup(command="serve", dirty=False)
        host, port = config.dev_addr
        mount_path = urlsplit(config.site_url or "/").path
        config.site_url = serve_url = _serve_url(host, port, mount_path)

        first = config

        def builder(config: MkDocsConfig | None = None) -> None:
            rebuild_changed_pages = getattr(first.plugins.get("playbook"), "rebuild_changed_pages", None)
            if config is None and callable(rebuild_changed_pages) and rebuild_changed_pages():
                return  # only content changed: the pages it changes were built again
            log.info("Building the site...")
            if config is None:
                config = get_config()
                config.site_url = serve_url
            build(config, serve_url=serve_url, dirty=False)

        server = LiveReloadServer(
            builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path, polling_interval=POLLING
        )
        server.error_handler = lambda code: _page_file(site_dir, code)
        health = guard(server, root)
        try:
            health.run(builder, config)
            server.watch(config.docs_dir)
            if config.config_file_path:
                server.watch(config.config_file_path)
            server = config.plugins.on_serve(server, config=config, builder=builder)
            for item in config.watch:
                server.watch(item)
            try:
                server.serve()  # type: ignore[no-untyped-call]
            except KeyboardInterrupt:
                log.info("Shutting down...")
            finally:
                server.shutdown()
        finally:
            config.plugins.on_shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _page_file(site_dir: str, code: int) -> bytes | None:
    """The built site's own 404 (or 500) page, as MkDocs' serve answers with."""
    page = Path(site_dir) / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
