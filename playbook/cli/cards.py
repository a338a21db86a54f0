"""`playbook cards`: the printable PDF cards only, all of them or the ones named."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from playbook.cards.catalog import SIZES
from playbook.cli.options import load_or_exit, project_option, project_root
from playbook.cli.site import checked_output
from playbook.diagnostics import PlaybookError, format_text
from playbook.output_folder import marked


@click.command()
@click.argument("ids", nargs=-1, metavar="[ID]...")
@click.option(
    "--size",
    type=click.Choice(SIZES, case_sensitive=False),
    default=None,
    help="Page size of a card (default: cards.size in playbook.yaml).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: site/cards in the project).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: one per core).",
)
@project_option
@click.pass_context
def cards(
    ctx: click.Context,
    ids: tuple[str, ...],
    size: str | None,
    out: Path | None,
    jobs: int | None,
    project_override: Path | None,
) -> None:
    """PDF cards: battle, objection and sales cards, the objection deck, the criteria sheet,
    the lead-path one-pager and print sheets.

    ID names an objection, competitor or product (or `objection-deck`, `criteria`, `lead-path`);
    without IDs every card is written.
    """
    from playbook.cards import run_cards

    root = project_root(ctx, project_override)
    out_dir = checked_output(root, out if out is not None else root / "site" / "cards")
    playbook = load_or_exit(root)
    try:
        with marked(out_dir):  # marked before the first PDF: a run cut short leaves a folder the next may reuse
            run = run_cards(playbook, root, out_dir, size=size, ids=list(ids) or None, jobs=jobs)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    except PlaybookError as exc:
        click.echo(format_text(exc.diagnostics), err=True)
        sys.exit(1)
    click.echo(
        f"wrote {len(run.written)} PDF file(s) to {out_dir} "
        f"({len(run.rendered)} rendered, {len(run.assembled)} assembled, {len(run.cached)} unchanged)"
    )


COMMANDS = (cards,)
