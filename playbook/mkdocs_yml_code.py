"""What in `mkdocs.yml` would run code or leak the build machine, refused before MkDocs reads the file.

Why: MkDocs loads `mkdocs.yml` with PyYAML's unsafe loader, so `!!python/object/apply:os.system` runs
a command, `!ENV` copies CI's secrets into the site, `hooks:` runs a Python file, and some plugins
and Markdown extensions fetch from the network or read any file. `mkdocs.yml` comes by pull request
like the content, so `playbook check` (which every build runs first) refuses all of it, positioned,
and lets through only the few Python names Material's own documentation tells users to write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import yaml

from playbook.diagnostics import Diagnostic

CONFIG_FILE = "mkdocs.yml"
PYTHON_TAG = "tag:yaml.org,2002:python/"
SAFE_PYTHON_NAMES = frozenset(
    {
        "material.extensions.emoji.twemoji",
        "material.extensions.emoji.to_svg",
        "pymdownx.superfences.fence_code_format",
        "pymdownx.slugs.slugify",
        "pymdownx.arithmatex.arithmatex_inline_format",
        "pymdownx.arithmatex.arithmatex_fenced_format",
    }
)
"""Functions that only format text; `python/name:` or `python/object/apply:` may name these and no other."""
SAFE_PYTHON_KINDS = ("name", "object/apply")
PLAIN_TAGS = frozenset({"!relative"})
"""MkDocs' own tag for a path relative to the page: it reads nothing by itself."""
ALLOWED_PLUGINS = frozenset(
    {"search", "tags", "playbook", "offline", "meta", "typeset", "group", "mike"}
    | {f"material/{name}" for name in ("search", "tags", "offline", "meta", "typeset", "group")}
)
"""Plugins that work on the pages alone: no network, no files outside the site, no archive of the project."""
REFUSED_EXTENSIONS = {
    "pymdownx.snippets": "includes any file named in a page",
    "pymdownx.b64": "embeds any file named in a page",
}

REFUSED_KEYS = {
    "hooks": "`hooks` run Python files from the repository; Playbook builds do not run them",
    "INHERIT": "`INHERIT` loads another file with MkDocs' unsafe YAML loader; write the settings here",
}
CUSTOM_DIR = (
    "`theme.custom_dir` is not allowed: MkDocs renders theme templates outside Jinja's sandbox, so they could "
    "run code; override page and card templates in generators/ instead"
)


def code_problems(root: yaml.Node) -> Iterator[Diagnostic]:
    """Every tag, key, plugin or extension in the composed `mkdocs.yml` that would run code or read out."""
    for node in _walk(root):
        if (message := _tag_problem(node.tag)) is not None:
            yield _at(node, message)
    if not isinstance(root, yaml.MappingNode):
        return
    for key, value in root.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if name in REFUSED_KEYS:
            yield _at(key, REFUSED_KEYS[name])
        elif name == "theme" and isinstance(value, yaml.MappingNode):
            for theme_key, _ in value.value:
                if isinstance(theme_key, yaml.ScalarNode) and theme_key.value == "custom_dir":
                    yield _at(theme_key, CUSTOM_DIR)
        elif name == "plugins":
            yield from _named_problems(value, _plugin_problem)
        elif name == "markdown_extensions":
            yield from _named_problems(value, _extension_problem)


def _tag_problem(tag: str) -> str | None:
    if tag.startswith("tag:yaml.org,2002:") and not tag.startswith(PYTHON_TAG):
        return None
    if tag == "!ENV":
        return "`!ENV` would copy the build machine's environment (CI secrets) into the site; write the value itself"
    if tag in PLAIN_TAGS:
        return None
    if tag.startswith(PYTHON_TAG):
        kind, _, name = tag.removeprefix(PYTHON_TAG).partition(":")
        if kind in SAFE_PYTHON_KINDS and name in SAFE_PYTHON_NAMES:
            return None
        return (
            f"`!!python/{kind}:{name}` would run Python code; only {', '.join(sorted(SAFE_PYTHON_NAMES))} may be named"
        )
    return f"unknown tag `{tag}`"


def _plugin_problem(name: str) -> str | None:
    if name in ALLOWED_PLUGINS:
        return None
    return f"plugin `{name}` is not allowed in a playbook (allowed: {', '.join(sorted(ALLOWED_PLUGINS))})"


def _extension_problem(name: str) -> str | None:
    why = REFUSED_EXTENSIONS.get(name)
    return f"Markdown extension `{name}` is not allowed: it {why}" if why else None


def _named_problems(node: yaml.Node, problem_of: Callable[[str], str | None]) -> Iterator[Diagnostic]:
    """Entries of a `plugins:` or `markdown_extensions:` list: `- name` or `- name: {options}`."""
    entries: list[yaml.Node] = []
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            entries += [key for key, _ in item.value] if isinstance(item, yaml.MappingNode) else [item]
    elif isinstance(node, yaml.MappingNode):
        entries = [key for key, _ in node.value]
    for entry in entries:
        if isinstance(entry, yaml.ScalarNode):
            message = problem_of(str(entry.value))
            if message is not None:
                yield _at(entry, message)


def _walk(root: yaml.Node) -> Iterator[yaml.Node]:
    """Every node, without recursion (a deep file cannot exhaust the stack)."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))


def _at(node: yaml.Node, message: str) -> Diagnostic:
    mark = node.start_mark
    return Diagnostic(CONFIG_FILE, mark.line + 1, mark.column + 1, message)
