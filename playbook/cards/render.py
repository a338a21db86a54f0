"""Laying out card documents into PDFs: a process pool across cores, batches, and a content-hash cache.

Batches: WeasyPrint spends much of a small document's time on what every card repeats (the stylesheet's
cascade, the document's setup), so one-page cards that share their `<head>` (page size, stylesheet,
language) are laid out together, BATCH at most, as one document with a page break before each card;
the pages of each card are then written to its own PDF, with its own title, and checked on their own
(a card laid out to more than one page is reported exactly as alone). A batch with a refused URL or a
failure is laid out again card by card, so every problem is told about the card that has it.
"""

from __future__ import annotations

import copy
import hashlib
import html as html_text
import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urljoin, urlsplit

import click
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from playbook.bulk import cores, process_context
from playbook.cards.fetcher import CardFetcher
from playbook.cards.fit import overflowing_field, tighter
from playbook.cards.fonts import FONTS
from playbook.cards.qr import fill_qr_codes
from playbook.files import write_atomically
from playbook.loading.safe_paths import is_inside

_SRC = re.compile(r"""\bsrc=["']([^"']+)["']""")
_BODY = re.compile(r"<body\b[^>]*>(.*)</body>", re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
BATCH = 16
"""Cards laid out in one WeasyPrint document at most (more saves little and delays the first results)."""
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


def batch_key(task: RenderTask) -> str | None:
    """What cards laid out together must share (their head but the title, base URL, fonts); None: alone."""
    body = _BODY.search(task.html)
    if not task.one_page or body is None or "data-pb-batch" in task.html:
        return None
    head = _TITLE.sub("", task.html[: body.start(1)], count=1)
    parts = (head, task.html[body.end(1) :], task.base_url, task.fonts_css, *map(str, task.package_dirs))
    return hashlib.sha256("\0".join((*parts, str(task.data_dir))).encode()).hexdigest()


def render_batch(tasks: tuple[RenderTask, ...]) -> list[RenderResult]:
    """Lay out `tasks` (sharing one `batch_key`) as one document, each card's pages to its own PDF."""
    if len(tasks) == 1:
        return [render_task(tasks[0])]
    start = time.perf_counter()
    first = tasks[0]
    fetcher = CardFetcher(first.package_dirs, first.data_dir)
    try:
        results = _render_batch(tasks, fetcher, start)
    except Exception:  # noqa: BLE001 - each card alone says which one fails, and why
        results = None
    return results if results is not None else [render_task(task) for task in tasks]


def _render_batch(tasks: tuple[RenderTask, ...], fetcher: CardFetcher, start: float) -> list[RenderResult] | None:
    first = tasks[0]
    body = _BODY.search(first.html)
    assert body is not None, "batch_key admits only documents with a body"
    parts = [first.html[: body.start(1)]]
    for i, task in enumerate(tasks):
        inner = _BODY.search(fill_qr_codes(task.html))
        assert inner is not None
        style = ' style="break-before: page"' if i else ""
        parts.append(f'<div data-pb-batch="{i}"{style}>{inner.group(1)}</div>')
    parts.append(first.html[body.end(1) :])
    config, fonts = _fonts(first)
    document = weasyprint.HTML(string="".join(parts), base_url=first.base_url, url_fetcher=fetcher).render(
        stylesheets=[fonts], font_config=config
    )
    if fetcher.refused:
        return None
    starts: dict[int, int] = {}
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            mark = element.get("data-pb-batch") if element is not None else None
            if mark is not None and int(mark) not in starts:
                starts[int(mark)] = number
    order = [starts.get(i, -1) for i in range(len(tasks))]
    if order[0] != 0 or any(a >= b for a, b in zip(order, order[1:], strict=False)):
        return None  # a card without a page of its own: each alone
    ends = [starts[i + 1] if i + 1 < len(tasks) else len(document.pages) for i in range(len(tasks))]
    seconds = (time.perf_counter() - start) / len(tasks)
    results = []
    for i, task in enumerate(tasks):
        pages = document.pages[starts[i] : ends[i]]
        if len(pages) > 1 and (smaller := tighter(task.html, pages)) is not None:  # fit.py: laid out again, alone
            results.append(render_task(replace(task, html=smaller)))
            continue
        overflow = overflowing_field(_Pages(pages)) if len(pages) > 1 else None
        if len(pages) > 1 and overflow is None:
            overflow = ""
        if overflow is None:
            card = document.copy(pages)
            card.metadata = copy.copy(document.metadata)
            title = _TITLE.search(task.html)
            card.metadata.title = html_text.unescape(title.group(1)).strip() if title else None
            _write(card, task.target)
        results.append(RenderResult(task.key, len(pages), (), overflow, seconds))
    return results


@dataclass(frozen=True)
class _Pages:
    """Some pages of a laid-out document, as `overflowing_field` reads a document."""

    pages: list[Any]


def _write(document: Any, target: Path) -> None:
    """Write `document`'s PDF to `target` atomically."""
    write_atomically(target, document.write_pdf)


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
    html: str | None = task.html
    while html is not None:  # a card too long for one page is tried tighter (fit.py) while it can give
        document = weasyprint.HTML(string=fill_qr_codes(html), base_url=task.base_url, url_fetcher=fetcher).render(
            stylesheets=[fonts], font_config=config
        )
        html = tighter(html, document.pages) if task.one_page and len(document.pages) > 1 else None
    pages = len(document.pages)
    overflow = overflowing_field(document) if task.one_page and pages > 1 else None
    if task.one_page and pages > 1 and overflow is None:
        overflow = ""
    if not fetcher.refused and overflow is None:
        _write(document, task.target)
    return RenderResult(task.key, pages, tuple(fetcher.refused), overflow, time.perf_counter() - start)


class Renderer:
    """Lays out tasks as they are handed over, in batches of one-page cards that share their head.

    A batch goes to the worker pool as soon as it is full, so the pool works while the HTML of the next
    cards is still being generated; the rest are spread over the workers at the end. A run with a single
    card to render (the usual edit) renders it in this process without starting a pool.
    """

    def __init__(
        self,
        *,
        jobs: int | None = None,
        progress: bool | None = None,
        label: str = "Rendering cards",
        batch: int = BATCH,
    ) -> None:
        self.jobs = jobs or cores()
        self.progress = progress
        self.label = label
        self.batch = max(1, batch)
        self.tasks: list[RenderTask] = []
        self.pending: dict[str | None, list[RenderTask]] = {}
        self.batches: list[tuple[RenderTask, ...]] = []
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future[list[RenderResult]]] = []

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, task: RenderTask) -> None:
        self.tasks.append(task)
        key = batch_key(task) if self.batch > 1 else None
        if key is None:
            self._dispatch((task,))
            return
        pending = self.pending.setdefault(key, [])
        pending.append(task)
        if len(pending) >= self.batch:
            self._dispatch(tuple(pending))
            pending.clear()

    def _dispatch(self, batch: tuple[RenderTask, ...]) -> None:
        self.batches.append(batch)
        if self.jobs < 2 or len(self.batches) < 2:
            return
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=process_context())
            self.futures = [self.pool.submit(render_batch, b) for b in self.batches]
        else:
            self.futures.append(self.pool.submit(render_batch, batch))

    def _flush(self) -> None:
        """The cards still waiting for a full batch, spread over the workers."""
        for pending in self.pending.values():
            if not pending:
                continue
            size = min(self.batch, math.ceil(len(pending) / max(1, self.jobs)))
            for i in range(0, len(pending), size):
                self._dispatch(tuple(pending[i : i + size]))
            pending.clear()

    def map(self, function: Callable[[T], R], items: list[T]) -> list[R]:
        """`function` over `items` (after the renders), in parallel when there are several."""
        if self.jobs < 2 or len(items) < 2:
            return [function(item) for item in items]
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=min(self.jobs, len(items)), mp_context=process_context())
        return list(self.pool.map(function, items))

    def results(self) -> list[RenderResult]:
        """Every task's result, in the order they were submitted, once all are done."""
        self._flush()
        show = self.progress if self.progress is not None else sys.stderr.isatty() and len(self.tasks) > 1
        results: dict[str, RenderResult] = {}
        with _progress(len(self.tasks), show, self.label) as advance:
            if self.pool is None:
                for batch in self.batches:
                    for result in render_batch(batch):
                        results[result.key] = result
                        advance()
            else:
                for future in as_completed(self.futures):
                    for result in future.result():
                        results[result.key] = result
                        advance()
        return [results[task.key] for task in self.tasks]


def render_all(tasks: list[RenderTask], *, jobs: int | None = None, progress: bool | None = None) -> list[RenderResult]:
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


CACHE_VERSION = "2"
"""Bump when what a cached PDF holds changes other than through its HTML (fit rules, writer options)."""


def _environment_digest() -> str:
    digest = hashlib.sha256(f"cards {CACHE_VERSION} weasyprint {weasyprint.__version__}".encode())
    for font in sorted(FONTS.glob("*.ttf")):
        stat = font.stat()
        digest.update(f"{font.name} {stat.st_size} {stat.st_mtime_ns}".encode())
    return digest.hexdigest()
