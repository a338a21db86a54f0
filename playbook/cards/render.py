"""Laying out card documents into PDFs: in batches, on every core (`bulk.fork_map`), with a content-hash cache.

Batches: WeasyPrint spends much of a small document's time on what every card repeats (the stylesheet's
cascade, the document's setup), so one-page cards that share their `<head>` (page size, stylesheet,
language) are laid out together, BATCH at most, as one document with a page break before each card;
the pages of each card are then written to its own PDF, with its own title, and checked on their own
(a card laid out to more than one page is reported exactly as alone). A batch with a refused URL or a
failure is laid out again card by card, so every problem is told about the card that has it.

A `CardRenderer` lays cards out in one process: it loads the fonts once (per process that uses it, since
a forked worker must load its own) and keeps them, one configuration at most, for every card it gets.
"""

from __future__ import annotations

import copy
import hashlib
import html as html_text
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import weasyprint
from weasyprint.text.fonts import FontConfiguration

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


@dataclass(frozen=True)
class RenderTask:
    """One HTML document to lay out and write to `target`."""

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


def batches(tasks: Iterable[RenderTask], size: int = BATCH) -> list[tuple[RenderTask, ...]]:
    """`tasks` in batches of at most `size` that share their `batch_key`, in the order of their first task;
    a task that may not share its document is a batch of its own."""
    groups: dict[str, list[RenderTask]] = {}
    alone: list[tuple[RenderTask, ...]] = []
    for task in tasks:
        key = batch_key(task) if size > 1 else None
        if key is None:
            alone.append((task,))
        else:
            groups.setdefault(key, []).append(task)
    together = [tuple(group[i : i + size]) for group in groups.values() for i in range(0, len(group), size)]
    return together + alone


class CardRenderer:
    """Lays out card documents in this process, each card's PDF written atomically where it fits.

    The font configuration and `@font-face` stylesheet are loaded on first use, through the card fetcher
    like any other file, and kept for every later card with the same fonts: loading the font files is
    most of WeasyPrint's work on a small page. One configuration is kept at most; a forked copy of the
    renderer loads its own (the key holds the process id).
    """

    def __init__(self) -> None:
        self._fonts: tuple[tuple[int, str, tuple[Path, ...]], FontConfiguration, weasyprint.CSS] | None = None

    def fonts(self, task: RenderTask) -> tuple[FontConfiguration, weasyprint.CSS]:
        key = (os.getpid(), task.fonts_css, task.package_dirs)
        if self._fonts is None or self._fonts[0] != key:
            config = FontConfiguration()
            fetcher = CardFetcher(task.package_dirs, task.data_dir)
            css = weasyprint.CSS(string=task.fonts_css, font_config=config, url_fetcher=fetcher)
            self._fonts = (key, config, css)
        return self._fonts[1], self._fonts[2]

    def batch(self, tasks: tuple[RenderTask, ...]) -> list[RenderResult]:
        """Lay out `tasks` (sharing one `batch_key`) as one document, each card's pages to its own PDF."""
        if len(tasks) == 1:
            return [self.single(tasks[0])]
        start = time.perf_counter()
        fetcher = CardFetcher(tasks[0].package_dirs, tasks[0].data_dir)
        try:
            results = self._batch(tasks, fetcher, start)
        except Exception:  # noqa: BLE001 - each card alone says which one fails, and why
            results = None
        return results if results is not None else [self.single(task) for task in tasks]

    def _batch(self, tasks: tuple[RenderTask, ...], fetcher: CardFetcher, start: float) -> list[RenderResult] | None:
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
        config, fonts = self.fonts(first)
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
                results.append(self.single(replace(task, html=smaller)))
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

    def single(self, task: RenderTask) -> RenderResult:
        """Lay out `task` alone; write its PDF (atomically) only when nothing was refused and it fits."""
        start = time.perf_counter()
        fetcher = CardFetcher(task.package_dirs, task.data_dir)
        try:
            return self._single(task, fetcher, start)
        except Exception as exc:  # noqa: BLE001 - reported as a diagnostic, never as a traceback
            return RenderResult(task.key, 0, tuple(fetcher.refused), error=f"{type(exc).__name__}: {exc}")

    def _single(self, task: RenderTask, fetcher: CardFetcher, start: float) -> RenderResult:
        config, fonts = self.fonts(task)
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


@dataclass(frozen=True)
class _Pages:
    """Some pages of a laid-out document, as `overflowing_field` reads a document."""

    pages: list[Any]


def _write(document: Any, target: Path) -> None:
    """Write `document`'s PDF to `target` atomically.

    As PDF 1.4, that is without object streams (the content and fonts are compressed all the same): pypdf,
    which puts the deck and the print sheets together from these files, reads plain objects about twice as
    fast as objects packed in a compressed stream. A card is a few kilobytes larger.
    """
    write_atomically(target, lambda out: document.write_pdf(out, pdf_version="1.4"))


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


CACHE_VERSION = "3"
"""Bump when what a cached PDF holds changes other than through its HTML (fit rules, writer options)."""


def _environment_digest() -> str:
    digest = hashlib.sha256(f"cards {CACHE_VERSION} weasyprint {weasyprint.__version__}".encode())
    for font in sorted(FONTS.glob("*.ttf")):
        stat = font.stat()
        digest.update(f"{font.name} {stat.st_size} {stat.st_mtime_ns}".encode())
    return digest.hexdigest()
