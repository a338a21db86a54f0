"""The content model: one pydantic model per file kind of `data/`, and the whole playbook."""

from playbook.model.calculator import Calculator
from playbook.model.competitor import Competitor
from playbook.model.feedback import FeedbackNote
from playbook.model.glossary import Glossary, Term
from playbook.model.icp import Icp, Persona, Segment
from playbook.model.kinds import KINDS, KINDS_BY_NAME, FileKind
from playbook.model.lead_path import LeadPath, Stage
from playbook.model.objection import CATEGORIES, Objection
from playbook.model.playbook import Page, Playbook
from playbook.model.product import Product
from playbook.model.qualification import Condition, Qualification, ScoreRule
from playbook.model.settings import PlaybookSettings

__all__ = [
    "CATEGORIES",
    "Calculator",
    "KINDS",
    "KINDS_BY_NAME",
    "Competitor",
    "Condition",
    "FeedbackNote",
    "FileKind",
    "Glossary",
    "Icp",
    "LeadPath",
    "Objection",
    "Page",
    "Persona",
    "Playbook",
    "PlaybookSettings",
    "Product",
    "Qualification",
    "ScoreRule",
    "Segment",
    "Stage",
    "Term",
]
