"""`verifier`, `review_every_days` per item, `playbook verify` (one line changed) and `playbook review`."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
from tests_support import Invoke

from playbook.freshness import today
from playbook.loading import load_playbook
from playbook.pages.review import review_queue

OBJECTION = "data/objections/too-expensive.yaml"


def _changed(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_verify_changes_exactly_the_reviewed_line(
    minimal: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLAYBOOK_TODAY", "2027-01-15")
    path = minimal / OBJECTION
    path.write_text(
        path.read_text().replace("owner: Head of Sales", "owner: 'Head of Sales'   # who keeps it current")
        + "# the end\n",
        encoding="utf-8",
    )
    before = path.read_text()
    result = invoke("-C", minimal, "verify", "objections/too-expensive")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "objections/too-expensive: reviewed 2027-01-15 (data/objections/too-expensive.yaml)\n"
    assert _changed(before, path.read_text()) == ["-reviewed: 2026-11-22", "+reviewed: 2027-01-15"]
    path.write_text(
        before.replace("reviewed: 2026-11-22", 'reviewed: "2025-01-31"  # stamped by hand'), encoding="utf-8"
    )
    before = path.read_text()
    assert invoke("-C", minimal, "verify", "too-expensive").exit_code == 0  # a bare id, unambiguous
    assert _changed(before, path.read_text()) == [
        '-reviewed: "2025-01-31"  # stamped by hand',
        '+reviewed: "2027-01-15"  # stamped by hand',
    ]


def test_verify_by_adds_one_verifier_line_and_respects_playbook_today(
    minimal: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLAYBOOK_TODAY", "2027-03-04")
    path = minimal / "data/products/next-day-delivery.yaml"
    before = path.read_text()
    result = invoke("-C", minimal, "verify", "products/next-day-delivery", "--by", "Ona Petraitė")
    assert result.exit_code == 0, result.stderr
    changed = _changed(before, path.read_text())
    assert [line for line in changed if line.startswith("-")] == [
        next(f"-{line}" for line in before.splitlines() if line.startswith("reviewed:"))
    ]
    assert [line for line in changed if line.startswith("+")] == ["+reviewed: 2027-03-04", "+verifier: Ona Petraitė"]
    again = path.read_text()
    assert invoke("-C", minimal, "verify", "next-day-delivery", "--by", "Jonas").exit_code == 0
    assert _changed(again, path.read_text()) == ["-verifier: Ona Petraitė", "+verifier: Jonas"]
    loaded = load_playbook(minimal)
    assert loaded.playbook is not None and loaded.playbook.products["next-day-delivery"].verifier == "Jonas"


def test_verify_adds_reviewed_when_missing_and_stamps_a_glossary_term(minimal: Path, invoke: Invoke) -> None:
    path = minimal / OBJECTION
    without = "".join(line for line in path.read_text().splitlines(keepends=True) if not line.startswith("reviewed:"))
    path.write_text(without, encoding="utf-8")
    assert invoke("-C", minimal, "verify", "objections/too-expensive").exit_code == 0
    assert _changed(without, path.read_text()) == ["+reviewed: 2026-11-22"]
    glossary = minimal / "data/glossary.yaml"
    before = glossary.read_text()
    result = invoke("-C", minimal, "verify", "glossary/mql", "--by", "Marketing")
    assert result.exit_code == 0, result.stderr
    assert _changed(before, glossary.read_text()) == ["+    reviewed: 2026-11-22", "+    verifier: Marketing"]
    assert invoke("-C", minimal, "check", "--strict").exit_code == 0


def test_verify_unknown_or_ambiguous_id_is_a_usage_error(minimal: Path, invoke: Invoke) -> None:
    unknown = invoke("-C", minimal, "verify", "objections/too-expensiv")
    assert unknown.exit_code == 2
    assert "no item `objections/too-expensiv`" in unknown.stderr
    assert "did you mean `objections/too-expensive`?" in unknown.stderr
    (minimal / "data/competitors/too-expensive.yaml").write_text(
        (minimal / "data/competitors/cheap-parts.yaml").read_text(), encoding="utf-8"
    )
    ambiguous = invoke("-C", minimal, "verify", "too-expensive")
    assert ambiguous.exit_code == 2
    assert "names several items (objections/too-expensive, competitors/too-expensive)" in ambiguous.stderr
    bad_kind = invoke("-C", minimal, "verify", "widgets/x")
    assert bad_kind.exit_code == 2 and "is not an item" in bad_kind.stderr


def test_item_interval_overrides_the_playbooks_and_queue_groups_by_verifier(
    minimal: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = minimal / OBJECTION
    path.write_text(path.read_text() + "verifier: Pricing desk\nreview_every_days: 7\n", encoding="utf-8")
    monkeypatch.setenv("PLAYBOOK_TODAY", "2026-12-01")  # 9 days later: due for the objection (7), not the rest
    loaded = load_playbook(minimal)
    assert loaded.playbook is not None
    queue = review_queue(loaded.playbook, today())
    assert [(verifier, [e.key for e in entries]) for verifier, entries in queue] == [
        ("Pricing desk", ["objections/too-expensive"])
    ]
    entry = queue[0][1][0]
    assert entry.due_since is not None and entry.due_since.isoformat() == "2026-11-29"
    checked = invoke("-C", minimal, "check")
    assert "data/objections/too-expensive.yaml:14:11: warning: stale: 2026-11-22" in checked.stdout
    assert "stale: 2026-11-22 is more than 7 days ago (review_every_days)" in checked.stdout + checked.stderr
    as_json = json.loads(invoke("-C", minimal, "review", "--format", "json").stdout)
    assert as_json["today"] == "2026-12-01"
    assert [v["verifier"] for v in as_json["verifiers"]] == ["Pricing desk"]
    item = as_json["verifiers"][0]["items"][0]
    assert item["key"] == "objections/too-expensive" and item["due_since"] == "2026-11-29"
    assert item["days_overdue"] == 2 and item["review_every_days"] == 7
    markdown = invoke("-C", minimal, "review", "--format", "markdown", "--verifier", "Pricing desk").stdout
    assert markdown.startswith("## Pricing desk\n")
    assert (
        "- [ ] Your prices are higher than the marketplace (`objections/too-expensive`): due since 2026-11-29"
        in markdown
    )
    assert '`playbook verify objections/too-expensive --by "…"`' in markdown
    assert invoke("-C", minimal, "review", "--format", "markdown", "--verifier", "Nobody").stdout == (
        "Nothing is overdue for review.\n"
    )


def test_review_queue_page_groups_by_verifier_with_due_dates(minimal: Path, invoke: Invoke, tmp_path: Path) -> None:
    path = minimal / OBJECTION
    path.write_text(
        path.read_text().replace("reviewed: 2026-11-22", "reviewed: 2026-01-10") + "verifier: Pricing desk\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    built = invoke("-C", minimal, "build", "--out", out)
    assert built.exit_code == 0, built.stderr
    page = (out / "review/index.html").read_text()
    assert "Pricing desk" in page
    assert 'datetime="2026-04-10">2026-04-10</time>' in page  # due since: 2026-01-10 + 90 days
    assert "every 90 days" in page
