"""`playbook new` and `playbook init`: starting content from skeletons."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

import click
import yaml

from playbook import DISTRIBUTION
from playbook import schema as schemas
from playbook.cli.options import project_option, project_root
from playbook.freshness import today
from playbook.model.base import is_slug, suggest_slug
from playbook.yaml_edit import EditError, append_entry, yaml_scalar

SKELETONS = Path(__file__).resolve().parent.parent / "skeletons"
FOLDERS = {"objection": "objections", "competitor": "competitors", "product": "products", "calculator": "calculators"}
RUNTIME_REQUIREMENTS = SKELETONS / "runtime-requirements.txt"
"""Every package Playbook runs on, pinned with hashes: `uv export` of Playbook's uv.lock (a test keeps it equal)."""
VERSION_PLACEHOLDER = "__PLAYBOOK_VERSION__"
VERSIONED_FILES = (".github/workflows/playbook.yml", "README.md")
"""Files of the init skeleton that name the Playbook version that wrote them."""
SAFE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~-]+)+")
"""A repository address written into YAML as is: no quotes, brackets, spaces, `#`, `?` or credentials."""
COMMENTED_REPO_URL = re.compile(r"^# repo_url: \S+(?P<comment>\s+#.*)?$", re.MULTILINE)
RELEASE = re.compile(r"[0-9]+(?:\.[0-9]+)*(?:(?:a|b|rc)[0-9]+)?(?:\.post[0-9]+)?")
"""A version PyPI can hold (no `.dev`, no local `+label`): what the new repository's CI installs."""
GITHUB_SSH = re.compile(r"(?:ssh://)?git@github\.com[:/](?P<path>[^:]+)")


NEW_KINDS = ("objection", "competitor", "product", "calculator", "page", "term", "persona", "segment")
ENTRY_LISTS = {
    "term": ("glossary.yaml", "terms"),
    "persona": ("icp.yaml", "personas"),
    "segment": ("icp.yaml", "segments"),
}
"""Kinds that are entries of a shared file rather than files of their own: the file and its list."""
_TITLE_LINE = re.compile(r"^(?P<key>name|objection): .*$", re.MULTILINE)


def _new_id(name: str, explicit: str | None) -> tuple[str, str | None]:
    """The id of the new item and its name (None when only an id was given).

    `new objection too-slow` uses the id as given; `new objection "Too Slow"` suggests `too-slow`
    from the name and fills the name in; `--id` chooses the id for a name.
    """
    if explicit is not None:
        if not is_slug(explicit):
            raise click.BadParameter(
                f"`{explicit}` is not an id: use lowercase letters, digits and '-'", param_hint="--id"
            )
        return explicit, None if is_slug(name) and name == explicit else name
    if is_slug(name):
        return name, None
    suggested = suggest_slug(name)
    if not suggested:
        raise click.BadParameter(
            f"no id can be made from `{name}`: pass one with --id (lowercase letters, digits and '-')",
            param_hint="NAME",
        )
    return suggested, name


def _refuse(what: str, how: str) -> NoReturn:
    """Nothing is overwritten: exit 1 (the content already holds it), as `check` exits on content."""
    click.echo(f"error: {what} already exists; not overwriting it ({how})", err=True)
    sys.exit(1)


