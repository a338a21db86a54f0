"""The weekly review job of the workflow `init` writes: one issue per verifier listing what is due.

Its script runs here as the runner would run it, with the real `playbook` and a stand-in `gh` that
records each call and answers `gh issue list` with the issues already open.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / "playbook/skeletons/init/.github/workflows/playbook.yml"
FAKE_GH = """#!/bin/sh
printf '%s\\n' "$*" >> "$GH_LOG"
case "$1 $2" in
  "issue list") cat "$GH_OPEN" ;;
  "issue create"|"issue edit")
    while [ $# -gt 0 ]; do
      if [ "$1" = "--body-file" ]; then cat "$2" >> "$GH_BODIES"; fi
      shift
    done ;;
esac
"""


def _workflow() -> dict[str | bool, Any]:  # `on:` is the key True (YAML 1.1)
    loaded = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_review_job_runs_weekly_with_issues_write_only_there() -> None:
    workflow = _workflow()
    triggers = workflow[True]  # YAML 1.1 reads `on` as a boolean
    assert triggers["schedule"] == [{"cron": "17 6 * * 1"}] and "workflow_dispatch" in triggers
    review = workflow["jobs"]["review"]
    assert review["permissions"] == {"contents": "read", "issues": "write"}
    assert review["if"] == "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'"
    assert workflow["jobs"]["check"]["if"] == "github.event_name == 'pull_request' || github.event_name == 'push'"
    for name, job in workflow["jobs"].items():
        if name != "review":
            assert "issues" not in job.get("permissions", {}), name
    step = next(s for s in review["steps"] if s.get("name") == "Open or update the review issues")
    assert step["env"] == {"GH_TOKEN": "${{ github.token }}", "GH_REPO": "${{ github.repository }}"}
    assert "${{" not in step["run"]  # values reach the script through env, never pasted in


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq (preinstalled on GitHub's runners) is missing")
def test_review_script_opens_updates_and_closes_one_issue_per_verifier(minimal: Path, tmp_path: Path) -> None:
    objection = minimal / "data/objections/too-expensive.yaml"
    objection.write_text(
        objection.read_text().replace("reviewed: 2026-11-22", "reviewed: 2026-01-05") + "verifier: Pricing desk\n",
        encoding="utf-8",
    )
    product = minimal / "data/products/next-day-delivery.yaml"
    product.write_text(product.read_text().replace("reviewed: 2026-11-22", "reviewed: 2026-02-01"), encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH, encoding="utf-8")
    gh.chmod(0o755)
    (bin_dir / "playbook").symlink_to(Path(sys.executable).parent / "playbook")
    open_issues = tmp_path / "open.json"
    open_issues.write_text(
        json.dumps(
            [
                {"number": 7, "title": "Playbook review due: Pricing desk"},
                {"number": 9, "title": "Playbook review due: Someone who left"},
            ]
        ),
        encoding="utf-8",
    )
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(runner_temp),
        "GH_LOG": str(tmp_path / "gh.log"),
        "GH_OPEN": str(open_issues),
        "GH_BODIES": str(tmp_path / "bodies.md"),
        "PLAYBOOK_TODAY": "2026-11-22",
    }
    step = next(
        s for s in _workflow()["jobs"]["review"]["steps"] if s.get("name") == "Open or update the review issues"
    )
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=minimal, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    calls = (tmp_path / "gh.log").read_text().splitlines()
    assert calls[0].startswith("label create playbook-review")
    assert calls[1] == "issue list --label playbook-review --state open --limit 500 --json number,title"
    assert calls[2:] == [
        f"issue create --title Playbook review due: Head of Marketing --body-file {runner_temp}/body.md "
        "--label playbook-review",
        f"issue edit 7 --body-file {runner_temp}/body.md",
        "issue close 9 --comment Nothing of this is due for review any more.",
    ]
    bodies = (tmp_path / "bodies.md").read_text()
    assert "## Head of Marketing" in bodies and "(`products/next-day-delivery`): due since 2026-05-02" in bodies
    assert "## Pricing desk" in bodies and "(`objections/too-expensive`): due since 2026-04-05" in bodies
