"""`data/competitors/<id>.yaml`: one battle card per competitor."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from playbook.model.base import Markdown, Proof, Reviewed, Slug, StrictModel
from playbook.model.urls import HttpUrl


class QuickDismiss(StrictModel):
    """A claim the competitor makes and our one-line answer."""

    they_say: Markdown = Field(description="What the competitor claims.")
    we_say: Markdown = Field(description="Our short answer.")


class Pricing(StrictModel):
    """What the competitor charges, with a source and date."""

    summary: Markdown = Field(description="Their pricing in a sentence.")
    source: Markdown | None = Field(None, description="Where the figures come from.")
    as_of: dt.date | None = Field(None, description="When the figures were checked.")


class Competitor(Reviewed):
    """A battle card: how to win against one competitor."""

    name: str = Field(description="Competitor name.")
    website: HttpUrl | None = Field(None, description="Their website (http/https).")
    summary: Markdown | None = Field(None, description="Who they are.")
    one_liner: Markdown | None = Field(None, description="The one thing to say.")
    we_win_when: list[Markdown] = Field(default_factory=list, description="Situations we win.")
    they_win_when: list[Markdown] = Field(default_factory=list, description="Situations they win.")
    strengths: list[Markdown] = Field(default_factory=list, description="Their strengths.")
    weaknesses: list[Markdown] = Field(default_factory=list, description="Their weaknesses.")
    landmines: list[Markdown] = Field(default_factory=list, description="Trap-setting questions to ask the buyer.")
    quick_dismiss: list[QuickDismiss] = Field(default_factory=list, description="Their claims, our answers.")
    pricing: Pricing | None = Field(None, description="Their pricing.")
    objections: list[Slug] = Field(default_factory=list, description="Related objection ids.")
    proof: list[Proof] = Field(default_factory=list, description="Customer stories.")
    walk_away_when: list[Markdown] = Field(default_factory=list, description="When not to compete.")

    @property
    def title(self) -> str:
        """How the item is named on pages and cards."""
        return self.name
