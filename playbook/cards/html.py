"""Cards as HTML: one sandboxed Jinja environment per run, content Markdown rendered safely, labels and QR added."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from playbook.calculators.program import compile_calculator
from playbook.calculators.worksheet import Worksheet, worksheet
from playbook.cards.catalog import FOLDERS, SINGLE_KINDS, CardSpec, layout
from playbook.cards.fit import optional_close, optional_open, type_attributes
from playbook.cards.fonts import font_faces
from playbook.cards.qr import page_url, qr_placeholder
from playbook.diagnostics import PlaybookError
from playbook.freshness import is_stale
from playbook.labels import labels, who
from playbook.leads.win_loss import Deal, shown, win_rates
from playbook.model import Playbook, item_links
from playbook.model.base import Claim
from playbook.paths import generator_dirs
from playbook.rules.describe import describe
from playbook.templating import make_environment, template_problem
from playbook.text.links import anchor, rewrite_links
from playbook.text.locale_format import format_date, format_number, format_percent
from playbook.text.markdown import render_block, render_inline, to_html

DETAIL: dict[str, int] = {"A6": 0, "A5": 1, "A4": 2, "letter": 2}
"""How much a card shows at each size (for templates of a project's own): 0 the essentials, 1 more, 2 all.
The built-in templates ask `layout` (catalog.layout) which sections their size carries."""
PAGE_MM: dict[str, tuple[float, float]] = {
    "A6": (105, 148),
    "A5": (148, 210),
    "A4": (210, 297),
    "letter": (215.9, 279.4),
}
"""Width and height of each page size, in millimetres (portrait)."""


@dataclass(frozen=True)
class CardDocument:
    """One HTML document to lay out into one PDF."""

    spec: CardSpec
    html: str
    base_url: str
    """Where relative URLs of the content resolve: the folder of the item's YAML file."""
    refused: tuple[str, ...] = ()
    """Image URLs the content named that no card may fetch (dropped when sanitising)."""


_IMG_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


def remote_images(text: str) -> list[str]:
    """Image URLs in Markdown that name another scheme or host (`http:`, `file:`, `data:`, `//`).

    Sanitising drops them before any fetch; they are reported like a refused fetch so the
    author learns why the image is missing.
    """
    if "![" not in text and "<img" not in text.lower():
        return []
    found = []
    for src in _IMG_SRC.findall(to_html(text)):
        url = html_lib.unescape(src)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith("//"):
            found.append(url)
    return found


class CardHtml:
    """Renders the cards of one playbook: one Jinja environment, shared by every card of a run."""

    def __init__(
        self,
        playbook: Playbook,
        project_root: Path,
        today: dt.date,
        *,
        version: str | None = None,
        updated: frozenset[str] = frozenset(),
        deals: Sequence[Deal] = (),
    ) -> None:
        self.playbook = playbook
        rates = win_rates(playbook, deals, today)
        self.win_loss = {
            cid: shown(rate, playbook.settings.language, labels(playbook.settings.language))
            for cid, rate in rates.items()
        }
        """Win rates against each competitor: field notes plus the CRM deals read before rendering."""
        self.version = version or playbook.settings.version
        self.updated = updated
        """Item keys (`objections/<id>`) changed since the previous version: they get a badge."""
        self.root = project_root
        self.today = today
        # English fills any key a catalog does not have yet, so a card never fails on a label.
        self.labels = {**labels("en"), **labels(playbook.settings.language)}
        self.language = playbook.settings.language
        self._refused: list[str] = []
        self.env = make_environment(
            generator_dirs(project_root),
            filters={
                "md": self._md,
                "mdi": self._mdi,
                "date": self._date,
                "num": self._number,
                "percent": self._percent,
                "who": self._who,
            },
            globals_={
                "describe": self._describe,
                "is_claim": lambda p: isinstance(p, Claim),
                "label": self._label,
                "optional_open": optional_open,
                "optional_close": optional_close,
                "stage_name": self._stage_name,
                "worksheet": self._worksheet,
            },
        )
        self.font_css = font_faces()
        """The `@font-face` stylesheet every card is laid out with (kept out of the HTML)."""

    # --- helpers exposed to templates -------------------------------------------------
    def _md(self, text: str | None) -> Markup:
        if not text:
            return Markup("")
        self._refused += remote_images(text)
        return Markup(rewrite_links(render_block(text), self._item_link))

    def _mdi(self, text: str | None) -> Markup:
        if not text:
            return Markup("")
        self._refused += remote_images(text)
        return Markup(rewrite_links(render_inline(text), self._item_link))

    def _item_link(self, href: str, inner: str) -> str | None:
        """A link between items on paper: the label, then the item's page address under `site_url`.

        Without a `site_url` there is no address to print: the label stays, as text.
        """
        link = item_links.parse(href)
        if link is None:
            return None
        address = page_url(self.playbook.settings.site_url, f"{link.key}/{link.fragment}")
        if address is None:
            return inner
        shown = address.split("://", 1)[-1]
        return f'{anchor(address, inner)} <span class="item-address">({html_lib.escape(shown)})</span>'

    def _date(self, value: dt.date | None) -> str:
        """A date as the playbook's language writes it (the site's helper): "22.11.2026", ISO in English."""
        return format_date(value, self.language) if value else ""

    def _number(self, value: float | None, digits: int = 1) -> str:
        """A number grouped for the language: 2000 as "2 000" in Russian, "2,000" in English."""
        return "" if value is None else format_number(value, self.language, digits)

    def _percent(self, fraction: float | None, digits: int = 0) -> str:
        """A share (0.35) as the language writes a percentage: "35 %", "35%"."""
        return "" if fraction is None else format_percent(float(fraction), self.language, digits)

    def _who(self, value: str | None) -> str:
        """An owner or verifier: a department by its name in the language, a person as written."""
        return who(value, self.labels)

    def _label(self, key: str, **values: object) -> str:
        text = self.labels.get(key, key)
        return text.format(**values) if values else text

    def _describe(self, condition: Any) -> str:
        return describe(condition, self.playbook.qualification.fields, self.labels, self.playbook.settings.language)

    def _stage_name(self, stage_id: str | None) -> str:
        for stage in self.playbook.lead_path.stages:
            if stage.id == stage_id:
                return stage.name
        return stage_id or ""

    def _worksheet(self, calculator_id: str) -> Worksheet:
        """The lines of a calculator's worksheet card, in the playbook's language."""
        program, _ = compile_calculator(self.playbook.calculators[calculator_id])
        if program is None:
            raise ValueError(f"calculator {calculator_id} has errors; run `playbook check`")
        return worksheet(program, self.playbook.settings.language, self.labels)

    # --- cards ---------------------------------------------------------------------------
    def item(self, spec: CardSpec) -> Any:
        """The content a card shows: an objection, competitor or product, or the whole playbook."""
        pb = self.playbook
        if spec.kind == "objection":
            return pb.objections[spec.id]
        if spec.kind == "competitor":
            return pb.competitors[spec.id]
        if spec.kind == "product":
            return pb.products[spec.id]
        if spec.kind == "calculator":
            return pb.calculators[spec.id]
        if spec.kind == "criteria":
            return pb.qualification
        return pb.lead_path

    def freshness(self, item: Any) -> tuple[str, bool]:
        """The date a card states ("reviewed" or "as of") and whether it is overdue for review."""
        reviewed: dt.date | None = getattr(item, "reviewed", None)
        if reviewed is not None:
            stale = is_stale(item, self.today, self.playbook.settings.review_every_days)
            return f"{self.labels['reviewed']} {self._date(reviewed)}", stale
        signed = item.signed_on() if hasattr(item, "signed_on") else None
        date = signed or self.today
        return f"{self.labels['as_of']} {self._date(date)}", False

    def fragment(self, spec: CardSpec) -> Markup:
        """One card as an HTML fragment (`<article class="card">`)."""
        item = self.item(spec)
        url = page_url(self.playbook.settings.site_url, spec.page)
        freshness, stale = self.freshness(item)
        template = self.env.get_template(spec.template)
        shape = layout(spec.kind, spec.size)
        return Markup(
            template.render(
                card=spec,
                item=item,
                settings=self.playbook.settings,
                t=self.labels,
                playbook=self.playbook,
                qr=Markup(qr_placeholder(url)) if url else None,
                url=url,
                feedback_qr=(
                    Markup(qr_placeholder(f"{url}#field-feedback")) if url and spec.kind in SINGLE_KINDS else None
                ),
                freshness=freshness,
                stale=stale,
                detail=DETAIL[spec.size],
                layout=shape,
                type_size=type_attributes(shape.type_steps) if shape.sections else Markup(""),
                version=self.version,
                updated=f"{FOLDERS.get(spec.kind, spec.kind)}/{spec.id}" in self.updated,
                win_loss=self.win_loss,
            )
        )

    def document(self, spec: CardSpec, fragment: Markup) -> str:
        """The whole HTML document of one card: its page size, fonts, stylesheet and the card."""
        cards_settings = self.playbook.settings.cards
        width, height = PAGE_MM[spec.size]
        if spec.landscape:
            width, height = height, width
        return self.env.get_template("cards/document.html.j2").render(
            card=spec,
            fragment=fragment,
            size=spec.size,
            width=width,
            height=height,
            bleed_mm=cards_settings.bleed_mm,
            crop_marks=cards_settings.crop_marks,
            lang=self.playbook.settings.language,
            css=Markup(self.env.get_template("cards/card.css").render()),
            title=self._title(spec),
            settings=self.playbook.settings,
            t=self.labels,
        )

    def _title(self, spec: CardSpec) -> str:
        if spec.kind in FOLDERS:
            return str(self.item(spec).title)
        titles: Mapping[str, str] = {
            "criteria": self.labels["criteria"],
            "lead-path": self.labels["lead_path"],
        }
        return titles.get(spec.kind, spec.id)

    def base_url(self, spec: CardSpec) -> str:
        """The folder of the card's YAML file: relative image paths in its text start there."""
        return (self.root / spec.source).parent.resolve().as_uri() + "/"

    def single(self, spec: CardSpec) -> CardDocument:
        """The HTML document of the one-page card `spec`; a broken template is a PlaybookError."""
        self._refused = []
        try:
            html = self.document(spec, self.fragment(spec))
        except PlaybookError:
            raise
        except Exception as exc:  # whatever a template does is reported at its line, never as a traceback
            problem = template_problem(exc, self.root, spec.template, context=f"card {spec.output}: ")
            raise PlaybookError([problem]) from None
        return CardDocument(spec, html, self.base_url(spec), tuple(dict.fromkeys(self._refused)))
