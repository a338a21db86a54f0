"""One run's cards on every core: `bulk.fork_map` over chunks of cards, each chunk made, checked and laid out
by whichever process takes it.

A chunk goes all the way in the process that takes it: each card's HTML (the forked workers share the
loaded playbook and the one Jinja environment), its cache key, and, unless the cache has its PDF, its layout
(in batches, `render.py`). So the HTML of the next cards is made while others are laid out, the main process
works like any worker, and a re-run that finds every card in the cache makes the HTML on every core too.
Chunks get smaller towards the end (at most `BATCH` cards, then what is left shared out), so the processes
finish together. Back come only small results: the key, what laying out gave, the HTML only where a refused
URL must be found in it.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import click

from playbook.bulk import available_workers, fork_is_safe, fork_map
from playbook.cards.catalog import CardSpec
from playbook.cards.render import BATCH, CardRenderer, Fingerprint, RenderResult, RenderTask, batches
from playbook.diagnostics import Diagnostic, PlaybookError

if TYPE_CHECKING:
    from playbook.cards.html import CardHtml

T = TypeVar("T")
R = TypeVar("R")


def workers(jobs: int | None) -> int:
    """How many processes lay cards out: `jobs` (every available core when None), one where forking is unsafe
    (a process with threads, such as `serve`)."""
    if not fork_is_safe():
        return 1
    return max(1, jobs) if jobs else available_workers()


def chunk_sizes(count: int, processes: int, most: int = BATCH, least: int = 4) -> list[int]:
    """Sizes of consecutive chunks covering `count` cards: `most` at first, then each process's share of what
    is left (guided scheduling), so no process is left with a large chunk at the end."""
    sizes = []
    left = count
    while left > 0:
        share = math.ceil(left / processes) if processes > 1 else most
        size = min(left, most, max(least, share))
        sizes.append(size)
        left -= size
    return sizes


def spread(function: Callable[[T], R], items: Sequence[T], processes: int) -> list[R]:
    """`function` over `items`, on up to `processes` processes (the results in order)."""
    return fork_map(lambda i: function(items[i]), len(items), processes)


@dataclass(frozen=True)
class Outcome:
    """What became of one card in the process that took it."""

    key: str
    digest: str
    """Its cache key: its PDF is `<cache>/<digest>.pdf`."""
    cached: bool
    dropped: tuple[str, ...] = ()
    """Image URLs its content named that sanitising dropped."""
    result: RenderResult | None = None
    """What laying it out gave (None when it came from the cache)."""
    html: str | None = None
    """Its HTML, when a refused URL must be found in it."""


class Progress:
    """A progress bar on the terminal for work spread over processes, or nothing.

    Every process adds what it finished to one counter in shared memory (forked workers inherit it); the
    bar, in this process, shows the count whenever this process finishes something itself, and the total
    at the end.
    """

    def __init__(self, total: int, show: bool | None, label: str) -> None:
        show = show if show is not None else sys.stderr.isatty() and total > 1
        self.total = total
        self.owner = os.getpid()
        self.done: Any = multiprocessing.Value("l", 0) if show else None
        self.bar: Any = click.progressbar(length=total, label=label, file=sys.stderr) if show else None

    def __enter__(self) -> Progress:
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.bar is not None:
            if kind is None:
                self.bar.update(self.total - self.bar.pos)
            self.bar.__exit__(kind, error, trace)

    def add(self, count: int) -> None:
        if self.done is None:
            return
        with self.done.get_lock():
            self.done.value += count
            done = self.done.value
        if os.getpid() == self.owner and self.bar is not None:
            self.bar.update(done - self.bar.pos)


class CardWork:
    """Making, checking and laying out the cards of one run, chunk by chunk, in whichever process takes it."""

    def __init__(
        self,
        html: CardHtml,
        *,
        cache_dir: Path,
        cache: bool,
        package_dirs: tuple[Path, ...],
        data_dir: Path,
        fingerprint: Fingerprint,
    ) -> None:
        self.html = html
        self.cache_dir = cache_dir
        self.cache = cache
        self.package_dirs = package_dirs
        self.data_dir = data_dir
        self.fingerprint = fingerprint
        self.renderer = CardRenderer()

    def run(self, specs: list[CardSpec], processes: int, progress: Progress) -> list[Outcome]:
        """Every card of `specs`, in their order; a template that fails is a PlaybookError naming each."""
        bounds, start = [], 0
        for size in chunk_sizes(len(specs), processes):
            bounds.append((start, start + size))
            start += size

        def chunk(i: int) -> list[Outcome] | list[Diagnostic]:
            low, high = bounds[i]
            outcomes = self.chunk(specs[low:high])
            progress.add(high - low)
            return outcomes

        if processes > 1 and len(bounds) > 1:
            self.warm(specs)
        problems: list[Diagnostic] = []
        outcomes: list[Outcome] = []
        for done in fork_map(chunk, len(bounds), processes):
            for item in done:
                if isinstance(item, Diagnostic):
                    problems.append(item)
                else:
                    outcomes.append(item)
        if problems:
            raise PlaybookError(problems)
        return outcomes

    def warm(self, specs: list[CardSpec]) -> None:
        """Load every template `specs` use here, before the workers are forked, so that each of them does not
        load them again: the HTML of one card of each template is made and dropped."""
        for spec in {spec.template: spec for spec in reversed(specs)}.values():
            with contextlib.suppress(PlaybookError):  # the process that takes the card reports it
                self.html.single(spec)

    def chunk(self, specs: list[CardSpec]) -> list[Outcome] | list[Diagnostic]:
        """Make the HTML of `specs`, and lay out those the cache does not have; or the template problems."""
        made: list[tuple[CardSpec, str, str, tuple[str, ...]]] = []
        tasks: list[RenderTask] = []
        problems: list[Diagnostic] = []
        for spec in specs:
            try:
                document = self.html.single(spec)
            except PlaybookError as error:
                problems += error.diagnostics
                continue
            digest = self.fingerprint.of(document.html, document.base_url, self.data_dir, self.html.font_css)
            made.append((spec, document.html, digest, document.refused))
            target = self.cache_dir / f"{digest}.pdf"
            if self.cache and target.is_file():
                continue
            tasks.append(
                RenderTask(
                    spec.key,
                    document.html,
                    document.base_url,
                    spec.one_page,
                    target,
                    self.package_dirs,
                    self.data_dir,
                    self.html.font_css,
                )
            )
        if problems:
            return problems
        results = {r.key: r for batch in batches(tasks) for r in self.renderer.batch(batch)}
        outcomes = []
        for spec, html, digest, dropped in made:
            result = results.get(spec.key)
            refused = dropped or (result is not None and result.refused)
            outcomes.append(Outcome(spec.key, digest, result is None, dropped, result, html if refused else None))
        return outcomes
