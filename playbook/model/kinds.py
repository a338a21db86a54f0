"""The file kinds of `data/`: where each lives and which model validates it."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from playbook.model.calculator import Calculator
from playbook.model.competitor import Competitor
from playbook.model.feedback import FeedbackFile
from playbook.model.glossary import Glossary
from playbook.model.icp import Icp
from playbook.model.lead_path import LeadPath
from playbook.model.objection import Objection
from playbook.model.product import Product
from playbook.model.proposal import Proposal
from playbook.model.qualification import Qualification
from playbook.model.settings import PlaybookSettings


@dataclass(frozen=True)
class FileKind:
    """One kind of content file."""

    name: str
    model: type[BaseModel]
    path: str
    """A file (`playbook.yaml`) or a folder of files (`objections/`) under `data/`."""
    required: bool = True

    @property
    def is_folder(self) -> bool:
        return self.path.endswith("/")

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def list_root(self) -> bool:
        return self.model is FeedbackFile


KINDS: tuple[FileKind, ...] = (
    FileKind("playbook", PlaybookSettings, "playbook.yaml"),
    FileKind("icp", Icp, "icp.yaml"),
    FileKind("qualification", Qualification, "qualification.yaml"),
    FileKind("lead_path", LeadPath, "lead_path.yaml"),
    FileKind("glossary", Glossary, "glossary.yaml"),
    FileKind("objection", Objection, "objections/", required=False),
    FileKind("competitor", Competitor, "competitors/", required=False),
    FileKind("product", Product, "products/", required=False),
    FileKind("calculator", Calculator, "calculators/", required=False),
    FileKind("feedback", FeedbackFile, "feedback/", required=False),
    FileKind("proposal", Proposal, "proposals/", required=False),
)
KINDS_BY_NAME = {kind.name: kind for kind in KINDS}
