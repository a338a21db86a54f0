"""`data/products/<id>.yaml`: one sales card per product or service."""

from __future__ import annotations

from pydantic import Field

from playbook.model.base import Markdown, Proof, Reviewed, Slug, StrictModel


class Audience(StrictModel):
    """Who the product is for."""

    segments: list[Slug] = Field(default_factory=list, description="Segment ids.")
    personas: list[Slug] = Field(default_factory=list, description="Persona ids.")


class Benefit(StrictModel):
    """A feature and what it means for the customer."""

    feature: Markdown = Field(description="What it is.")
    benefit: Markdown = Field(description="What the customer gets from it.")


class Faq(StrictModel):
    """A frequent question and its answer."""

    q: Markdown = Field(description="The question.")
    a: Markdown = Field(description="The answer.")


class Product(Reviewed):
    """A sales card: the key facts of one product or service."""

    name: str = Field(description="Product name.")
    one_liner: Markdown | None = Field(None, description="What it is, in one line.")
    for_: Audience = Field(default_factory=Audience, alias="for", description="Segments and personas it is for.")
    problem: Markdown | None = Field(None, description="The problem it solves.")
    benefits: list[Benefit] = Field(default_factory=list, description="Features and their benefits.")
    differentiators: list[Markdown] = Field(default_factory=list, description="Why ours.")
    proof: list[Proof] = Field(default_factory=list, description="Proof points.")
    pricing: Markdown | None = Field(None, description="How it is priced.")
    faq: list[Faq] = Field(default_factory=list, description="Frequent questions.")
    call_to_action: Markdown | None = Field(None, description="The next step to propose.")

    @property
    def title(self) -> str:
        """How the item is named on pages and cards."""
        return self.name
