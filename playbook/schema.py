"""The JSON Schema of every file kind, for editors (yaml-language-server) and check-jsonschema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playbook.model import KINDS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def kind_schemas() -> dict[str, dict[str, Any]]:
    """`<kind>.schema.json` file name to its schema."""
    schemas: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        schema = kind.model.model_json_schema(by_alias=True, mode="validation")
        schema = {"$schema": SCHEMA_DIALECT, "$id": kind.schema_file, **schema}
        schema["title"] = (
            f"Playbook {kind.name.replace('_', ' ')} file (data/{kind.path}{'*.yaml' if kind.is_folder else ''})"
        )
        schemas[kind.schema_file] = schema
    return schemas


def bundle() -> dict[str, Any]:
    """All kinds in one document, each under `$defs`."""
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "Playbook content files",
        "$defs": {name.removesuffix(".schema.json"): schema for name, schema in kind_schemas().items()},
    }


def write_kind_schemas(folder: Path) -> int:
    """One `<kind>.schema.json` per file kind into `folder`; how many were written."""
    folder.mkdir(parents=True, exist_ok=True)
    schemas = kind_schemas()
    for name, schema in schemas.items():
        (folder / name).write_text(dumps(schema), encoding="utf-8")
    return len(schemas)


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
