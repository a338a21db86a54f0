"""The size of a page does not grow with the number of objections: navigation lists index pages only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from site_support import write_synthetic_project

from playbook.cli.site import config_file


def _mean_page_size(project: Path, out: Path) -> float:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with config_file(project) as path:
        build(load_config(str(path), site_dir=str(out)))
    sizes = [p.stat().st_size for p in out.rglob("*.html")]
    return sum(sizes) / len(sizes)


def test_mean_page_size_of_100_and_1000_objections_is_within_one_and_a_half_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    small = _mean_page_size(write_synthetic_project(tmp_path / "p100", 100), tmp_path / "s100")
    large = _mean_page_size(write_synthetic_project(tmp_path / "p1000", 1000), tmp_path / "s1000")
    assert len(list((tmp_path / "s1000" / "objections").glob("*/index.html"))) == 1000
    assert max(small, large) / min(small, large) < 1.5, (small, large)
    one = "objections/objection-0001/index.html"
    assert os.path.getsize(tmp_path / "s1000" / one) == os.path.getsize(tmp_path / "s100" / one)
