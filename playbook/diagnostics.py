"""Problems found in a playbook, each pointing at `path:line:column`, and how they are printed."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is, how bad, and what to do about it."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"

    def as_error(self) -> Diagnostic:
        return Diagnostic(self.path, self.line, self.column, self.message, "error")


class PlaybookError(Exception):
    """Raised when content cannot be used; carries every problem found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def __reduce__(self) -> tuple[type[PlaybookError], tuple[list[Diagnostic]]]:
        return PlaybookError, (self.diagnostics,)  # so a worker process can send it back


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """By file, then line and column."""
    return sorted(set(diagnostics))


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def format_text(diagnostics: list[Diagnostic]) -> str:
    lines = [str(d) for d in diagnostics]
    n_err = len(errors(diagnostics))
    n_warn = len(diagnostics) - n_err
    lines.append(f"{n_err} error(s), {n_warn} warning(s)")
    return "\n".join(lines)


def format_github(diagnostics: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's files."""

    def escape(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return escape(text).replace(":", "%3A").replace(",", "%2C")

    return "\n".join(
        f"::{d.severity} file={prop(d.path)},line={d.line},col={d.column}::{escape(d.message)}" for d in diagnostics
    )


def format_json(diagnostics: list[Diagnostic]) -> str:
    n_err = len(errors(diagnostics))
    return json.dumps(
        {
            "errors": n_err,
            "warnings": len(diagnostics) - n_err,
            "diagnostics": [asdict(d) for d in diagnostics],
        },
        ensure_ascii=False,
        indent=2,
    )
