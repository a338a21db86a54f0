"""`playbook new` and `playbook init`: skeletons that become valid content."""

from __future__ import annotations

import importlib.metadata
import subprocess
from pathlib import Path

import pytest
from tests_support import Invoke

from playbook import DISTRIBUTION
from playbook.cli.scaffold import web_url


@pytest.mark.parametrize(
    "kind,folder", [("objection", "objections"), ("competitor", "competitors"), ("product", "products")]
)
def test_new_writes_a_skeleton_that_checks_once_filled(kind: str, folder: str, minimal: Path, invoke: Invoke) -> None:
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


def test_new_refuses_to_overwrite(minimal: Path, invoke: Invoke) -> None:
    path = minimal / "data" / "objections" / "too-expensive.yaml"
    before = path.read_bytes()
    result = invoke("-C", minimal, "new", "objection", "too-expensive")
    assert result.exit_code == 1
    assert "already exists; not overwriting it" in result.stderr
    assert path.read_bytes() == before


def test_new_rejects_a_bad_id_and_kind(minimal: Path, invoke: Invoke) -> None:
    bad_id = invoke("-C", minimal, "new", "objection", "Too Slow", "--id", "Too Slow")
    assert bad_id.exit_code == 2 and "`Too Slow` is not an id" in bad_id.stderr
    no_id = invoke("-C", minimal, "new", "objection", "!!!")
    assert no_id.exit_code == 2 and "no id can be made from `!!!`: pass one with --id" in no_id.stderr
    bad_kind = invoke("-C", minimal, "new", "widget", "x")
    assert bad_kind.exit_code == 2
    assert not (minimal / "data/objections/too-slow.yaml").exists()


def test_init_writes_a_project_that_passes_strict_check(tmp_path: Path, invoke: Invoke) -> None:
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


