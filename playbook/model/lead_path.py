"""`data/lead_path.yaml`: stages, hand-offs between departments, reason codes and shared KPIs."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from playbook.model.base import Department, Markdown, Slug, StrictModel


class Sla(StrictModel):
    """How fast the owner must act on a lead in this stage."""

    within_hours: float = Field(gt=0, description="Hours the owner has to act.")
    action: Markdown | None = Field(None, description="What must happen within that time.")


class Stage(StrictModel):
    """One stage of the lead path."""

    id: Slug
    name: str = Field(description="Stage name, e.g. Marketing-qualified lead.")
    owner: Department = Field(description="Who owns leads in this stage: marketing, sales or shared.")
    definition: Markdown | None = Field(None, description="What a lead in this stage is.")
    qualification: Literal["target", "sales_ready"] | None = Field(
        None, description="The stage's entry test from qualification.yaml."
    )
    exit_criteria: list[Markdown] = Field(default_factory=list, description="When a lead leaves it.")
    sla: Sla | None = Field(None, description="Service level for acting on a lead.")
    terminal: bool = Field(False, description="True when leads end here.")


class Handoff(StrictModel):
    """The moment a lead passes from one stage (and often department) to the next."""

    from_: Slug = Field(alias="from", description="Stage id the lead leaves.")
    to: Slug = Field(description="Stage id the lead enters.")
    owner: Department | None = Field(None, description="Who decides on the hand-off.")
    accept_when: list[Markdown] = Field(default_factory=list, description="Conditions for accepting.")
    reject_reasons: list[Slug] = Field(default_factory=list, description="Reason ids allowed on rejection.")
    on_reject: Slug | None = Field(None, description="Stage id a rejected lead goes to.")


class Reason(StrictModel):
    """A reason code for rejecting or recycling a lead."""

    id: Slug
    label: str = Field(description="The reason as people read it.")
    returns_to: Slug | None = Field(None, description="Stage id the lead returns to.")


class Kpi(StrictModel):
    """A conversion between two stages and who is responsible for it."""

    id: Slug
    label: str = Field(description="KPI name, e.g. MQL to SQL.")
    from_: Slug = Field(alias="from", description="Stage id counted from.")
    to: Slug = Field(description="Stage id counted to.")
    owner: Department = Field(description="Who is responsible for this conversion.")
    target: float = Field(ge=0, le=1, description="Target conversion rate, 0 to 1.")


class FunnelColumns(StrictModel):
    """CRM export column names for `playbook funnel`, stored once (matched ignoring case and spaces)."""

    lead_id: list[str] = Field(default_factory=list, description="Columns holding the lead (or deal) id.")
    stage: list[str] = Field(default_factory=list, description="The stage entered (one row per stage entry).")
    timestamp: list[str] = Field(default_factory=list, description="When the stage was entered or changed.")
    from_stage: list[str] = Field(default_factory=list, description="Stage history: the stage left.")
    to_stage: list[str] = Field(default_factory=list, description="Stage history: the stage entered.")
    source: list[str] = Field(default_factory=list, description="Where the lead came from.")
    campaign: list[str] = Field(default_factory=list, description="The campaign that brought it.")
    owner: list[str] = Field(default_factory=list, description="Who holds the lead.")
    amount: list[str] = Field(default_factory=list, description="Deal value.")
    entered: dict[str, list[str]] = Field(
        default_factory=dict,
        description="One row per lead: per stage id, the columns holding when the lead entered it "
        '(besides "Date entered <stage name>" and "Became a <stage name> date").',
    )


class LeadPath(StrictModel):
    """The path of a lead from marketing to sales and back."""

    stages: list[Stage] = Field(default_factory=list, description="Stages in order.")
    handoffs: list[Handoff] = Field(default_factory=list, description="Hand-off rules.")
    reasons: list[Reason] = Field(default_factory=list, description="Reason codes.")
    kpis: list[Kpi] = Field(default_factory=list, description="The conversion responsibility map.")
    columns: FunnelColumns = Field(
        default_factory=lambda: FunnelColumns(), description="CRM export column names for `playbook funnel`."
    )
