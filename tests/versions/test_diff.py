"""`playbook diff`: semantic changes between two git refs of a playbook, definitions first."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from tests_support import REPO, Invoke

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com"]


def _git(root: Path, *args: str) -> None:
    subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def tagged_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Polish fixture playbook tagged v1, then changed in four ways and tagged v2."""
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(REPO / "tests/fixtures/playbooks/pl/data", root / "data")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "v1")
    _git(root, "tag", "v1")
    objections = root / "data" / "objections"
    shutil.copy(REPO / "playbook/skeletons/new/objection.yaml", objections / "za-pozno.yaml")
    text = (objections / "za-pozno.yaml").read_text().replace("{today}", "2026-11-20").replace("TODO", "Nowe")
    (objections / "za-pozno.yaml").write_text(text.replace("# yaml-language-server", "# x"))
    (objections / "mamy-dostawce.yaml").unlink()
    za_drogo = objections / "za-drogo.yaml"
    lines = za_drogo.read_text().splitlines()
    root_line = next(i for i, line in enumerate(lines) if line.startswith("root_concern:"))
    lines[root_line] = "root_concern: Klient boi się, że przepłaci za tę samą jakość."
    za_drogo.write_text("\n".join(lines) + "\n")
    qualification = root / "data" / "qualification.yaml"
    q = qualification.read_text()
    q = q.replace(
        "  require:\n", "  require:\n    - {field: branza, exists: true, because: Branża musi być znana}\n", 1
    )
    qualification.write_text(q)
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "v2")
    _git(root, "tag", "v2")
    return root


def test_json_reports_exactly_the_changes_rule_first(tagged_repo: Path, invoke: Invoke) -> None:
    result = invoke("-C", tagged_repo, "diff", "v1", "v2", "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    summary = [(c["item"], c["change"]) for c in report["changes"]]
    assert summary == [
        ("qualification", "changed"),
        ("objections/za-pozno", "added"),
        ("objections/mamy-dostawce", "removed"),
        ("objections/za-drogo", "changed"),
    ]
    rule = report["changes"][0]["fields"]
    assert rule == [
        {
            "path": "target.require[0]",
            "change": "added",
            "after": {"field": "branza", "exists": True, "because": "Branża musi być znana"},
            "where": "target.require[branza “Branża musi być znana”]",  # a rule by its field and reason
        }
    ]
    rewritten = report["changes"][3]["fields"]
    assert [f["path"] for f in rewritten] == ["root_concern"]
    assert rewritten[0]["after"] == "Klient boi się, że przepłaci za tę samą jakość."
    assert "{+" in rewritten[0]["words"] and "[-" in rewritten[0]["words"]


def test_text_report_calls_out_definitions_first(tagged_repo: Path, invoke: Invoke) -> None:
    result = invoke("-C", tagged_repo, "diff", "v1", "v2")
    assert result.exit_code == 0
    text = result.stdout
    assert text.index("Definitions") < text.index("Content:")
    assert "+ target.require[branza “Branża musi być znana”]:" in text  # rules and stages by id and name
    assert "- objections/mamy-dostawce: Mamy już dostawcę kartonów i jesteśmy zadowoleni. (removed)" in text
    assert "+ objections/za-pozno: Nowe: the objection, word for word as the customer says it (added)" in text


def test_working_tree_is_the_default_new_side(tagged_repo: Path, invoke: Invoke) -> None:
    result = invoke("-C", tagged_repo, "diff", "v2", "--format", "json")
    assert json.loads(result.stdout)["changes"] == []


def test_a_renamed_objection_is_reported_as_renamed(tmp_path: Path, invoke: Invoke) -> None:
    old = tmp_path / "old"
    shutil.copytree(REPO / "tests/fixtures/playbooks/pl", old)
    new = tmp_path / "new"
    shutil.copytree(old, new)
    (new / "data/objections/za-drogo.yaml").rename(new / "data/objections/cena-za-wysoka.yaml")
    for path in (new / "data").rglob("*.yaml"):
        path.write_text(path.read_text().replace("za-drogo", "cena-za-wysoka"))
    result = invoke("diff", old, new, "--format", "json")
    changes = json.loads(result.stdout)["changes"]
    renamed = [c for c in changes if c["change"] == "renamed"]
    assert renamed and renamed[0]["item"] == "objections/cena-za-wysoka"
    assert renamed[0]["renamed_from"] == "objections/za-drogo"


def test_unknown_ref_is_a_usage_error_without_traceback(tagged_repo: Path, invoke: Invoke) -> None:
    result = invoke("-C", tagged_repo, "diff", "v9")
    assert result.exit_code == 2
    assert "Error: `v9` is neither a project folder nor a git tag, branch or commit" in result.stderr
    assert "Traceback" not in result.stderr
