"""Helpers shared by commands: the project folder, loading with diagnostics, exiting on errors."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from playbook.diagnostics import format_text
from playbook.freshness import today
from playbook.model import Playbook
from playbook.project import check_project

project_option = click.option(
    "-C",
    "--project",
    "project_override",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The playbook project folder (holding data/).",
)


def project_root(ctx: click.Context, override: Path | None = None, *, needs_data: bool = True) -> Path:
    """The project folder given to the command, or to the `playbook` group, or the current one.

    A missing folder, or one without `data/` when the command reads the content, is a usage
    error (exit 2): the command was pointed at the wrong place, the content is not at fault.
    """
    root = override if override is not None else (ctx.find_root().obj or Path("."))
    if not root.is_dir():
        raise click.UsageError(f"the project folder {root} does not exist")
    if needs_data and not (root / "data").is_dir():
        where = "the current folder" if root == Path(".") else str(root)
        raise click.UsageError(
            f"{where} is not a playbook project: it has no data/ folder "
            "(pass -C DIR to name the project, or start one with `playbook init DIR`)"
        )
    return root


def load_or_exit(root: Path, *, strict: bool = False, warnings: bool = True) -> Playbook:
    """The checked playbook; on errors, print every diagnostic to stderr and exit 1."""
    checked = check_project(root, today(), strict=strict)
    if checked.playbook is None:
        click.echo(format_text(checked.diagnostics), err=True)
        sys.exit(1)
    for warning in checked.diagnostics if warnings else ():
        click.echo(str(warning), err=True)
    return checked.playbook
