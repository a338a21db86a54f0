"""`playbook qualify` and `playbook funnel`: the agreed criteria and the lead path applied to CRM exports."""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from playbook.cli.options import load_or_exit, project_option, project_root
from playbook.labels import labels as label_catalog
from playbook.leads.csv_reader import ExportError, Mapping, UnreadableExport
from playbook.model import Playbook

MAX_PROBLEMS_SHOWN = 100

map_option = click.option(
    "--map",
    "maps",
    multiple=True,
    metavar='"CRM column=field"',
    help="Read a field from a differently named column of the export (repeatable).",
)


@contextmanager
def utf8_stdout() -> Iterator[io.TextIOWrapper]:
    """Standard output as UTF-8 text, whatever the terminal's encoding."""
    stream = io.TextIOWrapper(click.get_binary_stream("stdout"), encoding="utf-8", newline="", write_through=False)
    try:
        yield stream
    finally:
        stream.flush()
        stream.detach()


def _load(ctx: click.Context, project_override: Path | None) -> tuple[Playbook, Path, dict[str, str]]:
    root = project_root(ctx, project_override)
    playbook = load_or_exit(root, warnings=False)
    return playbook, root, label_catalog(playbook.settings.language)


def _mappings(maps: tuple[str, ...]) -> list[Mapping]:
    try:
        return [Mapping.parse(text) for text in maps]
    except ExportError as error:
        raise click.BadParameter(str(error).removeprefix("--map "), param_hint="--map") from None


