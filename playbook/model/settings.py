"""`data/playbook.yaml`: the playbook's identity, language, version and card settings."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from playbook.model.base import Person, StrictModel
from playbook.model.urls import HttpUrl

Language = Literal["en", "ru", "lt", "pl", "ro"]
CardSize = Literal["A6", "A5", "A4", "letter"]


class Owners(StrictModel):
    """The two department heads who own the playbook."""

    marketing: Person | None = Field(None, description="Head of marketing.")
    sales: Person | None = Field(None, description="Head of sales.")


class CardSettings(StrictModel):
    """How printable cards are laid out."""

    size: CardSize = Field("A6", description="Page size of a single card: A6, A5, A4 or letter.")
    bleed_mm: float = Field(0, ge=0, le=10, description="Bleed around each card, in millimetres.")
    crop_marks: bool = Field(False, description="Print crop marks around each card.")


class PlaybookSettings(StrictModel):
    """The playbook itself: name, company, language and version."""

    name: str = Field(description="The playbook's title, shown on every page and card.")
    company: str = Field(description="The company this playbook belongs to.")
    language: Language = Field("en", description="Labels of pages and cards, and the search language.")
    version: str = Field(description="Version stamped on every page and card, e.g. 1.4.0.")
    review_every_days: int = Field(
        90, ge=1, description="Content not reviewed for longer than this many days is flagged stale."
    )
    confidentiality: str | None = Field(None, description="Confidentiality label printed on cards.")
    site_url: HttpUrl | None = Field(None, description="Public address of the site (http/https); QR codes point here.")
    repo_url: HttpUrl | None = Field(None, description="Repository address (http/https), for edit and feedback links.")
    owners: Owners = Field(default_factory=Owners, description="The department heads who own it.")
    cards: CardSettings = Field(default_factory=CardSettings, description="Printable card settings.")
    funnel_export: str | None = Field(
        None, description="Optional CSV event log inside the project; the site gets a Funnel page."
    )
    funnel_spend: str | None = Field(
        None, description="Optional CSV of campaign,spend inside the project: revenue, costs and ROI per campaign."
    )
    reconcile_export: str | None = Field(
        None,
        description='Optional CSV of leads inside the project: the "Where we disagree" page judges it with every '
        "draft in data/proposals/ and the signed sheet.",
    )
