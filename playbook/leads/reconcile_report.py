"""The reconcile report printed by `playbook reconcile`: JSON for tools, text for the meeting of both heads.

The text is read aloud with the export open: who wrote each draft, how often each pair agrees, then every
disputed lead with the rules that decided it and the cells those rules read, so both heads can "take the
sheet, open the lead and look together".
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO

from playbook.leads.reconcile import Dispute, Reconciliation


def write_json(report: Reconciliation, out: IO[str]) -> None:
    """`{"drafts", "leads", "agreement", "disagreements"}` as the contract shows, then `kappa` and `deciding_rules`."""
    out.write(json.dumps(report.as_json(), ensure_ascii=False, indent=1) + "\n")


def share(value: float | None) -> str:
    """`85.0%`, or `-` without leads."""
    return "-" if value is None else f"{value * 100:.1f}%"


def kappa_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def verdict_word(target: bool) -> str:
    return "target" if target else "not target"


def write_text(report: Reconciliation, out: IO[str], source: str) -> None:
    """The report for people: the judges, the agreement table, then each disputed lead."""
    w = out.write
    w(f"Reconciling {len(report.names)} criteria sets on {source}: {len(report.leads)} leads\n")
    width = max([len(n) for n in report.names] + [5])
    for name in report.names:
        targets = sum(1 for lead in report.leads if lead.verdicts[name])
        w(f"  {name:<{width}}  {targets:>4} target  by {report.authors.get(name, '')}\n")
    if not report.pairs:
        w("\nOnly one criteria set: nothing to compare (add a draft to data/proposals/ or sign the sheet).\n")
        return
    w("\nAgreement (share of leads with the same verdict; kappa corrects for chance, 1 = full agreement)\n")
    key_width = max(len(p.key) for p in report.pairs)
    w(
        f"  {'PAIR':<{key_width}}  {'SAME':>9}  {'SHARE':>6}  {'KAPPA':>5}  {'BOTH':>5}  {'FIRST':>5}  {'SECOND':>6}  "
        f"{'NEITHER':>7}\n"
    )
    for p in report.pairs:
        same = f"{p.agreed}/{p.total}"
        w(
            f"  {p.key:<{key_width}}  {same:>9}  {share(p.agreement):>6}  {kappa_text(p.kappa):>5}  {p.both:>5}  "
            f"{p.only_a:>5}  {p.only_b:>6}  {p.neither:>7}\n"
        )
    w(
        "  (BOTH: target for both; FIRST / SECOND: target only for the first / second of the pair; "
        "NEITHER: target for none)\n"
    )
    w(f"\nLeads to open together ({len(report.disputes)} disagreement(s))\n")
    if not report.disputes:
        w("  None: every pair gives every lead the same verdict.\n")
    for pair in report.pairs:
        disputes = report.disputes_of(pair)
        if disputes:
            w(f"\n{pair.a} vs {pair.b}: {len(disputes)} lead(s)\n")
            for dispute in disputes:
                _dispute(w, dispute)


def _dispute(write: Callable[[str], object], dispute: Dispute) -> None:
    lead = dispute.lead
    row = f" (row {lead.row})" if lead.id != lead.row else ""
    write(f"  {lead.id}{row}: {dispute.accepted_by} says target, {dispute.rejected_by} says not target\n")
    if dispute.on_score:
        write(f"    {dispute.rejected_by}: score {dispute.score} is below its minimum {dispute.min_score}\n")
    for reason in dispute.rules:
        write(f"    {dispute.rejected_by} rule: {reason}\n")
    cells = [f"{name} = {lead.cells.get(name, '').strip() or '(empty)'}" for name in dispute.fields]
    if cells:
        write(f"    look at: {'; '.join(cells)}\n")
