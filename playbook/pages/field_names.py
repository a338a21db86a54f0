"""A content field named for people, in the playbook's language, never as a YAML path.

`proof.0.as_of` reads "Proof 1 — as of", `pricing.as_of` "Pricing — as of", `strengths[2]`
"Strengths 3", and a lead-path stage or a rule is named by its own name (`stages[1].sla.within_hours`
reads "Stages — “SQL” — Act within — Within (hours)"). The review queue, What's new and the
cards name fields through here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

Segment = str | int | tuple[Any, ...]
"""A key, a list index, or a list item as (index, name, ...) (a stage, a reason, a rule)."""

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def segments(path: str | Sequence[Segment]) -> list[Segment]:
    """`proof.0.as_of` or `strengths[2]` as segments (`["proof", 0, "as_of"]`); sequences are kept."""
    if not isinstance(path, str):
        return list(path)
    out: list[Segment] = []
    for key, index in _PART.findall(path):
        if index:
            out.append(int(index))
        elif key.isdigit():
            out.append(int(key))
        else:
            out.append(key)
    return out


TOP_ONLY = frozenset({"target"})
"""Keys whose `field_` name holds only at the top of a file: `target` is the criteria in
qualification.yaml, a KPI's target value inside `kpis`."""


def key_name(key: str, labels: Mapping[str, str], *, top: bool = True) -> str:
    """One field's name: its `field_` label, else its plain label, else the key with spaces."""
    own = labels.get(f"field_{key}") if top or key not in TOP_ONLY else None
    return own or labels.get(key) or key.replace("_", " ")


def field_name(path: str | Sequence[Segment], labels: Mapping[str, str]) -> str:
    """The whole path in words: names joined by the language's separator, list items by number or name."""
    parts: list[str] = []
    quoted = labels.get("rule_quoted", "“{value}”")
    for segment in segments(path):
        if isinstance(segment, tuple):
            parts.append(quoted.replace("{value}", segment[1]))
        elif isinstance(segment, int):
            number = str(segment + 1)
            parts[-1:] = [f"{parts[-1]} {number}"] if parts else [number]
        else:
            parts.append(key_name(segment, labels, top=not parts))
    if parts:
        parts[0] = parts[0][:1].upper() + parts[0][1:]
    return labels.get("field_separator", " — ").join(parts)
