"""`playbook build` swaps the new site in at the end: a failed build leaves the previous site/ untouched."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from site_support import REPO, build, page, snapshot
from tests_support import copy_project

from playbook.output_folder import MARKER, MARKER_TEXT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(REPO, tmp_path / "project")


def test_a_failed_build_leaves_the_previous_site_byte_for_byte(project: Path) -> None:
    out = project / "site"
    assert build(project, out).exit_code == 0
    before = snapshot(out)
    assert "objections/too-expensive/index.html" in before

    # Content errors: found before anything is written.
    broken = project / "data" / "objections" / "too-expensive.yaml"
    good = broken.read_text(encoding="utf-8")
    broken.write_text(good.replace("category: price", "category: pricey"), encoding="utf-8")
    result = build(project, out)
    assert result.exit_code == 1
    assert "data/objections/too-expensive.yaml:3:11:" in result.stderr
    assert snapshot(out) == before

    # A template error: the build fails half-way, after MkDocs started writing the new site.
    broken.write_text(good, encoding="utf-8")
    own = project / "generators" / "pages"
    own.mkdir(parents=True)
    (own / "objection.md.j2").write_text("# {{ item.objection }}\n\n{{ no_such_thing }}\n", encoding="utf-8")
    result = build(project, out)
    assert result.exit_code == 1
    assert "generators/pages/objection.md.j2:3:1: template error: 'no_such_thing' is undefined" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert snapshot(out) == before
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site")]


def test_a_successful_build_replaces_the_site(project: Path) -> None:
    out = project / "site"
    out.mkdir()
    (out / "stale.html").write_text("old", encoding="utf-8")
    (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # a previous Playbook output
    result = build(project, out, "--version", "9.9.9")
    assert result.exit_code == 0, result.output
    assert not (out / "stale.html").exists()
    assert "Version 9.9.9" in page(out, "objections/too-expensive")
    deadline = time.monotonic() + 30  # the replaced site is removed by a process of its own
    while [p.name for p in project.iterdir() if p.name.startswith(".site")] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site")]


def test_a_project_overrides_a_template_by_name(project: Path) -> None:
    own = project / "generators" / "pages"
    own.mkdir(parents=True)
    template = "# Our words\n\n{% for term in pb.glossary.terms %}- {{ term.term }}\n{% endfor %}\n"
    (own / "glossary.md.j2").write_text(template, encoding="utf-8")
    out = project / "site"
    assert build(project, out).exit_code == 0
    html = page(out, "glossary")
    assert "Our words" in html and "<li>Opportunity</li>" in html


def test_a_new_project_from_the_init_skeleton_builds(minimal: Path) -> None:
    result = build(minimal, minimal / "site")
    assert result.exit_code == 0, result.output + result.stderr
    assert (minimal / "site" / "objections" / "index.html").is_file()
    assert (minimal / "site" / "criteria" / "index.html").is_file()
