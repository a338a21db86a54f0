"""A playbook whose fields hold scripts, event handlers, `javascript:` links, iframes and template syntax."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import html5lib
import pytest
import yaml
from site_support import REPO, TEMPLATE_SYNTAX, Html, build, html_files, page, snapshot

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data")


def test_hostile_content_builds_and_nothing_executable_reaches_the_site(hostile_site: Path) -> None:
    problems: list[str] = []
    for path in html_files(hostile_site):
        doc = Html(path.read_text(encoding="utf-8"))
        name = path.relative_to(hostile_site).as_posix()
        for tag, attrs in doc.elements:
            if tag in ("iframe", "frame", "embed", "object", "base"):
                problems.append(f"{name}: <{tag}>")
            for attr, value in attrs.items():
                if attr.startswith("on"):
                    problems.append(f"{name}: <{tag} {attr}={value!r}>")
                if attr in URL_ATTRIBUTES and re.sub(r"[\s\x00-\x1f]", "", value or "").lower().startswith(
                    ("javascript:", "vbscript:", "data:text/html")
                ):
                    problems.append(f"{name}: <{tag} {attr}={value!r}>")
            if tag == "script" and re.match(r"(https?:)?//", attrs.get("src") or ""):
                problems.append(f"{name}: script from {attrs['src']}")
        problems += [f"{name}: inline script runs {s[:60]!r}" for s in doc.scripts if "alert" in s]
        problems += [f"{name}: a JSON island could end early {s[:60]!r}" for s in doc.islands if re.search("[<>&]", s)]
    assert not problems, problems[:20]


def test_template_syntax_in_fields_shows_literally(hostile_site: Path) -> None:
    text = Html(page(hostile_site, "objections/too-expensive")).text
    assert TEMPLATE_SYNTAX in text
    assert "{% raw %}" in text
    assert TEMPLATE_SYNTAX in Html(page(hostile_site, "pages/how-to-use")).text


def test_markup_in_fields_is_shown_as_text_or_dropped(hostile_site: Path) -> None:
    html = page(hostile_site, "objections/too-expensive")
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and "<" not in title.group(1)
    assert "<b onmouseover" not in html
    assert not [a for _, a in Html(html).elements if any("evil.example" in (v or "") for v in a.values())]
    competitor = page(hostile_site, "competitors/autodalys")
    assert "https://autodalys.example/?q=1&x=%22%3E%3Cscript%3E" in Html(competitor).attr_values("a", "href")
    assert not [h for h in Html(competitor).attr_values("a", "href") if h.lower().startswith("javascript")]
    handwritten = page(hostile_site, "pages/how-to-use")
    assert "evil.example" not in handwritten
    assert "<script>alert('code')</script>" in Html(handwritten).text  # the code block, shown as text


def test_search_index_holds_markup_only_as_escaped_text(hostile_site: Path) -> None:
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for field in (doc["title"], doc["text"]):
            assert not re.search(r"<\s*(script|img|iframe|svg|a\s)", field, re.I), field[:200]
            assert not re.search(r"<[^>]*\son\w+\s*=", field, re.I), field[:200]


# -- Every field kind holds a script: every built page parsed with a real HTML5 parser -------------------

MARKER = "pbx"
"""Starts every payload's own name (`pbx12`), so a payload found anywhere can be traced to its field."""
SECRET = "PLAYBOOK_SITE_SECRET_51c9"


def payload(n: int) -> str:
    """One field's poison: breaking out of text, attributes, scripts and templates, and glossary terms to mark."""
    tag = f"{MARKER}{n}"
    return (
        f"</title></textarea></script><script>alert('{tag}')</script><img src=x onerror=alert('{tag}')>"
        f" <svg onload=alert('{tag}')></svg> [l](javascript:alert('{tag}')) [d](data:text/html;base64,PHNjcmlwdD4=)"
        f' <a href="vbscript:msgbox(1)">v</a> " onmouseover="alert(\'{tag}\')" \' MQL and Lead'
        f" {{{{ 7*7 }}}} @TRUE@ @STYLE@ \u2028 --> ]]> {tag}"
    )


Loc = tuple[str | int, ...]


def _leaves(data: object, loc: Loc = ()) -> list[Loc]:
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in _leaves(value, (*loc, key))]
    if isinstance(data, list):
        return [leaf for i, value in enumerate(data) for leaf in _leaves(value, (*loc, i))]
    return [loc] if isinstance(data, str) else []


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


def _set(data: Any, loc: Loc, value: object) -> None:
    _get(data, loc[:-1])[loc[-1]] = value


KEEP = {("glossary.yaml", "terms", 0, "term"), ("glossary.yaml", "terms", 2, "term")}
"""Two glossary terms keep their names (`Lead`, `MQL`): every payload names them, so tooltips are everywhere."""


