"""Large builds use every core and pause the cyclic collector; the result is the same as in one process."""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from playbook import bulk
from playbook.bulk import fork_map, gc_paused
from playbook.diagnostics import Diagnostic, PlaybookError
from playbook.loading import loader
from playbook.project import check_project

TODAY = dt.date(2026, 11, 22)


PARENT = os.getpid()


def _fails_in_a_worker(i: int) -> int:
    time.sleep(0.01)  # slow enough that the worker surely takes some of the tasks
    if os.getpid() != PARENT:
        raise PlaybookError([Diagnostic("data/x.yaml", 2, 5, "broken in a worker")])
    return i


def _whose(i: int) -> int:
    time.sleep(0.005)
    return os.getpid()


def test_fork_map_keeps_the_order_of_the_tasks() -> None:
    assert fork_map(lambda i: i * i, 11, workers=2) == [i * i for i in range(11)]
    assert fork_map(lambda i: i, 0, workers=2) == []


def test_both_processes_take_tasks() -> None:
    pids = fork_map(_whose, 40, workers=2)
    assert PARENT in pids and len(set(pids)) == 2


def test_every_worker_takes_tasks_and_the_order_is_kept() -> None:
    pids = fork_map(_whose, 60, workers=3)
    assert PARENT in pids and len(set(pids)) == 3
    assert fork_map(lambda i: -i, 200, workers=3) == [-i for i in range(200)]


def _slow_first(i: int) -> int:
    time.sleep(0.3 if i == 0 else 0.005)
    return os.getpid()


def test_the_next_task_not_yet_taken_goes_to_whoever_is_free() -> None:
    """One long task does not hold up the tasks after it: the other process takes them meanwhile."""
    pids = fork_map(_slow_first, 30, workers=2)
    assert pids.count(pids[0]) < 10  # who took the long first task did few others (halves would be 15)


def test_calls_share_nothing_and_leave_nothing_behind() -> None:
    """Each call has its own workers and counter, even inside another call's task; none is left running."""
    outer = fork_map(lambda i: fork_map(lambda j: (i, j), 5, workers=2), 4, workers=2)
    assert outer == [[(i, j) for j in range(5)] for i in range(4)]
    assert not [n for n, value in vars(bulk).items() if not n.startswith("__") and isinstance(value, (dict, list, set))]
    assert multiprocessing.active_children() == []


def test_an_error_in_a_worker_is_raised_in_the_parent_with_its_diagnostics() -> None:
    with pytest.raises(PlaybookError) as raised:
        fork_map(_fails_in_a_worker, 20, workers=2)
    assert [str(d) for d in raised.value.diagnostics] == ["data/x.yaml:2:5: broken in a worker"]
    assert any("_fails_in_a_worker" in note for note in raised.value.__notes__)  # the worker's traceback


def _fails_in_the_parent(i: int) -> int:
    time.sleep(0.01)
    if os.getpid() == PARENT:
        raise ValueError(f"task {i} failed in the parent")
    return i


def test_an_error_in_the_parent_is_raised_and_stops_the_workers() -> None:
    with pytest.raises(ValueError, match="failed in the parent"):
        fork_map(_fails_in_the_parent, 200, workers=2)
    assert multiprocessing.active_children() == []


def test_a_result_that_cannot_be_sent_back_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="could not be sent back"):
        fork_map(lambda i: (lambda: i) if os.getpid() != PARENT else _slept(i), 20, workers=2)


def _slept(i: int) -> int:
    time.sleep(0.01)
    return i


def _dies_in_a_worker(i: int) -> int:
    time.sleep(0.01)
    if os.getpid() != PARENT:
        os._exit(1)  # as a worker killed by the system would
    return i * 2


def test_a_worker_that_dies_leaves_its_tasks_to_the_parent() -> None:
    assert fork_map(_dies_in_a_worker, 20, workers=2) == [i * 2 for i in range(20)]


def _killed_once_it_has_work(i: int) -> int:
    time.sleep(0.01)
    if os.getpid() != PARENT and i > 3:
        os.kill(os.getpid(), signal.SIGKILL)  # killed by the system, mid-task
    return i + 100


def test_a_killed_worker_leaves_its_tasks_to_the_parent_while_the_others_finish() -> None:
    assert fork_map(_killed_once_it_has_work, 40, workers=3) == [i + 100 for i in range(40)]


def test_gc_paused_restores_the_collector_as_it_was() -> None:
    assert gc.isenabled()
    with gc_paused(freeze=False):
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused(freeze=True):
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_a_pause_made_is_frozen_only_when_asked() -> None:
    before = gc.get_freeze_count()
    with gc_paused(freeze=True):
        made = [[i] for i in range(1000)]
    assert gc.get_freeze_count() >= before + len(made)
    gc.unfreeze()
    with gc_paused(freeze=False):  # as a server: what its builds leave stays collectable
        made = [[i] for i in range(1000)]
    assert gc.get_freeze_count() == 0


def test_a_load_in_a_server_freezes_nothing(minimal: Path) -> None:
    gc.unfreeze()
    assert check_project(minimal, TODAY, freeze=False).ok
    assert gc.get_freeze_count() == 0
    assert check_project(minimal, TODAY).ok  # a one-shot command freezes what it loaded
    assert gc.get_freeze_count() > 0
    gc.unfreeze()


def _break(project: Path) -> None:
    for name, old, new in [
        ("objections/too-expensive.yaml", "say: ", "sya: "),
        ("competitors/autodalys.yaml", "name: ", "name: [unclosed\n"),
    ]:
        path = project / "data" / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_parsing_on_two_cores_reports_the_same_problems(example_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _break(example_copy)
    alone = [str(d) for d in check_project(example_copy, TODAY).diagnostics]
    monkeypatch.setattr(loader, "PARALLEL_FROM", 1)
    spread = [str(d) for d in check_project(example_copy, TODAY).diagnostics]
    assert spread == alone
    assert any("unknown key `sya`, did you mean `say`?" in d for d in spread)
    assert any(d.startswith("data/competitors/autodalys.yaml:") and "YAML syntax" in d for d in spread)


def test_parsing_on_two_cores_gives_the_same_playbook(example_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = check_project(example_copy, TODAY)
    monkeypatch.setattr(loader, "PARALLEL_FROM", 1)
    spread = check_project(example_copy, TODAY)
    assert spread.playbook is not None and spread.playbook == alone.playbook
    assert spread.diagnostics == alone.diagnostics


def test_a_process_with_threads_is_never_forked() -> None:
    """A lock another thread holds would stay held in a forked child: such a process does the tasks itself."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        pids = fork_map(lambda i: os.getpid(), 400, 2)
    finally:
        stop.set()
        thread.join()
    assert set(pids) == {os.getpid()}
