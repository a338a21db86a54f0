"""The "Try a lead" form of the criteria page (placeholder until the qualify work lands)."""

from __future__ import annotations

from playbook.model import Playbook


def form_html(playbook: Playbook, labels: dict[str, str]) -> str:
    """HTML of the form; empty until implemented."""
    return ""


def script(playbook: Playbook) -> str:
    """JavaScript evaluating the rules in the browser; empty until implemented."""
    return ""
