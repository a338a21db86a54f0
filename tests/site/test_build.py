"""The built example site (English) and the Russian fixture's site, read as a user's browser gets them."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from site_support import REPO, Html, html_files, page

PAGE_KINDS = [
    "",
    "icp/",
    "lead-path/",
    "criteria/",
    "objections/",
    "objections/too-expensive/",
    "competitors/",
    "competitors/autodalys/",
    "products/",
    "products/next-day-delivery/",
    "glossary/",
    "feedback/",
    "pages/how-to-use/",
    "tags/",
]


def test_every_page_kind_is_built(en_site: Path) -> None:
    for path in PAGE_KINDS:
        assert (en_site / path / "index.html").is_file(), path
    assert len(list((en_site / "objections").glob("*/index.html"))) == 9


def test_raw_content_files_are_not_published(en_site: Path) -> None:
    assert not list(en_site.rglob("*.yaml"))
    assert not list(en_site.rglob("*.md"))


def test_objection_page_reads_say_ask_answer_proof_avoid_in_that_order(en_site: Path) -> None:
    html = page(en_site, "objections/too-expensive")
    positions = [html.index(f'id="{section}"') for section in ("say", "ask", "answer", "proof", "avoid")]
    assert positions == sorted(positions)
    text = Html(html).text
    assert "Fair point, on some parts we are a few percent higher." in text
    assert "Which part did you compare" in text
    assert "Northwind price-check log, Q3 2026" in text and "2026-09-30" in text
    assert "Discounting a single part on the call" in text


def test_objection_page_links_competitors_personas_feedback_and_its_card(en_site: Path) -> None:
    html = page(en_site, "objections/too-expensive")
    assert 'href="../../competitors/autodalys/"' in html
    assert 'href="../../icp/#persona-parts-buyer"' in html
    assert 'href="../../cards/objections/too-expensive.pdf"' in html
    text = Html(html).text
    assert "Heard 1×" in text
    assert "The 20-order price check worked again." in text


def test_battle_card_starts_with_the_one_liner_and_has_every_section(en_site: Path) -> None:
    html = page(en_site, "competitors/autodalys")
    text = Html(html).text
    one_liner = text.index("Autodalys is great for fast-moving parts")
    order = [
        "When we win, when they win",
        "Strengths and weaknesses",
        "Landmines to set",
        "Quick dismiss",
        "Pricing",
        "Related objections",
        "Walk away when",
    ]
    positions = [text.index(heading, one_liner) for heading in order]
    assert positions == sorted(positions)
    assert "Marketing price check of 120 part numbers" in text and "2026-09-10" in text
    assert 'href="../../objections/too-expensive/"' in html


def test_product_page_is_a_sales_card(en_site: Path) -> None:
    text = Html(page(en_site, "products/next-day-delivery")).text
    for heading in ("The problem", "Benefits", "Why us", "Proof", "Pricing", "Questions customers ask", "Next step"):
        assert heading in text


def test_home_has_owners_version_and_quick_paths(en_site: Path) -> None:
    html = page(en_site, "")
    text = Html(html).text
    for words in (
        "In a call and you hear…",
        "Up against…",
        "Is this lead ours?",
        "Head of Marketing",
        "Head of Sales",
        "Version 1.0.0",
    ):
        assert words in text
    assert 'href="objections/too-expensive/"' in html
    assert 'href="competitors/autodalys/"' in html
    assert 'href="criteria/"' in html


def test_lead_path_has_a_coloured_flowchart_stage_table_handoffs_reasons_and_kpis(en_site: Path) -> None:
    html = page(en_site, "lead-path")
    doc = Html(html)
    assert any(tag == "svg" for tag, _ in doc.elements)
    boxes = [a.get("class") or "" for tag, a in doc.elements if tag == "rect"]
    assert sum("pb-flow--marketing" in c for c in boxes) == 3
    assert sum("pb-flow--sales" in c for c in boxes) == 4
    assert sum("pb-flow--shared" in c for c in boxes) == 1
    assert not any("mermaid" in (a.get("class") or "") for _, a in doc.elements)
    for words in (
        "Stages",
        "Hand-offs",
        "Reason codes",
        "Who owns which conversion",
        "24 h",
        "Three attempts on two days without reaching anyone",
        "MQL accepted by sales",
        "80%",
    ):
        assert words in doc.text
    assert 'id="stage-mql"' in html


def test_criteria_sheet_has_signatures_rules_with_because_scores_and_the_form(en_site: Path) -> None:
    html = page(en_site, "criteria")
    text = Html(html).text
    for words in (
        "Rūta Jankauskienė",
        "2026-10-05",
        "Tomasz Wiśniewski",
        "2026-10-06",
        "We only stock Opel and Vauxhall parts",
        "≥ 30",
        "+30",
        "−20".replace("−", "-"),
        "Sales-ready checklist (BANT)",
    ):
        assert words in text, words
    assert "data-pb-try" in html
    assert "assets/try-a-lead.js" in html
    assert (en_site / "assets" / "try-a-lead.js").is_file()


def test_glossary_terms_get_tooltips_on_other_pages_but_not_on_the_glossary(en_site: Path) -> None:
    glossary = yaml.safe_load((REPO / "data" / "glossary.yaml").read_text(encoding="utf-8"))
    definitions = {t["term"].casefold(): " ".join(t["definition"].replace("`", "").split()) for t in glossary["terms"]}
    html = page(en_site, "lead-path")
    tips = re.findall(r'<abbr title="([^"]*)">([^<]+)</abbr>', html)
    assert tips
    for title, word in tips:  # a term in any inflected form ("leads") carries the definition of its term
        assert Html(title).text in definitions.values(), word
    assert "<abbr" not in page(en_site, "glossary")


def test_tags_for_category_stage_and_persona(en_site: Path) -> None:
    html = page(en_site, "objections/too-expensive")
    tags = re.findall(r'class="md-tag[^"]*"[^>]*>\s*([^<]+?)\s*<', html)
    assert {"Price", "Sales-qualified lead", "Parts buyer (service advisor)"} <= set(tags)
    assert "Price" in Html(page(en_site, "tags")).text


def test_edit_this_page_opens_the_yaml_source(en_site: Path) -> None:
    edit = "https://github.com/example/playbook/edit/main/"
    assert f'href="{edit}data/objections/too-expensive.yaml"' in page(en_site, "objections/too-expensive")
    assert f'href="{edit}data/qualification.yaml"' in page(en_site, "criteria")
    assert f'href="{edit}data/pages/how-to-use.md"' in page(en_site, "pages/how-to-use")
    assert f'href="{edit}data/playbook.yaml"' in page(en_site, "")


def test_every_page_footer_shows_the_version(en_site: Path) -> None:
    for path in html_files(en_site):
        assert "Version 1.0.0" in path.read_text(encoding="utf-8"), path


def test_navigation_lists_index_pages_only(en_site: Path) -> None:
    doc = Html(page(en_site, "objections/too-expensive"))
    nav_links = [
        a.get("href") or "" for tag, a in doc.elements if tag == "a" and "md-nav__link" in (a.get("class") or "")
    ]
    assert "../" in nav_links and "../../competitors/" in nav_links
    items = [link for link in nav_links if re.search(r"(objections|competitors|products)/[a-z0-9-]+/$", link)]
    assert items == []


def test_every_internal_link_resolves(en_site: Path) -> None:
    broken = []
    for path in html_files(en_site):
        doc = Html(path.read_text(encoding="utf-8"))
        base = path.parent.relative_to(en_site).as_posix()
        for link in doc.attr_values("a", "href") + doc.attr_values("link", "href") + doc.attr_values("script", "src"):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            path_part = unquote(parts.path)
            joined = path_part.lstrip("/") if path_part.startswith("/") else posixpath.join(base, path_part)
            target = posixpath.normpath(joined)
            resolved = en_site / target
            if not (resolved.is_file() or (resolved / "index.html").is_file()):
                broken.append(f"{path.relative_to(en_site)} -> {link}")
    assert not broken, broken[:20]


def test_feedback_page_aggregates_per_item_and_lists_new_notes(en_site: Path) -> None:
    text = Html(page(en_site, "feedback")).text
    assert "New, for marketing to triage" in text
    assert "Two fleets asked whether we sell electric-van parts" in text
    assert "Lost a Riga garage to Autodalys' afternoon run." in text


def test_no_external_host_in_html_css_or_our_scripts(en_site: Path) -> None:
    allowed_hosts = {"github.com", "playbook.example.com"}
    content = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "data").rglob("*") if p.is_file())
    written_in_content = {urlsplit(u).netloc for u in re.findall(r"https?://[^\s\"')>]+", content)}
    problems = []
    for path in [*html_files(en_site), *en_site.rglob("*.css"), *en_site.glob("assets/*.js")]:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            doc = Html(text)
            fetched = (
                doc.attr_values("script", "src")
                + doc.attr_values("img", "src")
                + doc.attr_values("iframe", "src")
                + [a.get("href") or "" for t, a in doc.elements if t == "link" and a.get("rel") != "canonical"]
            )
            for url in fetched:
                if urlsplit(url).netloc:
                    problems.append(f"{path.name}: fetches {url}")
            for url in doc.attr_values("a", "href"):
                host = urlsplit(url).netloc
                if host and host not in allowed_hosts | written_in_content:
                    problems.append(f"{path.relative_to(en_site)}: links {url}")
        else:
            for url in re.findall(r"url\(\s*['\"]?(https?:)?//[^)]*\)|@import\s+['\"]?https?://[^;]*", text):
                problems.append(f"{path.name}: {url}")
            if path.suffix == ".js" and re.search(r"https?://", text):
                problems.append(f"{path.name} names an external URL")
    assert not problems, problems[:20]


def test_pdf_links_point_at_built_cards(en_site: Path) -> None:
    for path in ("objections/too-expensive", "competitors/autodalys", "products/next-day-delivery", "criteria"):
        links = re.findall(r'href="([^"]+\.pdf)"', page(en_site, path))
        assert links, path
        for link in links:
            assert (en_site / path / link).resolve().is_file(), link


# -- Russian ------------------------------------------------------------------------------------


def test_russian_site_speaks_russian(ru_site: Path) -> None:
    html = page(ru_site, "objections/dorogo")
    assert '<html lang="ru"' in html
    text = Html(html).text
    for label in (
        "Скажите",
        "Спросите",
        "Ответ",
        "Доказательства",
        "Не говорите",
        "Последняя проверка",
        "Версия 2.1.0",
    ):
        assert label in text, label
    for english in ("Say", "Proof", "Last reviewed", "Version"):
        assert not re.search(rf"\b{english}\b", text), english
    assert "Путь лида" in Html(page(ru_site, "")).text


def test_russian_search_index_uses_the_russian_language(ru_site: Path) -> None:
    index = json.loads((ru_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    # Material's search runs Playbook's Russian Snowball stemmer, registered as the language `pb-ru`.
    assert index["config"]["lang"] == ["pb-ru"]
    assert (ru_site / "assets" / "javascripts" / "lunr" / "min" / "lunr.pb-ru.min.js").is_file()
    assert any("Промворот" in doc["text"] for doc in index["docs"])


def test_russian_heading_anchors_are_readable(ru_site: Path) -> None:
    html = page(ru_site, "glossary")
    assert 'id="лид"' in html
    assert 'id="целевой-лид"' in html
