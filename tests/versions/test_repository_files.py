"""`playbook init` writes a ready repository: every file valid for the tool that reads it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from playbook.cli.main import cli

    target = tmp_path_factory.mktemp("init") / "acme"
    assert CliRunner().invoke(cli, ["init", str(target)]).exit_code == 0
    return target


@pytest.mark.parametrize(
    "path,schema",
    [
        (".github/workflows/playbook.yml", "vendor.github-workflows"),
        (".github/ISSUE_TEMPLATE/field-feedback.yml", "vendor.github-issue-forms"),
    ],
)
def test_github_files_validate_against_their_schemas(repository: Path, path: str, schema: str) -> None:
    run = subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", schema, repository / path], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_workflow_checks_pull_requests_and_publishes_tags(repository: Path) -> None:
    workflow = yaml.safe_load((repository / ".github/workflows/playbook.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as a boolean
    assert "pull_request" in triggers and triggers["push"]["tags"] == ["v*"]
    steps = [s.get("run", "") for s in workflow["jobs"]["check"]["steps"]]
    assert "playbook check --strict --format github" in steps
    assert "playbook build --strict" in steps
    publish = " ".join(s.get("run", "") for s in workflow["jobs"]["publish"]["steps"])
    assert "playbook publish" in publish and "--push" in publish


def test_issue_form_asks_for_item_outcome_and_note(repository: Path) -> None:
    form = yaml.safe_load((repository / ".github/ISSUE_TEMPLATE/field-feedback.yml").read_text())
    ids = [field.get("id") for field in form["body"]]
    assert {"item", "version", "outcome", "note"} <= set(ids)


def test_codeowners_needs_both_departments_for_definitions(repository: Path) -> None:
    rules = dict(
        line.split(None, 1)
        for line in (repository / "CODEOWNERS").read_text().splitlines()
        if line and not line.startswith("#")
    )
    for path in ("/data/qualification.yaml", "/data/lead_path.yaml"):
        owners = rules[path].split()
        assert any("marketing" in o for o in owners) and any("sales" in o for o in owners)


def test_pre_commit_and_editor_settings(repository: Path) -> None:
    config = yaml.safe_load((repository / ".pre-commit-config.yaml").read_text())
    hook = config["repos"][0]["hooks"][0]
    assert hook["entry"] == "playbook check" and hook["id"] == "playbook-check"
    settings = json.loads((repository / ".vscode/settings.json").read_text())
    for schema_path in settings["yaml.schemas"]:
        assert (repository / schema_path).is_file(), schema_path
    assert settings["yaml.schemas"]["./schema/objection.schema.json"] == "data/objections/*.yaml"
    hooks = yaml.safe_load((Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "playbook-check" and hooks[0]["entry"] == "playbook check"
