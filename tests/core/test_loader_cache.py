"""Loading twice in one process (as `playbook serve` does) sees every edit, and reuses unchanged files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playbook.project import check_project

TODAY = dt.date(2026, 11, 22)


def test_an_edit_between_two_loads_is_seen(minimal: Path) -> None:
    first = check_project(minimal, TODAY)
    assert first.ok
    path = minimal / "data" / "objections" / "too-expensive.yaml"
    path.write_text(path.read_text().replace("say: ", "sya: "), encoding="utf-8")
    second = check_project(minimal, TODAY)
    assert not second.ok
    assert "unknown key `sya`, did you mean `say`?" in str(second.diagnostics[0])
    path.write_text(path.read_text().replace("sya: ", "say: Changed. "), encoding="utf-8")
    third = check_project(minimal, TODAY)
    assert third.playbook is not None
    assert (third.playbook.objections["too-expensive"].say or "").startswith("Changed.")


def test_unchanged_files_are_not_parsed_again(minimal: Path) -> None:
    first = check_project(minimal, TODAY)
    second = check_project(minimal, TODAY)
    assert first.playbook is not None and second.playbook is not None
    assert second.playbook.objections["too-expensive"] is first.playbook.objections["too-expensive"]
    assert second.playbook.icp is first.playbook.icp
