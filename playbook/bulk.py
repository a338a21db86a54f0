"""Bulk work of a large build, done quickly: spread over every core, without the cyclic garbage collector.

`fork_map` forks workers that share what the parent has loaded and send back plain results (page text,
parsed files); `Streamed` does the same while the parent goes on, taking each result when it needs it.
`gc_paused` stops the cyclic collector while thousands of long-lived objects are made:
on Python 3.11 it would otherwise walk all of them again and again (a third of loading time), though
none of them is ever garbage; reference counting still frees everything that is. With `freeze=True`
(a one-shot build) they are frozen afterwards (`gc.freeze`), so that neither the first collection after
the pause nor any during the MkDocs build walks them again; a long-running server passes `freeze=False`,
since the little cyclic garbage a build leaves would then never be collected.

Nothing here is kept between calls: each `fork_map` call starts its own workers, with the task and the
counter of tasks taken handed to them directly.

Forking is only safe in a process with one thread (a lock held by another thread would stay held in the
child forever), so `playbook serve`, whose rebuilds run beside the server's threads, works in one process.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import queue
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

T = TypeVar("T")

MAX_WORKERS = 4


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
    end. An exception raised by a task in a worker is raised here; the tasks of a worker that dies
    (killed for memory, say) are done here instead.
    """
    if workers is None:
        workers = available_workers() if count >= auto_from else 1
    workers = min(workers, count) if fork_is_safe() else 1  # a process with threads is never forked
    if workers <= 1:
        return [task(i) for i in range(count)]
    context = multiprocessing.get_context("fork")  # the task and the counter reach the workers unpickled
    taken = context.Value("l", 0)
    """The index of the next task not yet taken, in memory shared by the parent and its workers."""

    def take_tasks() -> dict[int, Any]:
        """Run tasks, each the next one no process has taken yet, until none is left."""
        results: dict[int, Any] = {}
        while True:
            i = _claim(taken)
            if i >= count:
                return results
            results[i] = task(i)

    def stop_taking() -> None:
        with taken.get_lock():
            taken.value = count

    parent = os.getpid()
    pipes = [context.Pipe(duplex=False) for _ in range(workers - 1)]
    every_end = [end for pipe in pipes for end in pipe]

    def work(send: Connection) -> None:
        _end_with(parent)
        for end in every_end:  # the other processes' ends: a worker that dies must leave its pipe closed
            if end is not send:
                end.close()
        try:
            outcome: tuple[bool, Any] = (True, take_tasks())
        except BaseException as error:  # noqa: BLE001 - whatever a task raises is raised in the parent
            stop_taking()
            outcome = (False, (error, traceback.format_exc()))
        try:
            send.send(outcome)
        except Exception as error:  # noqa: BLE001 - a result or an exception that cannot be pickled
            unsent = RuntimeError(f"a worker's outcome could not be sent back: {error!r}")
            with suppress(OSError):  # the parent has stopped listening: it is failing itself
                send.send((False, (unsent, "")))
        send.close()

    processes: list[BaseProcess] = [context.Process(target=work, args=(send,)) for _, send in pipes]
    failure: tuple[BaseException, str] | None = None
    try:
        for process in processes:
            process.start()
        for _, send in pipes:
            send.close()
        done = take_tasks()
        for receive, _ in pipes:
            try:
                succeeded, outcome = receive.recv()
            except (EOFError, OSError):  # the worker died: its tasks are done below
                continue
            if succeeded:
                done.update(outcome)
            elif failure is None:
                failure = outcome
    except BaseException:
        for process in processes:  # the parent fails (or is interrupted): what the workers do is not wanted
            if process.pid is not None:
                process.kill()
        raise
    finally:
        _end(processes, pipes)
    if failure is not None:
        error, remote = failure
        if remote:
            error.add_note(f"raised in a worker process:\n{remote.rstrip()}")
        raise error
    for i in range(count):
        if i not in done:
            done[i] = task(i)
    return [done[i] for i in range(count)]


def _end(processes: list[BaseProcess], pipes: list[tuple[Connection, Connection]]) -> None:
    """Wait for the workers, which have sent their outcome or died, and close the parent's ends of the pipes."""
    for process in processes:
        if process.pid is not None:  # started
            process.join()
            process.close()
    for receive, send in pipes:
        receive.close()
        send.close()


class NotDone(Exception):
    """A task `Streamed` could not do: it raised in the worker, or the worker died. The caller does it itself."""


class Streamed(Generic[T]):
    """`task(0)` ... `task(count - 1)` done by forked workers while this process goes on with other work.

    Each worker takes the next task not yet taken and sends its result as soon as it has it; `take(i)`
    waits for task `i`. Why a queue: its feeder thread lets a worker go on to its next task without
    waiting for the parent to read the last result (a pipe would hold it once its buffer is full).
    A task that raises in a worker, or whose worker dies, is reported by `take` as `NotDone`.
    """

    def __init__(self, task: Callable[[int], T], count: int, workers: int) -> None:
        context = multiprocessing.get_context("fork")  # the task reaches the workers unpickled
        taken = context.Value("l", 0)
        results: multiprocessing.queues.Queue[tuple[int, bool, Any]] = context.Queue()

        parent = os.getpid()

        def work() -> None:
            _end_with(parent)
            while True:
                i = _claim(taken)
                if i >= count:
                    break
                try:
                    results.put((i, True, task(i)))
                except BaseException as error:  # noqa: BLE001 - the parent does this task again and reports it
                    results.put((i, False, f"{type(error).__name__}: {error}"))
            results.close()
            results.join_thread()  # everything sent before the worker ends

        self._results = results
        self._ready: dict[int, tuple[bool, Any]] = {}
        self._processes: list[BaseProcess] = [context.Process(target=work, daemon=True) for _ in range(workers)]
        for process in self._processes:
            process.start()

    def take(self, i: int) -> T:
        """The result of task `i`, once a worker has sent it; `NotDone` if no worker will."""
        while i not in self._ready:
            try:
                j, succeeded, value = self._results.get(timeout=0.2)
            except queue.Empty:
                if any(process.is_alive() for process in self._processes):
                    continue
                try:  # every worker has ended: what they sent is all in the queue
                    j, succeeded, value = self._results.get(timeout=0.2)
                except queue.Empty:
                    raise NotDone(f"task {i}: its worker ended without a result") from None
            self._ready[j] = (succeeded, value)
        succeeded, value = self._ready.pop(i)
        if not succeeded:
            raise NotDone(f"task {i}: {value}")
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop the workers (their remaining results are not wanted) and let their resources go."""
        for process in self._processes:
            if process.is_alive():
                process.kill()
            process.join()
            process.close()
        self._processes = []
        self._ready.clear()
        self._results.close()
        self._results.cancel_join_thread()


def _claim(taken: Any) -> int:
    """The index of the next task no process has taken yet (`taken`: a counter in shared memory), now taken."""
    with taken.get_lock():
        i: int = taken.value
        taken.value += 1
    return i


def _end_with(parent: int) -> None:
    """In a worker: be killed when the process that forked it dies (Linux), so a build killed with
    `kill -9` leaves no worker behind, still busy with work nobody will take."""
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before that was set
        os._exit(1)


PR_SET_PDEATHSIG = 1


@contextmanager
def gc_paused(*, freeze: bool) -> Iterator[None]:
    """No cyclic garbage collection inside the block; after it, the collector as it was before.

    With `freeze`, leaving the outermost block freezes what exists (a one-shot build); a long-running
    server passes False, so that what its builds leave can still be collected.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if freeze:
                gc.freeze()
            gc.enable()
