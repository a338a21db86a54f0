"""`mkdocs.yml`, and every value the plugin hands MkDocs, checked before it reaches a page.

MkDocs and Material print `site_url`, `repo_url`, `copyright`, `extra.social` links, nav titles and more
into every page without escaping them, and `mkdocs.yml` arrives by pull request like the content does.
So each value is checked for the place it lands: URLs are `http(s)` (or a path within the site), texts
hold no markup, and the folders MkDocs reads stay inside the project. Problems in `mkdocs.yml` are
positioned diagnostics (`mkdocs.yml:3:11: site_url must be an http(s) URL ...`); the plugin checks the
final configuration again with the same rules. No MkDocs import: the rules are plain data.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from playbook.diagnostics import Diagnostic
from playbook.loading import safe_paths
from playbook.mkdocs_yml_code import code_problems
from playbook.model.urls import http_url_problem, link_problem, path_problem

CONFIG_FILE = "mkdocs.yml"
MAX_BYTES = 1024 * 1024
MAX_VALUES = 20_000
MAX_DEPTH = 64
STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
"""Values with another tag (`!ENV`, `!relative`, `!!python/...`) are decided when MkDocs loads them."""

Loc = tuple[str | int, ...]
KEY = "\x00key"
"""The last part of the location of a mapping key (a nav title) rather than of its value."""
Rule = Callable[[str], str | None]

_BRANCH = re.compile(r"[A-Za-z0-9._/-]+")
PLAIN_TEXT_KEYS = ("site_name", "site_description", "site_author", "copyright", "repo_name")
URL_KEYS = ("site_url", "repo_url")
LINK_KEYS = ("edit_uri", "edit_uri_template")
FOLDER_KEYS: tuple[Loc, ...] = (("INHERIT",), ("docs_dir",), ("theme", "custom_dir"))
"""Paths MkDocs reads from, relative to `mkdocs.yml`: they must stay inside the project."""


def text_problem(value: str) -> str | None:
    """Why `value` cannot be printed raw into a page: markup or control characters."""
    if any(c in '<>"' for c in value):
        return "must be plain text, without angle brackets or double quotes"
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n" for c in value):
        return "must be plain text, without control characters"
    return None


def branch_problem(value: str) -> str | None:
    if not _BRANCH.fullmatch(value) or ".." in value:
        return "must be a git branch name: letters, digits, '.', '_', '-' and '/'"
    return None


def rule_for(loc: Loc) -> Rule | None:
    """The check a value at `loc` of the MkDocs configuration needs, or None when it lands nowhere."""
    if not loc:
        return None
    head, last = loc[0], loc[-1]
    if len(loc) == 1 and isinstance(head, str):
        if head in URL_KEYS:
            return http_url_problem
        if head in LINK_KEYS:
            return link_problem
        if head in PLAIN_TEXT_KEYS:
            return text_problem
        return None
    if head in ("extra_css", "extra_javascript"):
        return path_problem if isinstance(last, int) or last == "path" else None
    if head == "nav":
        return link_problem
    if head == "theme":
        if loc[1:] in (("logo",), ("favicon",)):
            return link_problem
        return text_problem if last == "name" and "palette" in loc else None
    if head == "extra":
        if isinstance(last, str) and (last in ("link", "homepage", "href", "url") or last.endswith("_url")):
            return link_problem
        return text_problem
    if head == "plugins" and last == "branch" and "playbook" in loc:
        return branch_problem
    return None


def dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def value_problems(values: Iterator[tuple[Loc, object]]) -> Iterator[tuple[Loc, str, bool]]:
    """(where, message, at the key) for each value its place would not take, and each nav title with markup."""
    for loc, value in values:
        if loc[:1] == ("nav",):
            for i, part in enumerate(loc[1:], start=1):
                if isinstance(part, str) and (problem := text_problem(part)):
                    yield loc[: i + 1], f"the nav title {problem}", True
        rule = rule_for(loc)
        if rule is not None and isinstance(value, str) and (problem := rule(value)):
            yield loc, f"{'the nav link' if loc[0] == 'nav' else dotted(loc)} {problem}", False


def leaves(data: object, loc: Loc = ()) -> Iterator[tuple[Loc, object]]:
    """Every scalar of a loaded configuration (mappings and lists walked), with where it is."""
    if len(loc) > MAX_DEPTH:
        return
    if isinstance(data, Mapping):
        for key, value in data.items():
            yield from leaves(value, (*loc, str(key)))
    elif isinstance(data, list | tuple):
        for i, value in enumerate(data):
            yield from leaves(value, (*loc, i))
    else:
        yield loc, data


def config_problems(config: Mapping[str, object]) -> list[str]:
    """The final MkDocs configuration's problems, as `mkdocs.yml: site_url must be ...` lines."""
    return list(dict.fromkeys(f"{CONFIG_FILE}: {message}" for _, message, _ in value_problems(leaves(dict(config)))))


