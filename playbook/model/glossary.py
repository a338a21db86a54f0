"""`data/glossary.yaml`: one language for marketing and sales."""

from __future__ import annotations

from pydantic import Field

from playbook.model.base import Markdown, StrictModel


class Term(StrictModel):
    """A term both departments agree on."""

    term: str = Field(description="The term.")
    definition: Markdown = Field(description="What it means, agreed by both departments.")
    owner: str | None = Field(None, description="Who owns the definition.")
    marketing_says: list[str] = Field(default_factory=list, description="Words marketing uses for it.")
    sales_says: list[str] = Field(default_factory=list, description="Words sales uses for it.")
    avoid: list[str] = Field(default_factory=list, description="Words to avoid.")


class Glossary(StrictModel):
    """The shared glossary."""

    terms: list[Term] = Field(default_factory=list, description="Glossary terms.")
