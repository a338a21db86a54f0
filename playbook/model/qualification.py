"""`data/qualification.yaml`: the agreed target-lead criteria, written in the rule language."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from playbook.model.base import FieldId, Markdown, Signature, StrictModel

FieldType = Literal["text", "number", "bool", "date"]
Scalar = str | int | float | bool
COMPARISONS = ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "contains", "exists")
COMBINATORS = ("all", "any", "not")


class Signatures(StrictModel):
    """Both department heads sign the same sheet."""

    marketing: Signature | None = Field(None, description="The head of marketing's signature.")
    sales: Signature | None = Field(None, description="The head of sales' signature.")


class LeadField(StrictModel):
    """A lead field the rules read: a column of the CRM export."""

    id: FieldId
    label: str = Field(description="What the field means, for people.")
    type: FieldType = Field("text", description="How cells are read: text, number, bool or date.")
    options: list[str] = Field(default_factory=list, description="Suggested values, for the try-a-lead form.")


class Condition(StrictModel):
    """`{field, OP: value}`, or `{all: [...]}`, `{any: [...]}`, `{not: {...}}`."""

    field: FieldId | None = Field(None, description="The lead field this comparison reads.")
    eq: Scalar | None = Field(None, description="Equal to (text ignores case and spaces).")
    ne: Scalar | None = Field(None, description="Present and not equal to.")
    in_: list[Scalar] | None = Field(None, alias="in", description="One of these values.")
    not_in: list[Scalar] | None = Field(None, description="Present and none of these values.")
    gt: Scalar | None = Field(None, description="Greater than.")
    gte: Scalar | None = Field(None, description="Greater than or equal to.")
    lt: Scalar | None = Field(None, description="Less than.")
    lte: Scalar | None = Field(None, description="Less than or equal to.")
    contains: Scalar | None = Field(None, description="Text containing this (ignoring case).")
    exists: bool | None = Field(None, description="true: the cell is filled; false: it is empty.")
    all_: list[Condition] | None = Field(None, alias="all", description="Every condition holds.")
    any_: list[Condition] | None = Field(None, alias="any", description="At least one condition holds.")
    not_: Condition | None = Field(None, alias="not", description="The condition does not hold.")
    because: Markdown | None = Field(None, description="Why: shown to people and given as the reason.")

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        ops = [op for op in COMPARISONS if getattr(self, _attr(op)) is not None]
        combinators = [c for c in COMBINATORS if getattr(self, _attr(c)) is not None]
        if self.field is not None:
            if combinators:
                raise ValueError(f"`field` cannot be combined with `{combinators[0]}`")
            if len(ops) != 1:
                found = ", ".join(f"`{o}`" for o in ops) or "none"
                raise ValueError(
                    f"a condition on `field` needs exactly one operator of {' '.join(COMPARISONS)} (found {found})"
                )
        else:
            if ops:
                raise ValueError(f"operator `{ops[0]}` needs a `field`")
            if len(combinators) != 1:
                raise ValueError("a condition needs `field` and an operator, or one of `all`, `any`, `not`")
        return self

    @property
    def operator(self) -> str:
        """The comparison or combinator this condition uses."""
        for op in (*COMPARISONS, *COMBINATORS):
            if getattr(self, _attr(op)) is not None:
                return op
        raise AssertionError("validated condition has an operator")

    @property
    def operand(self) -> object:
        """The value the operator compares with, or the nested condition(s)."""
        return getattr(self, _attr(self.operator))


def _attr(op: str) -> str:
    return op + "_" if op in ("in", "all", "any", "not") else op


class ScoreRule(StrictModel):
    """Points a lead earns when a condition holds."""

    when: Condition = Field(description="The condition that earns the points.")
    points: int = Field(description="Points added (may be negative).")
    because: Markdown | None = Field(None, description="Why this is worth points.")


class TargetCriteria(StrictModel):
    """Target lead (MQL): every `require` holds and the score reaches `min_score`."""

    require: list[Condition] = Field(default_factory=list, description="Rules every target lead meets.")
    score: list[ScoreRule] = Field(default_factory=list, description="Rules that add points.")
    min_score: int = Field(0, description="The score a target lead reaches at least.")


class SalesReady(StrictModel):
    """The sales-ready (SQL) checklist, e.g. BANT."""

    framework: str | None = Field(None, description="The qualification framework, e.g. BANT, MEDDIC.")
    requires_target: bool = Field(
        True,
        description="A sales-ready lead must first be a target lead (every `target` rule and its min_score); "
        "false judges the checklist alone.",
    )
    require: list[Condition] = Field(default_factory=list, description="Rules every sales-ready lead meets.")
    score: list[ScoreRule] = Field(default_factory=list, description="Rules that add points.")
    min_score: int = Field(0, description="The score a sales-ready lead reaches at least.")


class Qualification(StrictModel):
    """The agreed target-lead criteria, signed by both departments."""

    agreed_by: Signatures = Field(default_factory=Signatures, description="Both heads sign the same sheet.")
    fields: list[LeadField] = Field(default_factory=list, description="Lead fields the rules read.")
    columns: dict[str, list[str]] = Field(
        default_factory=dict,
        description="CRM export column names per field id (and for `id`), matched ignoring case and spaces; "
        "the field id itself is always recognised too.",
    )
    target: TargetCriteria = Field(default_factory=TargetCriteria, description="Target-lead (MQL) rules.")
    sales_ready: SalesReady | None = Field(None, description="Sales-ready (SQL) checklist.")

    def criteria(self, stage: str) -> TargetCriteria | SalesReady | None:
        """The rule set for `target` or `sales_ready`."""
        return self.target if stage == "target" else self.sales_ready

    def column_names(self) -> dict[str, list[str]]:
        """Every name an export may give each field's column (and `id`'s): the id, `columns:`, then the label."""
        names = {"id": ["id", "Lead ID"], **{f.id: [f.id] for f in self.fields}}
        for key, stored in self.columns.items():
            if key in names:
                names[key] += [n for n in stored if n not in names[key]]
        for f in self.fields:  # a column named as the sheet labels the field is that field's too
            if f.label.strip().casefold() not in {n.strip().casefold() for n in names[f.id]}:
                names[f.id].append(f.label)
        return names

    def signed_on(self) -> dt.date | None:
        """The later of the two signature dates, when both signed."""
        m, s = self.agreed_by.marketing, self.agreed_by.sales
        return max(m.date, s.date) if m and s else None
