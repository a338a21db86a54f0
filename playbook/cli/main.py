"""The `playbook` group: the project option shared by every command, and the command registry."""

from __future__ import annotations

from pathlib import Path

import click

from playbook import DISTRIBUTION
from playbook.cli import calc, cards, content, leads, reconcile, scaffold, site, verification, versions
from playbook.freshness import InvalidToday, today


@click.group(name="playbook", context_settings={"help_option_names": ["-h", "--help"]})
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
    ctx.obj = project
    try:
        today()  # a bad PLAYBOOK_TODAY is a usage error of every command, before any work
    except InvalidToday as error:
        raise click.UsageError(str(error)) from None


for command in (
    *content.COMMANDS,
    *scaffold.COMMANDS,
    *versions.COMMANDS,
    *leads.COMMANDS,
    *site.COMMANDS,
    *cards.COMMANDS,
    *calc.COMMANDS,
    *reconcile.COMMANDS,
    *verification.COMMANDS,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="playbook")
