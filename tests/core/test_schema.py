"""The committed JSON Schemas are current, and check-jsonschema accepts good files and rejects typos."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests_support import REPO, Invoke

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
FILES = {
    "playbook": ["data/playbook.yaml"],
    "icp": ["data/icp.yaml"],
    "qualification": ["data/qualification.yaml"],
    "lead_path": ["data/lead_path.yaml"],
    "glossary": ["data/glossary.yaml"],
    "objection": sorted(str(p.relative_to(REPO)) for p in (REPO / "data/objections").glob("*.yaml")),
    "competitor": sorted(str(p.relative_to(REPO)) for p in (REPO / "data/competitors").glob("*.yaml")),
    "product": sorted(str(p.relative_to(REPO)) for p in (REPO / "data/products").glob("*.yaml")),
    "feedback": sorted(str(p.relative_to(REPO)) for p in (REPO / "data/feedback").glob("*.yaml")),
    "calculator": sorted(str(p.relative_to(REPO)) for p in (REPO / "data/calculators").glob("*.yaml")),
    "proposal": sorted(str(p.relative_to(REPO)) for p in (REPO / "data/proposals").glob("*.yaml")),
}


def test_committed_schema_is_current(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("schema", "--out", tmp_path).exit_code == 0
    generated = {p.name: p.read_text() for p in tmp_path.glob("*.json")}
    committed = {p.name: p.read_text() for p in (REPO / "schema").glob("*.json")}
    assert generated == committed, "schema/ is stale: run `playbook schema --out schema` and commit it"


def test_every_example_file_names_its_schema() -> None:
    for kind, files in FILES.items():
        for name in files:
            first = (REPO / name).read_text(encoding="utf-8").splitlines()[0]
            assert first.startswith("# yaml-language-server: $schema=") and first.endswith(
                f"/schema/{kind}.schema.json"
            )
            target = (REPO / name).parent / first.split("=", 1)[1]
            assert target.resolve().is_file(), name


@pytest.mark.parametrize("kind", list(FILES))
def test_example_files_validate_with_check_jsonschema(kind: str) -> None:
    run = subprocess.run(
        [CHECK_JSONSCHEMA, "--schemafile", REPO / "schema" / f"{kind}.schema.json", *FILES[kind]],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_mistyped_key_fails_check_jsonschema(tmp_path: Path) -> None:
    source = (REPO / FILES["objection"][0]).read_text(encoding="utf-8")
    bad = tmp_path / "typo.yaml"
    bad.write_text(source.replace("\nanswer:", "\nanwser:", 1), encoding="utf-8")
    run = subprocess.run(
        [CHECK_JSONSCHEMA, "--schemafile", REPO / "schema/objection.schema.json", bad], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert "anwser" in run.stdout


def test_bundle_holds_every_kind(invoke: Invoke) -> None:
    import json

    bundle = json.loads(invoke("schema").stdout)
    assert set(bundle["$defs"]) == set(FILES)
    assert bundle["$defs"]["objection"]["properties"]["say"]["description"]
