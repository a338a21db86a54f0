"""`data/glossary.yaml`: one language for marketing and sales."""

from __future__ import annotations

from pydantic import Field

from playbook.model.base import Markdown, Reviewed, StrictModel


class Term(Reviewed):
    """A term both departments agree on (reviewed like an item: `verifier`, `reviewed`, `review_every_days`)."""

    term: str = Field(description="The term.")
    definition: Markdown = Field(description="What it means, agreed by both departments.")
    owner: str | None = Field(None, description="Who owns the definition.")
    aliases: list[str] = Field(
        default_factory=list,
        description="Other names of the term; on every page they carry its tooltip too, in any inflected form.",
    )
    marketing_says: list[str] = Field(default_factory=list, description="Words marketing uses for it.")
    sales_says: list[str] = Field(default_factory=list, description="Words sales uses for it.")
    avoid: list[str] = Field(default_factory=list, description="Words to avoid.")

    @property
    def title(self) -> str:
        """How the term is named in the review queue."""
        return self.term


class Glossary(StrictModel):
    """The shared glossary."""

    terms: list[Term] = Field(default_factory=list, description="Glossary terms.")
