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


def test_mean_page_size_of_30_and_300_objections_is_within_one_and_a_half_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten times the objections, the same page sizes. A navigation listing every objection would add some
    300 bytes per objection to every page: at 300 objections about 90 KB, several times a page here (25 KB)."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    small = _mean_page_size(write_synthetic_project(tmp_path / "p30", 30), tmp_path / "s30")
    large = _mean_page_size(write_synthetic_project(tmp_path / "p300", 300), tmp_path / "s300")
    assert len(list((tmp_path / "s300" / "objections").glob("*/index.html"))) == 300
    assert max(small, large) / min(small, large) < 1.5, (small, large)
    one = "objections/objection-0001/index.html"
    assert os.path.getsize(tmp_path / "s300" / one) == os.path.getsize(tmp_path / "s30" / one)
