"""Editing a YAML file people wrote, in place: one value set or one entry added, every other byte kept.

ruamel.yaml's round-trip parser gives the position of every key and value; the change is spliced
into the text at those positions, so comments, key order, quoting, indentation, flow mappings and
line endings stay exactly as written (a full round-trip dump would re-wrap long lines and re-space
flow mappings). The result is parsed again, and written only when it holds exactly the data
intended: the old data with the one change.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from playbook.files import write_bytes_atomically

BOM = "\ufeff"
Scalar = str | dt.date


class EditError(ValueError):
    """The file cannot be edited safely; the message is one sentence for people."""


def _compose(text: str, name: str) -> Node:
    try:
        node = YAML(typ="rt").compose(text)
    except YAMLError as error:
        raise EditError(f"{name} is not valid YAML: {error}") from None
    if not isinstance(node, Node):
        raise EditError(f"{name} is empty")
    return node


def _load(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _plain(value: Scalar) -> str:
    """`value` as YAML writes it on one line: plain when it can be, quoted when it must."""
    if isinstance(value, dt.date):
        return value.isoformat()
    out = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.width = 1_000_000
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.dump({"v": value}, out)
    written = out.getvalue()
    if not written.startswith("v: ") or written.count("\n") != 1:
        raise EditError(f"{value!r} cannot be written on one line")
    return written[3:-1]


def yaml_scalar(value: str) -> str:
    """`value` as a YAML scalar on one line (quoted only when it must be)."""
    return _plain(value)


def _styled(value: Scalar, style: str | None) -> str:
    """`value` written in the quoting the old value used, when that quoting can hold it."""
    text = value.isoformat() if isinstance(value, dt.date) else value
    if style == "'" and "\n" not in text:
        return "'" + text.replace("'", "''") + "'"
    if style == '"':
        return json.dumps(text, ensure_ascii=False)
    return _plain(value)


def _walk(node: Node, path: tuple[str | int, ...], name: str) -> MappingNode:
    """The mapping at `path` (keys and list indexes) from the document's root."""
    for part in path:
        if isinstance(part, int) and isinstance(node, SequenceNode) and part < len(node.value):
            node = node.value[part]
        elif isinstance(part, str) and isinstance(node, MappingNode):
            found = [v for k, v in node.value if isinstance(k, ScalarNode) and k.value == part]
            if not found:
                raise EditError(f"{name} has no `{part}`")
            node = found[0]
        else:
            raise EditError(f"{name}: `{part}` is not where it was expected")
    if not isinstance(node, MappingNode):
        raise EditError(f"{name}: expected a mapping of keys")
    return node


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _after(text: str, node: Node) -> int:
    """Where a new line goes after `node`: the start of the line after the one it ends on.

    A block scalar's end mark is already at a line start, after the blank lines and comments it
    swallowed; those stay after the new line, so go back over them.
    """
    end = node.end_mark
    index: int = end.index
    if end.column == 0 and index > 0 and text[index - 1] == "\n":
        position = index
        while position > 0:
            previous = _line_start(text, position - 1)
            line = text[previous:position].strip()
            if line and not line.startswith("#"):
                break
            position = previous
        return position
    newline_at = text.find("\n", index)
    return len(text) if newline_at < 0 else newline_at + 1


def _set_in(text: str, mapping: MappingNode, key: str, value: Scalar, after: str | None) -> str:
    """`text` with `key: value` set in `mapping` (replaced in place, or added after `after` or at the end)."""
    nl = _newline(text)
    for key_node, value_node in mapping.value:
        if not (isinstance(key_node, ScalarNode) and key_node.value == key):
            continue
        if not isinstance(value_node, ScalarNode):
            raise EditError(f"`{key}` is not a single value")
        start, end = value_node.start_mark.index, value_node.end_mark.index
        if value_node.value == "" and value_node.style is None:  # `key:` with nothing after it
            colon = text.index(":", key_node.end_mark.index) + 1
            return text[:colon] + " " + _plain(value) + text[colon:]
        if value_node.start_mark.line != value_node.end_mark.line:
            raise EditError(f"`{key}` spans several lines; write it on one line first")
        return text[:start] + _styled(value, value_node.style) + text[end:]
    entry = f"{key}: {_plain(value)}"
    if mapping.flow_style:  # {term: X, definition: Y} -> {term: X, definition: Y, reviewed: ...}
        close = mapping.end_mark.index - 1
        if text[close] != "}":
            raise EditError("a flow mapping without its closing brace")
        inner = text[:close].rstrip()
        return inner + ", " + entry + text[len(inner) : close] + text[close:]
    column = mapping.value[0][0].start_mark.column if mapping.value else 0
    anchor = [v for k, v in mapping.value if isinstance(k, ScalarNode) and k.value == after] if after else []
    last = anchor[0] if anchor else mapping.value[-1][1]
    position = _after(text, last)
    prefix = "" if position == 0 or text[position - 1] == "\n" else nl
    return text[:position] + prefix + " " * column + entry + nl + text[position:]


