"""`data/feedback/*.yaml`: field notes from sellers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import Field, RootModel, model_validator

from playbook.model.base import Markdown, StrictModel

Outcome = Literal["won", "lost", "open", "none"]


class FeedbackNote(StrictModel):
    """One note from the field about an item of the playbook, or about something new."""

    date: dt.date = Field(description="When it happened (YYYY-MM-DD).")
    from_: str = Field(alias="from", description="Who reports it.")
    about: str = Field(description="objections/<id>, competitors/<id>, products/<id> or new.")
    outcome: Outcome = Field("none", description="won, lost, open or none.")
    note: Markdown = Field(description="What the seller heard or saw.")
    amount: Decimal | None = Field(
        None, ge=0, decimal_places=2, description="The deal's value, for a deal won or lost against a competitor."
    )

    @model_validator(mode="after")
    def _amount_of_a_deal(self) -> FeedbackNote:
        if self.amount is not None and self.outcome not in ("won", "lost"):
            raise ValueError("`amount` is the value of a deal won or lost: set `outcome: won` or `outcome: lost`")
        return self


class FeedbackFile(RootModel[list[FeedbackNote]]):
    """A file of field notes."""
