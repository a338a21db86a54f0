"""`data/feedback/*.yaml`: field notes from sellers."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, RootModel

from playbook.model.base import Markdown, StrictModel

Outcome = Literal["won", "lost", "open", "none"]


class FeedbackNote(StrictModel):
    """One note from the field about an item of the playbook, or about something new."""

    date: dt.date = Field(description="When it happened (YYYY-MM-DD).")
    from_: str = Field(alias="from", description="Who reports it.")
    about: str = Field(description="objections/<id>, competitors/<id>, products/<id> or new.")
    outcome: Outcome = Field("none", description="won, lost, open or none.")
    note: Markdown = Field(description="What the seller heard or saw.")


class FeedbackFile(RootModel[list[FeedbackNote]]):
    """A file of field notes."""