def set_values(
    path: Path, where: tuple[str | int, ...], values: Mapping[str, Scalar], *, after: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """Set `values` (key → value) in the mapping at `where` of the YAML file `path`, in place.

    A key already there keeps its line, its quoting and its comment; a missing key is added on a
    line of its own (after the key `after[key]` names, else at the end of the mapping). Returns the
    old and the new text; raises EditError, writing nothing, when the file cannot be edited safely.
    """
    raw = path.read_bytes()
    try:
        original = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EditError(f"{path} is not valid UTF-8") from None
    bom = original.startswith(BOM)
    text = original.removeprefix(BOM)
    name = str(path)
    for key, value in values.items():
        mapping = _walk(_compose(text, name), where, name)
        text = _set_in(text, mapping, key, value, (after or {}).get(key))
    _check(original.removeprefix(BOM), text, where, values, name)
    new = (BOM if bom else "") + text
    write_bytes_atomically(path, new.encode("utf-8"))
    return original, new


def _check(old: str, new: str, where: tuple[str | int, ...], values: Mapping[str, Scalar], name: str) -> None:
    """The edit changed exactly what it should: the data is the old data with `values` set."""
    try:
        before, after = _load(old), _load(new)
    except YAMLError:
        raise EditError(f"editing {name} would break it; nothing was written") from None
    target: Any = before
    written: Any = after
    for part in where:
        target, written = target[part], written[part]
    for key, value in values.items():
        # a date written in quotes reads back as text: that is the value too
        if written.get(key) not in (value, value.isoformat() if isinstance(value, dt.date) else value):
            raise EditError(f"editing {name} in place would not set `{key}`; nothing was written")
        target[key] = written[key]
    if before != after:
        raise EditError(f"editing {name} in place would change more than {', '.join(values)}; nothing was written")


def append_entry(path: Path, key: str, entry: Mapping[str, Any], *, comment: str | None = None) -> str:
    """Append `entry` (a mapping) to the list under the top-level `key` of `path`, every other line kept.

    The entry is written in block style with the indentation of the list's items (a missing or
    empty list becomes a block list). Returns the new text; raises EditError, writing nothing.
    """
    raw = path.read_bytes()
    try:
        original = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EditError(f"{path} is not valid UTF-8") from None
    bom = original.startswith(BOM)
    text = original.removeprefix(BOM)
    name = str(path)
    nl = _newline(text)
    root = _compose(text, name)
    if not isinstance(root, MappingNode):
        raise EditError(f"{name}: expected a mapping of keys")
    found = [(k, v) for k, v in root.value if isinstance(k, ScalarNode) and k.value == key]
    lines = _block(entry)
    if comment:
        lines = [f"# {comment}", *lines]
    if not found:
        block = f"{key}:{nl}" + "".join(f"  {line}{nl}" for line in _dash(lines))
        joiner = "" if not text or text.endswith("\n") else nl
        new = text + joiner + block
    else:
        key_node, items = found[0]
        if isinstance(items, SequenceNode) and items.value and not items.flow_style:
            first = items.value[0].start_mark
            dash = text.rfind("-", 0, first.index)
            column = first.column - (first.index - dash) if dash >= 0 else first.column
            position = _after(text, items.value[-1])
            prefix = "" if position == 0 or text[position - 1] == "\n" else nl
            block = "".join(f"{' ' * column}{line}{nl}" for line in _dash(lines))
            new = text[:position] + prefix + block + text[position:]
        elif isinstance(items, SequenceNode) and not items.value or isinstance(items, ScalarNode) and items.value == "":
            # `terms: []` or `terms:` -> a block list holding the entry
            start = key_node.end_mark.index
            line_end = text.find("\n", start)
            line_end = len(text) if line_end < 0 else line_end
            comment_at = text.find("#", start, line_end)
            tail = (" " + text[comment_at:line_end].rstrip()) if comment_at >= 0 else ""
            column = key_node.start_mark.column + 2
            block = "".join(f"{nl}{' ' * column}{line}" for line in _dash(lines))
            new = text[:start] + ":" + tail + block + text[line_end:]
        else:
            raise EditError(f"{name}: `{key}` is not a list written one item per line")
    try:
        before, after = _load(text), _load(new)
    except YAMLError:
        raise EditError(f"appending to {name} would break it; nothing was written") from None
    expected = before if isinstance(before, dict) else {}
    expected[key] = [*(expected.get(key) or []), _load(_dump(dict(entry)))]
    if expected != after:
        raise EditError(f"appending to {name} in place would change more than `{key}`; nothing was written")
    write_bytes_atomically(path, ((BOM if bom else "") + new).encode("utf-8"))
    return new


def _dump(entry: dict[str, Any]) -> str:
    out = io.StringIO()
    yaml = YAML(typ="rt")
    yaml.width = 1_000_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.dump(entry, out)
    return out.getvalue()


def _block(entry: Mapping[str, Any]) -> list[str]:
    """`entry` as block-style YAML lines (no trailing newline), values quoted where they must be."""
    return _dump(dict(entry)).rstrip("\n").split("\n")


def _dash(lines: list[str]) -> list[str]:
    """Lines of a mapping as one list item: `- ` before the first key, two spaces before the rest."""
    out: list[str] = []
    first = True
    for line in lines:
        if line.startswith("#"):
            out.append(line)
        elif first:
            out.append(f"- {line}")
            first = False
        else:
            out.append(f"  {line}")
    return out
