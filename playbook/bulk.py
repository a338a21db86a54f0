"""Bulk work of a large build, done quickly: spread over every core, without the cyclic garbage collector.

`fork_map` forks workers that share what the parent has loaded and send back plain results (page text,
parsed files). `gc_paused` stops the cyclic collector while thousands of long-lived objects are made:
on Python 3.11 it would otherwise walk all of them again and again (a third of loading time), though
none of them is ever garbage; reference counting still frees everything that is. Afterwards they are
frozen (`gc.freeze`), so that neither the first collection after the pause nor any during the MkDocs
build walks them again; a long-running server turns that off (`freeze_after_pauses(False)`), since
the little cyclic garbage a build leaves would then never be collected.

Forking is only safe in a process with one thread (a lock held by another thread would stay held in the
child forever), so `playbook serve`, whose rebuilds run beside the server's threads, works in one process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

MAX_WORKERS = 4

_task: Callable[[int], Any] | None = None
"""The function the forked workers call; set in the parent just before they are forked."""
_next: Any = None
"""The index of the next task not yet taken, in memory shared by the parent and its workers."""


def cores() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def fork_is_safe() -> bool:
    """Whether a worker may be forked from this process: one thread, and a system where forking is sound
    (on macOS, system libraries may hold threads of their own, so Python no longer forks there by default)."""
    return (
        "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin" and threading.active_count() == 1
    )


def process_context() -> multiprocessing.context.BaseContext:
    """How to start workers: fork when it is safe (quick, shares what is loaded); a fork server otherwise."""
    if fork_is_safe():
        return multiprocessing.get_context("fork")
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def available_workers() -> int:
    """The cores `fork_map` may use, up to `MAX_WORKERS`; 1 where forking is not safe."""
    return min(MAX_WORKERS, cores()) if fork_is_safe() else 1


def fork_map(task: Callable[[int], T], count: int, workers: int | None = None, *, auto_from: int = 300) -> list[T]:
    """`[task(0), ..., task(count - 1)]`, spread over `workers` processes.

    `workers=None` means every available core once there are at least `auto_from` tasks (below that,
    starting a worker costs more than it saves). The parent works too. Each process takes the next task
    not yet taken, so one long task (an index of every objection) does not leave the others idle at the
    end. An exception raised by a task in a worker is raised here.
    """
    if workers is None:
        workers = available_workers() if count >= auto_from else 1
    workers = min(workers, count)
    if workers <= 1:
        return [task(i) for i in range(count)]
    global _task, _next
    context = multiprocessing.get_context("fork")
    _task, _next = task, context.Value("l", 0)
    try:
        with ProcessPoolExecutor(workers - 1, mp_context=context) as pool:
            futures = [pool.submit(_take_tasks, count) for _ in range(workers - 1)]
            done = _take_tasks(count)
            for future in futures:
                done.update(future.result())
    except BrokenProcessPool:  # a worker died (killed for memory, say): its tasks are done here instead
        done = {i: task(i) for i in range(count)}
    finally:
        _task, _next = None, None
    return [done[i] for i in range(count)]


def _take_tasks(count: int) -> dict[int, Any]:
    """Run tasks, each the next one no process has taken yet, until none is left."""
    assert _task is not None and _next is not None, "fork_map sets both before forking"
    results: dict[int, Any] = {}
    while True:
        with _next.get_lock():
            i = _next.value
            _next.value += 1
        if i >= count:
            return results
        results[i] = _task(i)


_freezing = True


def freeze_after_pauses(enabled: bool) -> None:
    """Whether objects made before the end of a `gc_paused` block are frozen there (the default)."""
    global _freezing
    _freezing = enabled


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block; after it, the collector as it was before.

    Leaving the outermost block freezes what exists, unless `freeze_after_pauses(False)`.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if _freezing:
                gc.freeze()
            gc.enable()
