"""Semantic differences between two playbooks: items added, removed, renamed, and the fields that changed.

Definitions that change who counts as a target lead or who owns what (the qualification sheet and
the lead path) come first.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from playbook.model import Playbook

ChangeKind = Literal["added", "removed", "renamed", "changed"]
DEFINITIONS = ("qualification", "lead_path")
RENAME_SIMILARITY = 0.9
ORDER: tuple[ChangeKind, ...] = ("added", "renamed", "removed", "changed")


@dataclass(frozen=True)
class FieldChange:
    """One field of an item that changed, with before and after (word-level for text)."""

    path: str
    change: ChangeKind
    before: Any = None
    after: Any = None
    words: str | None = None
    """For text: the new text with `[-removed-]` and `{+added+}` words marked."""
    where: tuple[str | int | tuple[int, str, str | None], ...] = ()
    """The path for people: keys, and list items as (index, name, id) when they have a name or id
    (a stage, a rule, a reason), so that `stages[1]` reads "stages[sql “SQL”]" (see `people_path`)."""


@dataclass(frozen=True)
class Change:
    """One item (`objections/too-expensive`, `qualification`, ...) that differs."""

    item: str
    change: ChangeKind
    renamed_from: str | None = None
    fields: list[FieldChange] = field(default_factory=list)
    title: str | None = None
    """The item's title (an objection as the customer says it, a name), from the side that has it."""

    @property
    def is_definition(self) -> bool:
        return self.item in DEFINITIONS


@dataclass
class Diff:
    """Everything that changed between two versions of a playbook."""

    old_version: str
    new_version: str
    changes: list[Change]
    feedback_added: int = 0

    def changed_items(self) -> set[str]:
        """Keys of items added, renamed or changed (the ones that get an "updated" badge)."""
        return {c.item for c in self.changes if c.change != "removed"}

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.old_version,
            "to": self.new_version,
            "changes": [_change_json(c) for c in self.changes],
            "feedback_added": self.feedback_added,
        }


def diff_playbooks(old: Playbook, new: Playbook) -> Diff:
    """What changed from `old` to `new`: definitions first, then items by kind and id."""
    old_items, new_items = _items(old), _items(new)
    changes = _singles(old_items, new_items)
    for folder in ("objections", "competitors", "products"):
        changes += _folder(folder, old_items, new_items)
    changes.sort(key=lambda c: (not c.is_definition, ORDER.index(c.change), c.item))
    old_notes = {json.dumps(n.model_dump(mode="json"), sort_keys=True) for n in old.feedback}
    added = sum(1 for n in new.feedback if json.dumps(n.model_dump(mode="json"), sort_keys=True) not in old_notes)
    return Diff(old.settings.version, new.settings.version, changes, added)


def _items(pb: Playbook) -> dict[str, Any]:
    items: dict[str, Any] = {
        "playbook": _dump(pb.settings, drop=("version",)),
        "icp": _dump(pb.icp),
        "qualification": _dump(pb.qualification),
        "lead_path": _dump(pb.lead_path),
        "glossary": _dump(pb.glossary),
    }
    for folder, group in (("objections", pb.objections), ("competitors", pb.competitors), ("products", pb.products)):
        for item_id, item in group.items():
            items[f"{folder}/{item_id}"] = _dump(item)
    for page in pb.pages:
        items[f"pages/{page.name}"] = {"markdown": page.markdown}
    return items


def _dump(model: BaseModel, drop: tuple[str, ...] = ()) -> Any:
    data = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    return {k: v for k, v in data.items() if k not in drop}


