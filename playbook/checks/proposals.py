"""Checks of `data/proposals/`: each draft reads only the sheet's fields, with values its types can read.

A draft is validated like `qualification.yaml`'s `target:` block: an unknown field is an error at its
position (with a suggestion), and so is a comparison value its field's type cannot read. Two drafts
compared on the same export must speak about the same columns, or reconciling them means nothing.
"""

from __future__ import annotations

from difflib import get_close_matches

from playbook.diagnostics import Diagnostic
from playbook.labels import labels
from playbook.loading.yaml_reader import Loc, SourceMap
from playbook.model import Condition, Playbook
from playbook.rules.evaluate import RuleSet

SHEET = "sheet"
"""The name `playbook reconcile` gives the signed sheet (`leads.reconcile.SHEET`; checks may not import leads)."""


def check_proposals(playbook: Playbook, sources: dict[str, SourceMap]) -> list[Diagnostic]:
    """Every problem of every draft, each at its position in its file."""
    found: list[Diagnostic] = []
    fields = [f.id for f in playbook.qualification.fields]
    for name, proposal in playbook.proposals.items():
        source = sources[f"proposals/{name}"]
        if name == SHEET:
            found.append(
                source.diagnostic(("author",), "a draft cannot be named `sheet`: reconcile calls the signed sheet so")
            )
        unknown: list[Diagnostic] = []
        for i, rule in enumerate(proposal.target.require):
            _unknown_fields(source, rule, ("target", "require", i), fields, unknown)
        for i, score in enumerate(proposal.target.score):
            _unknown_fields(source, score.when, ("target", "score", i, "when"), fields, unknown)
        found += unknown
        if not unknown:
            rules = RuleSet(proposal.as_sheet(playbook.qualification), "target", labels(playbook.settings.language))
            found += [source.diagnostic(problem.loc, problem.message) for problem in rules.problems]
    return found


def _unknown_fields(
    source: SourceMap, condition: Condition, loc: Loc, fields: list[str], out: list[Diagnostic]
) -> None:
    if condition.field is not None and condition.field not in fields:
        match = get_close_matches(condition.field, fields, n=1)
        hint = f", did you mean `{match[0]}`?" if match else " (drafts read the fields of qualification.yaml)"
        out.append(source.diagnostic((*loc, "field"), f"unknown qualification field `{condition.field}`{hint}"))
    for i, child in enumerate(condition.all_ or condition.any_ or []):
        _unknown_fields(source, child, (*loc, "all" if condition.all_ else "any", i), fields, out)
    if condition.not_ is not None:
        _unknown_fields(source, condition.not_, (*loc, "not"), fields, out)
