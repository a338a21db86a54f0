"""Rules of the target-lead sheet in words: comparisons worded by `rules.describe`, combinations as nested lists."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from markupsafe import Markup

from playbook.model import Condition, Qualification
from playbook.rules.describe import describe


class RuleWords:
    """Writes conditions as HTML in the playbook's language."""

    def __init__(self, qualification: Qualification, labels: Mapping[str, str], language: str | None = None) -> None:
        self.labels = labels
        self.fields = qualification.fields
        self.language = language
        """Numbers and dates in the rules are written for this language ("2 000", "01.11.2026")."""

    def sentence(self, condition: Condition) -> Markup:
        """A comparison as a sentence; `all`/`any`/`not` as a lead-in and a nested list."""
        op, operand = condition.operator, condition.operand
        if op in ("all", "any", "not"):
            inner = operand if isinstance(operand, list) else [operand]
            items = "".join(f"<li>{self.sentence(c)}</li>" for c in inner if isinstance(c, Condition))
            lead = escape(self.labels[f"criteria_{op}"])
            return Markup(f'{lead}<ul class="pb-rule-list">{items}</ul>')
        return Markup(escape(describe(condition, self.fields, self.labels, self.language)))
