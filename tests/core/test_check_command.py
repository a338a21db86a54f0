"""`playbook check`: the example and the non-English playbooks pass; formats for people, CI and tools."""

from __future__ import annotations

import json
from pathlib import Path

from tests_support import REPO, Invoke


def test_example_playbook_passes_strict(invoke: Invoke) -> None:
    result = invoke("-C", REPO, "check", "--strict")
    assert result.exit_code == 0, result.output + result.stderr
    assert "0 error(s), 0 warning(s)" in result.stdout


def test_language_playbooks_pass(language_playbook: Path, invoke: Invoke) -> None:
    result = invoke("-C", language_playbook, "check")
    assert result.exit_code == 0, result.output + result.stderr


def test_github_format_annotates_files(minimal: Path, invoke: Invoke) -> None:
    path = minimal / "data" / "objections" / "too-expensive.yaml"
    path.write_text(path.read_text().replace("say: ", "sya: "))
    result = invoke("-C", minimal, "check", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.strip() == (
        "::error file=data/objections/too-expensive.yaml,line=8,col=1::unknown key `sya`, did you mean `say`?"
    )


def test_json_format_lists_diagnostics(minimal: Path, invoke: Invoke) -> None:
    path = minimal / "data" / "objections" / "too-expensive.yaml"
    path.write_text(path.read_text().replace("reviewed: 2026-11-22", "reviewed: 2025-01-01"))
    result = invoke("-C", minimal, "check", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["errors"] == 0 and report["warnings"] == 1
    assert report["diagnostics"][0] == {
        "path": "data/objections/too-expensive.yaml",
        "line": 14,
        "column": 11,
        "severity": "warning",
        "message": "stale: 2025-01-01 is more than 90 days ago (review_every_days)",
    }


def test_strict_turns_lints_into_errors(minimal: Path, invoke: Invoke) -> None:
    objection = minimal / "data" / "objections" / "too-expensive.yaml"
    text = objection.read_text()
    text = text.replace("say: Our price", "#say: Our price").replace("owner: Head of Sales\n", "")
    objection.write_text(text)
    competitor = minimal / "data" / "competitors" / "cheap-parts.yaml"
    competitor.write_text(competitor.read_text().replace("landmines:", "#landmines:"))
    glossary = minimal / "data" / "glossary.yaml"
    glossary.write_text(glossary.read_text() + "  - {term: mql, definition: Again., owner: sales}\n")
    qualification = minimal / "data" / "qualification.yaml"
    qualification.write_text(qualification.read_text().replace("  sales: {name: Head of Sales", "  #sales: {name: x"))
    lenient = invoke("-C", minimal, "check")
    assert lenient.exit_code == 0
    expected = [
        "data/competitors/cheap-parts.yaml:2:1: warning: battle card has no `landmines`",
        "data/glossary.yaml:9:12: warning: term `mql` is defined twice (also term 1)",
        "data/objections/too-expensive.yaml:2:1: warning: objection has no `say`",
        "data/objections/too-expensive.yaml:2:1: warning: objections/too-expensive has no `owner`",
        "data/qualification.yaml:3:3: warning: the qualification sheet is not signed by sales",
    ]
    for line in expected:
        assert line in lenient.stdout, lenient.stdout
    strict = invoke("-C", minimal, "check", "--strict")
    assert strict.exit_code == 1
    assert "data/objections/too-expensive.yaml:2:1: objection has no `say`" in strict.stderr


def test_a_stage_reached_in_order_needs_no_hand_off(minimal: Path, invoke: Invoke) -> None:
    """Consecutive stages are connected as people draw the path: sql → customer (both sales) without a hand-off."""
    path = minimal / "data" / "lead_path.yaml"
    path.write_text(path.read_text().replace("  - {from: sql, to: customer, owner: sales}\n", ""))
    result = invoke("-C", minimal, "check", "--strict")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "cannot be reached" not in result.stdout + result.stderr


def test_only_a_truly_unreached_stage_is_a_warning(minimal: Path, invoke: Invoke) -> None:
    """`nurture` follows the final stage `customer`: once no rejection or reason leads to it, nothing does."""
    path = minimal / "data" / "lead_path.yaml"
    text = path.read_text().replace(", on_reject: nurture", "").replace(", returns_to: nurture", "")
    path.write_text(text)
    result = invoke("-C", minimal, "check")
    assert result.exit_code == 0
    assert "data/lead_path.yaml:16:10: warning: stage `nurture` cannot be reached" in result.stdout, result.stdout
    assert "stage `customer`" not in result.stdout


def test_missing_project_folder_is_a_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("-C", tmp_path / "nope", "check")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
