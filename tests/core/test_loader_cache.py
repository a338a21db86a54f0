"""Loading twice in one process (as `playbook serve` does) sees every edit, and reuses unchanged files.

The reuse comes from a `ParseCache` that whoever loads again holds and passes in: bounded, one entry
per file, and nothing shared between two caches or kept in the module.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from playbook.loading import ParseCache, load_playbook
from playbook.loading.cache import stamp
from playbook.loading.yaml_reader import read_yaml
from playbook.model import Objection
from playbook.project import check_project

TODAY = dt.date(2026, 11, 22)


def _objection(project: Path) -> Path:
    return project / "data" / "objections" / "too-expensive.yaml"


def _more_objections(project: Path, count: int) -> None:
    for i in range(count):
        shutil.copy(_objection(project), project / "data" / "objections" / f"copy-{i}.yaml")


def _files(project: Path) -> int:
    return sum(1 for _ in (project / "data").rglob("*.yaml"))


def test_an_edit_between_two_loads_is_seen(minimal: Path) -> None:
    cache = ParseCache()
    first = check_project(minimal, TODAY, cache=cache)
    assert first.ok
    path = _objection(minimal)
    path.write_text(path.read_text().replace("say: ", "sya: "), encoding="utf-8")
    second = check_project(minimal, TODAY, cache=cache)
    assert not second.ok
    assert "unknown key `sya`, did you mean `say`?" in str(second.diagnostics[0])
    path.write_text(path.read_text().replace("sya: ", "say: Changed. "), encoding="utf-8")
    third = check_project(minimal, TODAY, cache=cache)
    assert third.playbook is not None
    assert (third.playbook.objections["too-expensive"].say or "").startswith("Changed.")


def test_unchanged_files_are_not_parsed_again(minimal: Path) -> None:
    cache = ParseCache()
    first = check_project(minimal, TODAY, cache=cache)
    second = check_project(minimal, TODAY, cache=cache)
    assert first.playbook is not None and second.playbook is not None
    assert second.playbook.objections["too-expensive"] is first.playbook.objections["too-expensive"]
    assert second.playbook.icp is first.playbook.icp
    assert len(cache) == _files(minimal)


def test_without_a_cache_every_load_reads_every_file(minimal: Path) -> None:
    """Nothing is remembered behind the caller's back: no cache passed, nothing reused."""
    first = check_project(minimal, TODAY)
    second = check_project(minimal, TODAY)
    assert first.playbook is not None and second.playbook is not None
    assert second.playbook.icp is not first.playbook.icp
    assert second.playbook == first.playbook


def test_two_caches_share_nothing(minimal: Path) -> None:
    one, other = ParseCache(), ParseCache()
    first = load_playbook(minimal, cache=one, freeze=False).playbook
    assert len(one) == _files(minimal) and len(other) == 0
    second = load_playbook(minimal, cache=other, freeze=False).playbook
    assert first is not None and second is not None
    assert second.icp is not first.icp and second == first
    assert len(other) == len(one)
    one.clear()
    assert len(one) == 0 and len(other) == _files(minimal)


def test_the_cache_is_bounded(minimal: Path) -> None:
    cache = ParseCache(maxsize=4)
    _more_objections(minimal, 7)
    assert _files(minimal) >= cache.maxsize + 7
    first = load_playbook(minimal, cache=cache, freeze=False).playbook
    assert len(cache) <= cache.maxsize
    second = load_playbook(minimal, cache=cache, freeze=False).playbook
    assert first is not None and second == first
    assert len(cache) <= cache.maxsize


def test_the_least_recently_used_file_goes_first(minimal: Path) -> None:
    _more_objections(minimal, 2)
    paths = sorted((minimal / "data" / "objections").glob("*.yaml"))
    assert len(paths) == 3
    cache = ParseCache(maxsize=2)
    rel = [p.relative_to(minimal).as_posix() for p in paths]
    documents = [read_yaml(path, name) for path, name in zip(paths, rel, strict=True)]
    items = [Objection.model_validate(document.data) for document in documents]
    for i in range(2):
        cache.put(paths[i], rel[i], Objection, items[i], documents[i].source, stamp(paths[i]))
    assert cache.get(paths[0], rel[0], Objection) is not None  # used: now the most recent
    cache.put(paths[2], rel[2], Objection, items[2], documents[2].source, stamp(paths[2]))
    assert len(cache) == 2
    assert cache.get(paths[1], rel[1], Objection) is None  # the least recently used, dropped
    assert cache.get(paths[0], rel[0], Objection) is not None


def test_a_changed_or_removed_file_is_not_given_back_and_its_entry_is_replaced(minimal: Path) -> None:
    cache = ParseCache()
    load_playbook(minimal, cache=cache, freeze=False)
    size = len(cache)
    path = _objection(minimal)
    rel = path.relative_to(minimal).as_posix()
    assert cache.get(path, rel, Objection) is not None
    path.write_text(path.read_text(encoding="utf-8").replace("say: ", "say: Again. "), encoding="utf-8")
    assert cache.get(path, rel, Objection) is None
    assert len(cache) == size - 1  # the stale entry is gone
    again = load_playbook(minimal, cache=cache, freeze=False).playbook
    assert again is not None and (again.objections["too-expensive"].say or "").startswith("Again.")
    assert len(cache) == size  # replaced, not added beside the old one
    path.unlink()
    assert cache.get(path, rel, Objection) is None


def test_a_cache_holds_at_least_one_file() -> None:
    with pytest.raises(ValueError):
        ParseCache(maxsize=0)
