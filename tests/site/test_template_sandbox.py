"""Project templates come from pull requests: they render data and never reach Python, pages and cards alike."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner, Result
from tests_support import REPO, copy_project

from playbook.cards.catalog import catalog
from playbook.cards.html import CardHtml
from playbook.cli.main import cli
from playbook.diagnostics import PlaybookError
from playbook.model import Playbook
from playbook.pages.render import render_site
from playbook.project import check_project
from playbook.templating import make_environment

TODAY = dt.date(2026, 11, 22)
REFUSED = "template is not allowed to reach Python"

# (name, the line reaching for Python, what the sandbox names in its refusal)
ESCAPES = [
    (
        "globals-of-a-global",
        "{{ cycler.__init__.__globals__.os.popen('touch MARK').read() }}",
        "access to attribute '__init__' of 'type' object is unsafe",
    ),
    (
        "class-hierarchy",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "access to attribute '__class__' of 'str' object is unsafe",
    ),
    (
        "template-reference-context",
        "{{ self._TemplateReference__context.environment }}",
        "access to attribute '_TemplateReference__context' of 'TemplateReference' object is unsafe",
    ),
    (
        "function-globals",
        "{{ lipsum.__globals__['os'].system('touch MARK') }}",
        "access to attribute '__globals__' of 'function' object is unsafe",
    ),
    (
        "private-attribute-of-content",
        "{{ settings.__dict__ }}",
        "access to attribute '__dict__' of 'PlaybookSettings' object is unsafe",
    ),
    (
        "mutating-shared-data",
        "{% set shared = {'objections': 'ours'} %}{{ shared.update({'objections': 'pwned'}) }}",
        "access to attribute 'update' of 'dict' object is unsafe",
    ),
    (
        "format-string-escape",
        "{{ '{0.__class__}'.format({}) }}",
        "access to attribute '__class__' of 'dict' object is unsafe",
    ),
]
IDS = [case[0] for case in ESCAPES]


def _project(tmp_path: Path, template: str, text: str) -> Path:
    """A copy of the example whose `generators/<template>` is `text`, the escape on its third line."""
    project = copy_project(REPO, tmp_path / "project")
    path = project / "generators" / template
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return project


def _load(project: Path) -> Playbook:
    checked = check_project(project, TODAY)
    assert checked.playbook is not None, checked.diagnostics
    return checked.playbook


def _page_template(line: str) -> str:
    return "# {{ item.objection }}\n\n" + line.replace("MARK", "page-ran") + "\n"


def _card_template(line: str) -> str:
    return (
        '{% extends "cards/card.html.j2" %}\n{% block body %}\n'
        + line.replace("MARK", "card-ran")
        + "\n{% endblock %}\n"
    )


def _cli(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize(("name", "line", "refusal"), ESCAPES, ids=IDS)
def test_a_page_template_reaching_python_fails_at_its_line(
    name: str, line: str, refusal: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, "pages/objection.md.j2", _page_template(line))
    monkeypatch.chdir(project)  # where `touch` would leave its mark
    with pytest.raises(PlaybookError) as raised:
        render_site(_load(project), project, workers=1)
    assert str(raised.value) == f"generators/pages/objection.md.j2:3:1: {REFUSED} ({refusal})"
    assert not list(project.glob("*-ran"))


@pytest.mark.parametrize(("name", "line", "refusal"), ESCAPES, ids=IDS)
def test_a_card_template_reaching_python_fails_at_its_line(
    name: str, line: str, refusal: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, "cards/objection.html.j2", _card_template(line))
    monkeypatch.chdir(project)
    playbook = _load(project)
    spec = next(s for s in catalog(playbook, "A6") if s.key == "objections/too-expensive")
    with pytest.raises(PlaybookError) as raised:
        CardHtml(playbook, project, TODAY).single(spec)
    assert str(raised.value) == (f"generators/cards/objection.html.j2:3:1: card {spec.output}: {REFUSED} ({refusal})")
    assert not list(project.glob("*-ran"))


@pytest.mark.parametrize(("name", "line", "refusal"), ESCAPES, ids=IDS)
def test_a_template_read_back_compiled_is_still_sandboxed(
    name: str, line: str, refusal: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.chdir(tmp_path)
    project = _project(tmp_path, "pages/objection.md.j2", _page_template(line))
    compiled = tmp_path / "user-cache" / "playbook" / "templates-sandboxed"
    for _ in range(2):  # compiled now, then read back from the cache
        with pytest.raises(PlaybookError) as raised:
            render_site(_load(project), project, workers=1)
        assert str(raised.value) == f"generators/pages/objection.md.j2:3:1: {REFUSED} ({refusal})"
        assert list(compiled.glob("*.cache"))
    assert not list(project.glob("*-ran"))


def test_compiled_code_planted_in_the_project_is_never_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pull request can add `.cache/` files: compiled templates there would run with no sandbox at all."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    source = "Tags, as written\n"
    project = _project(tmp_path, "pages/tags.md.j2", source)
    name, filename = "pages/tags.md.j2", str(project / "generators" / "pages" / "tags.md.j2")
    for folder in (project / ".cache" / "templates", tmp_path / "user-cache" / "playbook" / "templates"):
        folder.mkdir(parents=True)
        planted = jinja2.FileSystemBytecodeCache(str(folder))
        bucket = planted.get_bucket(jinja2.Environment(), name, filename, source)  # the key of the real source
        bucket.code = jinja2.Environment().compile("PLANTED {{ cycler.__init__.__globals__ }}", name, filename)
        planted.set_bucket(bucket)
    page = render_site(_load(project), project, workers=1).pages["tags.md"]
    assert "Tags, as written" in page
    assert "PLANTED" not in page


def test_a_template_failing_otherwise_is_reported_without_a_traceback(tmp_path: Path) -> None:
    project = _project(tmp_path, "pages/objection.md.j2", "# {{ item.objection }}\n\n{{ 1 // 0 }}\n")
    with pytest.raises(PlaybookError) as raised:
        render_site(_load(project), project, workers=1)
    assert str(raised.value) == (
        "generators/pages/objection.md.j2:3:1: template error: ZeroDivisionError: integer division or modulo by zero"
    )


def test_build_refuses_a_page_template_reaching_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path, "pages/objection.md.j2", _page_template(ESCAPES[0][1]))
    monkeypatch.chdir(project)
    result = _cli("-C", project, "build")
    assert result.exit_code == 1
    expected = f"generators/pages/objection.md.j2:3:1: {REFUSED} ({ESCAPES[0][2]})"
    assert expected in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not (project / "site").exists()
    assert not list(project.glob("*-ran"))


def test_cards_refuses_a_card_template_reaching_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path, "cards/objection.html.j2", _card_template(ESCAPES[2][1]))
    monkeypatch.chdir(project)
    result = _cli("-C", project, "cards", "too-expensive")
    assert result.exit_code == 1
    expected = f"generators/cards/objection.html.j2:3:1: card objections/too-expensive.pdf: {REFUSED} ({ESCAPES[2][2]})"
    assert expected in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not [p for p in (project / "site").rglob("*") if p.suffix == ".pdf"]  # no card written


@pytest.mark.parametrize(
    ("expression", "refusal"),
    [
        ("'x' * 10**10", "repeating a value would make it over 1,000,000 items long"),
        ("'x' * 2000000", "repeating a value would make it over 1,000,000 items long"),
        ("[1, 2] * 900000", "repeating a value would make it over 1,000,000 items long"),
        ("2 ** 100000", "the exponent 100000 is over 1000"),
    ],
)
def test_a_template_cannot_exhaust_memory(tmp_path: Path, expression: str, refusal: str) -> None:
    project = _project(tmp_path, "pages/objection.md.j2", "# {{ item.objection }}\n\n{{ " + expression + " }}\n")
    with pytest.raises(PlaybookError) as raised:
        render_site(_load(project), project, workers=1)
    assert str(raised.value).startswith("generators/pages/objection.md.j2:3:1: template is not allowed")
    assert refusal in str(raised.value)


def test_the_labels_a_template_sees_cannot_be_changed(tmp_path: Path) -> None:
    """The label catalog is shared by every page of a build: read-only, so no template can alter another's words."""
    project = _project(tmp_path, "pages/objection.md.j2", "# {{ item.objection }}\n\n{{ t.update({'say': 'x'}) }}\n")
    with pytest.raises(PlaybookError) as raised:
        render_site(_load(project), project, workers=1)
    assert str(raised.value).startswith("generators/pages/objection.md.j2:3:1: ")
    assert "has no attribute 'update'" in str(raised.value)


@pytest.mark.parametrize(
    ("safe", "unsafe"),
    [
        ("{{ item.name }}", "{{ item.__class__ }}"),
        ("{{ items.count(1) }}", "{{ items.append(2) }}"),
        ("{{ words.get('a') }}", "{{ words.pop('a') }}"),
        ("{{ words.get('a') }}", "{{ words.get.__self__ }}"),
        ("{{ item.update }}", "{{ words.update(b=2) }}"),  # the same name, safe on one type and not another
    ],
)
def test_the_sandbox_remembers_its_verdicts_per_type_and_still_refuses(safe: str, unsafe: str) -> None:
    """Verdicts on attributes are kept per environment: a safe read first changes nothing for an unsafe one."""
    env = make_environment([REPO / "generators"], filters={}, globals_={})
    values = {"item": type("Item", (), {"name": "x", "update": "y"})(), "items": [1], "words": {"a": 1}}
    for _ in range(2):
        env.from_string(safe).render(values)
        with pytest.raises(jinja2.exceptions.SecurityError):
            env.from_string(unsafe).render(values)
