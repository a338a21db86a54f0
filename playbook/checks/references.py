"""Cross-file checks: every id referenced exists, ids are unique, the lead path is connected."""

from __future__ import annotations

from collections.abc import Collection
from difflib import get_close_matches

from playbook.checks.links import check_links
from playbook.diagnostics import Diagnostic
from playbook.loading.yaml_reader import Loc, SourceMap
from playbook.model import Condition, LeadPath, Playbook
from playbook.rules.evaluate import rule_problems

_FOLDER_OF = {
    "objection": "objections",
    "competitor": "competitors",
    "product": "products",
    "calculator": "calculators",
}
_FILE_OF = {
    "persona": "icp",
    "segment": "icp",
    "stage": "lead_path",
    "reason": "lead_path",
    "qualification field": "qualification",
}
"""Where each kind of id is defined: a folder of files, or one file."""


class _Checker:
    def __init__(self, playbook: Playbook, sources: dict[str, SourceMap]) -> None:
        self.pb = playbook
        self.sources = sources
        self.problems: list[Diagnostic] = []

    def error(self, key: str, loc: Loc, message: str) -> None:
        self.problems.append(self.sources[key].diagnostic(loc, message))

    def warn(self, key: str, loc: Loc, message: str) -> None:
        self.problems.append(self.sources[key].diagnostic(loc, message, warning=True))

    def unknowable(self, what: str, value: str) -> bool:
        """True when `value` may be defined in a file that did not validate (a partial playbook)."""
        missing = self.pb.incomplete
        if not missing:
            return False
        if what in _FOLDER_OF:
            return f"{_FOLDER_OF[what]}/{value}" in missing
        return _FILE_OF.get(what) in missing

    def ref(self, key: str, loc: Loc, value: str | None, known: Collection[str], what: str) -> None:
        if value is None or value in known or self.unknowable(what, value):
            return
        match = get_close_matches(value, list(known), n=1)
        hint = f", did you mean `{match[0]}`?" if match else ""
        self.error(key, loc, f"unknown {what} `{value}`{hint}")

    def refs(self, key: str, loc: Loc, values: list[str], known: Collection[str], what: str) -> None:
        for i, value in enumerate(values):
            self.ref(key, (*loc, i), value, known, what)

    def unique(self, key: str, loc: Loc, ids: list[str], what: str) -> None:
        seen: dict[str, int] = {}
        for i, item_id in enumerate(ids):
            if item_id in seen:
                self.error(key, (*loc, i, "id"), f"duplicate {what} id `{item_id}` (also item {seen[item_id] + 1})")
            else:
                seen[item_id] = i


def check_references(playbook: Playbook, sources: dict[str, SourceMap]) -> list[Diagnostic]:
    c = _Checker(playbook, sources)
    if "icp" not in playbook.incomplete:
        _check_icp(c)
    if "qualification" not in playbook.incomplete:
        _check_qualification(c)
    if "lead_path" not in playbook.incomplete:
        _check_lead_path(c)
    _check_items(c)
    _check_feedback(c)
    return c.problems + check_links(playbook, sources)


def _check_icp(c: _Checker) -> None:
    icp = c.pb.icp
    c.unique("icp", ("segments",), [s.id for s in icp.segments], "segment")
    c.unique("icp", ("personas",), [p.id for p in icp.personas], "persona")
    personas = [p.id for p in icp.personas]
    for i, segment in enumerate(icp.segments):
        c.refs("icp", ("segments", i, "personas"), segment.personas, personas, "persona")


def _check_qualification(c: _Checker) -> None:
    q = c.pb.qualification
    c.unique("qualification", ("fields",), [f.id for f in q.fields], "field")
    fields = [f.id for f in q.fields]
    for section in ("target", "sales_ready"):
        criteria = q.criteria(section)
        if criteria is None:
            continue
        for i, rule in enumerate(criteria.require):
            _check_condition(c, rule, (section, "require", i), fields)
        for i, score in enumerate(criteria.score):
            _check_condition(c, score.when, (section, "score", i, "when"), fields)
    if not any(p.path.startswith("data/qualification") for p in c.problems):
        for problem in rule_problems(q, c.pb.settings.language):
            c.error("qualification", problem.loc, problem.message)


def _check_condition(c: _Checker, condition: Condition, loc: Loc, fields: list[str]) -> None:
    if condition.field is not None:
        c.ref("qualification", (*loc, "field"), condition.field, fields, "qualification field")
    for i, child in enumerate(condition.all_ or condition.any_ or []):
        _check_condition(c, child, (*loc, "all" if condition.all_ else "any", i), fields)
    if condition.not_ is not None:
        _check_condition(c, condition.not_, (*loc, "not"), fields)