@click.command()
@click.argument("kind", type=click.Choice(NEW_KINDS))
@click.argument("name", metavar="NAME_OR_ID")
@click.option("--id", "explicit_id", metavar="ID", help="The id to use for NAME (default: suggested from NAME).")
@project_option
@click.pass_context
def new(ctx: click.Context, kind: str, name: str, explicit_id: str | None, project_override: Path | None) -> None:
    """Something new to fill in: an objection, competitor, product, calculator, page, term, persona or segment.

    NAME_OR_ID is an id (`too-slow`) or a name (`"Too Slow"`, which suggests the id `too-slow` and is
    written as the item's name). Every `TODO` left is a warning of `check`, an error under --strict,
    and never reaches a page or card. Nothing is ever overwritten: an existing id exits 1.
    """
    root = project_root(ctx, project_override)
    name = name.strip()
    item_id, title = _new_id(name, explicit_id)
    if title is not None:
        click.echo(f"id `{item_id}` (from the name `{title}`; choose another with --id)")
    if kind in ENTRY_LISTS:
        _new_entry(root, kind, item_id, title or (name if kind == "term" else None))
        return
    folder = "pages" if kind == "page" else FOLDERS[kind]
    target = root / "data" / folder / (f"{item_id}.md" if kind == "page" else f"{item_id}.yaml")
    if target.exists() or target.is_symlink():
        _refuse(str(target), "choose another id with --id")
    target.parent.mkdir(parents=True, exist_ok=True)
    if kind == "page":
        text = (SKELETONS / "new" / "page.md").read_text(encoding="utf-8")
        text = text.replace("{title}", " ".join((title or "TODO: the page's title").split()))
    else:
        text = (SKELETONS / "new" / f"{kind}.yaml").read_text(encoding="utf-8").replace("{today}", today().isoformat())
        if title is not None:
            text = _TITLE_LINE.sub(lambda m: f"{m['key']}: {yaml_scalar(title)}", text, count=1)
    with target.open("x", encoding="utf-8") as file:  # "x": never overwrite, even if it appeared meanwhile
        file.write(text)
    click.echo(f"wrote {target}: replace every TODO, then run `playbook check`")


def _new_entry(root: Path, kind: str, item_id: str, title: str | None) -> None:
    """A term, persona or segment appended to its list in glossary.yaml or icp.yaml, every other line kept."""
    file_name, key = ENTRY_LISTS[kind]
    path = root / "data" / file_name
    if not path.is_file():
        raise click.UsageError(f"{path} does not exist: start the playbook with `playbook init`")
    skeleton = yaml.safe_load((SKELETONS / "new" / f"{kind}.yaml").read_text(encoding="utf-8"))
    try:
        current = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except yaml.YAMLError:
        click.echo(f"error: {path} is not valid YAML; fix it first (`playbook check`)", err=True)
        sys.exit(1)
    entries = current.get(key) if isinstance(current, dict) else None
    existing = entries if isinstance(entries, list) else []
    if kind == "term":
        term = title or item_id
        if any(isinstance(e, dict) and str(e.get("term", "")).strip().casefold() == term.casefold() for e in existing):
            _refuse(f"the term `{term}` in {path}", "edit it there")
        entry = {**skeleton, "term": term}
        what = f"the term `{term}`"
    else:
        if any(isinstance(e, dict) and e.get("id") == item_id for e in existing):
            _refuse(f"the {kind} `{item_id}` in {path}", "choose another id with --id")
        entry = {**skeleton, "id": item_id, "name": title or f"TODO: the {kind}'s name"}
        what = f"the {kind} `{item_id}`"
    try:
        append_entry(path, key, entry)
    except EditError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    click.echo(f"added {what} to {path}: replace every TODO, then run `playbook check`")


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
@project_option
@click.pass_context
def init(ctx: click.Context, directory: Path, force: bool, project_override: Path | None) -> None:
    """A new playbook repository, ready to build and to host (DIRECTORY relative to -C, as with git -C)."""
    directory = project_root(ctx, project_override, needs_data=False) / directory
    # A folder holding only `.git` counts as empty: `git init` (and a remote) may come first.
    if directory.exists() and any(p.name != ".git" for p in directory.iterdir()) and not force:
        raise click.UsageError(f"{directory} is not empty; use --force to write into it anyway")
    repo_url = repository_url(directory, os.environ)
    shutil.copytree(SKELETONS / "init", directory, dirs_exist_ok=True)
    for path in (directory / "data").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("__TODAY__", today().isoformat()), encoding="utf-8")
    version = playbook_version()
    for name in VERSIONED_FILES:
        path = directory / name
        path.write_text(path.read_text(encoding="utf-8").replace(VERSION_PLACEHOLDER, version), encoding="utf-8")
    (directory / "requirements.txt").write_text(requirements(version), encoding="utf-8")
    if repo_url:
        fill_repo_url(directory / "data" / "playbook.yaml", repo_url)
    schemas.write_kind_schemas(directory / "schema")
    click.echo(f"a new playbook in {directory}: edit data/, then run `playbook -C {directory} build`")
    if not RELEASE.fullmatch(version):
        click.echo(
            f"warning: Playbook {version} is not a release: the workflow and requirements.txt pin a version "
            "that PyPI does not have; run `playbook init` of a released Playbook before pushing",
            err=True,
        )
    if repo_url:
        click.echo(f"repo_url is {repo_url}: pages link to their YAML there")
    else:
        click.echo("set repo_url in data/playbook.yaml once the repository is hosted: pages then link to their YAML")


