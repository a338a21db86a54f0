"""`data/icp.yaml`: the ideal customer profile, as segments and personas."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from playbook.model.base import Markdown, Slug, StrictModel

BuyingRole = Literal["decision-maker", "economic-buyer", "champion", "influencer", "user", "blocker"]


class Range(StrictModel):
    """An inclusive numeric range; either end may be left open."""

    min: int | None = Field(None, ge=0, description="Lowest value, inclusive.")
    max: int | None = Field(None, ge=0, description="Highest value, inclusive.")


class Firmographics(StrictModel):
    """What a company in the segment looks like from the outside."""

    industries: list[str] = Field(default_factory=list, description="Industries of the segment.")
    employees: Range | None = Field(None, description="Company size in employees.")
    revenue: Range | None = Field(None, description="Yearly revenue range, in the company's currency.")
    regions: list[str] = Field(default_factory=list, description="Countries or regions served.")


class FitExamples(StrictModel):
    """Concrete examples of who fits the segment and who does not."""

    fit: list[Markdown] = Field(default_factory=list, description="Examples of good-fit customers.")
    not_fit: list[Markdown] = Field(
        default_factory=list, description="Examples that look close but are not our client."
    )


class Segment(StrictModel):
    """A group of companies we sell to."""

    id: Slug
    name: str = Field(description="Segment name.")
    summary: Markdown | None = Field(None, description="Who they are, in a sentence or two.")
    firmographics: Firmographics | None = Field(None, description="Industries, size and regions.")
    pains: list[Markdown] = Field(default_factory=list, description="Problems they have that we solve.")
    triggers: list[Markdown] = Field(default_factory=list, description="Buying signals.")
    personas: list[Slug] = Field(default_factory=list, description="Persona ids found in this segment.")
    disqualifiers: list[Markdown] = Field(default_factory=list, description="What makes a company not our client.")
    examples: FitExamples | None = Field(None, description="Fit and not-fit examples.")


class Persona(StrictModel):
    """A role in the buying group."""

    id: Slug
    name: str = Field(description="Persona name, e.g. Parts buyer.")
    buying_role: BuyingRole | None = Field(None, description="Their role in the buying decision.")
    goals: list[Markdown] = Field(default_factory=list, description="What they want to achieve.")
    pains: list[Markdown] = Field(default_factory=list, description="What bothers them.")
    cares_about: list[Markdown] = Field(default_factory=list, description="What they judge us on.")


class Icp(StrictModel):
    """The ideal customer profile."""

    segments: list[Segment] = Field(default_factory=list, description="Customer segments.")
    personas: list[Persona] = Field(default_factory=list, description="Buyer personas.")
