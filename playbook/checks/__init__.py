"""Checks that need the whole playbook: cross-file references (errors) and quality lints (warnings)."""

from __future__ import annotations

import datetime as dt

from playbook.checks.calculators import check_calculators
from playbook.checks.lints import lint
from playbook.checks.proposals import check_proposals
from playbook.checks.references import check_references
from playbook.diagnostics import Diagnostic
from playbook.loading.yaml_reader import SourceMap
from playbook.model import Playbook


def check_playbook(playbook: Playbook, sources: dict[str, SourceMap], today: dt.date) -> list[Diagnostic]:
    """Every reference and quality problem in a loaded playbook."""
    found = check_references(playbook, sources) + check_calculators(playbook, sources) + lint(playbook, sources, today)
    return found + check_proposals(playbook, sources)
