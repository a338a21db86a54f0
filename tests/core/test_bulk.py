"""Large builds use every core and pause the cyclic collector; the result is the same as in one process."""

from __future__ import annotations

import datetime as dt
import gc
import os
import time
from pathlib import Path

import pytest

from playbook.bulk import fork_map, freeze_after_pauses, gc_paused
from playbook.diagnostics import Diagnostic, PlaybookError
from playbook.loading import cache, loader
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


def test_an_error_in_a_worker_is_raised_in_the_parent_with_its_diagnostics() -> None:
    with pytest.raises(PlaybookError) as raised:
        fork_map(_fails_in_a_worker, 20, workers=2)
    assert [str(d) for d in raised.value.diagnostics] == ["data/x.yaml:2:5: broken in a worker"]


def _dies_in_a_worker(i: int) -> int:
    time.sleep(0.01)
    if os.getpid() != PARENT:
        os._exit(1)  # as a worker killed by the system would
    return i * 2


def test_a_worker_that_dies_leaves_its_tasks_to_the_parent() -> None:
    assert fork_map(_dies_in_a_worker, 20, workers=2) == [i * 2 for i in range(20)]


def test_gc_paused_restores_the_collector_as_it_was() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_a_pause_made_is_frozen_unless_a_server_turned_that_off() -> None:
    before = gc.get_freeze_count()
    with gc_paused():
        made = [[i] for i in range(1000)]
    assert gc.get_freeze_count() >= before + len(made)
    gc.unfreeze()
    freeze_after_pauses(False)
    try:
        with gc_paused():
            made = [[i] for i in range(1000)]
        assert gc.get_freeze_count() == 0
    finally:
        freeze_after_pauses(True)


def _break(project: Path) -> None:
    for name, old, new in [
        ("objections/too-expensive.yaml", "say: ", "sya: "),
        ("competitors/autodalys.yaml", "name: ", "name: [unclosed\n"),
    ]:
        path = project / "data" / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_parsing_on_two_cores_reports_the_same_problems(example_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _break(example_copy)
    cache.clear()
    alone = [str(d) for d in check_project(example_copy, TODAY).diagnostics]
    cache.clear()
    monkeypatch.setattr(loader, "PARALLEL_FROM", 1)
    spread = [str(d) for d in check_project(example_copy, TODAY).diagnostics]
    assert spread == alone
    assert any("unknown key `sya`, did you mean `say`?" in d for d in spread)
    assert any(d.startswith("data/competitors/autodalys.yaml:") and "YAML syntax" in d for d in spread)


def test_parsing_on_two_cores_gives_the_same_playbook(example_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.clear()
    alone = check_project(example_copy, TODAY)
    cache.clear()
    monkeypatch.setattr(loader, "PARALLEL_FROM", 1)
    spread = check_project(example_copy, TODAY)
    assert spread.playbook is not None and spread.playbook == alone.playbook
    assert spread.diagnostics == alone.diagnostics
