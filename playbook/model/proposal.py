"""`data/proposals/<name>.yaml`: one head's draft of the target-lead criteria, written alone before signing.

The source articles' first step: collect the criteria separately from the head of marketing and the head
of sales, then compare them on real leads (`playbook reconcile`). A draft holds only the `target:` block,
in the same rule language and over the same `fields` as `qualification.yaml`.
"""

from __future__ import annotations

from pydantic import Field

from playbook.model.base import StrictModel
from playbook.model.qualification import Qualification, TargetCriteria


class Author(StrictModel):
    """Who wrote the draft, alone."""

    name: str = Field(description="The person who wrote this draft.")
    department: str = Field(description="Their department, e.g. marketing or sales.")


class Proposal(StrictModel):
    """A draft of the target-lead criteria by one department head."""

    author: Author = Field(description="Who wrote this draft.")
    target: TargetCriteria = Field(description="The target-lead (MQL) rules as this head sees them.")

    def as_sheet(self, sheet: Qualification) -> Qualification:
        """The draft as a criteria sheet over the signed sheet's fields (evaluated and checked like it)."""
        return Qualification(fields=list(sheet.fields), target=self.target)
