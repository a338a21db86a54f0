"""What the "Where we disagree" page shows, prepared from an already read reconciliation (pure, no disk).

Names of judges become people's words (the sheet is "the signed sheet" in the playbook's language), the
figures become the page's text, and each disputed lead carries the rules that decided it and the cells
those rules read, labelled as `qualification.yaml` labels its fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playbook.leads.reconcile import SHEET, Dispute, Reconciliation
from playbook.leads.reconcile_export import SiteReconciliation
from playbook.model import Playbook


def judge_title(name: str, labels: Mapping[str, str]) -> str:
    """A draft is shown by its file name; the signed sheet by its name in the playbook's language."""
    return labels["disagree_sheet"] if name == SHEET else name


def disagree_context(playbook: Playbook, rec: SiteReconciliation, labels: Mapping[str, str]) -> dict[str, Any]:
    """The template's context: the judges, and per pair its confusion table and disputed leads."""
    report = rec.report
    judges: list[dict[str, Any]] = [
        {"title": name, "author": f"{draft.author.name} ({draft.author.department})", "targets": None}
        for name, draft in playbook.proposals.items()
    ]
    if report is not None:
        judges = [
            {
                "title": judge_title(name, labels),
                "author": report.authors.get(name, ""),
                "targets": sum(1 for lead in report.leads if lead.verdicts[name]),
            }
            for name in report.names
        ]
    return {
        "judges": judges,
        "report": report,
        "export": rec.export or "",
        "problem": rec.problem,
        "pairs": _pairs(playbook, report, labels) if report is not None else [],
    }


def _pairs(playbook: Playbook, report: Reconciliation, labels: Mapping[str, str]) -> list[dict[str, Any]]:
    field_labels = {f.id: f.label for f in playbook.qualification.fields}
    pairs: list[dict[str, Any]] = []
    for pair in report.pairs:
        pairs.append(
            {
                "a_title": judge_title(pair.a, labels),
                "b_title": judge_title(pair.b, labels),
                "anchor": f"{pair.a}-{pair.b}",
                "agreed": pair.agreed,
                "total": pair.total,
                "share": "-" if pair.agreement is None else f"{pair.agreement * 100:.0f}%",
                "kappa": "-" if pair.kappa is None else f"{pair.kappa:.2f}",
                "both": pair.both,
                "only_a": pair.only_a,
                "only_b": pair.only_b,
                "neither": pair.neither,
                "disputes": [_dispute(d, field_labels, labels) for d in report.disputes_of(pair)],
            }
        )
    return pairs


def _dispute(dispute: Dispute, field_labels: Mapping[str, str], labels: Mapping[str, str]) -> dict[str, Any]:
    cells = dispute.lead.cells
    return {
        "lead": str(dispute.lead.id),
        "accepted_by": judge_title(dispute.accepted_by, labels),
        "rejected_by": judge_title(dispute.rejected_by, labels),
        "on_score": dispute.on_score,
        "score": dispute.score,
        "min_score": dispute.min_score,
        "rules": dispute.rules,
        "cells": [(field_labels.get(name, name), cells.get(name, "").strip()) for name in dispute.fields],
    }
