"""The one place a Jinja environment is made, and the one way a template failure is reported.

Page and card templates may come from a project's `generators/`, that is from anyone's pull request,
so every environment is Jinja's immutable sandbox: a template renders the data it is given and
cannot reach Python (no `__class__`, `__globals__`, private attributes or mutating calls). Pages
(Markdown) and cards (HTML) differ only in what they pass in: filters, globals, how `{{ ... }}`
output is finalised and whether compiled templates are kept between processes.

Compiled templates are Python code: read back from a folder a pull request can write (the
project's own `.cache/`), they would run without any sandbox. So they are kept in the user's cache
folder, which no project content reaches.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from playbook.diagnostics import Diagnostic
from playbook.paths import BUILTIN_GENERATORS, user_cache_dir

COMPILED_TEMPLATES = "templates-sandboxed"
"""The user-cache folder of compiled templates; sandboxed code differs from plain (it routes calls through
the sandbox), so the name keeps them apart from any older, unsandboxed cache."""


def compiled_templates_dir() -> Path | None:
    """`$XDG_CACHE_HOME/playbook/templates-sandboxed` (`~/.cache/...`), created; None when it cannot be."""
    return user_cache_dir(COMPILED_TEMPLATES)


def make_environment(
    template_dirs: Sequence[Path],
    *,
    filters: Mapping[str, Callable[..., Any]],
    globals_: Mapping[str, Any],
    autoescape: bool = True,
    finalize: Callable[..., Any] | None = None,
    keep_trailing_newline: bool = False,
    compiled_dir: Path | None = None,
) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment over `template_dirs` (the first folder holding a name wins).

    Undefined names fail (`StrictUndefined`), block tags leave no blank lines, and an edited template
    is compiled again (`auto_reload`). `compiled_dir` keeps compiled templates for the next process
    (`compiled_templates_dir()`, never inside a project): compiled by this sandbox, a template read
    back from it checks every attribute access and call as one compiled now does.
    """
    env = _BoundedSandbox(
        loader=FileSystemLoader([str(d) for d in template_dirs]),
        bytecode_cache=compiled_cache(compiled_dir, filters) if compiled_dir else None,
        autoescape=autoescape,
        undefined=StrictUndefined,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
        auto_reload=True,
    )
    env.filters.update(filters)
    env.globals.update(globals_)
    return env


def compiled_cache(folder: Path, filters: Mapping[str, Callable[..., Any]]) -> FileSystemBytecodeCache:
    """Compiled templates kept in `folder` for the next process (a folder of the user's cache, never the project's).

    Compiled code depends on the filters too: their fingerprint is part of every file name. Jinja checks
    each template's source and its own version before it uses what is kept.
    """
    return FileSystemBytecodeCache(str(folder), f"__jinja2_{_filters_fingerprint(filters)}_%s.cache")


def _filters_fingerprint(filters: Mapping[str, Callable[..., Any]]) -> str:
    """Which filters exist and which take the context: compiled code depends on both.

    Why: Jinja decides at compile time whether a filter call passes the context
    (`@pass_context`); a template compiled before a filter gained it, read back from the cache by
    its unchanged source, would call the filter without it.
    """
    kinds = sorted((name, str(getattr(f, "jinja_pass_arg", ""))) for name, f in filters.items())
    return hashlib.sha256(repr(kinds).encode()).hexdigest()[:16]


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, and no `*` or `**` that makes a value too big to hold.

    Why: the sandbox keeps templates from Python, not from memory; `{{ 'x' * 10**10 }}` in a pull
    request's template would exhaust CI's memory before any limit of ours could report it.
    """

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._safe: dict[tuple[type, type, str], bool] = {}
        """The sandbox's verdict on reading an attribute, by the object's type and the attribute's name."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """The sandbox's own verdict, remembered: it depends on the object's type and the name only.

        Why: a page reads thousands of attributes, and each verdict is a dozen `isinstance` checks
        against abstract types; a template can only meet the few types its data has.
        """
        key = (type(obj), obj.__class__, attr)  # `__class__` too: `isinstance` believes it
        verdict = self._safe.get(key)
        if verdict is None:
            verdict = super().is_safe_attribute(obj, attr, value)
            if len(self._safe) < MAX_VERDICTS:
                self._safe[key] = verdict
        return verdict

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"the exponent {right} is over {MAX_EXPONENT}")
        if operator == "*" and _repeated_size(left, right) > MAX_REPEATED:
            raise SecurityError(f"repeating a value would make it over {MAX_REPEATED:,} items long")
        return super().call_binop(context, operator, left, right)


MAX_REPEATED = 1_000_000
MAX_VERDICTS = 10_000
MAX_EXPONENT = 1_000


def _repeated_size(left: Any, right: Any) -> int:
    """How long `left * right` would be when one side is a string or a list and the other a count."""
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, str | list | tuple) and isinstance(count, int):
            return len(sequence) * count
    return 0


def template_problem(error: Exception, root: Path, template: str, *, context: str = "") -> Diagnostic:
    """Any failure while rendering `template` as one `path:line:1: message`, at the template's own line.

    `context` (`card objections/x.pdf: `) goes before the message. A template reaching for Python
    says so; any other exception (a division by zero, a recursion) is named, never a traceback.
    """
    path, line = _where(error)
    if isinstance(error, TemplateNotFound):
        message = f"template {error.name} not found"
    elif isinstance(error, SecurityError):
        message = f"template is not allowed to reach Python ({str(error.message or error).rstrip('.')})"
    elif isinstance(error, TemplateError):
        message = f"template error: {error.message or type(error).__name__}"
    else:
        message = f"template error: {type(error).__name__}: {error}"
    return Diagnostic(_shown(path, root) if path else template, line, 1, context + message)


def _where(error: Exception) -> tuple[Path | None, int]:
    """The template file and line an error points at: a syntax error's own, else the innermost template frame."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if filename is None:
        tb = error.__traceback__
        while tb is not None:
            if "__jinja_exception__" in tb.tb_frame.f_globals:  # a frame Jinja rewrote to the template's line
                filename, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    return (Path(filename) if filename else None), line or 1


def _shown(path: Path, root: Path) -> str:
    """A template's path as the author knows it: inside the project, else inside Playbook (`generators/...`)."""
    for base in (root.resolve(), BUILTIN_GENERATORS.parent):
        with contextlib.suppress(ValueError, OSError):
            return path.resolve().relative_to(base).as_posix()
    return path.as_posix()
