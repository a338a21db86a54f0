"""The site's navigation: index pages only, so it stays the same size however many items exist."""

from __future__ import annotations

from collections.abc import Mapping

from playbook.model import Playbook
from playbook.pages.handwritten import page_title
from playbook.text.escape import safe_title


def navigation(
    playbook: Playbook, labels: Mapping[str, str], *, funnel: bool = False, disagree: bool = False
) -> list[dict[str, str]]:
    """MkDocs `nav`: titles (safe to print raw) to page paths."""
    entries: list[tuple[str, str]] = [(labels["nav_home"], "index.md")]
    entries += [(page_title(p.markdown, p.name), f"pages/{p.name}.md") for p in playbook.pages]
    entries += [
        (labels["ideal_customer"], "icp.md"),
        (labels["lead_path"], "lead-path.md"),
        (labels["criteria"], "criteria.md"),
        *([(labels["disagree_title"], "disagree.md")] if disagree else []),
        (labels["objections"], "objections/index.md"),
        (labels["battle_cards"], "competitors/index.md"),
        (labels["products"], "products/index.md"),
        (labels["calculators"], "calculators/index.md"),
        (labels["glossary"], "glossary.md"),
        (labels["feedback"], "feedback.md"),
    ]
    if funnel:
        entries.append((labels.get("funnel_title", "Funnel"), "funnel.md"))
    entries += [(labels["whats_new"], "whats-new.md"), (labels["review_queue"], "review.md")]
    entries.append((labels["tags"], "tags.md"))
    return [{safe_title(title): path} for title, path in entries]
