"""The calculators on the site: one page each, and their forms for the pages their `used_on` names.

Kept apart from `render.py` so the page renderer only asks for what to add: page contexts, the
forms to embed by item key, and the two static assets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from playbook.calculators.form import SCRIPT, STYLESHEET, form_html
from playbook.calculators.program import compile_calculator
from playbook.calculators.worksheet import worksheet
from playbook.labels import labels as catalog
from playbook.model import Playbook


@dataclass(frozen=True)
class CalculatorPage:
    title: str
    context: dict[str, Any]


@dataclass
class CalculatorPages:
    pages: dict[str, CalculatorPage] = field(default_factory=dict)
    embedded: dict[str, list[tuple[str, Markup]]] = field(default_factory=dict)
    """Item key (`products/next-day-delivery`) to the (calculator id, form) pairs shown on its page."""
    script: str = ""
    stylesheet: str = ""


def calculator_pages(playbook: Playbook, labels: Mapping[str, str]) -> CalculatorPages:
    """Each calculator's page context (form, worksheet lines, item) and its embedded forms."""
    language = playbook.settings.language
    words = {**catalog("en"), **labels}  # English fills a key a catalog lacks, so a page never fails on a word
    out = CalculatorPages()
    for cid, calculator in playbook.calculators.items():
        program, _ = compile_calculator(calculator)
        if program is None:  # `check` reports it; a page is never built from a broken calculator
            continue
        form = Markup(form_html(cid, program, language, words))
        out.pages[cid] = CalculatorPage(
            calculator.name, {"item": calculator, "form": form, "sheet": worksheet(program, language, words)}
        )
        for key in dict.fromkeys(k.strip() for k in calculator.used_on):
            if playbook.item(key) is not None:
                out.embedded.setdefault(key, []).append((cid, form))
    if out.pages:
        out.script = SCRIPT.read_text(encoding="utf-8")
        out.stylesheet = STYLESHEET.read_text(encoding="utf-8")
    return out
