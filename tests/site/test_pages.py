"""The pure renderer: a playbook in, `{site path: Markdown}` out, with no MkDocs involved."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from site_support import FIXTURES, REPO
from tests_support import copy_project

from playbook.diagnostics import PlaybookError
from playbook.freshness import today
from playbook.model import Playbook
from playbook.pages import render_site
from playbook.pages.flowchart import flowchart_svg
from playbook.pages.glossary_tooltips import Tooltips
from playbook.project import check_project
from playbook.text.markdown import render_block


def _load(root: Path) -> Playbook:
    checked = check_project(root, today())
    assert checked.playbook is not None, checked.diagnostics
    return checked.playbook


def test_renderer_does_not_import_mkdocs() -> None:
    code = "import sys, playbook.pages; assert not [m for m in sys.modules if m.startswith('mkdocs')]"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_page_and_its_source() -> None:
    site = render_site(_load(REPO), REPO)
    assert {
        "index.md",
        "icp.md",
        "lead-path.md",
        "criteria.md",
        "glossary.md",
        "feedback.md",
        "tags.md",
        "objections/index.md",
        "objections/too-expensive.md",
        "competitors/index.md",
        "competitors/autodalys.md",
        "products/index.md",
        "products/vin-lookup.md",
        "pages/how-to-use.md",
    } <= set(site.pages)
    assert site.edit_sources["objections/too-expensive.md"] == "data/objections/too-expensive.yaml"
    assert site.edit_sources["lead-path.md"] == "data/lead_path.yaml"
    assert "objections/index.md" not in site.edit_sources
    assert "assets/playbook.css" in site.assets
    assert [list(entry.values())[0] for entry in site.nav][:2] == ["index.md", "pages/how-to-use.md"]
    assert not [p for entry in site.nav for p in entry.values() if p.startswith("objections/") and "index" not in p]


def test_version_override_is_stamped() -> None:
    site = render_site(_load(REPO), REPO, version="7.7.7")
    assert "7.7.7" in site.footer and "7.7.7" in site.pages["index.md"]


def test_user_text_is_data_never_template_source(tmp_path: Path) -> None:
    playbook = _load(REPO)
    playbook.objections["too-expensive"] = playbook.objections["too-expensive"].model_copy(
        update={
            "say": "{{ settings.name }} {% if true %}yes{% endif %} <script>x()</script>",
            "objection": "[click](javascript:alert(1)) # { onclick=alert(1) }",
        }
    )
    markdown = render_site(playbook, REPO).pages["objections/too-expensive.md"]
    assert "&#123;&#123; settings.name &#125;&#125;" in markdown
    assert "Northwind Parts Sales Playbook yes" not in markdown
    assert "<script>" not in markdown
    heading = next(line for line in markdown.splitlines() if line.startswith("# "))
    assert "[" not in heading and "(" not in heading and "{" not in heading


def test_markdown_is_sanitised() -> None:
    html = render_block(
        "**ok** <script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:alert(1)) "
        "<iframe src=//evil.example></iframe> ![p](https://evil.example/p.png) ![q](local.png)"
    )
    assert "<strong>ok</strong>" in html
    for bad in ("<script", "onerror", "javascript:", "<iframe", "evil.example"):
        assert bad not in html
    assert 'src="local.png"' in html


def test_tooltips_mark_each_term_once_per_page_and_never_inside_links() -> None:
    terms = _load(REPO).glossary.terms
    tips = Tooltips.from_terms(terms).for_page()
    html = tips.apply('<p><a href="x">MQL</a> An MQL becomes an SQL. Another MQL.</p>')
    assert html.count("<abbr") == 2
    assert '<a href="x">MQL</a>' in html
    assert html.index("<abbr") > html.index("</a>")


def test_flowchart_is_well_formed_svg_with_one_box_per_stage() -> None:
    lead_path = _load(FIXTURES / "ru").lead_path
    svg = ET.fromstring(str(flowchart_svg(lead_path, title="Путь")))
    boxes = svg.findall(".//{http://www.w3.org/2000/svg}rect")
    assert len(boxes) == len(lead_path.stages)
    labels = [t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert labels[0] == lead_path.stages[0].name[:40] or labels[0].endswith("…")


@pytest.mark.parametrize("language", ["ru", "lt", "pl", "ro"])
def test_fixture_playbooks_render_in_their_language(language: str, tmp_path: Path) -> None:
    from playbook.labels import labels

    project = copy_project(FIXTURES / language, tmp_path / language)
    site = render_site(_load(project), project)
    words = labels(language)
    some = next(iter(_load(FIXTURES / language).objections))
    page = site.pages[f"objections/{some}.md"]
    assert f"## {words['say']}" in page or words["say"] in page
    assert words["version"] in site.footer


def test_relative_links_follow_the_url_style() -> None:
    from playbook.pages.urls import relative

    assert relative("objections/x.md", "competitors/y.md") == "../../competitors/y/"
    assert relative("objections/x.md", "index.md") == "../../"
    assert relative("index.md", "criteria.md#try-a-lead") == "criteria/#try-a-lead"
    assert relative("objections/x.md", "cards/objections/x.pdf") == "../../cards/objections/x.pdf"
    assert relative("objections/x.md", "competitors/y.md", directory_urls=False) == "../competitors/y.html"
    assert relative("objections/x.md", "index.md", directory_urls=False) == "../index.html"


def test_pages_rendered_on_two_cores_are_the_pages_rendered_in_one() -> None:
    playbook = _load(REPO)
    alone = render_site(playbook, REPO, workers=1)
    spread = render_site(playbook, REPO, workers=2)
    assert list(spread.pages) == list(alone.pages)  # same pages, same order
    assert spread.pages == alone.pages
    assert spread.edit_sources == alone.edit_sources


def _project_with_template(tmp_path: Path, name: str, text: str) -> tuple[Path, Path]:
    """A copy of the example's data with its own `generators/pages/<name>`; the project and the template."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "data", project / "data")
    template = project / "generators" / "pages" / name
    template.parent.mkdir(parents=True)
    template.write_text(text, encoding="utf-8")
    return project, template


