"""`data/objections/<id>.yaml`: one customer objection and how to handle it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from playbook.model.base import Markdown, Proof, Reviewed, Slug

Category = Literal["price", "timing", "need", "authority", "trust", "competitor", "product", "other"]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]


class Objection(Reviewed):
    """An objection as the customer says it, with the agreed way to handle it."""

    objection: str = Field(description="The objection, as the customer says it.")
    category: Category = Field(description="price, timing, need, authority, trust, competitor, product or other.")
    stages: list[Slug] = Field(default_factory=list, description="Lead-path stage ids where it comes up.")
    personas: list[Slug] = Field(default_factory=list, description="Persona ids who raise it.")
    competitors: list[Slug] = Field(default_factory=list, description="Competitor ids it relates to.")
    root_concern: Markdown | None = Field(None, description="What the customer is really worried about.")
    say: Markdown | None = Field(None, description="The short talk track, usable in a live call.")
    ask: list[Markdown] = Field(default_factory=list, description="Clarifying questions to ask.")
    answer: Markdown | None = Field(None, description="The full response.")
    proof: list[Proof] = Field(default_factory=list, description="Proof points.")
    avoid: list[Markdown] = Field(default_factory=list, description="What not to say.")

    @property
    def title(self) -> str:
        """How the item is named on pages and cards: the objection as the customer says it."""
        return self.objection
