"""`playbook new` and `playbook init`: skeletons that become valid content."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize(
    "kind,folder", [("objection", "objections"), ("competitor", "competitors"), ("product", "products")]
)
def test_new_writes_a_skeleton_that_checks_once_filled(kind: str, folder: str, minimal: Path, invoke) -> None:
    result = invoke("-C", minimal, "new", kind, "late-delivery")
    assert result.exit_code == 0, result.output
    path = minimal / "data" / folder / "late-delivery.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../../schema/{kind}.schema.json\n")
    assert "reviewed: 2026-11-22" in text
    filled = text.replace("TODO", "Filled in")
    path.write_text(filled, encoding="utf-8")
    checked = invoke("-C", minimal, "check", "--strict")
    assert checked.exit_code == 0, checked.stdout + checked.stderr


def test_new_refuses_to_overwrite(minimal: Path, invoke) -> None:
    path = minimal / "data" / "objections" / "too-expensive.yaml"
    before = path.read_bytes()
    result = invoke("-C", minimal, "new", "objection", "too-expensive")
    assert result.exit_code == 1
    assert "already exists; not overwriting it" in result.stderr
    assert path.read_bytes() == before


def test_new_rejects_a_bad_id_and_kind(minimal: Path, invoke) -> None:
    bad_id = invoke("-C", minimal, "new", "objection", "Too Expensive")
    assert bad_id.exit_code == 2 and "is not an id" in bad_id.stderr
    bad_kind = invoke("-C", minimal, "new", "persona", "x")
    assert bad_kind.exit_code == 2


def test_init_writes_a_project_that_passes_strict_check(tmp_path: Path, invoke) -> None:
    target = tmp_path / "acme"
    assert invoke("init", target).exit_code == 0
    for name in (
        "mkdocs.yml",
        "data/playbook.yaml",
        "data/icp.yaml",
        "data/qualification.yaml",
        "data/lead_path.yaml",
        "data/glossary.yaml",
        "schema/objection.schema.json",
    ):
        assert (target / name).is_file(), name
    for folder in ("objections", "competitors", "products", "feedback", "pages"):
        assert any((target / "data" / folder).iterdir()), folder
    result = invoke("-C", target, "check", "--strict")
    assert result.exit_code == 0, result.stdout + result.stderr


def test_init_refuses_a_non_empty_folder(tmp_path: Path, invoke) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = invoke("init", tmp_path)
    assert result.exit_code == 1 and "is not empty" in result.stderr
    assert not (tmp_path / "data").exists()
    assert invoke("init", tmp_path, "--force").exit_code == 0
    assert (tmp_path / "notes.txt").read_text() == "mine"
