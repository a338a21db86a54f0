"""Laying out card documents into PDFs: a process pool across cores and a content-hash cache."""

from __future__ import annotations

import hashlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urljoin, urlsplit

import click
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from playbook.bulk import cores, process_context
from playbook.cards.fetcher import CardFetcher
from playbook.cards.fit import overflowing_field
from playbook.cards.fonts import FONTS
from playbook.cards.qr import fill_qr_codes
from playbook.loading.safe_paths import is_inside

_SRC = re.compile(r"""\bsrc=["']([^"']+)["']""")
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class RenderTask:
    """One HTML document to lay out and write to `target` (picklable, for the pool)."""

    key: str
    html: str
    base_url: str
    one_page: bool
    target: Path
    package_dirs: tuple[Path, ...]
    data_dir: Path
    fonts_css: str = ""
    """`@font-face` rules, parsed once per process with one font configuration for every card."""


@dataclass(frozen=True)
class RenderResult:
    """What laying out one document gave: its page count, refused URLs and overflowing field."""

    key: str
    pages: int
    refused: tuple[str, ...] = ()
    overflow: str | None = None
    seconds: float = 0.0
    error: str | None = None
    """Why WeasyPrint could not lay the document out at all, if it could not."""


def render_task(task: RenderTask) -> RenderResult:
    """Lay out `task`; write its PDF (atomically) only when nothing was refused and it fits."""
    start = time.perf_counter()
    fetcher = CardFetcher(task.package_dirs, task.data_dir)
    try:
        return _render(task, fetcher, start)
    except Exception as exc:  # noqa: BLE001 - reported as a diagnostic, never as a traceback
        return RenderResult(task.key, 0, tuple(fetcher.refused), error=f"{type(exc).__name__}: {exc}")


_FONTS: dict[tuple[int, str, tuple[Path, ...]], tuple[FontConfiguration, weasyprint.CSS]] = {}


def _fonts(task: RenderTask) -> tuple[FontConfiguration, weasyprint.CSS]:
    """The font configuration and `@font-face` stylesheet of this process, loaded on first use.

    Loading the font files is most of WeasyPrint's work on a small page; a worker does it once,
    through the card fetcher like any other file, and lays out every card it gets with it.
    """
    key = (os.getpid(), task.fonts_css, task.package_dirs)  # a forked worker loads its own
    if key not in _FONTS:
        config = FontConfiguration()
        fetcher = CardFetcher(task.package_dirs, task.data_dir)
        css = weasyprint.CSS(string=task.fonts_css, font_config=config, url_fetcher=fetcher)
        _FONTS.clear()
        _FONTS[key] = (config, css)
    return _FONTS[key]


def _render(task: RenderTask, fetcher: CardFetcher, start: float) -> RenderResult:
    config, fonts = _fonts(task)
    document = weasyprint.HTML(
        string=fill_qr_codes(task.html), base_url=task.base_url, url_fetcher=fetcher
    ).render(stylesheets=[fonts], font_config=config)
    pages = len(document.pages)
    overflow = overflowing_field(document) if task.one_page and pages > 1 else None
    if task.one_page and pages > 1 and overflow is None:
        overflow = ""
    if not fetcher.refused and overflow is None:
        task.target.parent.mkdir(parents=True, exist_ok=True)
        partial = task.target.with_name(f".{task.target.name}.{os.getpid()}.part")
        document.write_pdf(partial)
        os.replace(partial, task.target)
    return RenderResult(
        task.key, pages, tuple(fetcher.refused), overflow, time.perf_counter() - start
    )