def _check_lead_path(c: _Checker) -> None:
    path = c.pb.lead_path
    stages = [s.id for s in path.stages]
    reasons = [r.id for r in path.reasons]
    c.unique("lead_path", ("stages",), stages, "stage")
    c.unique("lead_path", ("reasons",), reasons, "reason")
    c.unique("lead_path", ("kpis",), [k.id for k in path.kpis], "KPI")
    for i, h in enumerate(path.handoffs):
        c.ref("lead_path", ("handoffs", i, "from"), h.from_, stages, "stage")
        c.ref("lead_path", ("handoffs", i, "to"), h.to, stages, "stage")
        c.ref("lead_path", ("handoffs", i, "on_reject"), h.on_reject, stages, "stage")
        c.refs("lead_path", ("handoffs", i, "reject_reasons"), h.reject_reasons, reasons, "reason")
    for i, r in enumerate(path.reasons):
        c.ref("lead_path", ("reasons", i, "returns_to"), r.returns_to, stages, "stage")
    for i, k in enumerate(path.kpis):
        c.ref("lead_path", ("kpis", i, "from"), k.from_, stages, "stage")
        c.ref("lead_path", ("kpis", i, "to"), k.to, stages, "stage")
    reachable = reachable_stages(path)
    for i, stage in enumerate(path.stages):
        if stage.id not in reachable:
            message = (
                f"stage `{stage.id}` cannot be reached: it follows a final stage, and no hand-off "
                "(`to`, `on_reject`) and no reason (`returns_to`) leads to it"
            )
            c.warn("lead_path", ("stages", i, "id"), message)


def reachable_stages(path: LeadPath) -> set[str]:
    """Stages a lead can get to, as people draw the path: from the first stage, each stage leads to the
    next one in `stages:` order unless it is final (`terminal`); hand-offs lead to their `to` and
    `on_reject` and to where their reasons return; every reason's `returns_to` is reached."""
    ids = [s.id for s in path.stages]
    if not ids:
        return set()
    returns = {r.id: r.returns_to for r in path.reasons}
    edges: dict[str, set[str]] = {i: set() for i in ids}
    for stage, following in zip(path.stages, path.stages[1:], strict=False):
        if not stage.terminal:
            edges[stage.id].add(following.id)
    for h in path.handoffs:
        targets = {h.to, h.on_reject, *(returns.get(r) for r in h.reject_reasons)}
        edges.setdefault(h.from_, set()).update(t for t in targets if t)
    todo = [ids[0], *(r.returns_to for r in path.reasons if r.returns_to)]
    seen: set[str] = set()
    while todo:
        stage_id = todo.pop()
        if stage_id in seen:
            continue
        seen.add(stage_id)
        todo.extend(edges.get(stage_id, ()))
    return seen


def _check_items(c: _Checker) -> None:
    pb = c.pb
    stages = [s.id for s in pb.lead_path.stages]
    personas = [p.id for p in pb.icp.personas]
    segments = [s.id for s in pb.icp.segments]
    for oid, o in pb.objections.items():
        key = f"objections/{oid}"
        c.refs(key, ("stages",), o.stages, stages, "stage")
        c.refs(key, ("personas",), o.personas, personas, "persona")
        c.refs(key, ("competitors",), o.competitors, pb.competitors, "competitor")
    for cid, comp in pb.competitors.items():
        c.refs(f"competitors/{cid}", ("objections",), comp.objections, pb.objections, "objection")
    for pid, product in pb.products.items():
        key = f"products/{pid}"
        c.refs(key, ("for", "segments"), product.for_.segments, segments, "segment")
        c.refs(key, ("for", "personas"), product.for_.personas, personas, "persona")


def _check_feedback(c: _Checker) -> None:
    kinds: dict[str, Collection[str]] = {
        "objections": c.pb.objections,
        "competitors": c.pb.competitors,
        "products": c.pb.products,
    }
    for key, notes in c.pb.feedback_files.items():
        for i, note in enumerate(notes):
            about = note.about.strip()
            if about == "new":
                continue
            kind, _, item = about.partition("/")
            if ".." in about or about.count("/") != 1 or kind not in kinds:
                c.error(
                    key,
                    (i, "about"),
                    f"`about: {about}` must be objections/<id>, competitors/<id>, products/<id> or new",
                )
            else:
                c.ref(key, (i, "about"), item, kinds[kind], kind[:-1])
