"""Reconciling the heads' drafts: every draft and the signed sheet judge the same export, lead by lead.

The source articles' remedy: "collect the criteria separately, compare them; when they disagree about a
lead, take the sheet, open the lead, look together." This module computes what that meeting needs:

- *judges*: every draft in `data/proposals/` in file-name order, then `sheet` once `qualification.yaml`
  is signed by both heads;
- per lead: each judge's verdict, score and `failed` reasons (the same evaluator as `qualify`);
- per pair of judges (`a~b`, in judge order): *agreement*, the share of leads with equal verdicts, and
  Cohen's kappa, (p_o - p_e) / (1 - p_e) with p_e = p_a p_b + (1 - p_a)(1 - p_b) from each judge's share
  of target leads; when p_e is 1 both judges gave every lead the same verdict, so kappa is defined as 1;
- *disputes*: one per lead and pair whose verdicts differ, in lead order then pair order, naming the judge
  that rejected the lead and the rules that made the difference: the `because` of each `require` rule it
  failed, or its score against its `min_score` when it failed on score alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations

from playbook.model import Playbook
from playbook.model.qualification import TargetCriteria
from playbook.rules.evaluate import CellProblem, RuleSet, fields_used

SHEET = "sheet"
ID_COLUMN = "id"


@dataclass(frozen=True)
class Judge:
    """One set of criteria that gives a verdict: a draft or the signed sheet."""

    name: str
    criteria: TargetCriteria
    rules: RuleSet
    author: str = ""
    """Who wrote it: the draft's author, or both signatures for the sheet."""

    def fields_behind(self, reasons: list[str]) -> list[str]:
        """The fields read by the `require` rules with these reasons, or by the score rules when there are none."""
        if not reasons:
            return fields_used([s.when for s in self.criteria.score])
        wanted = set(reasons)
        return fields_used(
            [
                rule
                for rule, (reason, _) in zip(self.criteria.require, self.rules.require, strict=True)
                if reason in wanted
            ]
        )


def judges(playbook: Playbook, labels: Mapping[str, str], language: str | None = None) -> list[Judge]:
    """Every draft in file-name order, then the sheet when both heads signed it."""
    sheet = playbook.qualification
    found = [
        Judge(
            name,
            draft.target,
            RuleSet(draft.as_sheet(sheet), "target", labels, language),
            f"{draft.author.name} ({draft.author.department})",
        )
        for name, draft in playbook.proposals.items()
    ]
    if sheet.signed_on() is not None:
        signed = sheet.agreed_by
        assert signed.marketing is not None and signed.sales is not None
        found.append(
            Judge(
                SHEET,
                sheet.target,
                RuleSet(sheet, "target", labels, language),
                f"{signed.marketing.name}, {signed.sales.name}",
            )
        )
    return found


def required_fields(found: list[Judge]) -> tuple[list[str], list[str]]:
    """The fields some judge's `require` rules read, and the fields only score rules read."""
    required = fields_used([rule for j in found for rule in j.criteria.require])
    scored = fields_used([s.when for j in found for s in j.criteria.score])
    return required, [name for name in scored if name not in required]


@dataclass(frozen=True)
class Judged:
    """One lead with every judge's verdict."""

    row: int
    id: str | int
    verdicts: dict[str, bool]
    failed: dict[str, list[str]]
    scores: dict[str, int]
    cells: dict[str, str]
    problems: list[CellProblem] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """The keys of the `reconcile --format json` contract: failed lists only the judges that name a rule."""
        return {
            "id": self.id,
            "verdicts": self.verdicts,
            "failed": {name: reasons for name, reasons in self.failed.items() if reasons},
        }


