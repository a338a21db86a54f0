"""Bulk work of a large build, done quickly: spread over every core, without the cyclic garbage collector.

`fork_map` forks workers that share what the parent has loaded and send back plain results (page text,
parsed files). `gc_paused` stops the cyclic collector while thousands of long-lived objects are made:
on Python 3.11 it would otherwise walk all of them again and again (a third of loading time), though
none of them is ever garbage; reference counting still frees everything that is.

Forking is only safe in a process with one thread (a lock held by another thread would stay held in the
child forever), so `playbook serve`, whose rebuilds run beside the server's threads, works in one process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

MAX_WORKERS = 4

_task: Callable[[int], Any] | None = None
"""The function the forked workers call; set in the parent just before they are forked."""


def available_workers() -> int:
    """The cores this process may use, up to `MAX_WORKERS`; 1 where forking is not safe."""
    if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))))


def fork_map(task: Callable[[int], T], count: int, workers: int | None = None, *, auto_from: int = 300) -> list[T]:
    """`[task(0), ..., task(count - 1)]`, spread over `workers` processes.

    `workers=None` means every available core once there are at least `auto_from` tasks (below that,
    starting a worker costs more than it saves). The parent does its own share; an exception raised by
    a task in a worker is raised here.
    """
    if workers is None:
        workers = available_workers() if count >= auto_from else 1
    workers = min(workers, count)
    if workers <= 1:
        return [task(i) for i in range(count)]
    global _task
    _task = task
    try:
        # Interleaved shares: neighbouring tasks are alike (pages of one kind), and kinds differ in cost.
        shares = [range(w, count, workers) for w in range(workers)]
        with ProcessPoolExecutor(workers - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_run_share, share) for share in shares[1:]]
            done = [_run_share(shares[0]), *(f.result() for f in futures)]
    finally:
        _task = None
    results: list[Any] = [None] * count
    for share, values in zip(shares, done, strict=True):
        for i, value in zip(share, values, strict=True):
            results[i] = value
    return results


def _run_share(share: range) -> list[Any]:
    assert _task is not None, "fork_map sets the task before forking"
    return [_task(i) for i in share]


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block; as it was before, after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
