"""`playbook diff`, `playbook publish` and `playbook feedback import`: the playbook as a versioned agreement."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from playbook.cli.options import load_or_exit, project_option, project_root
from playbook.diagnostics import PlaybookError, format_text


@click.command()
@click.argument("old")
@click.argument("new", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@project_option
@click.pass_context
def diff(ctx: click.Context, old: str, new: str | None, fmt: str, project_override: Path | None) -> None:
    """What changed in the playbook between two git refs (or folders); NEW defaults to the working tree."""
    from playbook.versions import diff_playbooks
    from playbook.versions.git import UnknownVersion, load_version
    from playbook.versions.text_report import format_text as diff_text

    root = project_root(ctx, project_override)
    try:
        result = diff_playbooks(load_version(root, old), load_version(root, new))
    except UnknownVersion as exc:
        raise click.UsageError(str(exc)) from None
    except PlaybookError as exc:
        click.echo(format_text(exc.diagnostics), err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(diff_text(result))


@click.command()
@click.argument("version")
@click.option("--alias", "aliases", multiple=True, help="Also publish under this name, e.g. latest.")
@click.option("--title", default=None, help="The version's title in the selector (default: VERSION).")
@click.option("--push", is_flag=True, help="Push the gh-pages branch to origin afterwards.")
@click.option("--branch", default="gh-pages", show_default=True, help="The branch the site is committed to.")
@click.option("--strict", is_flag=True, help="Warnings fail the build.")
@project_option
@click.pass_context
def publish(
    ctx: click.Context,
    version: str,
    aliases: tuple[str, ...],
    title: str | None,
    push: bool,
    branch: str,
    strict: bool,
    project_override: Path | None,
) -> None:
    """Deploy this version of the site (and cards) with mike to the gh-pages branch."""
    import os
    import tempfile

    from mike import commands, git_utils

    from playbook.cli.site import build_site

    root = project_root(ctx, project_override).resolve()
    if not (root / ".git").exists():
        raise click.UsageError(f"{root} is not the top of a git repository; publish commits to its {branch} branch")
    previous = Path.cwd()
    os.chdir(root)  # mike runs git in the current folder
    try:
        with tempfile.TemporaryDirectory(prefix="playbook-publish-") as tmp:
            site = Path(tmp) / "site"
            config = {"site_dir": str(site), "use_directory_urls": True}
            with commands.deploy(
                config,
                version,
                title,
                list(aliases),
                update_aliases=True,
                alias_type=commands.AliasType.redirect,
                branch=branch,
            ):
                build_site(root, site, strict=strict, version=version, versioned=True)
            if aliases:
                commands.set_default(aliases[0], branch=branch, allow_empty=True)
        if push:
            git_utils.push_branch("origin", branch)
    except git_utils.GitError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    finally:
        os.chdir(previous)
    click.echo(f"published {version}" + (f" as {', '.join(aliases)}" if aliases else "") + f" to {branch}")


@click.group()
def feedback() -> None:
    """Field feedback: importing notes from the tracker or a CRM."""


@feedback.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--map", "mappings", multiple=True, metavar="COLUMN=FIELD", help="Read CSV column COLUMN as FIELD.")
@click.option("--into", default="imported.yaml", show_default=True, help="File under data/feedback/ to append to.")
@project_option
@click.pass_context
def import_feedback(
    ctx: click.Context, csv_file: Path, mappings: tuple[str, ...], into: str, project_override: Path | None
) -> None:
    """Turn an export of field-feedback issues, or CRM call notes, into data/feedback/ records."""
    from playbook.feedback.importer import import_notes, write_notes

    root = project_root(ctx, project_override)
    mapping = _parse_map(mappings)
    playbook = load_or_exit(root)
    known = {
        f"{folder}/{item_id}"
        for folder in ("objections", "competitors", "products")
        for item_id in getattr(playbook, folder)
    }
    result = import_notes(csv_file, playbook.feedback, mapping, known)
    for problem in result.problems:
        click.echo(problem, err=True)
    if result.problems:  # all or nothing: a note about no item would break check and every later import
        click.echo(f"nothing imported: fix the {len(result.problems)} row(s) above and import again", err=True)
        sys.exit(1)
    if result.added:
        target = root / "data" / "feedback" / into
        target.parent.mkdir(parents=True, exist_ok=True)
        write_notes(result.added, target)
    click.echo(f"imported {len(result.added)} note(s), skipped {result.duplicates} duplicate(s)")
    sys.exit(1 if result.problems else 0)


def _parse_map(mappings: tuple[str, ...]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in mappings:
        column, sep, field = item.partition("=")
        if not sep or not column.strip() or not field.strip():
            raise click.BadParameter(f"`{item}` is not COLUMN=FIELD", param_hint="--map")
        mapping[column.strip()] = field.strip()
    return mapping


COMMANDS = (diff, publish, feedback)
