"""`playbook qualify` and `playbook funnel`: the agreed criteria and the lead path applied to CRM exports."""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Iterator
from collections.abc import Mapping as MappingOf
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


def _load(ctx: click.Context, project_override: Path | None) -> tuple[Playbook, Path, LazyLabels]:
    root = project_root(ctx, project_override)
    playbook = load_or_exit(root, warnings=False)
    return playbook, root, LazyLabels(playbook.settings.language)


class LazyLabels(MappingOf[str, str]):
    """The playbook language's label catalog, read on first use (most sheets give every reason a `because`)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._words: MappingOf[str, str] | None = None

    def _catalog(self) -> MappingOf[str, str]:
        if self._words is None:
            self._words = label_catalog(self.language)
        return self._words

    def __getitem__(self, key: str) -> str:
        return self._catalog()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._catalog())

    def __len__(self) -> int:
        return len(self._catalog())


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


encoding_option = click.option(
    "--encoding",
    metavar="NAME",
    help="The export's text encoding (utf-8, cp1251, cp1257, cp1250, latin-1...); detected when not given.",
)


@click.command()
@click.argument("leads", metavar="LEADS.csv", type=click.Path(path_type=Path), required=False)
@click.option(
    "--stage",
    type=click.Choice(["target", "sales_ready"]),
    default="target",
    show_default=True,
    help="Which criteria to apply: target lead (MQL) or the sales-ready checklist (SQL).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@map_option
@encoding_option
@click.option(
    "--sql", "as_sql", is_flag=True, help="Print the criteria as one SQL SELECT instead (LEADS.csv optional)."
)
@click.option(
    "--dialect",
    type=click.Choice(["duckdb", "postgres", "bigquery", "snowflake", "spark"]),
    default="duckdb",
    show_default=True,
    help="The SQL dialect of --sql.",
)
@click.option("--table", "table", default="leads", show_default=True, metavar="NAME", help="The table --sql reads.")
@project_option
@click.pass_context
def qualify(
    ctx: click.Context,
    leads: Path | None,
    stage: str,
    fmt: str,
    maps: tuple[str, ...],
    encoding: str | None,
    as_sql: bool,
    dialect: str,
    table: str,
    project_override: Path | None,
) -> None:
    """The agreed target-lead criteria applied to every lead of a CRM export."""
    from playbook.leads.csv_reader import open_leads
    from playbook.leads.qualify import Qualifier, write_csv, write_json, write_table
    from playbook.rules.evaluate import RuleSet

    mappings = _mappings(maps)
    playbook, _, labels = _load(ctx, project_override)
    qualification = playbook.qualification
    language = playbook.settings.language
    if qualification.criteria(stage) is None:
        _fail_usage("--stage sales_ready: qualification.yaml has no `sales_ready` checklist")
        return
    rules = RuleSet(qualification, stage, labels, language)
    if as_sql:
        _print_sql(rules, qualification, leads, mappings, encoding, language, dialect, table)
        return
    if leads is None:
        _fail_usage("missing argument LEADS.csv (only --sql runs without an export)")
        return
    try:
        export = open_leads(leads, qualification, mappings, encoding=encoding, language=language)
    except ExportError as error:
        _fail_export(error)
        return
    with export:
        for note in export.notes:
            click.echo(note, err=True)
        try:
            export.require_columns(rules.fields_read(require_only=True))
            export.require_rows()
        except ExportError as error:
            _fail_export(error)
            return
        labels_by_id = {f.id: f.label for f in qualification.fields}
        for name in export.missing(rules.fields_read()):
            click.echo(
                f"warning: {leads}: no column for field `{name}` ({labels_by_id.get(name, name)}), which only "
                f'score rules read; every lead misses it (use --map "CRM column={name}")',
                err=True,
            )

        def problem(text: str) -> None:
            click.echo(text, err=True)

        qualifier = Qualifier(rules, export, problem, MAX_PROBLEMS_SHOWN)
        try:
            with utf8_stdout() as out:
                if fmt == "json":
                    write_json(qualifier, out)
                elif fmt == "csv":
                    write_csv(qualifier, out)
                else:
                    write_table(qualifier, out)
        except ExportError as error:
            _fail_export(error)
        problems = qualifier.summary.problems
        if problems > MAX_PROBLEMS_SHOWN:
            click.echo(f"... and {problems - MAX_PROBLEMS_SHOWN} more unreadable cell(s)", err=True)


def _print_sql(
    rules: object,
    qualification: object,
    leads: Path | None,
    mappings: list[Mapping],
    encoding: str | None,
    language: str,
    dialect: str,
    table: str,
) -> None:
    """`qualify --sql`: the SELECT, with the columns of LEADS.csv when one is given."""
    from playbook.leads.csv_reader import open_leads
    from playbook.model.qualification import Qualification
    from playbook.rules.evaluate import RuleSet
    from playbook.rules.sql import select

    assert isinstance(rules, RuleSet) and isinstance(qualification, Qualification)
    columns: dict[str, str] | None = None
    if leads is not None:
        try:
            with open_leads(leads, qualification, mappings, encoding=encoding, language=language) as export:
                columns = {name: export.header.column_of(name) for name in export.header.index}
        except ExportError as error:
            _fail_export(error)
            return
    elif mappings:
        columns = {m.name: m.column for m in mappings}
    with utf8_stdout() as out:
        out.write(select(rules, qualification, table=table, dialect=dialect, columns=columns) + "\n")


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
@encoding_option
@click.option(
    "--shape",
    type=click.Choice(["events", "wide", "history"]),
    help="How the export lists stages: a row per stage entry (events), a date column per stage (wide, HubSpot), "
    "or from/to stage changes (history, Salesforce). Recognised from the header when not given.",
)
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
    encoding: str | None = None,
    shape: str | None = None,
) -> None:
    """Conversion between stages, time in stage against SLA, leads left hanging, revenue and spend per campaign."""
    from playbook.leads.funnel_read import read_funnel
    from playbook.leads.funnel_report import write_csv, write_json, write_text

    mappings = _mappings(maps)
    now = as_of_moment(as_of)
    playbook, _, labels = _load(ctx, project_override)
    try:
        read = read_funnel(
            playbook, export_path, labels, now=now, mappings=mappings, spend=spend_path, encoding=encoding, shape=shape
        )
    except ExportError as error:
        _fail_export(error)
        return
    for note in read.notes:
        click.echo(note, err=True)
    for problem in read.problems:
        click.echo(problem, err=True)
    if read.skipped > len(read.problems):
        click.echo(f"... {read.skipped} row(s) skipped in all", err=True)
    report = read.funnel
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