def test_init_refuses_a_non_empty_folder(tmp_path: Path, invoke: Invoke) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = invoke("init", tmp_path)
    assert result.exit_code == 2
    assert f"Error: {tmp_path} is not empty; use --force to write into it anyway" in result.stderr
    assert not (tmp_path / "data").exists()
    assert invoke("init", tmp_path, "--force").exit_code == 0
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_init_accepts_a_folder_holding_only_git(tmp_path: Path, invoke: Invoke) -> None:
    """`git init` (and `git remote add`) may come before `playbook init .`."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert invoke("init", tmp_path).exit_code == 0
    assert (tmp_path / "data" / "playbook.yaml").is_file()


@pytest.fixture
def no_github_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_SERVER_URL", raising=False)
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)


def git_repository(folder: Path, origin: str | None) -> Path:
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    if origin:
        subprocess.run(["git", "-C", str(folder), "remote", "add", "origin", origin], check=True)
    return folder


def repo_url_line(project: Path) -> str:
    text = (project / "data" / "playbook.yaml").read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if "repo_url:" in line)


def test_init_fills_repo_url_from_the_git_remote_and_pages_link_to_their_yaml(
    tmp_path: Path, invoke: Invoke, no_github_env: None
) -> None:
    target = git_repository(tmp_path / "acme", "git@github.com:acme/sales-playbook.git")
    result = invoke("init", target)
    assert result.exit_code == 0 and "repo_url is https://github.com/acme/sales-playbook" in result.stdout
    assert repo_url_line(target) == "repo_url: https://github.com/acme/sales-playbook   # edit and feedback links"
    assert invoke("-C", target, "check", "--strict").exit_code == 0
    built = invoke("-C", target, "build", "--strict", "--no-cards")
    assert built.exit_code == 0, built.stdout + built.stderr
    page = (target / "site" / "objections" / "too-expensive" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/acme/sales-playbook/edit/main/data/objections/too-expensive.yaml"' in page


def test_init_without_a_remote_leaves_repo_url_commented(tmp_path: Path, invoke: Invoke, no_github_env: None) -> None:
    target = git_repository(tmp_path / "acme", None)
    result = invoke("init", target)
    assert result.exit_code == 0 and "set repo_url in data/playbook.yaml" in result.stdout
    assert repo_url_line(target).startswith("# repo_url: ")


def test_init_takes_repo_url_from_github_actions(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/sales-playbook")
    assert invoke("init", tmp_path / "acme").exit_code == 0
    assert repo_url_line(tmp_path / "acme").startswith("repo_url: https://github.com/acme/sales-playbook ")


def test_init_refuses_an_unsafe_repository_address(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", 'acme/x" onmouseover="alert(1)')
    git_repository(tmp_path / "acme", "https://github.com/acme/<script>")
    assert invoke("init", tmp_path / "acme").exit_code == 0
    assert repo_url_line(tmp_path / "acme").startswith("# repo_url: ")
    assert invoke("-C", tmp_path / "acme", "check", "--strict").exit_code == 0


def test_a_new_folder_inside_another_repository_does_not_take_its_address(
    tmp_path: Path, invoke: Invoke, no_github_env: None
) -> None:
    git_repository(tmp_path, "https://github.com/someone/else.git")
    assert invoke("init", tmp_path / "acme").exit_code == 0
    assert repo_url_line(tmp_path / "acme").startswith("# repo_url: ")


@pytest.mark.parametrize(
    "remote,url",
    [
        ("git@github.com:acme/playbook.git", "https://github.com/acme/playbook"),
        ("ssh://git@github.com/acme/playbook.git", "https://github.com/acme/playbook"),
        ("https://github.com/acme/playbook.git", "https://github.com/acme/playbook"),
        ("https://github.com/acme/playbook/\n", "https://github.com/acme/playbook"),
        ("https://x-access-token:ghs_secret@github.com/acme/playbook.git", "https://github.com/acme/playbook"),
        ("https://github.com/acme/playbook?tab=readme#top", "https://github.com/acme/playbook"),
        ("https://git.example.com:8443/sales/team/playbook", "https://git.example.com:8443/sales/team/playbook"),
        ("http://git.example.com/playbook", "http://git.example.com/playbook"),
        ("https://github.com/acme/<script>", None),
        ('https://github.com/acme/x"onmouseover=1', None),
        ("https://github.com/acme/play book", None),
        ("https://github.com/acme/{{ x }}", None),
        ("https://github.com", None),
        ("https://github.com:99999/acme/playbook", None),
        ("git@gitlab.com:acme/playbook.git", None),
        ("file:///srv/git/playbook.git", None),
        ("/srv/git/playbook.git", None),
        ("javascript:alert(1)", None),
    ],
)
def test_web_url_of_a_remote(remote: str, url: str | None) -> None:
    assert web_url(remote) == url


def test_init_pins_the_running_version(tmp_path: Path, invoke: Invoke) -> None:
    assert invoke("init", tmp_path / "acme").exit_code == 0
    version = importlib.metadata.version(DISTRIBUTION)
    workflow = (tmp_path / "acme" / ".github" / "workflows" / "playbook.yml").read_text(encoding="utf-8")
    assert workflow.count(f"pip install --disable-pip-version-check --no-deps {DISTRIBUTION}=={version}\n") == 3
    requirements = (tmp_path / "acme" / "requirements.txt").read_text(encoding="utf-8")
    assert f"Every package Playbook {version} runs on" in requirements


def test_init_warns_when_the_running_version_is_not_a_release(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playbook.cli import scaffold

    monkeypatch.setattr(scaffold, "playbook_version", lambda: "0.2.0.dev3+g1234abc")
    result = invoke("init", tmp_path / "acme")
    assert result.exit_code == 0 and "warning: Playbook 0.2.0.dev3+g1234abc is not a release" in result.stderr
    monkeypatch.setattr(scaffold, "playbook_version", lambda: "1.2.0rc1")
    assert invoke("init", tmp_path / "released").stderr == ""


@pytest.mark.parametrize("where", ["before", "after"])
def test_init_directory_is_relative_to_the_project_option(tmp_path: Path, invoke: Invoke, where: str) -> None:
    args = ("-C", tmp_path, "init", "acme") if where == "before" else ("init", "acme", "-C", tmp_path)
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "acme" / "data" / "playbook.yaml").is_file()
