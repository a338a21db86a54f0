"""`playbook reconcile`: every criteria draft and the signed sheet judge the same CRM export.

Kept apart from `qualify` and `funnel` (cli/leads.py) because it reads the whole export before printing:
the agreement between judges is only known once every lead is judged.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from playbook.cli.leads import _fail_export, _load, _mappings, encoding_option, map_option, utf8_stdout
from playbook.cli.options import project_option
from playbook.leads.csv_reader import ExportError


@click.command()
@click.argument("leads", metavar="LEADS.csv", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@map_option
@encoding_option
@project_option
@click.pass_context
def reconcile(
    ctx: click.Context,
    leads: Path,
    fmt: str,
    maps: tuple[str, ...],
    encoding: str | None,
    project_override: Path | None,
) -> None:
    """Every criteria draft (data/proposals/) and the signed sheet on the same leads: where they disagree."""
    from playbook.leads.reconcile_export import ReconcileError, read_reconciliation
    from playbook.leads.reconcile_report import write_json, write_text

    mappings = _mappings(maps)
    playbook, _, labels = _load(ctx, project_override)
    try:
        result = read_reconciliation(playbook, leads, labels, mappings, encoding=encoding)
    except ReconcileError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    except ExportError as error:
        _fail_export(error)
        return
    for note in result.notes:
        click.echo(note, err=True)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    with utf8_stdout() as out:
        if fmt == "json":
            write_json(result.report, out)
        else:
            write_text(result.report, out, str(leads))


COMMANDS = (reconcile,)
