"""`playbook feedback import`: field notes from an issue-tracker or CRM CSV export into `data/feedback/`."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

import yaml
from pydantic import ValidationError

from playbook.model import FeedbackNote

FIELDS = ("date", "from", "about", "outcome", "note", "amount")
ISSUE_SECTIONS = {
    "item": "about",
    "outcome": "outcome",
    "what happened": "note",
    "seller": "from",
    "date": "date",
    "deal value": "amount",
}
DEFAULT_COLUMNS = {"author": "from", "user": "from", "created_at": "date", "created": "date", "seller": "from"}
_HEADING = re.compile(r"^###\s+(.+?)\s*$", re.MULTILINE)


@dataclass
class ImportResult:
    """What an import did."""

    added: list[FeedbackNote]
    duplicates: int
    problems: list[str]


def import_notes(
    csv_path: Path, existing: list[FeedbackNote], mapping: dict[str, str], known: Collection[str] | None = None
) -> ImportResult:
    """Notes from `csv_path` not already in `existing`; rows that cannot be read become problems.

    With `known` (item keys such as `objections/too-expensive`), a note about any other item is a
    problem of its row too: imported, it would break `check` and every later import.
    """
    seen = {_identity(n) for n in existing}
    added: list[FeedbackNote] = []
    problems: list[str] = []
    duplicates = 0
    for row_number, record in _records(csv_path, mapping):
        try:
            note = FeedbackNote.model_validate(record)
        except ValidationError as exc:
            problems.append(f"{csv_path}:{row_number}: {_first_error(exc)}")
            continue
        unknown = _unknown_item(note.about, known)
        if unknown:
            problems.append(f"{csv_path}:{row_number}: {unknown}")
            continue
        if _identity(note) in seen:
            duplicates += 1
            continue
        seen.add(_identity(note))
        added.append(note)
    return ImportResult(added, duplicates, problems)


def _unknown_item(about: str, known: Collection[str] | None) -> str | None:
    """Why `about` names no item of the playbook, or None when it does (or is `new`)."""
    about = about.strip()
    if known is None or about == "new" or about in known:
        return None
    kind, _, item_id = about.partition("/")
    if kind not in ("objections", "competitors", "products") or not item_id or "/" in item_id:
        return f"`about: {about}` must be objections/<id>, competitors/<id>, products/<id> or new"
    match = get_close_matches(item_id, [k.partition("/")[2] for k in known if k.startswith(f"{kind}/")], n=1)
    hint = f", did you mean `{kind}/{match[0]}`?" if match else ""
    return f"`about: {about}`: there is no {kind[:-1]} `{item_id}` in the playbook{hint}"


def write_notes(notes: list[FeedbackNote], target: Path) -> None:
    """Append `notes` to a feedback file (created with its schema line when new)."""
    records = [
        {"date": n.date.isoformat(), "from": n.from_, "about": n.about, "outcome": n.outcome, "note": n.note}
        | ({"amount": int(n.amount) if n.amount == n.amount.to_integral() else float(n.amount)} if n.amount else {})
        for n in notes
    ]
    text = yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=100)
    if not target.exists():
        text = "# yaml-language-server: $schema=../../schema/feedback.schema.json\n" + text
    with target.open("a", encoding="utf-8") as f:
        f.write(text)


def _records(path: Path, mapping: dict[str, str]) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        sample = f.readline()
        f.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        for number, row in enumerate(csv.DictReader(f, delimiter=delimiter), start=2):
            columns = {**DEFAULT_COLUMNS, **mapping}
            record = {_column(columns, k): (v or "").strip() for k, v in row.items() if k}
            if "body" in record:
                record = {**_issue_form_fields(record.pop("body")), **{k: v for k, v in record.items() if k in FIELDS}}
            if "date" in record:
                record["date"] = record["date"][:10]
            else:
                record["date"] = dt.date.today().isoformat()
            record["outcome"] = (record.get("outcome") or "none").lower()
            yield number, {k: v for k, v in record.items() if k in FIELDS and (v or k != "amount")}


def _column(columns: dict[str, str], name: str) -> str:
    return columns.get(name, columns.get(name.strip().lower(), name)).strip().lower()


def _issue_form_fields(body: str) -> dict[str, str]:
    """The answers of a GitHub issue form body (`### Heading` sections)."""
    fields: dict[str, str] = {}
    parts = _HEADING.split(body)
    for heading, answer in zip(parts[1::2], parts[2::2], strict=False):
        key = ISSUE_SECTIONS.get(heading.strip().lower())
        value = answer.strip()
        if key and value and value != "_No response_":
            fields[key] = value
    return fields


def _identity(note: FeedbackNote) -> tuple[str, str, str, str]:
    return (note.date.isoformat(), note.from_.strip().lower(), note.about.strip(), " ".join(note.note.split()))


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    return f"`{'.'.join(str(p) for p in first['loc'])}`: {first['msg']}"
