"""`playbook build` and `playbook serve`: the website (and the cards) through MkDocs, built atomically."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import yaml

from playbook.cli.options import load_or_exit, project_option, project_root
from playbook.diagnostics import PlaybookError
from playbook.output_folder import UnsafeOutput, check_output, clean_leftovers, mark, staging, swap_into_place

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from playbook.mkdocs_plugin import PlaybookPlugin
    from playbook.model import Playbook


def default_config(root: Path) -> dict[str, Any]:
    """The MkDocs configuration of a project without `mkdocs.yml`; the plugin fills in the rest."""
    return {
        "site_name": "Playbook",
        "docs_dir": str(root / "data"),
        "theme": {"name": "material", "font": False},
        "plugins": ["search", "tags", {"playbook": {"project": str(root)}}],
        "extra": {"generator": False},
    }


def config_overrides(root: Path, path: Path) -> dict[str, str]:
    """`docs_dir: data` for a `mkdocs.yml` that names no docs folder and has no `docs/` beside it."""
    text = path.read_text(encoding="utf-8")
    if "docs_dir" not in text and not (path.parent / "docs").is_dir():
        return {"docs_dir": str(root / "data")}
    return {}


@contextlib.contextmanager
def config_file(root: Path) -> Iterator[Path]:
    """The project's `mkdocs.yml`, or a temporary one with the defaults (outside the project)."""
    own = root / "mkdocs.yml"
    if own.is_file():
        yield own
        return
    with tempfile.TemporaryDirectory(prefix="playbook-mkdocs-") as folder:
        path = Path(folder) / "mkdocs.yml"
        path.write_text(yaml.safe_dump(default_config(root), allow_unicode=True), encoding="utf-8")
        yield path


class _EchoHandler(logging.Handler):
    """MkDocs' log records on the command's stderr: errors as they are, warnings prefixed."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno < logging.ERROR:
            message = f"{record.levelname.lower()}: {message}"
        click.echo(message, err=True)


def _quiet_mkdocs(level: int = logging.WARNING) -> None:
    """MkDocs' own warnings and errors on stderr, without its INFO chatter or end-of-life banners."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    for handler in [h for h in logger.handlers if isinstance(h, _EchoHandler)]:
        logger.removeHandler(handler)
    handler = _EchoHandler(level)
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)


def _plugin(config: MkDocsConfig) -> PlaybookPlugin:
    from playbook.mkdocs_plugin import PlaybookPlugin

    plugins = [p for p in config.plugins.values() if isinstance(p, PlaybookPlugin)]
    if not plugins:
        raise click.ClickException("mkdocs.yml does not enable the `playbook` plugin (plugins: [search, playbook])")
    return plugins[0]


def _plugin_options(config: MkDocsConfig, **options: Any) -> None:
    plugin = _plugin(config)
    for key, value in options.items():
        if value is not None:
            plugin.config[key] = value


def _build_into(
    root: Path,
    playbook: Playbook,
    target: Path,
    *,
    strict: bool,
    version: str | None,
    cards: bool = True,
    versioned: bool = False,
) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    with config_file(root) as path:
        config = load_config(str(path), site_dir=str(target), strict=strict, **config_overrides(root, path))
        _plugin_options(config, strict=strict, version=version, cards=cards)
        plugin = _plugin(config)
        plugin.preloaded = playbook
        if versioned:  # Material's version selector, reading versions.json that mike maintains
            config.extra["version"] = {"provider": "mike", "default": "latest"}
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    if cards:
        from playbook.cards import build_cards

        updated = frozenset(plugin.changes.changed_items()) if plugin.changes else frozenset()
        build_cards(playbook, root, target / "cards", version=version, updated=updated)
        mark(target / "cards")  # `playbook cards` may write into it later


@click.command()
@click.option("--strict", is_flag=True, help="Warnings (stale content, MkDocs warnings) fail the build.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: site/ in the project).",
)
@click.option("--version", "version", default=None, help="Stamp this version instead of playbook.yaml's.")
@click.option("--no-cards", is_flag=True, help="The site only, without PDF cards (a quick preview).")
@project_option
@click.pass_context
def build(
    ctx: click.Context,
    strict: bool,
    out: Path | None,
    version: str | None,
    no_cards: bool,
    project_override: Path | None,
) -> None:
    """The site and every card, into site/ (cards under site/cards/), replaced atomically."""
    root = project_root(ctx, project_override).resolve()
    build_site(root, out if out is not None else root / "site", strict=strict, version=version, cards=not no_cards)


def checked_output(root: Path, out: Path) -> Path:
    """`out` resolved, or a usage error (exit 2) saying why Playbook will not replace it."""
    try:
        return check_output(root, out)
    except UnsafeOutput as error:
        raise click.UsageError(str(error)) from None


def build_site(
    root: Path, out: Path, *, strict: bool, version: str | None, cards: bool = True, versioned: bool = False
) -> None:
    """Check, then build the site (and cards) into `out` atomically; on failure print why and exit 1.

    An `out` that is not safe to replace (the project, data/, a folder Playbook did not build) is a usage error.
    """
    from mkdocs.exceptions import MkDocsException

    out = checked_output(root, out)
    playbook = load_or_exit(root, strict=strict)
    _quiet_mkdocs()
    clean_leftovers(out)
    try:
        with staging(out) as temp:
            _build_into(root, playbook, temp, strict=strict, version=version, cards=cards, versioned=versioned)
            swap_into_place(temp, out)
    except PlaybookError as error:
        click.echo("\n".join(str(d) for d in error.diagnostics), err=True)
        click.echo(f"build failed; {out} was left as it was", err=True)
        sys.exit(1)
    except (MkDocsException, click.ClickException, OSError) as error:
        message = str(error).strip() or type(error).__name__
        if "Aborted with a BuildError" not in message:  # MkDocs has printed the error itself
            click.echo(f"error: {message}", err=True)
        click.echo(f"build failed; {out} was left as it was", err=True)
        sys.exit(1)
    pages = sum(1 for _ in out.rglob("*.html"))
    pdfs = sum(1 for _ in (out / "cards").rglob("*.pdf")) if (out / "cards").is_dir() else 0
    click.echo(f"built {pages} pages" + (f" and {pdfs} cards" if pdfs else "") + f" into {out}")


@click.command()
@click.option(
    "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT", help="Where to serve the site."
)
@project_option
@click.pass_context
def serve(ctx: click.Context, dev_addr: str, project_override: Path | None) -> None:
    """The site on localhost, rebuilt and reloaded live when data/ changes.

    While the content has errors, every page shows them (path:line:column: message) until they are fixed.
    """
    from mkdocs.exceptions import MkDocsException

    from playbook.mkdocs_serve import serve as serve_site

    root = project_root(ctx, project_override).resolve()
    _quiet_mkdocs(logging.INFO)
    with config_file(root) as path:
        try:
            serve_site(path, root, dev_addr, config_overrides(root, path))
        except MkDocsException as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)


COMMANDS = (build, serve)
