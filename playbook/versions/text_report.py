"""`playbook diff` for people: definitions first, then added, removed, renamed and changed items."""

from __future__ import annotations

from typing import Any

from playbook.versions.diff import Change, Diff, people_path, short_value

MARKS = {"added": "+", "removed": "-", "renamed": "→", "changed": "~"}


def format_text(diff: Diff) -> str:
    lines = [f"Playbook {diff.old_version} → {diff.new_version}: {len(diff.changes)} item(s) changed"]
    definitions = [c for c in diff.changes if c.is_definition]
    if definitions:
        lines += ["", "Definitions (who counts as a target lead, who owns what):"]
        lines += [line for c in definitions for line in _change(c)]
    others = [c for c in diff.changes if not c.is_definition]
    if others:
        lines += ["", "Content:"]
        lines += [line for c in others for line in _change(c)]
    if diff.feedback_added:
        lines += ["", f"{diff.feedback_added} new field note(s)"]
    return "\n".join(lines)


def _change(change: Change) -> list[str]:
    title = f"  {MARKS[change.change]} {change.item} ({change.change}"
    if change.title:
        title = f"  {MARKS[change.change]} {change.item}: {change.title} ({change.change}"
    title += f" from {change.renamed_from})" if change.renamed_from else ")"
    lines = [title]
    for f in change.fields:
        where = people_path(f)  # stages and rules by id and name, not by index
        if f.change == "changed" and f.words is not None:
            lines.append(f"      {where}: {f.words}")
        elif f.change == "changed":
            lines.append(f"      {where}: {_short(f.before)} → {_short(f.after)}")
        elif f.change == "added":
            lines.append(f"      + {where}: {_short(f.after)}")
        else:
            lines.append(f"      - {where}: {_short(f.before)}")
    return lines


def _short(value: Any) -> str:
    return short_value(value, 120)
