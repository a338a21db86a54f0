"""`serve` rebuilds take unchanged pages' HTML from the previous build, and the site is the same as a fresh build."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from site_support import REPO, snapshot
from tests_support import copy_project

from playbook.mkdocs_plugin import PlaybookPlugin
from playbook.mkdocs_render_cache import Converted, FastHtml
from playbook.paths import BUILTIN_GENERATORS


@pytest.fixture(autouse=True)
def _fresh_plugins(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """MkDocs keeps plugins with `on_startup` for the whole process; each test here starts a new 'serve'."""
    monkeypatch.setenv("PLAYBOOK_TODAY", "2026-11-22")
    cache = MkDocsConfig.plugins.plugin_cache  # type: ignore[attr-defined]
    cache.clear()
    gc.unfreeze()
    yield
    cache.clear()


def _build(project: Path, site: Path, start: str | None = None) -> PlaybookPlugin:
    """One build as `mkdocs serve` runs it: the config loaded afresh, the plugin kept from the last build.

    `start` is the command MkDocs announces before its first build (`serve`, `build`); rebuilds have none.
    """
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    if start:
        config.plugins.on_startup(command=start, dirty=False)  # type: ignore[arg-type]
    build(config)
    plugin = config.plugins["playbook"]
    assert isinstance(plugin, PlaybookPlugin)
    return plugin


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_rebuild_after_one_edit_converts_only_what_changed_and_equals_a_fresh_build(tmp_path: Path) -> None:
    project = copy_project(REPO, tmp_path / "project")
    served = tmp_path / "served"
    plugin = _build(project, served, "serve")
    assert plugin.render_cache is not None and plugin.render_cache.hits == 0
    assert gc.get_freeze_count() == 0  # a server's old builds stay collectable
    assert plugin.parse_cache is not None and len(plugin.parse_cache) > 0  # the server's own, for its rebuilds
    assert plugin.page_environment is not None
    environment = plugin.page_environment[1]

    _edit(project / "data/objections/too-expensive.yaml", "Fair point, on some parts", "Changed live, on some parts")
    rebuilt = _build(project, served)
    assert rebuilt is plugin  # the same plugin, and with it the cache
    assert rebuilt.page_environment is not None and rebuilt.page_environment[1] is environment  # nothing compiled again
    pages = sum(1 for _ in served.rglob("*.html"))
    assert rebuilt.render_cache is not None
    assert pages - 5 <= rebuilt.render_cache.hits < pages  # the edited page (and those showing it) converted anew
    assert "Changed live, on some parts" in (served / "objections/too-expensive/index.html").read_text("utf-8")

    MkDocsConfig.plugins.plugin_cache.clear()  # type: ignore[attr-defined]
    fresh = tmp_path / "fresh"
    one_shot = _build(project, fresh, "build")
    assert one_shot.render_cache is None and one_shot.parse_cache is None and one_shot.page_environment is None
    assert snapshot(served) == snapshot(fresh)


def test_a_page_whose_conversion_warned_is_converted_again_and_warns_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = copy_project(REPO, tmp_path / "project")
    template = project / "generators/pages/objection.md.j2"
    template.parent.mkdir(parents=True)
    builtin = (BUILTIN_GENERATORS / "pages/objection.md.j2").read_text(encoding="utf-8")
    template.write_text(builtin + "\nSee [the old guide](../old-guide.md).\n", encoding="utf-8")
    objections = len(list((project / "data/objections").glob("*.yaml")))
    caplog.set_level(logging.INFO, logger="mkdocs")

    def warnings() -> list[str]:
        return [r.getMessage() for r in caplog.records if "old-guide.md" in r.getMessage()]

    _build(project, tmp_path / "site", "serve")
    assert len(warnings()) == objections
    _edit(project / "data/pages/how-to-use.md", "# How to use this playbook", "# How to use the playbook")
    plugin = _build(project, tmp_path / "site")
    assert plugin.render_cache is not None and plugin.render_cache.hits > 0
    assert len(warnings()) == 2 * objections


def test_a_changed_markdown_setting_converts_every_page_again(tmp_path: Path) -> None:
    project = copy_project(REPO, tmp_path / "project")
    site = tmp_path / "site"
    _build(project, site, "serve")
    _edit(project / "mkdocs.yml", "permalink: true", "permalink: '#'")
    plugin = _build(project, site)
    assert plugin.render_cache is not None and plugin.render_cache.hits == 0
    page = (site / "objections/too-expensive/index.html").read_text("utf-8")
    assert '<h2 id="say">Say<a class="headerlink" href="#say" title="' in page and '">#</a></h2>' in page


def _site_both_ways(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, list[bool]]:
    """The site built by MkDocs' own conversion and built with generated pages' HTML written directly;
    and, for each page of the second build, whether it skipped the Markdown parser."""
    with monkeypatch.context() as patch:
        patch.setattr(FastHtml, "for_config", classmethod(lambda cls, config: None))
        _build(project, tmp_path / "parsed", "build")
    MkDocsConfig.plugins.plugin_cache.clear()  # type: ignore[attr-defined]
    fast: list[bool] = []
    convert = FastHtml.convert

    def counting(self: FastHtml, text: str) -> Converted | None:
        converted = convert(self, text)
        fast.append(converted is not None)
        return converted

    monkeypatch.setattr(FastHtml, "convert", counting)
    _build(project, tmp_path / "direct", "build")
    return tmp_path / "parsed", tmp_path / "direct", fast


def test_generated_pages_skip_the_markdown_parser_and_the_site_is_byte_for_byte_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file of the built site: pages (headings' ids and permalinks, the sidebar's table of contents,
    tags, tooltips, edit links), the search index (one entry per section) and the sitemap."""
    project = copy_project(REPO, tmp_path / "project")
    parsed, direct, fast = _site_both_ways(project, tmp_path, monkeypatch)
    assert sum(fast) >= 0.75 * len(fast)  # every item page but those a heading's id makes unusual
    assert snapshot(direct) == snapshot(parsed)
    page = (direct / "objections/payment-terms/index.html").read_text("utf-8")
    assert '<h2 id="say">Say<a class="headerlink" href="#say" title="' in page
    assert 'href="#answer"' in page.split('<div class="md-content"')[0]  # the table of contents
    assert "<abbr title=" in page and "data/objections/payment-terms.yaml" in page


