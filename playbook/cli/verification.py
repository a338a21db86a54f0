"""`playbook verify` and `playbook review`: marking an item reviewed, and what is due for review by whom.

`verify ID` stamps `reviewed:` with today's date (PLAYBOOK_TODAY when set) and, with `--by NAME`,
`verifier:`, editing the YAML in place: every other line of the file stays as it was. `review`
prints the review queue grouped by verifier, as text, Markdown (one reminder issue per verifier) or
JSON; the weekly job of the workflow `init` writes opens or updates one issue per verifier with it.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

import click
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from playbook.cli.options import load_or_exit, project_option, project_root
from playbook.freshness import today
from playbook.labels import labels as label_catalog
from playbook.model.base import suggest_slug
from playbook.pages.review import ReviewEntry, queue_json, review_queue
from playbook.yaml_edit import EditError, set_values

FOLDERS = ("objections", "competitors", "products", "calculators")
KINDS = (*FOLDERS, "glossary")
SINGULAR = {
    "objection": "objections",
    "competitor": "competitors",
    "product": "products",
    "calculator": "calculators",
    "term": "glossary",
}


@dataclass(frozen=True)
class Target:
    """An item `verify` can stamp: its key, its file and where its mapping is in that file."""

    key: str
    path: Path
    where: tuple[str | int, ...] = ()


def _terms(data: Path) -> list[Target]:
    """Every glossary term as `glossary/<slug of the term>`, read without validating the rest."""
    path = data / "glossary.yaml"
    if not path.is_file():
        return []
    try:
        loaded = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8-sig"))
    except (YAMLError, UnicodeDecodeError):
        return []
    terms = loaded.get("terms") if isinstance(loaded, dict) else None
    found = []
    for i, term in enumerate(terms if isinstance(terms, list) else []):
        if isinstance(term, dict) and isinstance(term.get("term"), str):
            found.append(Target(f"glossary/{suggest_slug(term['term']) or 'term'}", path, ("terms", i)))
    return found


def targets(root: Path) -> list[Target]:
    """Every item of the project `verify` can stamp, by key."""
    data = root / "data"
    found = [
        Target(f"{folder}/{path.stem}", path)
        for folder in FOLDERS
        for path in sorted((data / folder).glob("*.yaml"))
        if path.is_file()
    ]
    return found + _terms(data)


def resolve(root: Path, wanted: str) -> Target:
    """The item `wanted` names: `kind/id` (`objections/too-expensive`, `glossary/mql`) or a bare id.

    An id that names nothing, or a bare id that names several items, is a usage error (exit 2).
    """
    known = targets(root)
    text = wanted.strip().strip("/")
    kind, slash, item = text.partition("/")
    if slash:
        kind = SINGULAR.get(kind, kind)
        if kind not in KINDS:
            raise click.UsageError(f"`{wanted}` is not an item: write KIND/ID with KIND one of {', '.join(KINDS)}")
        key = f"{kind}/{item if kind != 'glossary' else suggest_slug(item) or item}"
        matches = [t for t in known if t.key == key]
    else:
        matches = [t for t in known if t.key.split("/", 1)[1] in (text, suggest_slug(text))]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        names = ", ".join(t.key for t in matches)
        raise click.UsageError(f"`{wanted}` names several items ({names}); write KIND/ID to choose one")
    close = get_close_matches(text, [t.key for t in known] + [t.key.split("/", 1)[1] for t in known], n=1)
    hint = f", did you mean `{close[0]}`?" if close else ""
    raise click.UsageError(f"no item `{wanted}` in {root / 'data'}{hint}")


@click.command()
@click.argument("item_id", metavar="ID")
@click.option("--by", "verifier", metavar="NAME", help="Who verified it: written as the item's `verifier`.")
@project_option
@click.pass_context
def verify(ctx: click.Context, item_id: str, verifier: str | None, project_override: Path | None) -> None:
    """Mark an item reviewed today (ID: kind/id such as objections/too-expensive, or a bare id)."""
    root = project_root(ctx, project_override)
    target = resolve(root, item_id)
    if verifier is not None and not verifier.strip():
        raise click.BadParameter("the verifier's name is empty", param_hint="--by")
    day = today()
    values: dict[str, str | object] = {"reviewed": day}
    if verifier is not None:
        values["verifier"] = " ".join(verifier.split())
    try:
        set_values(target.path, target.where, values, after={"verifier": "reviewed"})  # type: ignore[arg-type]
    except EditError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    by = f" by {values['verifier']}" if verifier is not None else ""
    shown = target.path.relative_to(root) if target.path.is_relative_to(root) else target.path
    click.echo(f"{target.key}: reviewed {day.isoformat()}{by} ({shown})")


def _text(queue: list[tuple[str, list[ReviewEntry]]], nobody: str) -> str:
    lines = []
    for verifier, entries in queue:
        lines.append(f"{verifier or nobody}:")
        for e in entries:
            since = f"due since {e.due_since.isoformat()}" if e.due_since else "never reviewed"
            fields = ", ".join(f"{f} {d.isoformat()}" for f, d, _ in e.stale)
            lines.append(f"  {e.key}  {since}" + (f"  ({fields})" if fields else ""))
    return "\n".join(lines) if lines else "nothing is due for review"


def _markdown(queue: list[tuple[str, list[ReviewEntry]]], t: dict[str, str], site_url: str | None, name: str) -> str:
    """One section per verifier: a checklist of what is due, each with its page and `playbook verify` line."""
    base = (site_url or "").rstrip("/")
    out: list[str] = []
    for verifier, entries in queue:
        out.append(f"## {verifier or t['verify_nobody']}\n")
        out.append(t["verify_issue_intro"].replace("{playbook}", name) + "\n")
        for e in entries:
            title = e.title.replace("[", "\\[").replace("]", "\\]")
            link = f"[{title}]({base}/{e.page.removesuffix('.md')}/)" if base else title
            since = (
                t["verify_due_since"].replace("{date}", e.due_since.isoformat()) if e.due_since else t["verify_never"]
            )
            out.append(f"- [ ] {link} (`{e.key}`): {since}")
            for field, date, _ in e.stale:
                out.append(f"  - `{field}`: {date.isoformat()}")
            out.append(f'  - `playbook verify {e.key} --by "…"`')
        out.append("")
    return "\n".join(out) if out else t["review_empty"] + "\n"


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="json: every verifier with what is due; markdown: the body of a reminder issue.",
)
@click.option(
    "--verifier", "only", metavar="NAME", help="Only what NAME verifies (an empty NAME: items nobody verifies)."
)
@project_option
@click.pass_context
def review(ctx: click.Context, fmt: str, only: str | None, project_override: Path | None) -> None:
    """What is due for review, grouped by verifier, with the day each item fell due."""
    root = project_root(ctx, project_override)
    playbook = load_or_exit(root, warnings=False)
    day = today()
    queue = review_queue(playbook, day)
    if only is not None:
        queue = [(v, entries) for v, entries in queue if v == " ".join(only.split())]
    t = {**label_catalog("en"), **label_catalog(playbook.settings.language)}
    if fmt == "json":
        click.echo(json.dumps(queue_json(queue, day, playbook.settings.site_url), ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        click.echo(_markdown(queue, t, playbook.settings.site_url, playbook.settings.name), nl=False)
    else:
        click.echo(_text(queue, t["verify_nobody"]))


COMMANDS = (verify, review)