def write_xss_project(target: Path) -> Path:
    """The example project with every text value of every file replaced by a payload, as far as it stays valid.

    Each string is poisoned; the values that then fail validation or a cross-file check (ids, enums, URLs,
    references) get their original back, until `check` passes: every other field kind holds a script.
    """
    from playbook.diagnostics import errors
    from playbook.freshness import today
    from playbook.loading.yaml_reader import read_yaml
    from playbook.project import check_project

    shutil.copytree(REPO / "data", target / "data")
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    data = target / "data"
    originals: dict[Path, Any] = {}
    poisoned: dict[Path, Any] = {}
    count = 0
    for path in sorted(data.rglob("*.yaml")):
        original = yaml.safe_load(path.read_text(encoding="utf-8"))
        copy = yaml.safe_load(path.read_text(encoding="utf-8"))
        for loc in _leaves(copy):
            if (path.relative_to(data).as_posix(), *loc) not in KEEP:
                count += 1
                _set(copy, loc, payload(count))
        originals[path], poisoned[path] = original, copy
        path.write_text(yaml.safe_dump(copy, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (data / "pages" / f"{MARKER}-page.md").write_text(
        f"# {payload(0)}\n\n{payload(-1)}\n\n## {payload(-2)}\n\n- Lead and MQL: {payload(-3)}\n", encoding="utf-8"
    )
    for _ in range(20):
        problems = errors(check_project(target, today()).diagnostics)
        if not problems:
            return target
        for problem in problems:
            path = target / problem.path
            if path not in poisoned:
                continue
            positions = read_yaml(path, problem.path).source.values
            at = [loc for loc, where in positions.items() if where == (problem.line, problem.column)]
            loc = max(at, key=len) if at else ()
            _set(poisoned[path], loc, _get(originals[path], loc)) if loc else None
            if not loc:
                poisoned[path] = originals[path]
        for path, content in poisoned.items():
            path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    raise AssertionError(f"the poisoned project does not pass check: {problems[:5]}")


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLAYBOOK_TODAY", "2026-11-22")
        project = write_xss_project(tmp_path_factory.mktemp("xss") / "project")
        out = tmp_path_factory.mktemp("xss-site") / "site"
        result = build(project, out, "--no-cards")
        assert result.exit_code == 0, result.output
    return out


SCRIPT_URL = ("javascript:", "vbscript:", "data:text/html", "data:text/javascript", "data:image/svg")


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].split(":")[-1].lower()


def _page_problems(name: str, html: str) -> list[str]:
    problems: list[str] = []
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        tag = _local(element.tag)
        for attr, value in element.attrib.items():
            local = _local(attr)
            if local.startswith("on"):
                problems.append(f"{name}: <{tag} {attr}={value[:40]!r}>")
            if local in URL_ATTRIBUTES and re.sub(r"[\s\x00-\x20]", "", value).lower().startswith(SCRIPT_URL):
                problems.append(f"{name}: <{tag} {attr}={value[:40]!r}>")
        if tag in ("iframe", "frame", "embed", "object", "base"):
            problems.append(f"{name}: <{tag}>")
        if tag == "script":
            text = element.text or ""
            if (element.get("type") or "").lower() == "application/json":
                json.loads(text)  # a data island: valid JSON, with nothing that could end the script
                if re.search(r"[<>\u2028\u2029]", text):
                    problems.append(f"{name}: unescaped character in a JSON island {text[:60]!r}")
            elif MARKER in text or "alert(" in text:
                problems.append(f"{name}: payload inside a script {text[:60]!r}")
    return problems


def test_every_page_of_a_site_poisoned_in_every_field_is_inert(xss_site: Path) -> None:
    pages = html_files(xss_site)
    assert len(pages) > 20
    problems = [p for path in pages for p in _page_problems(path.relative_to(xss_site).as_posix(), path.read_text())]
    assert not problems, problems[:20]


@pytest.mark.parametrize(
    "page_path",
    ["objections/too-expensive/", "competitors/autodalys/", "glossary/", "lead-path/", "criteria/", "tags/", ""],
)
def test_payloads_show_as_text_where_fields_land(xss_site: Path, page_path: str) -> None:
    html = (xss_site / page_path / "index.html").read_text(encoding="utf-8")
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    text = " ".join("".join(tree.itertext()).split())
    assert MARKER in text  # the field is on the page, as text
    assert "alert(" in text


def test_titles_nav_and_tooltips_hold_payloads_only_as_text(xss_site: Path) -> None:
    html = page(xss_site, "objections/too-expensive")
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    title = tree.find(".//title")
    assert title is not None and MARKER in (title.text or "")
    assert [e for e in tree.iter("abbr") if MARKER in (e.get("title") or "")], "glossary tooltips with payloads"
    nav_links = [e for e in tree.iter("a") if MARKER in "".join(e.itertext())]
    assert nav_links, "nav entries named by payloads"


def test_search_index_of_the_poisoned_site_holds_no_markup(xss_site: Path) -> None:
    raw = (xss_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert not re.search(r"<\s*script", raw, re.I)
    index = json.loads(raw)
    assert any(MARKER in doc["title"] for doc in index["docs"])
    for doc in index["docs"]:
        for field in (doc["title"], doc["text"], doc["location"]):
            assert not re.search(r"<\s*(script|img|iframe|svg|a\s)", field, re.I), field[:200]
            assert not re.search(r"<[^>]*\son\w+\s*=", field, re.I), field[:200]


# -- A build reads nothing outside the project, and refuses unsafe site settings -------------------------

REFUSED_BUILDS = [
    ("page to environ", "data/pages/env.md", "/proc/self/environ", "", "data/pages/env.md:1:1: `data/pages/env.md`"),
    ("page to passwd", "data/pages/passwd.md", "/etc/passwd", "", "data/pages/passwd.md:1:1: `data/pages/passwd.md`"),
    ("objection", "data/objections/leak.yaml", "/etc/passwd", "", "data/objections/leak.yaml:1:1: "),
    ("template", "generators/pages/objection.md.j2", "/proc/self/environ", "", "generators/pages/objection.md.j2:1:1"),
    (
        "site_url quote",
        "",
        "",
        "site_url: 'https://x.example/\"><script>alert(1)</script>'",
        "mkdocs.yml:1:11: site_url",
    ),
    ("site_url script", "", "", "site_url: javascript:alert(1)", "mkdocs.yml:1:11: site_url must be an http(s) URL"),
    ("repo_url script", "", "", "repo_url: javascript:alert(1)//", "mkdocs.yml:1:11: repo_url must be an http(s) URL"),
    ("copyright", "", "", "copyright: <script>alert(1)</script>", "mkdocs.yml:1:12: copyright must be plain text"),
]


@pytest.mark.parametrize("case", REFUSED_BUILDS, ids=[c[0] for c in REFUSED_BUILDS])
def test_a_build_that_would_read_outside_or_publish_a_script_builds_nothing(
    case: tuple[str, str, str, str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, link, target, config_line, expected = case
    monkeypatch.setenv("PLAYBOOK_TODAY", "2026-11-22")
    monkeypatch.setenv("PLAYBOOK_SITE_SECRET", SECRET)
    project = tmp_path / "project"
    shutil.copytree(REPO / "data", project / "data")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    out = tmp_path / "site"
    assert build(project, out, "--no-cards").exit_code == 0
    before = snapshot(out)
    if link:
        (project / link).parent.mkdir(parents=True, exist_ok=True)
        (project / link).symlink_to(target)
    if config_line:
        config = project / "mkdocs.yml"
        config.write_text(config_line + "\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    result = build(project, out, "--no-cards")
    assert result.exit_code == 1, result.output
    assert expected in result.stderr, result.stderr
    assert snapshot(out) == before  # the previous site, untouched
    for text in (result.output, result.stderr, *(b.decode("utf-8", "replace") for b in before.values())):
        assert SECRET not in text and "root:x:0:0" not in text


def test_a_page_linked_from_inside_the_project_is_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_TODAY", "2026-11-22")
    project = tmp_path / "project"
    shutil.copytree(REPO / "data", project / "data")
    (project / "docs").mkdir()
    (project / "docs" / "shared.md").write_text("# Shared page\n\nKept beside the data.\n", encoding="utf-8")
    (project / "data" / "pages" / "shared.md").symlink_to(Path("..") / ".." / "docs" / "shared.md")
    result = build(project, tmp_path / "site", "--no-cards")
    assert result.exit_code == 0, result.output
    assert "Kept beside the data." in page(tmp_path / "site", "pages/shared")


def test_the_plugin_refuses_unsafe_values_of_a_config_it_did_not_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mkdocs build` on a config beside the project (`project:` option): the plugin checks the final values."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    monkeypatch.setenv("PLAYBOOK_TODAY", "2026-11-22")
    project = tmp_path / "project"
    shutil.copytree(REPO / "data", project / "data")
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    (config_dir / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: ../project/data\n"
        "repo_url: 'https://x.example/\"><img src=x onerror=alert(1)>'\n"
        f"theme: {{name: material}}\nplugins: [search, {{playbook: {{project: {project}}}}}]\n",
        encoding="utf-8",
    )
    config = load_config(str(config_dir / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(PluginError, match=r"mkdocs\.yml: repo_url must be an http\(s\) URL"):
        config.plugins.on_config(config)  # what `mkdocs build` runs first; MkDocs aborts on it