def _fail_usage(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


def _fail_export(error: ExportError) -> None:
    """An export's content that cannot be read is a data error (exit 1); a missing file or bad --map is usage (2)."""
    if isinstance(error, UnreadableExport):
        click.echo(str(error), err=True)
        sys.exit(1)
    _fail_usage(str(error))


@click.command()
@click.argument("leads", metavar="LEADS.csv", type=click.Path(path_type=Path))
@click.option(
    "--stage",
    type=click.Choice(["target", "sales_ready"]),
    default="target",
    show_default=True,
    help="Which criteria to apply: target lead (MQL) or the sales-ready checklist (SQL).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@map_option
@project_option
@click.pass_context
def qualify(
    ctx: click.Context, leads: Path, stage: str, fmt: str, maps: tuple[str, ...], project_override: Path | None
) -> None:
    """The agreed target-lead criteria applied to every lead of a CRM export."""
    from playbook.leads.csv_reader import Export
    from playbook.leads.qualify import ID_COLUMN, LeadResult, Qualifier, write_csv, write_json, write_table
    from playbook.rules.evaluate import RuleSet, fields_used

    mappings = _mappings(maps)
    playbook, _, labels = _load(ctx, project_override)
    qualification = playbook.qualification
    criteria = qualification.criteria(stage)
    if criteria is None:
        _fail_usage("--stage sales_ready: qualification.yaml has no `sales_ready` checklist")
        return
    rules = RuleSet(qualification, stage, labels)
    known = [ID_COLUMN, *(f.id for f in qualification.fields)]
    try:
        export = Export(leads, known, mappings)
    except ExportError as error:
        _fail_export(error)
        return
    with export:
        header = export.header
        conditions = [*criteria.require, *(s.when for s in criteria.score)]
        labels_by_id = {f.id: f.label for f in qualification.fields}
        for name in fields_used(conditions):
            if name not in header.index:
                click.echo(
                    f"warning: {leads}: no column for field `{name}` ({labels_by_id.get(name, name)}); "
                    f'every lead misses it (use --map "CRM column={name}")',
                    err=True,
                )
        qualifier = Qualifier(rules, export)
        shown = 0

        def results() -> Iterator[LeadResult]:
            nonlocal shown
            for result in qualifier:
                for problem in result.problems:
                    shown += 1
                    if shown <= MAX_PROBLEMS_SHOWN:
                        click.echo(qualifier.problem_text(result, problem), err=True)
                yield result

        try:
            with utf8_stdout() as out:
                if fmt == "json":
                    write_json(results(), qualifier.summary, out)
                elif fmt == "csv":
                    write_csv(results(), qualifier, out)
                else:
                    write_table(results(), qualifier, out)
        except ExportError as error:
            _fail_export(error)
        if shown > MAX_PROBLEMS_SHOWN:
            click.echo(f"... and {shown - MAX_PROBLEMS_SHOWN} more unreadable cell(s)", err=True)


def as_of_moment(text: str | None) -> dt.datetime:
    """ "Now" for hanging leads: `--as-of`, else `PLAYBOOK_TODAY` at midnight, else the current time."""
    from playbook.leads.funnel import UnreadableTimestamp, default_now, parse_timestamp

    if text is not None:
        try:
            return parse_timestamp(text)
        except UnreadableTimestamp:
            raise click.BadParameter(
                f"`{text}` is not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM)", param_hint="--as-of"
            ) from None
    return default_now()


@click.command()
@click.argument("export_path", metavar="EXPORT.csv", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True)
@map_option
@click.option(
    "--spend",
    "spend_path",
    metavar="SPEND.csv",
    type=click.Path(path_type=Path),
    help="Spend per campaign (columns campaign,spend): revenue, costs and ROI per campaign.",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="Count hanging leads as of this date or date-time (default: today, or PLAYBOOK_TODAY).",
)
@project_option
@click.pass_context
def funnel(
    ctx: click.Context,
    export_path: Path,
    fmt: str,
    maps: tuple[str, ...],
    as_of: str | None,
    project_override: Path | None,
    spend_path: Path | None = None,
) -> None:
    """Conversion between stages, time in stage against SLA, leads left hanging, revenue and spend per campaign."""
    from playbook.leads.campaign_money import add_money, comma_decimal_for, read_spend, sheet_rules
    from playbook.leads.csv_reader import Export
    from playbook.leads.funnel import ALIASES, COLUMNS, REQUIRED, compute, read_events
    from playbook.leads.funnel_report import write_csv, write_json, write_text

    mappings = _mappings(maps)
    now = as_of_moment(as_of)
    playbook, _, labels = _load(ctx, project_override)
    known = dict.fromkeys([*COLUMNS, *(f.id for f in playbook.qualification.fields)])
    comma_decimal = comma_decimal_for(playbook.settings.language)
    try:
        spend = read_spend(spend_path, comma_decimal) if spend_path is not None else None
        with Export(export_path, known, mappings, ALIASES) as export:
            missing = [name for name in REQUIRED if name not in export.header.index]
            if missing:
                _fail_usage(
                    f"{export_path}: no column for "
                    + ", ".join(f"`{m}`" for m in missing)
                    + f' (its columns: {", ".join(export.header.columns)}; use --map "CRM column={missing[0]}")'
                )
            log = read_events(export, playbook.lead_path, str(export_path))
            has_amount = "amount" in export.header.index
            rules = sheet_rules(playbook.qualification, export.header.index, labels)
    except ExportError as error:
        _fail_export(error)
        return
    for problem in log.problems:
        click.echo(problem, err=True)
    if log.skipped > len(log.problems):
        click.echo(f"... {log.skipped} row(s) skipped in all", err=True)
    report = compute(log.events, playbook.lead_path, now)
    add_money(report, log.events, spend=spend, has_amount=has_amount, comma_decimal=comma_decimal, rules=rules)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if report.after_as_of:
        click.echo(f"note: {report.after_as_of} event(s) later than {now:%Y-%m-%d %H:%M} left out", err=True)
    with utf8_stdout() as out:
        if fmt == "json":
            write_json(report, out)
        elif fmt == "csv":
            write_csv(report, out)
        else:
            write_text(report, out, str(export_path))


COMMANDS = (qualify, funnel)