def test_a_template_error_in_a_worker_is_reported_at_the_template(tmp_path: Path) -> None:
    project, _ = _project_with_template(tmp_path, "objection.md.j2", "# {{ item.objection }}\n\n{{ item.nope }}\n")
    with pytest.raises(PlaybookError) as raised:
        render_site(_load(project), project, workers=2)
    assert str(raised.value).startswith("generators/pages/objection.md.j2:3:1: template error:")


def test_an_edited_template_is_used_by_the_next_build_in_the_same_process(tmp_path: Path) -> None:
    project, template = _project_with_template(tmp_path, "tags.md.j2", "First version\n")
    playbook = _load(project)
    assert "First version" in render_site(playbook, project).pages["tags.md"]
    template.write_text("Second version\n", encoding="utf-8")
    os.utime(template, (time.time() + 5, time.time() + 5))  # a later modification time, however coarse the clock
    assert "Second version" in render_site(playbook, project).pages["tags.md"]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Before the list:\n- one\n- two", "<p>Before the list:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("| Plan | Price |\n|:--|--:|\n| Pro | 10 |", '<td align="right">10</td>'),
        ("~~old~~ new", "<del>old</del> new"),
        ("See www.example.com", '<a href="http://www.example.com" rel="noopener noreferrer">www.example.com</a>'),
        ("Press <kbd>Ctrl</kbd>", "<kbd>Ctrl</kbd>"),
        ("```\n<b>code</b>\n```", "<pre><code>&lt;b&gt;code&lt;/b&gt;\n</code></pre>"),
    ],
    ids=["list-after-paragraph", "table-alignment", "strikethrough", "autolink", "raw-kbd", "fenced-code"],
)
def test_fields_are_github_flavored_markdown(markdown: str, expected: str) -> None:
    assert expected in render_block(markdown)


def test_compiled_templates_are_kept_for_the_next_process_and_follow_edits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    project, template = _project_with_template(tmp_path, "tags.md.j2", "First version\n")
    playbook = _load(project)
    first = render_site(playbook, project).pages
    # Compiled templates, for the next build: in the user's cache, where no pull request writes.
    assert list((tmp_path / "user-cache" / "playbook" / "templates-sandboxed").glob("*.cache"))
    assert not (project / ".cache" / "templates").exists()
    assert render_site(playbook, project).pages == first
    template.write_text("Second version\n", encoding="utf-8")
    assert "Second version" in render_site(playbook, project).pages["tags.md"]