class Renderer:
    """Lays out tasks as they are handed over: the first one waits, a second starts the worker pool.

    So the pool works while the HTML of the next cards is still being generated, and a run with
    a single card to render (the usual edit) renders it in this process without starting a pool.
    """

    def __init__(self, *, jobs: int | None = None, progress: bool | None = None,
                 label: str = "Rendering cards") -> None:
        self.jobs = jobs or cores()
        self.progress = progress
        self.label = label
        self.tasks: list[RenderTask] = []
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future[RenderResult]] = []

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, task: RenderTask) -> None:
        self.tasks.append(task)
        if self.jobs < 2 or len(self.tasks) < 2:
            return
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=process_context())
            self.futures = [self.pool.submit(render_task, t) for t in self.tasks]
        else:
            self.futures.append(self.pool.submit(render_task, task))

    def map(self, function: Callable[[T], R], items: list[T]) -> list[R]:
        """`function` over `items` (after the renders), in parallel when there are several."""
        if self.jobs < 2 or len(items) < 2:
            return [function(item) for item in items]
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=min(self.jobs, len(items)), mp_context=process_context())
        return list(self.pool.map(function, items))

    def results(self) -> list[RenderResult]:
        """Every task's result, in the order they were submitted, once all are done."""
        show = self.progress if self.progress is not None else sys.stderr.isatty() and len(self.tasks) > 1
        results: dict[str, RenderResult] = {}
        with _progress(len(self.tasks), show, self.label) as advance:
            if self.pool is None:
                for task in self.tasks:
                    results[task.key] = render_task(task)
                    advance()
            else:
                for future in as_completed(self.futures):
                    result = future.result()
                    results[result.key] = result
                    advance()
        return [results[task.key] for task in self.tasks]


def render_all(
    tasks: list[RenderTask], *, jobs: int | None = None, progress: bool | None = None
) -> list[RenderResult]:
    """Render every task, in parallel when there are several; results in the order of `tasks`."""
    with Renderer(jobs=jobs, progress=progress) as renderer:
        for task in sorted(tasks, key=lambda t: len(t.html), reverse=True):  # longest first
            renderer.submit(task)
        by_key = {r.key: r for r in renderer.results()}
    return [by_key[t.key] for t in tasks]


class _progress:
    """A click progress bar on the terminal, or nothing."""

    def __init__(self, total: int, show: bool, label: str) -> None:
        self.bar = click.progressbar(length=total, label=label, file=sys.stderr) if show else None

    def __enter__(self) -> Callable[[], None]:
        if self.bar is None:
            return lambda: None
        bar = self.bar.__enter__()
        return lambda: bar.update(1)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


# --- the cache ------------------------------------------------------------------------------
@dataclass
class Fingerprint:
    """What a card's PDF depends on beyond its HTML: renderer, fonts and local images."""

    base: str = field(default_factory=lambda: _environment_digest())
    files: dict[Path, str] = field(default_factory=dict)

    def of(self, html: str, base_url: str, data_dir: Path, fonts_css: str = "") -> str:
        """The cache key of one card: its HTML and everything it may load, wherever the project is."""
        project = data_dir.parent.as_uri()
        digest = hashlib.sha256()
        digest.update(self.base.encode())
        digest.update(fonts_css.encode())
        digest.update(base_url.replace(project, "project:", 1).encode())
        digest.update(html.encode())
        for url in _local_images(html, base_url, data_dir):
            digest.update(url.replace(project, "project:", 1).encode())
            digest.update(self._file(Path(unquote(urlsplit(url).path)), data_dir).encode())
        return digest.hexdigest()

    def _file(self, path: Path, data_dir: Path) -> str:
        if not is_inside(data_dir, path):  # a link out (`/dev/zero`, a secret): never opened, the fetcher refuses it
            return "outside"
        if path not in self.files:
            try:
                self.files[path] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                self.files[path] = "missing"
        return self.files[path]


def _local_images(html: str, base_url: str, data_dir: Path) -> Iterable[str]:
    for src in _SRC.findall(html):
        url = urljoin(base_url, src)
        if url.startswith("file:") and Path(unquote(urlsplit(url).path)).is_relative_to(data_dir):
            yield url


CACHE_VERSION = "1"
"""Bump when what a cached PDF holds changes other than through its HTML (fit rules, writer options)."""


def _environment_digest() -> str:
    digest = hashlib.sha256(f"cards {CACHE_VERSION} weasyprint {weasyprint.__version__}".encode())
    for font in sorted(FONTS.glob("*.ttf")):
        stat = font.stat()
        digest.update(f"{font.name} {stat.st_size} {stat.st_mtime_ns}".encode())
    return digest.hexdigest()
