"""Cards made from other cards' PDFs: the objection deck and the print sheets, as jobs for the pool."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playbook.cards.deck import assemble_deck
from playbook.cards.sheet import assemble_sheet


@dataclass(frozen=True)
class Assembly:
    """One deck or print sheet to put together from rendered card PDFs (picklable)."""

    key: str
    kind: str
    """`deck` or `sheet`."""
    members: tuple[Path, ...]
    size: str
    target: Path
    title: str
    language: str = ""
    """The document language (`/Lang` of the PDF's catalog), as the cards' `<html lang>` gives theirs."""


def assemble(job: Assembly) -> str:
    """Write `job.target`; return the job's key."""
    if job.kind == "deck":
        assemble_deck(list(job.members), job.target, job.title, language=job.language)
    else:
        assemble_sheet(list(job.members), job.size, job.target, job.title, language=job.language)
    return job.key
