"""`playbook check` and `playbook schema`: validating content and publishing its JSON Schema."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from playbook import schema as schemas
from playbook.cli.options import project_option, project_root
from playbook.diagnostics import errors, format_github, format_json, format_text
from playbook.freshness import today
from playbook.project import check_project

FORMATTERS = {"text": format_text, "github": format_github, "json": format_json}


@click.command()
@click.option("--strict", is_flag=True, help="Treat warnings (stale content, missing owners, ...) as errors.")
@click.option("--format", "fmt", type=click.Choice(list(FORMATTERS)), default="text", show_default=True)
@project_option
@click.pass_context
def check(ctx: click.Context, strict: bool, fmt: str, project_override: Path | None) -> None:
    """Validate the content; exit 1 on errors."""
    root = project_root(ctx, project_override)
    checked = check_project(root, today(), strict=strict)
    output = FORMATTERS[fmt](checked.diagnostics)
    if output:
        click.echo(output, err=fmt == "text" and bool(errors(checked.diagnostics)))
    sys.exit(1 if errors(checked.diagnostics) else 0)


@click.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="A folder for one <kind>.schema.json per file kind, or a .json file for the bundle "
    "(like every --out, relative to the current folder).",
)
@project_option
@click.pass_context
def schema(ctx: click.Context, out: Path | None, project_override: Path | None) -> None:
    """The JSON Schema of the content model."""
    project_root(ctx, project_override, needs_data=False)  # Why: every command takes -C; schema needs no content
    if out is None:
        click.echo(schemas.dumps(schemas.bundle()), nl=False)
        return
    if out.suffix == ".json":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(schemas.dumps(schemas.bundle()), encoding="utf-8")
        return
    count = schemas.write_kind_schemas(out)
    click.echo(f"wrote {count} schema files to {out}")


COMMANDS = (check, schema)
