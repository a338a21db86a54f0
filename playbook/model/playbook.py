"""The whole playbook: every file of `data/`, validated, with where each item came from."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from playbook.model.calculator import Calculator
from playbook.model.competitor import Competitor
from playbook.model.feedback import FeedbackNote
from playbook.model.glossary import Glossary
from playbook.model.icp import Icp
from playbook.model.lead_path import LeadPath
from playbook.model.objection import Objection
from playbook.model.product import Product
from playbook.model.proposal import Proposal
from playbook.model.qualification import Qualification
from playbook.model.settings import PlaybookSettings


@dataclass(frozen=True)
class Page:
    """A hand-written Markdown page from `data/pages/`."""

    name: str
    source: str
    markdown: str


@dataclass
class Playbook:
    """A validated playbook. Items keyed by id keep the order of their file names."""

    settings: PlaybookSettings
    icp: Icp
    qualification: Qualification
    lead_path: LeadPath
    glossary: Glossary
    objections: dict[str, Objection] = field(default_factory=dict)
    competitors: dict[str, Competitor] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    calculators: dict[str, Calculator] = field(default_factory=dict)
    feedback_files: dict[str, list[FeedbackNote]] = field(default_factory=dict)
    """Feedback notes by file key (`feedback/2026-q4`)."""
    pages: list[Page] = field(default_factory=list)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    """Drafts of the target-lead criteria by name (`marketing`, `sales`), in file-name order."""
    sources: dict[str, str] = field(default_factory=dict)
    """Item key (`objections/too-expensive`, `icp`, ...) to the source file, relative to the project."""
    incomplete: frozenset[str] = frozenset()
    """Keys of the files that did not validate, in a partial playbook loaded only to check the others:
    a reference to what such a file may hold is not reported, and a file kind that failed is not linted."""

    @property
    def feedback(self) -> list[FeedbackNote]:
        """Every feedback note, in file order."""
        return [note for notes in self.feedback_files.values() for note in notes]

    def reviewed_items(self) -> Iterator[tuple[str, str, Objection | Competitor | Product | Calculator]]:
        """Every objection, competitor, product and calculator as (folder, id, item): the items with review dates."""
        groups: tuple[tuple[str, Mapping[str, Objection | Competitor | Product | Calculator]], ...] = (
            ("objections", self.objections),
            ("competitors", self.competitors),
            ("products", self.products),
            ("calculators", self.calculators),
        )
        for folder, group in groups:
            for item_id, item in group.items():
                yield folder, item_id, item

    def item(self, key: str) -> Objection | Competitor | Product | None:
        """The objection, competitor or product named by `objections/<id>` (and so on), if there is one."""
        folder, _, item_id = key.partition("/")
        groups: dict[str, Mapping[str, Objection | Competitor | Product]] = {
            "objections": self.objections,
            "competitors": self.competitors,
            "products": self.products,
        }
        return groups.get(folder, {}).get(item_id)

    def notes_about(self, key: str) -> list[FeedbackNote]:
        """Feedback notes about an item (`objections/<id>`), newest first."""
        notes = [n for n in self.feedback if n.about == key]
        return sorted(notes, key=lambda n: n.date, reverse=True)