def _singles(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes = []
    for key in (*DEFINITIONS, "playbook", "icp", "glossary"):
        fields = _compare(old.get(key), new.get(key), "")
        if fields:
            changes.append(Change(key, "changed", fields=fields))
    old_pages = {k for k in old if k.startswith("pages/")}
    new_pages = {k for k in new if k.startswith("pages/")}
    changes += [Change(k, "added") for k in sorted(new_pages - old_pages)]
    changes += [Change(k, "removed") for k in sorted(old_pages - new_pages)]
    for key in sorted(old_pages & new_pages):
        fields = _compare(old[key], new[key], "")
        if fields:
            changes.append(Change(key, "changed", fields=fields))
    return changes


def _folder(folder: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    prefix = f"{folder}/"
    old_keys = {k for k in old if k.startswith(prefix)}
    new_keys = {k for k in new if k.startswith(prefix)}
    removed, added = sorted(old_keys - new_keys), sorted(new_keys - old_keys)
    changes: list[Change] = []
    for new_key in list(added):
        match = _best_match(new[new_key], [(k, old[k]) for k in removed])
        if match is not None:
            removed.remove(match)
            added.remove(new_key)
            changes.append(
                Change(new_key, "renamed", renamed_from=match, fields=_compare(old[match], new[new_key], ""))
            )
    changes += [Change(k, "added", title=_title(new[k])) for k in added]
    changes += [Change(k, "removed", title=_title(old[k])) for k in removed]
    for key in sorted(old_keys & new_keys):
        fields = _compare(old[key], new[key], "")
        if fields:
            changes.append(Change(key, "changed", fields=fields, title=_title(new[key])))
    return changes


def _title(item: Any) -> str | None:
    title = item.get("objection") or item.get("name") if isinstance(item, dict) else None
    return str(title) if title else None


def _best_match(item: Any, candidates: list[tuple[str, Any]]) -> str | None:
    text = json.dumps(item, sort_keys=True)
    scored = [(difflib.SequenceMatcher(None, text, json.dumps(c, sort_keys=True)).ratio(), k) for k, c in candidates]
    best = max(scored, default=(0.0, ""))
    return best[1] if best[0] >= RENAME_SIMILARITY else None


Where = tuple[str | int | tuple[int, str, str | None], ...]
NAME_KEYS = ("name", "label", "term", "objection", "because", "claim", "q", "feature", "they_say", "field")
NAME_LIMIT = 60


def _item(index: int, item: Any) -> int | tuple[int, str, str | None]:
    """A list element for people: (index, its name, its id) when it has either, else its index."""
    if not isinstance(item, dict):
        return index
    ident = next((item[k] for k in ("id", "field") if isinstance(item.get(k), str)), None)  # a rule: its field
    name = next((str(item[k]).strip() for k in NAME_KEYS if isinstance(item.get(k), str) and item[k].strip()), None)
    if name is None and ident is None:
        return index
    name = name or str(ident)
    name = name if len(name) <= NAME_LIMIT else name[: NAME_LIMIT - 1].rstrip() + "…"
    return (index, name, ident)


def _compare(before: Any, after: Any, path: str, where: Where = ()) -> list[FieldChange]:
    if before == after:
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        return _compare_dicts(before, after, path, where)
    if isinstance(before, list) and isinstance(after, list):
        return _compare_lists(before, after, path, where)
    if before is None:
        return [FieldChange(path, "added", after=after, where=where)]
    if after is None:
        return [FieldChange(path, "removed", before=before, where=where)]
    words = word_diff(before, after) if isinstance(before, str) and isinstance(after, str) else None
    return [FieldChange(path, "changed", before, after, words, where)]


def _compare_dicts(before: dict[str, Any], after: dict[str, Any], path: str, where: Where = ()) -> list[FieldChange]:
    changes: list[FieldChange] = []
    for key in [*before, *(k for k in after if k not in before)]:
        changes += _compare(before.get(key), after.get(key), f"{path}.{key}" if path else key, (*where, key))
    return changes


def _compare_lists(before: list[Any], after: list[Any], path: str, where: Where = ()) -> list[FieldChange]:
    """Elements matched by content, so that inserting one rule does not report every later rule."""
    a = [json.dumps(x, sort_keys=True) for x in before]
    b = [json.dumps(x, sort_keys=True) for x in after]
    changes: list[FieldChange] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            for offset in range(i2 - i1):
                j = j1 + offset
                changes += _compare(before[i1 + offset], after[j], f"{path}[{j}]", (*where, _item(j, after[j])))
            continue
        changes += [
            FieldChange(f"{path}[{i}]", "removed", before=before[i], where=(*where, _item(i, before[i])))
            for i in range(i1, i2)
        ]
        changes += [
            FieldChange(f"{path}[{j}]", "added", after=after[j], where=(*where, _item(j, after[j])))
            for j in range(j1, j2)
        ]
    return changes


def people_path(change: FieldChange) -> str:
    """The field's path with list items named: `stages[sql “Sales-qualified lead”].sla.within_hours`."""
    if not change.where:
        return change.path
    out = ""
    for segment in change.where:
        if isinstance(segment, tuple):
            index, name, ident = segment
            if ident and ident != name:
                out += f"[{ident} “{name}”]"
            else:
                out += f"[“{name}”]" if ident is None else f"[{ident}]"
        elif isinstance(segment, int):
            out += f"[{segment}]"
        else:
            out += f".{segment}" if out else segment
    return out


def short_value(value: Any, limit: int = 160) -> str:
    """A changed value on one short line: text as it is, lists and rules as JSON."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def word_diff(before: str, after: str) -> str:
    """`after`, with removed words as `[-…-]` and added words as `{+…+}`."""
    old, new = before.split(), after.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out += new[j1:j2]
            continue
        if i2 > i1:
            out.append("[-" + " ".join(old[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(new[j1:j2]) + "+}")
    return " ".join(out)


def _change_json(change: Change) -> dict[str, Any]:
    data = asdict(change)
    for optional in ("renamed_from", "title"):
        if data[optional] is None:
            del data[optional]
    data["fields"] = [
        {**{k: v for k, v in asdict(f).items() if v is not None and k != "where"}, "where": people_path(f)}
        for f in change.fields
    ]
    return data