def test_a_synthetic_playbook_builds_the_same_both_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(REPO))  # the benchmarks' generator is not part of the installed package
    from benchmarks.synthetic import generate

    project = generate(tmp_path / "synthetic", 30)
    parsed, direct, fast = _site_both_ways(project, tmp_path, monkeypatch)
    assert sum(fast) >= len(fast) - 3
    assert snapshot(direct) == snapshot(parsed)


@pytest.mark.parametrize(
    "markdown",
    [
        "# A\n\n- a list\n",
        "# A\n\n<div>x</div> trailing text\n",
        "# A\n\n<span>inline</span>\n",
        "# A *emphasis*\n",
        "## A { .class }\n",
        "# A\n\n\t<div>x</div>\n",
        "# A\n\n<div>\n```\ncode\n```\n</div>\n",
        "# A\n\n<div>unclosed\n",
        "# A\n\n<!DOCTYPE html>\n",
    ],
)
def test_anything_but_headings_and_raw_html_is_left_to_mkdocs(markdown: str) -> None:
    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    fast = FastHtml.for_config(config)
    assert fast is not None
    assert fast.convert(markdown) is None


def test_a_markdown_extension_it_does_not_know_turns_the_fast_path_off() -> None:
    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    config.markdown_extensions.append("footnotes")
    assert FastHtml.for_config(config) is None


@pytest.mark.parametrize(
    ("path", "old", "new", "rebuilt"),
    [
        ("data/objections/payment-terms.yaml", "Cash flow matters", "Changed live", {"objections/payment-terms.md"}),
        ("data/competitors/autodalys.yaml", "Large multi-brand", "Changed live", {"competitors/autodalys.md"}),
        ("data/objections/original-parts-only.yaml", "competitors: [", "competitors: [partsbazaar, ", None),
    ],
)
def test_serve_builds_again_only_the_pages_an_edit_changes_and_equals_a_fresh_build(
    tmp_path: Path, path: str, old: str, new: str, rebuilt: set[str] | None
) -> None:
    project = copy_project(REPO, tmp_path / "project")
    served = tmp_path / "served"
    plugin = _build(project, served, "serve")
    assert not plugin.rebuild_changed_pages()  # nothing changed: nothing to rebuild
    _edit(project / path, old, new)
    assert plugin.rebuild_changed_pages()
    assert plugin.live is not None
    if rebuilt is not None:
        assert rebuilt <= set(plugin.live.rebuilt) and len(plugin.live.rebuilt) <= len(rebuilt) + 3
    MkDocsConfig.plugins.plugin_cache.clear()  # type: ignore[attr-defined]
    fresh = tmp_path / "fresh"
    _build(project, fresh, "build")
    assert snapshot(served) == snapshot(fresh)


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("data/objections/payment-terms.yaml", "objection: ", "objection: Renamed "),  # a title: search, tags
        ("data/glossary.yaml", "definition: ", "definition: Changed, "),  # tooltips on every page
        ("mkdocs.yml", "permalink: true", "permalink: '#'"),
    ],
)
def test_an_edit_that_changes_more_than_pages_bodies_builds_the_whole_site(
    tmp_path: Path, path: str, old: str, new: str
) -> None:
    project = copy_project(REPO, tmp_path / "project")
    plugin = _build(project, tmp_path / "served", "serve")
    _edit(project / path, old, new)
    assert not plugin.rebuild_changed_pages()
