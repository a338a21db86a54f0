"""`Streamed`: tasks done by forked workers while the parent goes on, each result taken when wanted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from playbook.bulk import NotDone, Streamed


def test_results_are_taken_in_any_order_and_come_from_other_processes() -> None:
    parent = os.getpid()
    streamed = Streamed(lambda i: (i * i, os.getpid()), 40, 2)
    try:
        taken = [streamed.take(i) for i in [39, *range(39)]]
    finally:
        streamed.close()
    assert sorted(value for value, _ in taken) == [i * i for i in range(40)]
    assert {pid for _, pid in taken} - {parent} and parent not in {pid for _, pid in taken}


def test_workers_go_on_while_the_parent_has_not_taken_anything(tmp_path: Path) -> None:
    """A worker does not wait for the parent to read its last result (results larger than a pipe's buffer):
    every task starts while the parent takes nothing."""
    started = tmp_path / "started"

    def task(i: int) -> str:
        with started.open("a") as log:
            log.write(f"{i}\n")
        return "x" * 200_000

    streamed = Streamed(task, 20, 2)
    try:
        deadline = time.monotonic() + 30
        while (not started.exists() or len(started.read_text().split()) < 20) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sorted(int(i) for i in started.read_text().split()) == list(range(20))
        results = [streamed.take(i) for i in range(20)]
    finally:
        streamed.close()
    assert all(len(result) == 200_000 for result in results)


def test_a_task_that_raises_is_not_done_and_the_others_are() -> None:
    def task(i: int) -> int:
        if i == 3:
            raise ValueError("no page three")
        return i

    streamed = Streamed(task, 6, 2)
    try:
        with pytest.raises(NotDone, match="task 3: ValueError: no page three"):
            streamed.take(3)
        assert [streamed.take(i) for i in (0, 1, 2, 4, 5)] == [0, 1, 2, 4, 5]
    finally:
        streamed.close()


def test_the_task_of_a_killed_worker_is_not_done_and_nothing_hangs() -> None:
    def task(i: int) -> int:
        if i == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        return i

    streamed = Streamed(task, 5, 2)
    try:
        with pytest.raises(NotDone, match="task 2: its worker ended without a result"):
            streamed.take(2)
    finally:
        streamed.close()


def test_close_stops_workers_still_busy(tmp_path: Path) -> None:
    pids = tmp_path / "pids"

    def task(i: int) -> None:
        with pids.open("a") as log:
            log.write(f"{os.getpid()}\n")
        time.sleep(60)

    streamed = Streamed(task, 4, 2)
    deadline = time.monotonic() + 30
    while (not pids.exists() or len(pids.read_text().split()) < 2) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = {int(pid) for pid in pids.read_text().split()}
    streamed.close()
    assert len(workers) == 2
    assert not [pid for pid in workers if _alive(pid)]


@pytest.mark.parametrize("pool", ["Streamed", "fork_map"])
def test_workers_die_with_the_process_that_forked_them(pool: str, tmp_path: Path) -> None:
    """A build killed with `kill -9` leaves no worker behind (Linux: the workers ask to be killed with it)."""
    pids = tmp_path / "pids"
    script = (
        "import os, sys, time\n"
        "from playbook.bulk import Streamed, fork_map\n"
        "def task(i):\n"
        f"    open({str(pids)!r}, 'a').write(f'{{os.getpid()}}\\n')\n"
        "    time.sleep(60)\n"
        f"if {pool == 'Streamed'}:\n"
        "    Streamed(task, 4, 2).take(0)\n"
        "else:\n"
        "    fork_map(task, 4, 2)\n"
    )
    build = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 30
    while (not pids.exists() or len(set(pids.read_text().split())) < 2) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = {int(pid) for pid in pids.read_text().split()} - {build.pid}
    assert workers
    build.kill()
    build.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (OSError, IndexError):
        return False
    return state != "Z"
