"""`playbook new` and `playbook init`: starting content from skeletons."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from playbook import schema as schemas
from playbook.cli.options import project_option, project_root
from playbook.freshness import today
from playbook.model.base import is_slug

SKELETONS = Path(__file__).resolve().parent.parent / "skeletons"
FOLDERS = {"objection": "objections", "competitor": "competitors", "product": "products"}


@click.command()
@click.argument("kind", type=click.Choice(list(FOLDERS)))
@click.argument("item_id", metavar="ID")
@project_option
@click.pass_context
def new(ctx: click.Context, kind: str, item_id: str, project_override: Path | None) -> None:
    """A new objection, competitor or product file to fill in."""
    root = project_root(ctx, project_override)
    if not is_slug(item_id):
        raise click.BadParameter(f"`{item_id}` is not an id: use lowercase letters, digits and '-'", param_hint="ID")
    target = root / "data" / FOLDERS[kind] / f"{item_id}.yaml"
    if target.exists():
        click.echo(f"error: {target} already exists; not overwriting it", err=True)
        sys.exit(1)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = (SKELETONS / "new" / f"{kind}.yaml").read_text(encoding="utf-8")
    target.write_text(text.replace("{today}", today().isoformat()), encoding="utf-8")
    click.echo(f"wrote {target}: replace every TODO, then run `playbook check`")


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
def init(directory: Path, force: bool) -> None:
    """A new playbook repository, ready to build and to host."""
    if directory.exists() and any(directory.iterdir()) and not force:
        click.echo(f"error: {directory} is not empty; use --force to write into it anyway", err=True)
        sys.exit(1)
    shutil.copytree(SKELETONS / "init", directory, dirs_exist_ok=True)
    for path in (directory / "data").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("__TODAY__", today().isoformat()), encoding="utf-8")
    schemas.write_kind_schemas(directory / "schema")
    click.echo(f"a new playbook in {directory}: edit data/, then run `playbook -C {directory} build`")


COMMANDS = (new, init)
