"""The `playbook` group: the project option shared by every command, and the command registry.

Commands are imported when they run, not when `playbook` starts. Why: `playbook --version`, and the
`check` that every pre-commit run pays for, should not load the calculators, WeasyPrint, MkDocs or
DuckDB that other commands need.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import click

from playbook import DISTRIBUTION

COMMANDS = {
    "build": "site",
    "calc": "calc",
    "cards": "cards",
    "check": "content",
    "diff": "versions",
    "feedback": "versions",
    "funnel": "leads",
    "init": "scaffold",
    "new": "scaffold",
    "publish": "versions",
    "qualify": "leads",
    "reconcile": "reconcile",
    "review": "verification",
    "schema": "content",
    "serve": "site",
    "verify": "verification",
}
"""Each command's name → the module of `playbook.cli` that defines it (as a function of that name)."""


class _LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command = getattr(importlib.import_module(f"playbook.cli.{module}"), cmd_name)
        assert isinstance(command, click.Command), cmd_name
        return command


@click.group(name="playbook", cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-C",
    "--project",
    "project",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The playbook project folder (holding data/).",
)
@click.version_option(package_name=DISTRIBUTION)
@click.pass_context
def cli(ctx: click.Context, project: Path) -> None:
    """Playbook: the sales playbook as structured YAML, rendered into a site and PDF cards."""
    from playbook.freshness import InvalidToday, today

    ctx.obj = project
    try:
        today()  # a bad PLAYBOOK_TODAY is a usage error of every command, before any work
    except InvalidToday as error:
        raise click.UsageError(str(error)) from None


def main() -> None:
    cli(prog_name="playbook")