def playbook_version() -> str:
    """The installed version of Playbook, which the new repository pins."""
    return importlib.metadata.version(DISTRIBUTION)


def requirements(version: str) -> str:
    """The new repository's requirements.txt: every package Playbook runs on, pinned and hash-checked.

    Playbook itself is installed next, by version: a pip install in hash-checking mode needs a hash
    for every line, and the hash of a release is not known before it is uploaded.
    """
    header = (
        f"# Every package Playbook {version} runs on, pinned exactly as in Playbook's own lock (uv.lock),\n"
        "# with the hash of every file, so CI and every machine install the same code. Written by\n"
        "# `playbook init`; install into a virtual environment, nothing unpinned comes in:\n"
        "#   python -m pip install --no-deps --require-hashes -r requirements.txt\n"
        f"#   python -m pip install --no-deps {DISTRIBUTION}=={version}\n"
    )
    return header + RUNTIME_REQUIREMENTS.read_text(encoding="utf-8")


def repository_url(directory: Path, environ: Mapping[str, str]) -> str | None:
    """The web address of the repository `directory` will be pushed to, when it is already known.

    From `git remote get-url origin` when `directory` is the top of a git work tree, else from
    GitHub Actions' `GITHUB_SERVER_URL` and `GITHUB_REPOSITORY`; None when neither gives a safe
    http(s) address.
    """
    remote = origin_remote(directory)
    url = web_url(remote) if remote else None
    server, repository = environ.get("GITHUB_SERVER_URL", ""), environ.get("GITHUB_REPOSITORY", "")
    if url is None and server and repository:
        url = web_url(f"{server.rstrip('/')}/{repository}")
    return url


def origin_remote(directory: Path) -> str | None:
    """`git remote get-url origin` of `directory`, only when it is the top of its own work tree.

    Why: a new folder inside another repository must not take that repository's address.
    """

    def git(*args: str) -> str | None:
        try:
            run = subprocess.run(
                ["git", "-C", str(directory), *args], capture_output=True, text=True, timeout=10, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return run.stdout.strip() if run.returncode == 0 else None

    if not directory.is_dir():
        return None
    top = git("rev-parse", "--show-toplevel")
    if not top or Path(top).resolve() != directory.resolve():
        return None
    return git("remote", "get-url", "origin")


def web_url(remote: str) -> str | None:
    """The https address of a git remote (`git@github.com:o/r.git` → `https://github.com/o/r`), or None.

    Credentials, query and fragment are dropped; anything that is not a plain http(s) address of a
    repository is refused rather than written into the playbook.
    """
    remote = remote.strip()
    ssh = GITHUB_SSH.fullmatch(remote)
    if ssh:
        remote = f"https://github.com/{ssh['path'].lstrip('/')}"
    try:
        parts = urlsplit(remote)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    path = parts.path.rstrip("/").removesuffix(".git").rstrip("/")
    url = f"{parts.scheme}://{parts.hostname}{f':{port}' if port else ''}{path}"
    return url if SAFE_URL.fullmatch(url) else None


def fill_repo_url(settings: Path, url: str) -> None:
    """Uncomment `repo_url` in the new `data/playbook.yaml` with `url` (checked by `web_url`)."""
    if not SAFE_URL.fullmatch(url):
        raise ValueError(f"not a safe repository address: {url!r}")
    text = settings.read_text(encoding="utf-8")
    filled = COMMENTED_REPO_URL.sub(lambda m: f"repo_url: {url}{m['comment'] or ''}", text, count=1)
    settings.write_text(filled, encoding="utf-8")


COMMANDS = (new, init)
