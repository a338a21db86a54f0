"""Building blocks shared by every file kind: strict models, id types, proof items."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN),
    Field(description="A lowercase slug: a-z, 0-9 and '-', at most 64 characters."),
]
FieldId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$"),
    Field(description="A CRM column identifier: a-z, 0-9 and '_', starting with a letter."),
]
_SLUG = re.compile(SLUG_PATTERN)


def is_slug(text: str) -> bool:
    """True for an id: lowercase letters, digits and '-', at most 64 characters."""
    return _SLUG.fullmatch(text) is not None


def _pairs(text: str) -> dict[str, str]:
    """`a=b c=d` as {a: b, c: d}."""
    return dict(pair.split("=") for pair in text.split())


_CYRILLIC = _pairs(
    "а=a б=b в=v г=g д=d е=e ё=e ж=zh з=z и=i й=i к=k л=l м=m н=n о=o п=p р=r с=s т=t у=u ф=f х=kh ц=ts "
    "ч=ch ш=sh щ=shch ъ= ы=y ь= э=e ю=yu я=ya і=i ї=i є=ie ґ=g ў=u"
)
_LATIN = {"ł": "l", "ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ı": "i"}


def suggest_slug(name: str) -> str:
    """An id for a name: `Too Slow` -> `too-slow`, `Łódź` -> `lodz`, `Слишком дорого` -> `slishkom-dorogo`.

    Empty when nothing of the name can be spelled in a-z and 0-9.
    """
    folded = "".join(_CYRILLIC.get(c, _LATIN.get(c, c)) for c in name.casefold())
    ascii_only = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    return slug[:64].rstrip("-")


Markdown = Annotated[str, Field(description="Text; GitHub Flavored Markdown is accepted (lists, tables, links).")]
Department = Literal["marketing", "sales", "shared"]


class StrictModel(BaseModel):
    """A content model: unknown keys are errors, numbers written where text is wanted stay text."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        coerce_numbers_to_str=True,
        str_strip_whitespace=False,
        frozen=True,  # shared between rebuilds by the loader cache: nobody may change a loaded item
    )


class Claim(StrictModel):
    """A proof point with its source and the date it was true."""

    claim: Markdown = Field(description="What is claimed, as a seller would say it.")
    source: Markdown | None = Field(None, description="Where the claim comes from.")
    as_of: dt.date | None = Field(None, description="The date the claim was last verified.")


Proof = Annotated[
    str | Claim,
    Field(description="A proof point: plain text, or {claim, source, as_of}."),
]


class Person(StrictModel):
    """A named person with an optional e-mail address."""

    name: str = Field(description="The person's name or role.")
    email: str | None = Field(None, description="Contact e-mail address.")


class Signature(StrictModel):
    """One department head's signature on the qualification sheet."""

    name: str = Field(description="Who signed, for this department.")
    date: dt.date = Field(description="When they signed (YYYY-MM-DD).")


class Reviewed(StrictModel):
    """Fields every reviewable item carries: who owns it, who confirms it, when and how often it is reviewed."""

    owner: str | None = Field(None, description="Who keeps this item current: a person or department.")
    reviewed: dt.date | None = Field(None, description="When this item was last reviewed (YYYY-MM-DD).")
    verifier: str | None = Field(
        None, description="Who confirms it is still true (defaults to `owner`); `playbook verify` stamps it."
    )
    review_every_days: int | None = Field(
        None, ge=1, description="Overrides the playbook's review_every_days for this item."
    )

    @property
    def verified_by(self) -> str:
        """Who is asked to review it: the verifier, else the owner, else nobody (empty)."""
        return (self.verifier or self.owner or "").strip()
