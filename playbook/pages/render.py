"""The pure core of the website: a validated playbook in, `{site path: Markdown}` and assets out."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from playbook.bulk import fork_map, gc_paused
from playbook.diagnostics import PlaybookError
from playbook.feedback.links import feedback_url
from playbook.freshness import is_stale, today
from playbook.labels import labels as label_catalog
from playbook.leads.funnel_page import funnel_markdown
from playbook.leads.funnel_read import SiteFunnel
from playbook.leads.reconcile_export import SiteReconciliation
from playbook.leads.win_loss import Deal, ranked, shown, win_rates
from playbook.model import CATEGORIES, Objection, Playbook
from playbook.model.placeholders import without_placeholders
from playbook.pages.calculators import calculator_pages
from playbook.pages.disagree import disagree_context
from playbook.pages.environment import item_link_rewriter, link_url, page_environment
from playbook.pages.feedback import by_item, new_notes
from playbook.pages.flowchart import flowchart_svg
from playbook.pages.glossary_tooltips import Tooltips
from playbook.pages.handwritten import page_title, render_handwritten
from playbook.pages.nav import navigation
from playbook.pages.review import review_queue
from playbook.pages.rule_words import RuleWords
from playbook.paths import BUILTIN_GENERATORS, generator_dirs
from playbook.rules import browser
from playbook.templating import compiled_templates_dir, template_problem
from playbook.text.escape import safe_title
from playbook.versions.diff import Diff

CSS_ASSET = "assets/playbook.css"
TRY_LEAD_ASSET = "assets/try-a-lead.js"
TRY_LEAD_CSS = "assets/try-a-lead.css"
CALCULATOR_ASSET = "assets/calculator.js"
CALCULATOR_CSS = "assets/calculator.css"
A11Y_ASSET = "assets/accessibility.js"
"""Keyboard access to boxes that scroll sideways (the same file for every playbook)."""
HOME_PER_CATEGORY = 5
HOME_COMPETITORS = 8
MOST_HEARD = 10


@dataclass
class Site:
    """Everything the website adapter needs: pages, their YAML sources, assets and navigation."""

    pages: dict[str, str]
    """Site path (`objections/too-expensive.md`) to Markdown."""
    edit_sources: dict[str, str] = field(default_factory=dict)
    """Site path to the file behind it, relative to the project (`data/objections/too-expensive.yaml`)."""
    assets: dict[str, str] = field(default_factory=dict)
    """Site path (`assets/playbook.css`) to file content."""
    nav: list[dict[str, str]] = field(default_factory=list)
    css: list[str] = field(default_factory=list)
    javascript: list[str] = field(default_factory=list)
    site_name: str = ""
    footer: str = ""
    """One line for every page's footer: name, version, confidentiality (safe to print raw)."""
    language: str = "en"


def render_site(
    playbook: Playbook,
    project_root: Path,
    *,
    version: str | None = None,
    directory_urls: bool = True,
    cards: bool = False,
    changes: Diff | None = None,
    workers: int | None = None,
    reconciliation: SiteReconciliation | None = None,
    funnel: SiteFunnel | None = None,
    deals: Sequence[Deal] = (),
    only: Collection[str] | None = None,
    previous: Site | None = None,
    freeze: bool = True,
    environment: Environment | None = None,
) -> Site:
    """The whole site. `cards` adds links to the PDF cards built beside it under `cards/`;
    `changes` (against the previous version) adds the What's-new page and "updated" badges;
    `workers` is how many processes render the pages (by default: every core, for a large site);
    `reconciliation` is the export `reconcile_export` names, read before rendering, for "Where we disagree";
    `funnel` is the export `funnel_export` names, read before rendering, for the Funnel page;
    `deals` are the CRM's deals won or lost against competitors (from that export, or given apart);
    `only` (with `previous`, the site before an edit) renders only these paths and takes every other
    page's Markdown from `previous` (see `pages.incremental` for which pages an edit changes);
    `freeze` freezes what rendering made (`bulk.gc_paused`): True for a one-shot build, False in a server;
    `environment` is the pages' Jinja environment a server keeps between rebuilds (`page_environment`;
    by default a new one)."""
    playbook = without_placeholders(playbook)  # a TODO from `playbook new` never reaches a page
    builder = _Builder(playbook, project_root, version, directory_urls, cards, environment)
    builder.changes = changes
    builder.reconciliation = reconciliation
    builder.funnel = funnel
    builder.deals = deals
    builder.workers = workers
    if only is not None and previous is not None:
        builder.reuse = (frozenset(only), previous.pages)
    with gc_paused(freeze=freeze):
        return builder.build()


@dataclass(frozen=True)
class _QueuedPage:
    path: str
    template: str
    title: str
    tags: list[str] | None
    tooltips: bool
    context: dict[str, Any]


