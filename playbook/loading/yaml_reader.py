"""Reads one YAML file safely into plain data plus the source position of every key and value.

Every scalar stays text (YAML 1.1's `NO`, `on` and `yes` included) except an empty
value or `null`, which is None: the content model decides what becomes a number,
a boolean or a date. Duplicate keys, alias bombs, huge and binary files are refused.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from playbook.diagnostics import Diagnostic, PlaybookError

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ALIAS_NODES = 10_000
MAX_DEPTH = 200
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
MERGE_TAG = "tag:yaml.org,2002:merge"
NULL_TAG = "tag:yaml.org,2002:null"
PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
"""Tags a value may carry (`!!str` and the ones YAML gives plain values); `!ENV`, `!!python/...` are refused."""

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

Loc = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of one file starts, as 1-based line and column."""

    path: str
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    styles: dict[Loc, str] = field(default_factory=dict)
    """How a text value was written when not as plain text on one line: its quote or block indicator
    (`'`, `"`, `|`, `>`, empty for plain), followed by a newline when it spans lines. Lets a message point
    inside the value (a formula's column)."""

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The position of `loc`, or of its nearest enclosing value that has one."""
        if key and loc in self.keys:
            return self.keys[loc]
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.values:
                return self.values[loc[:end]]
        return (1, 1)

    def diagnostic(self, loc: Loc, message: str, *, key: bool = False, warning: bool = False) -> Diagnostic:
        line, column = self.where(loc, key=key)
        return Diagnostic(self.path, line, column, message, "warning" if warning else "error")


@dataclass
class YamlDocument:
    """A parsed file: its data and where everything in it came from."""

    data: Any
    source: SourceMap


def read_yaml(path: Path, display_path: str) -> YamlDocument:
    """Parse `path`; raise PlaybookError with every problem found in it."""
    text = _read_text(path, display_path)
    if not text.strip() or all(_is_comment(line) for line in text.splitlines()):
        raise PlaybookError([Diagnostic(display_path, 1, 1, "file is empty")])
    try:
        node = yaml.compose(text, Loader=_Loader)
    except RecursionError:
        raise PlaybookError([_too_deep(text, display_path)]) from None
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc.problem):
            raise PlaybookError([_too_deep(text, display_path)]) from None
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        raise PlaybookError([Diagnostic(display_path, line, col, f"YAML syntax: {problem}{context}")]) from None
    except yaml.YAMLError as exc:
        raise PlaybookError([Diagnostic(display_path, 1, 1, f"YAML syntax: {exc}")]) from None
    if node is None:
        raise PlaybookError([Diagnostic(display_path, 1, 1, "file is empty")])
    builder = _Builder(SourceMap(display_path))
    data = builder.build(node, ())
    if builder.problems:
        raise PlaybookError(builder.problems)
    return YamlDocument(data, builder.source)


def _too_deep(text: str, display_path: str) -> Diagnostic:
    """Where the nesting first goes past MAX_DEPTH, found in the event stream (which does not recurse).

    Why: PyYAML reports deep nesting two ways (a RecursionError from the Python composer, libyaml's
    own "exceeded maximum nesting depth" from 6.0.4 on, each at another depth); both become this.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):  # the pure-Python parser: no depth limit
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                mark = event.start_mark
                if depth > MAX_DEPTH + 1 and mark is not None:  # the root collection is depth 0 to the builder
                    return Diagnostic(display_path, mark.line + 1, mark.column + 1, _TOO_DEEP)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except (yaml.YAMLError, RecursionError):
        pass
    return Diagnostic(display_path, 1, 1, _TOO_DEEP)


_TOO_DEEP = f"nesting is too deep (more than {MAX_DEPTH} levels of lists and mappings)"


def _is_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#") or stripped in ("---", "...")


def _read_text(path: Path, display_path: str) -> str:
    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            raise PlaybookError(
                [Diagnostic(display_path, 1, 1, f"file is {size / 1048576:.1f} MB, over the {limit} MB limit")]
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise PlaybookError([Diagnostic(display_path, 1, 1, f"cannot read file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise PlaybookError(
            [
                Diagnostic(
                    display_path, line, column, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
                )
            ]
        ) from None
    if "\x00" in text:
        raise PlaybookError([Diagnostic(display_path, 1, 1, "binary file: contains NUL bytes")])
    return text


class _Builder:
    """Turns a composed node graph into plain data, recording positions and problems."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.problems: list[Diagnostic] = []
        self.alias_nodes = 0
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, loc: Loc, depth: int = 0, in_alias: bool = False) -> Any:
        if depth > MAX_DEPTH:
            raise PlaybookError([self._at(node, _TOO_DEEP)])
        node_id = id(node)
        in_alias = in_alias or node_id in self.seen
        self.seen.add(node_id)
        if in_alias:
            self.alias_nodes += 1
            if self.alias_nodes > MAX_ALIAS_NODES:
                raise PlaybookError(
                    [self._at(node, f"aliases expand to more than {MAX_ALIAS_NODES} values; write the content out")]
                )
        self.source.values.setdefault(loc, _pos(node))
        if node.tag not in PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append(self._at(node, f"YAML tag `{tag}` is not allowed here: write the value itself"))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc, depth, in_alias)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i), depth + 1, in_alias) for i, item in enumerate(node.value)]
        style = (getattr(node, "style", None) or "") + ("\n" if node.end_mark.line != node.start_mark.line else "")
        if style:
            self.source.styles.setdefault(loc, style)
        return _scalar(node)

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int, in_alias: bool) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merged = self.build(value_node, loc, depth + 1, in_alias)
                for part in merged if isinstance(merged, list) else [merged]:
                    if isinstance(part, dict):
                        for k, v in part.items():
                            result.setdefault(k, v)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(self._at(key_node, "a key must be plain text, not a list or mapping"))
                continue
            key = str(key_node.value)
            if key in first_seen:
                line, _ = first_seen[key]
                self.problems.append(self._at(key_node, f"duplicate key `{key}` (first defined on line {line})"))
                continue
            first_seen[key] = _pos(key_node)
            self.source.keys.setdefault((*loc, key), _pos(key_node))
            result[key] = self.build(value_node, (*loc, key), depth + 1, in_alias)
        return result

    def _at(self, node: yaml.Node, message: str) -> Diagnostic:
        line, column = _pos(node)
        return Diagnostic(self.source.path, line, column, message)


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _scalar(node: yaml.Node) -> str | None:
    value = str(node.value)
    if node.tag == NULL_TAG and value in NULLS:
        return None
    return value