@dataclass
class Pair:
    """Two judges' verdicts over the same leads: the confusion table and the agreement."""

    a: str
    b: str
    both: int = 0
    """Target for both."""
    only_a: int = 0
    only_b: int = 0
    neither: int = 0

    @property
    def key(self) -> str:
        return f"{self.a}~{self.b}"

    @property
    def total(self) -> int:
        return self.both + self.only_a + self.only_b + self.neither

    @property
    def agreed(self) -> int:
        return self.both + self.neither

    @property
    def agreement(self) -> float | None:
        """The share of leads on which both verdicts are equal (None without leads)."""
        return self.agreed / self.total if self.total else None

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa; 1 when chance agreement is already certain (both judges constant and equal)."""
        total = self.total
        if not total:
            return None
        observed = Fraction(self.agreed, total)
        p_a = Fraction(self.both + self.only_a, total)
        p_b = Fraction(self.both + self.only_b, total)
        expected = p_a * p_b + (1 - p_a) * (1 - p_b)
        if expected == 1:
            return 1.0
        return float((observed - expected) / (1 - expected))

    def add(self, a: bool, b: bool) -> None:
        if a and b:
            self.both += 1
        elif a:
            self.only_a += 1
        elif b:
            self.only_b += 1
        else:
            self.neither += 1


@dataclass(frozen=True)
class Dispute:
    """A lead two judges see differently, and the rules of the one that rejected it."""

    lead: Judged
    between: tuple[str, str]
    rejected_by: str
    rules: list[str]
    """The `because` of each `require` rule the rejecting judge saw failing, in file order."""
    score: int
    min_score: int
    fields: list[str] = field(default_factory=list)
    """The fields those rules read (the score rules' fields when it failed on score): what to open together."""

    @property
    def on_score(self) -> bool:
        """Rejected only because the score stayed below the minimum."""
        return not self.rules

    @property
    def accepted_by(self) -> str:
        return self.between[0] if self.rejected_by == self.between[1] else self.between[1]

    def as_json(self) -> dict[str, object]:
        return {"id": self.lead.id, "between": list(self.between)}

    def deciding_json(self) -> dict[str, object]:
        found: dict[str, object] = {"id": self.lead.id, "between": list(self.between), "rejected_by": self.rejected_by}
        if self.on_score:
            found["score"] = {"score": self.score, "min_score": self.min_score}
        else:
            found["rules"] = self.rules
        return found


@dataclass
class Reconciliation:
    """Every figure of the reconcile report."""

    names: list[str]
    drafts: list[str]
    leads: list[Judged]
    pairs: list[Pair]
    disputes: list[Dispute]
    authors: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        """The contract's keys (`drafts`, `leads`, `agreement`, `disagreements`), then kappa and the deciding rules."""
        return {
            "drafts": self.drafts,
            "leads": [lead.as_json() for lead in self.leads],
            "agreement": {p.key: p.agreement for p in self.pairs},
            "disagreements": [d.as_json() for d in self.disputes],
            "kappa": {p.key: p.kappa for p in self.pairs},
            "deciding_rules": [d.deciding_json() for d in self.disputes],
        }

    def disputes_of(self, pair: Pair) -> list[Dispute]:
        return [d for d in self.disputes if d.between == (pair.a, pair.b)]


def reconcile(found: list[Judge], rows: Iterable[tuple[int, str | int, dict[str, str]]]) -> Reconciliation:
    """Every judge's verdict on every lead (its spreadsheet row, id and cells), the pairs and the disputes."""
    names = [j.name for j in found]
    pairs = [Pair(a, b) for a, b in combinations(names, 2)]
    by_name = {j.name: j for j in found}
    leads: list[Judged] = []
    disputes: list[Dispute] = []
    for number, lead_id, cells in rows:
        verdicts: dict[str, bool] = {}
        failed: dict[str, list[str]] = {}
        scores: dict[str, int] = {}
        problems: list[CellProblem] = []
        for judge in found:
            verdict, cell_problems = judge.rules.evaluate(cells)
            verdicts[judge.name] = verdict.target
            failed[judge.name] = verdict.failed
            scores[judge.name] = verdict.score
            problems = problems or cell_problems
        lead = Judged(number, lead_id, verdicts, failed, scores, dict(cells), problems)
        leads.append(lead)
        for pair in pairs:
            a, b = verdicts[pair.a], verdicts[pair.b]
            pair.add(a, b)
            if a != b:
                loser = pair.b if a else pair.a
                judge = by_name[loser]
                disputes.append(
                    Dispute(
                        lead,
                        (pair.a, pair.b),
                        loser,
                        failed[loser],
                        scores[loser],
                        judge.rules.min_score,
                        judge.fields_behind(failed[loser]),
                    )
                )
    drafts = [name for name in names if name != SHEET]
    return Reconciliation(names, drafts, leads, pairs, disputes, {j.name: j.author for j in found})
