"""Validates parsed YAML against a content model and turns pydantic's errors into diagnostics."""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from playbook.diagnostics import Diagnostic, PlaybookError
from playbook.loading.yaml_reader import Loc, YamlDocument
from playbook.model.urls import HTTP_URL_ERROR

M = TypeVar("M", bound=BaseModel)

_PATTERN_HINTS = {
    "^[a-z0-9][a-z0-9-]{0,63}$": "an id: lowercase letters, digits and '-', e.g. `too-expensive`",
    "^[a-z][a-z0-9_]{0,63}$": "a field id: lowercase letters, digits and '_', starting with a letter",
}


def validate(model: type[M], document: YamlDocument) -> M:
    """Validate `document` as `model`; raise PlaybookError naming every problem's position."""
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        raise PlaybookError(_diagnostics(model, document, exc.errors(include_url=False))) from None


def _diagnostics(model: type[BaseModel], document: YamlDocument, details: list[ErrorDetails]) -> list[Diagnostic]:
    located = [(_data_loc(document.data, e["loc"]), e) for e in details]
    kept = [(loc, e) for loc, e in located if not _is_union_noise(loc, e, located)]
    return [_diagnostic(model, document, loc, e) for loc, e in kept]


def _data_loc(data: Any, loc: tuple[int | str, ...]) -> Loc:
    """The part of pydantic's `loc` that walks the data (dropping union member names)."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if _can_step(current, part):
            current = current[part]
            path.append(part)
        elif isinstance(current, dict) and isinstance(part, str) and part == loc[-1]:
            path.append(part)  # a missing or unknown key: keep it for the message
    return tuple(path)


def _can_step(current: Any, part: int | str) -> bool:
    if isinstance(current, dict):
        return isinstance(part, str) and part in current
    return isinstance(current, list) and isinstance(part, int) and part < len(current)


def _is_union_noise(loc: Loc, error: ErrorDetails, located: list[tuple[Loc, ErrorDetails]]) -> bool:
    """A union member that did not match is noise when another member says more."""
    if error["type"] not in {"string_type", "model_type", "dict_type", "list_type", "model_attributes_type"}:
        return False
    return any(other is not error and other_loc[: len(loc)] == loc for other_loc, other in located)


def _diagnostic(model: type[BaseModel], document: YamlDocument, loc: Loc, error: ErrorDetails) -> Diagnostic:
    kind = error["type"]
    where = _dotted(loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        message = f"unknown key `{key}`" + _suggestion(key, _allowed_keys(model, document.data, loc[:-1]))
        return document.source.diagnostic(loc, message, key=True)
    if kind == "missing":
        return document.source.diagnostic(loc[:-1], f"missing required key `{loc[-1]}`")
    if kind == HTTP_URL_ERROR:  # `site_url must be an http(s) URL ...`: the field's name starts the sentence
        return document.source.diagnostic(loc, f"{loc[-1] if loc else 'the value'} {error['msg']}")
    value = error.get("input")
    return document.source.diagnostic(
        loc, f"`{where}`: {_describe(kind, error, value)}" if where else _describe(kind, error, value)
    )


def _describe(kind: str, error: ErrorDetails, value: Any) -> str:
    shown = _show(value)
    if kind.startswith("date"):
        return f"{shown} is not a valid date (use YYYY-MM-DD, e.g. 2026-10-01)"
    if kind == "string_pattern_mismatch":
        pattern = str((error.get("ctx") or {}).get("pattern", ""))
        return f"{shown} is not {_PATTERN_HINTS.get(pattern, f'in the form {pattern}')}"
    if kind == "literal_error":
        expected = str((error.get("ctx") or {}).get("expected", ""))
        return f"{shown} is not allowed; expected {expected}"
    if kind in {"string_type", "model_type", "dict_type", "list_type", "model_attributes_type"}:
        wanted = {"string_type": "text", "list_type": "a list"}.get(kind, "a mapping of keys")
        return f"expected {wanted}, found {_shape(value)}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return f"{error['msg']} (found {shown})" if value is not None else str(error["msg"])


def _show(value: Any) -> str:
    if isinstance(value, dict | list):
        return _shape(value)
    text = str(value)
    return f"`{text[:60]}…`" if len(text) > 60 else f"`{text}`"


def _shape(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"`{value}`"


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _allowed_keys(model: type[BaseModel], data: Any, loc: Loc) -> list[str]:
    """Field names (aliases) of the model found at `loc`, by walking the model's annotations."""
    current: Any = model
    for part in loc:
        current = _child_model(current, part)
        if current is None:
            return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _child_model(current: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return _model_in(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        for name, info in current.model_fields.items():
            if (info.alias or name) == part:
                return _model_in(info.annotation)
    return None


def _model_in(annotation: Any) -> Any:
    """The first model class inside a type annotation (list[X], X | None, ...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if "root" in annotation.model_fields:
            return _model_in(annotation.model_fields["root"].annotation)
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _suggestion(word: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f", did you mean `{match[0]}`?" if match else (f" (allowed: {', '.join(choices)})" if choices else "")