def _front_matter(title: str, tags: list[str] | None = None) -> str:
    lines = ["---", f"title: {json.dumps(safe_title(title), ensure_ascii=False)}"]
    if tags:
        unique = list(dict.fromkeys(safe_title(t) for t in tags if t.strip()))
        lines.append(f"tags: {json.dumps(unique, ensure_ascii=False)}")
    return "\n".join([*lines, "---", "", ""])


class _Builder:
    """Renders one site: one Jinja environment, one label catalog, one glossary.

    `build` queues every page (`_queue_page`: path, template, title, context), then renders the queue at
    once (`_render_queued`, on every core for a large site) into `Site.pages`."""

    def __init__(
        self,
        playbook: Playbook,
        root: Path,
        version: str | None,
        directory_urls: bool,
        cards: bool,
        environment: Environment | None = None,
    ) -> None:
        self.pb = playbook
        self.root = root
        self.version = version or playbook.settings.version
        self.directory_urls = directory_urls
        self.cards = cards
        self.labels = label_catalog(playbook.settings.language)
        self.env: Environment = environment or page_environment(generator_dirs(root), compiled_templates_dir())
        self.tooltips = Tooltips.from_terms(playbook.glossary.terms, playbook.settings.language)
        self.today = today()
        self.site = Site(pages={}, language=playbook.settings.language)
        self.changes: Diff | None = None
        self.workers: int | None = None
        self.reconciliation: SiteReconciliation | None = None
        self.funnel: SiteFunnel | None = None
        self.deals: Sequence[Deal] = ()
        self.queued: list[_QueuedPage] = []
        self.reuse: tuple[frozenset[str], dict[str, str]] | None = None
        """The paths to render, and the Markdown of the other pages (an incremental rebuild)."""
        self.common = self._common_context()

    # -- context -----------------------------------------------------------------------------

    def _common_context(self) -> dict[str, Any]:
        pb = self.pb
        lp = pb.lead_path
        return {
            "pb": pb,
            "settings": pb.settings,
            "t": self.labels,
            "version": self.version,
            "directory_urls": self.directory_urls,
            "cards": self.cards,
            "categories": CATEGORIES,
            "stages": {s.id: s for s in lp.stages},
            "reasons": {r.id: r for r in lp.reasons},
            "personas": {p.id: p for p in pb.icp.personas},
            "segments": {s.id: s for s in pb.icp.segments},
            "objections": pb.objections,
            "competitors": pb.competitors,
            "products": pb.products,
            "calculators": pb.calculators,
            "calculator_forms": {},
            "feedback": by_item(pb),
            "new_notes": new_notes(pb),
            "stale": self._stale,
            "by_category": self._by_category(),
            "by_stage": self._grouped("stages"),
            "by_persona": self._grouped("personas"),
            "sources": pb.sources,
            "repo_url": (pb.settings.repo_url or "").rstrip("/"),
            "handwritten": [(p.name, page_title(p.markdown, p.name)) for p in pb.pages],
            "report_url": self._report_url,
            "updated": set(),
        }

    def _report_url(self, key: str, title: str) -> Markup:
        """A prefilled "report from the field" link to the repository's issue form, or nothing."""
        link = feedback_url(self.pb.settings.repo_url, key, title, self.version)
        return link_url(link) if link else Markup("")

    def _most_heard(self) -> list[tuple[str, Objection, int]]:
        """The objections heard most often in the field, for the objections index."""
        heard: list[tuple[str, Objection, int]] = []
        for key, item in self.common["feedback"].items():
            kind, _, oid = key.partition("/")
            if kind == "objections" and oid in self.pb.objections:
                heard.append((oid, self.pb.objections[oid], item.count))
        return sorted(heard, key=lambda h: (-h[2], h[0]))[:MOST_HEARD]

    def _stale(self, item: Any) -> bool:
        return is_stale(item, self.today, self.pb.settings.review_every_days)

    def _by_category(self) -> list[tuple[str, list[tuple[str, Objection]]]]:
        groups: dict[str, list[tuple[str, Objection]]] = {c: [] for c in CATEGORIES}
        for oid, objection in self.pb.objections.items():
            groups[objection.category].append((oid, objection))
        return [(c, items) for c, items in groups.items() if items]

    def _grouped(self, attribute: str) -> dict[str, list[tuple[str, Objection]]]:
        """Objections by stage or persona id, in file order."""
        groups: dict[str, list[tuple[str, Objection]]] = {}
        for oid, objection in self.pb.objections.items():
            for key in getattr(objection, attribute):
                groups.setdefault(key, []).append((oid, objection))
        return groups

    # -- pages --------------------------------------------------------------------------------

    def _queue_page(
        self,
        path: str,
        template: str,
        title: str,
        *,
        source: str | None = None,
        tags: list[str] | None = None,
        tooltips: bool = True,
        **context: Any,
    ) -> None:
        """Queue a page; `_render_queued` renders them all (on every core for a large site)."""
        self.queued.append(_QueuedPage(path, template, title, tags, tooltips, context))
        self.site.pages[path] = ""  # keeps the pages in the order they were added
        if source:
            self.site.edit_sources[path] = source

    def _render(self, page: _QueuedPage) -> str:
        ctx = {
            **self.common,
            **page.context,
            "page_path": page.path,
            "page_title": page.title,
            "tooltips": self.tooltips.for_page(enabled=page.tooltips),
        }
        try:
            body = self.env.get_template(f"pages/{page.template}").render(ctx)
        except PlaybookError:
            raise
        except Exception as error:  # whatever a template does is reported at its line, never as a traceback
            problem = template_problem(error, self.root, f"generators/pages/{page.template}")
            raise PlaybookError([problem]) from None
        return _front_matter(page.title, page.tags) + body

    def _render_queued(self) -> None:
        queued = self.queued
        if self.reuse is not None:
            only, previous = self.reuse
            for page in queued:
                if page.path not in only and page.path in previous:
                    self.site.pages[page.path] = previous[page.path]
            queued = [page for page in queued if page.path in only or page.path not in previous]
        rendered = fork_map(lambda i: self._render(queued[i]), len(queued), self.workers)
        for page, markdown in zip(queued, rendered, strict=True):
            self.site.pages[page.path] = markdown

    def build(self) -> Site:
        pb, t, src = self.pb, self.labels, self.pb.sources
        self.common["updated"] = self.changes.changed_items() if self.changes else set()
        self.common["most_heard"] = self._most_heard()
        rates = win_rates(pb, self.deals, self.today)
        language = pb.settings.language
        self.common["win_loss"] = {cid: shown(rate, language, t) for cid, rate in rates.items()}
        self.common["win_loss_ranked"] = [shown(rate, language, t) for rate in ranked(rates) if rate.deals]
        self._queue_page(
            "index.md",
            "home.md.j2",
            pb.settings.name,
            source=src.get("playbook"),
            home_per_category=HOME_PER_CATEGORY,
            home_competitors=HOME_COMPETITORS,
        )
        self._queue_page("icp.md", "icp.md.j2", t["ideal_customer"], source=src.get("icp"))
        self._queue_page(
            "lead-path.md",
            "lead-path.md.j2",
            t["lead_path"],
            source=src.get("lead_path"),
            flowchart=flowchart_svg(pb.lead_path, title=t["lead_path_chart"]),
        )
        self._criteria()
        disagree = self._disagree()
        self._queue_page("objections/index.md", "objections.md.j2", t["objections"])
        for oid, objection in pb.objections.items():
            tags = [t[f"category_{objection.category}"]]
            tags += [self.common["stages"][s].name for s in objection.stages if s in self.common["stages"]]
            tags += [self.common["personas"][p].name for p in objection.personas if p in self.common["personas"]]
            self._queue_page(
                f"objections/{oid}.md",
                "objection.md.j2",
                objection.objection,
                source=src.get(f"objections/{oid}"),
                tags=tags,
                id=oid,
                item=objection,
            )
        self._queue_page("competitors/index.md", "competitors.md.j2", t["battle_cards"])
        for cid, competitor in pb.competitors.items():
            self._queue_page(
                f"competitors/{cid}.md",
                "competitor.md.j2",
                competitor.name,
                source=src.get(f"competitors/{cid}"),
                id=cid,
                item=competitor,
            )
        self._queue_page("products/index.md", "products.md.j2", t["products"])
        for prid, product in pb.products.items():
            tags = [self.common["personas"][p].name for p in product.for_.personas if p in self.common["personas"]]
            self._queue_page(
                f"products/{prid}.md",
                "product.md.j2",
                product.name,
                source=src.get(f"products/{prid}"),
                tags=tags,
                id=prid,
                item=product,
            )
        self._calculators()
        self._queue_page("glossary.md", "glossary.md.j2", t["glossary"], source=src.get("glossary"), tooltips=False)
        feedback_files = sorted(k for k in src if k.startswith("feedback/"))
        self._queue_page(
            "feedback.md", "feedback.md.j2", t["feedback"], source=src[feedback_files[-1]] if feedback_files else None
        )
        for page in pb.pages:
            title = page_title(page.markdown, page.name)
            path = f"pages/{page.name}.md"
            links = item_link_rewriter(path, self.directory_urls)
            body = render_handwritten(page.markdown, self.tooltips.for_page(), links)
            self._queue_page(path, "page.md.j2", title, source=page.source, body=body)
        funnel = self._funnel()
        self._queue_page(
            "whats-new.md",
            "whats-new.md.j2",
            t["whats_new_title"].replace("{version}", self.version),
            changes=self.changes,
            change_link=self._change_link,
            change_title=self._change_title,
        )
        self._queue_page("review.md", "review.md.j2", t["review_queue"], review_queue=review_queue(pb, self.today))
        self._queue_page("tags.md", "tags.md.j2", t["tags"])
        self._render_queued()
        self._assets()
        self.site.nav = navigation(pb, t, funnel=funnel, disagree=disagree)
        self.site.site_name = safe_title(pb.settings.name)
        footer = [pb.settings.name, f"{t['version']} {self.version}"]
        if pb.settings.confidentiality:
            footer.append(pb.settings.confidentiality)
        self.site.footer = safe_title(" · ".join(footer))
        return self.site

    def _change_link(self, item: str) -> str | None:
        """The page of a changed item (`objections/x` → `objections/x.md`), if it has one."""
        pages = {
            "qualification": "criteria.md",
            "lead_path": "lead-path.md",
            "icp": "icp.md",
            "glossary": "glossary.md",
            "playbook": "index.md",
        }
        if item in pages:
            return pages[item]
        kinds = ("objections", "competitors", "products", "calculators", "pages")
        return f"{item}.md" if item.split("/")[0] in kinds else None

    def _change_title(self, item: str) -> str:
        t = self.labels
        titles = {
            "qualification": t["criteria"],
            "lead_path": t["lead_path"],
            "icp": t["ideal_customer"],
            "glossary": t["glossary"],
            "playbook": self.pb.settings.name,
        }
        if item in titles:
            return titles[item]
        entity = self.pb.item(item)
        return entity.title if entity is not None else item

    def _criteria(self) -> None:
        form = browser.form_html(self.pb, self.labels)  # the rules travel inside it, as a JSON data island
        # The script and its stylesheet are static files, the same for every playbook.
        self.site.assets[TRY_LEAD_ASSET] = browser.SCRIPT.read_text(encoding="utf-8")
        self.site.javascript.append(TRY_LEAD_ASSET)
        self.site.assets[TRY_LEAD_CSS] = browser.STYLESHEET.read_text(encoding="utf-8")
        self.site.css.append(TRY_LEAD_CSS)
        self._queue_page(
            "criteria.md",
            "criteria.md.j2",
            self.labels["criteria"],
            source=self.pb.sources.get("qualification"),
            rules=RuleWords(self.pb.qualification, self.labels, self.pb.settings.language),
            try_a_lead=Markup(form) if form else Markup(""),
        )

    def _calculators(self) -> None:
        """The calculators' index and pages, and their forms for the pages named in `used_on`."""
        self._queue_page("calculators/index.md", "calculators.md.j2", self.labels["calculators"])
        pages = calculator_pages(self.pb, self.labels)
        self.common["calculator_forms"] = pages.embedded
        for cid, page in pages.pages.items():
            source = self.pb.sources.get(f"calculators/{cid}")
            self._queue_page(
                f"calculators/{cid}.md", "calculator.md.j2", page.title, source=source, id=cid, **page.context
            )
        if pages.pages:  # the script and its stylesheet are static files, the same for every playbook
            self.site.assets[CALCULATOR_ASSET] = pages.script
            self.site.javascript.append(CALCULATOR_ASSET)
            self.site.assets[CALCULATOR_CSS] = pages.stylesheet
            self.site.css.append(CALCULATOR_CSS)

    def _disagree(self) -> bool:
        """The "Where we disagree" page, while drafts exist in `data/proposals/`."""
        if not self.pb.proposals:
            return False
        rec = self.reconciliation or SiteReconciliation(None)
        context = disagree_context(self.pb, rec, self.labels)
        self._queue_page("disagree.md", "disagree.md.j2", self.labels["disagree_title"], tooltips=False, **context)
        return True

    def _funnel(self) -> bool:
        """The Funnel page, when `playbook.yaml` names a `funnel_export`."""
        markdown = funnel_markdown(self.funnel, self.pb, self.labels)
        if markdown is None:
            return False
        self.site.pages["funnel.md"] = _front_matter(self.labels.get("funnel_title", "Funnel")) + markdown
        return True

    def _assets(self) -> None:
        for folder in generator_dirs(self.root):
            css = folder / "assets" / "playbook.css"
            if css.is_file():
                self.site.assets[CSS_ASSET] = css.read_text(encoding="utf-8")
                self.site.css.append(CSS_ASSET)
                break
        self.site.assets[A11Y_ASSET] = (BUILTIN_GENERATORS / "assets" / "accessibility.js").read_text(encoding="utf-8")
        self.site.javascript.append(A11Y_ASSET)