# -- mkdocs.yml on disk ----------------------------------------------------------------------------


@dataclass
class _Scalar:
    value: str
    line: int
    column: int


def mkdocs_problems(root: Path) -> list[Diagnostic]:
    """Every problem of the project's `mkdocs.yml`, positioned; none when there is no such file."""
    path = root / CONFIG_FILE
    if not path.is_file() or safe_paths.escaping_link(root, path) is not None:
        return []  # no file, or a link out that the project's fence reports without opening it
    try:
        if path.stat().st_size > MAX_BYTES:
            return [Diagnostic(CONFIG_FILE, 1, 1, f"file is over the {MAX_BYTES // 1048576} MB limit")]
        node = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        return [Diagnostic(CONFIG_FILE, 1, 1, "not valid UTF-8; save the file as UTF-8")]
    except OSError as error:
        return [Diagnostic(CONFIG_FILE, 1, 1, f"cannot read file: {error.strerror}")]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return [Diagnostic(CONFIG_FILE, line, column, f"YAML syntax: {error.problem or 'invalid YAML'}")]
    except (yaml.YAMLError, RecursionError):
        return [Diagnostic(CONFIG_FILE, 1, 1, "YAML syntax: cannot be read")]
    scalars = dict(_scalars(node, (), [0])) if node is not None else {}
    values = ((loc, v.value) for loc, v in scalars.items() if loc[-1:] != (KEY,))
    problems = list(code_problems(node)) if node is not None else []
    problems += [_at(scalars, loc, message, key) for loc, message, key in value_problems(values)]
    problems += _folder_problems(root, scalars)
    return list(dict.fromkeys(problems))


def read_paths(root: Path) -> list[Path]:
    """The files and folders inside the project that `mkdocs.yml` makes MkDocs read (`custom_dir`, hooks...)."""
    path = root / CONFIG_FILE
    if not path.is_file() or safe_paths.escaping_link(root, path) is not None:
        return []
    try:
        if path.stat().st_size > MAX_BYTES:
            return []
        node = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return []
    scalars = dict(_scalars(node, (), [0])) if node is not None else {}
    paths = [_lexical(root, scalar.value) for _, scalar in _path_values(scalars)]
    return [p for p in paths if p is not None]


def _lexical(root: Path, value: str) -> Path | None:
    """`root / value` when it names a place inside the project without following any link."""
    joined = Path(os.path.normpath(root.absolute() / value))
    return joined if joined.is_relative_to(root.absolute()) else None


def _path_values(scalars: dict[Loc, _Scalar]) -> Iterator[tuple[Loc, _Scalar]]:
    for loc, scalar in scalars.items():
        if (
            loc in FOLDER_KEYS
            or (loc[:1] == ("hooks",) and len(loc) == 2)
            or (loc[:1] == ("plugins",) and loc[-1] == "project" and "playbook" in loc)
        ):
            yield loc, scalar


def _folder_problems(root: Path, scalars: dict[Loc, _Scalar]) -> list[Diagnostic]:
    """Paths that leave the project by `..` or an absolute path; links out are the fence's to report."""
    return [
        Diagnostic(CONFIG_FILE, scalar.line, scalar.column, f"{dotted(loc)} must be a path inside the project folder")
        for loc, scalar in _path_values(scalars)
        if _lexical(root, scalar.value) is None
    ]


def _at(scalars: dict[Loc, _Scalar], loc: Loc, message: str, key: bool) -> Diagnostic:
    for end in range(len(loc), 0, -1):
        found = scalars.get((*loc[:end], KEY)) if key else None
        found = found or scalars.get(loc[:end]) or scalars.get((*loc[:end], KEY))
        if found is not None:
            return Diagnostic(CONFIG_FILE, found.line, found.column, message)
    return Diagnostic(CONFIG_FILE, 1, 1, message)


def _scalars(node: yaml.Node, loc: Loc, count: list[int]) -> Iterator[tuple[Loc, _Scalar]]:
    """Scalars with standard tags and their positions; each key is kept at `(*loc, KEY)`."""
    count[0] += 1
    if len(loc) > MAX_DEPTH or count[0] > MAX_VALUES or node.tag not in STANDARD_TAGS:
        return
    if isinstance(node, yaml.ScalarNode):
        yield loc, _Scalar(str(node.value), node.start_mark.line + 1, node.start_mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _scalars(item, (*loc, i), count)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                name = str(key.value)
                yield (*loc, name, KEY), _Scalar(name, key.start_mark.line + 1, key.start_mark.column + 1)
                yield from _scalars(value, (*loc, name), count)
