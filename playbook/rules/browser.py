"""The "Try a lead" form of the criteria page, and the rules it is judged by, as data for the browser.

`form_html` builds the form from `qualification.fields` and puts the rules inside it as a JSON data
island (`<script type="application/json" data-pb-rules>`), already compiled by Python: operands
read by their field's type, reasons written out, the words of the form from the label catalog and
the reading patterns of `rules/values.py`. The script that judges it, `generators/assets/try-a-lead.js`,
is a static file, the same for every page: it reads the island, applies the same semantics as
`rules/evaluate.py`, and shows every text with `textContent`. The verdict, score and reasons equal
those of `playbook qualify` on the same values.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from html import escape

from playbook.generators import ASSETS
from playbook.labels import labels as catalog
from playbook.model import Condition, Playbook
from playbook.model.qualification import FieldType, LeadField
from playbook.rules.describe import describe
from playbook.rules.evaluate import read_operand_text, target_first
from playbook.rules.values import (
    CURRENCY_AFTER,
    CURRENCY_BEFORE,
    DATE,
    DAY_FIRST,
    FALSE,
    GROUPING,
    NUMBER,
    NUMBER_FORMS,
    SPACE,
    TRUE,
    Reading,
    Unreadable,
    Value,
    fold,
    read_operand,
)

SCRIPT = ASSETS / "try-a-lead.js"
"""The script judging every form on a page (static: it reads each form's data island)."""
STYLESHEET = ASSETS / "try-a-lead.css"
"""The form's stylesheet (a file, so a Content-Security-Policy forbidding inline styles still allows it)."""
ISLAND_ID = "pb-try-rules"
STAGES = ("target", "sales_ready")
FORM_LABELS = (
    "try_unknown",
    "try_waiting",
    "try_target",
    "try_not_target",
    "try_sales_ready",
    "try_not_sales_ready",
    "try_score",
    "try_failed",
    "try_below_score",
    "try_scored",
    "try_unreadable",
)


def _h(text: object) -> str:
    return escape(str(text), quote=True)


def form_html(playbook: Playbook, labels: Mapping[str, str]) -> str:
    """The form: one input per lead field, a stage choice, a result area. Every value is escaped."""
    q = playbook.qualification
    lines = [
        '<form class="pb-try" data-pb-try novalidate autocomplete="off">',
    ]
    intro = _CODE.sub(r"<code>\1</code>", _h(_word(labels, "try_intro")))
    lines.append(f'<p class="pb-try__intro">{intro}</p>')
    stages = [s for s in STAGES if q.criteria(s) is not None]
    if len(stages) > 1:
        lines.append('<p class="pb-try__field pb-try__stage">')
        lines.append(f'<label for="pb-try-stage">{_h(_word(labels, "try_stage"))}</label>')
        lines.append('<select id="pb-try-stage" name="pb-stage">')
        for stage in stages:
            lines.append(f'<option value="{stage}">{_h(_word(labels, "try_stage_" + stage))}</option>')
        lines.append("</select></p>")
    else:
        lines.append('<input type="hidden" name="pb-stage" value="target">')
    lines.append('<div class="pb-try__fields">')
    for lead_field in q.fields:
        lines.append(_input(lead_field, labels, q.columns.get(lead_field.id, [])))
    lines.append("</div>")
    lines.append(
        '<p class="pb-try__buttons">'
        f'<button type="submit" class="md-button md-button--primary">{_h(_word(labels, "try_check"))}</button> '
        f'<button type="reset" class="md-button">{_h(_word(labels, "try_clear"))}</button></p>'
    )
    lines.append(
        '<div class="pb-try__result" data-pb-result role="status" aria-live="polite">'
        f"<p>{_h(_word(labels, 'try_waiting'))}</p></div>"
    )
    lines.append(
        f'<script type="application/json" id="{ISLAND_ID}" data-pb-rules>'
        f"{data_island(compiled_rules(playbook, labels))}</script>"
    )
    lines.append("</form>")
    return "\n".join(lines) + "\n"


def _input(lead_field: LeadField, labels: Mapping[str, str], columns: Sequence[str] = ()) -> str:
    """One field's input; the CRM column names the sheet stores for it are shown under it (sellers find the value)."""
    ident = f"pb-try-{lead_field.id}"
    label = f'<label for="{ident}">{_h(lead_field.label)}</label>'
    common = f'id="{ident}" name="{lead_field.id}" data-type="{lead_field.type}"'
    if columns:
        names = _word(labels, "rule_list_sep").join(columns)
        hint = _h(_word(labels, "try_column").format(names=names))
        label += f'<small class="pb-try__column" id="{ident}-column">{hint}</small>'
        common += f' aria-describedby="{ident}-column"'
    if lead_field.type == "bool":
        options = [
            f'<option value="">{_h(_word(labels, "try_unknown"))}</option>',
            f'<option value="yes">{_h(_word(labels, "rule_yes"))}</option>',
            f'<option value="no">{_h(_word(labels, "rule_no"))}</option>',
        ]
        return f'<p class="pb-try__field">{label}<select {common}>{"".join(options)}</select></p>'
    extra = ""
    if lead_field.type == "number":
        extra = ' inputmode="decimal"'
    elif lead_field.type == "date":
        extra = f' placeholder="{_h(_word(labels, "try_date_hint"))}" inputmode="numeric"'
    datalist = ""
    if lead_field.options:
        extra += f' list="{ident}-options"'
        datalist = (
            f'<datalist id="{ident}-options">'
            + "".join(f'<option value="{_h(option)}"></option>' for option in lead_field.options)
            + "</datalist>"
        )
    return f'<p class="pb-try__field">{label}<input type="text" {common}{extra}>{datalist}</p>'


_CODE = re.compile(r"`([^`<>]+)`")
"""A `code` span in a label (already escaped for HTML)."""


def _word(labels: Mapping[str, str], key: str) -> str:
    """A word of the form: the playbook's language, else English (every catalog has every key)."""
    return labels.get(key) or catalog("en")[key]


def compiled_rules(playbook: Playbook, labels: Mapping[str, str]) -> dict[str, object]:
    """The rules as plain data for the browser: operands read by type, reasons written out."""
    q = playbook.qualification
    words = {**catalog("en"), **labels}  # rules in words: never a word from outside the catalogs
    types = {f.id: f.type for f in q.fields}
    language = playbook.settings.language if hasattr(playbook, "settings") else None
    reading = Reading.of(language)
    stages: dict[str, dict[str, object]] = {}
    for stage in STAGES:
        criteria = q.criteria(stage)
        if criteria is None:
            continue
        stages[stage] = {
            "require": [
                {"reason": rule.because or describe(rule, q.fields, words), "test": _compile(rule, types, reading)}
                for rule in criteria.require
            ],
            "score": [
                {
                    "reason": s.because or describe(s.when, q.fields, words),
                    "points": s.points,
                    "test": _compile(s.when, types, reading),
                }
                for s in criteria.score
            ],
            "min_score": criteria.min_score,
        }
        if target_first(q, stage):
            stages[stage]["first"] = "target"
            template = words["rule_target_first"]
            stages[stage]["short"] = template.format(min_score=q.target.min_score)
    return {
        "fields": [{"id": f.id, "label": f.label, "type": f.type} for f in q.fields],
        "stages": stages,
        "labels": {key: words[key] for key in FORM_LABELS},
        "read": {
            "space": _js_class(SPACE),
            "grouping": _js_class(GROUPING),
            "currencyBefore": CURRENCY_BEFORE,
            "currencyAfter": CURRENCY_AFTER,
            "number": NUMBER,
            "forms": [list(form) for form in NUMBER_FORMS],
            "commaDecimal": reading.comma_decimal,
            "date": DATE,
            "dayFirst": list(DAY_FIRST),
            "true": sorted(TRUE),
            "false": sorted(FALSE),
        },
    }


def _compile(condition: Condition, types: Mapping[str, FieldType], reading: Reading) -> dict[str, object]:
    op = condition.operator
    if op in ("all", "any"):
        children = (condition.all_ if op == "all" else condition.any_) or []
        return {"op": op, "of": [_compile(c, types, reading) for c in children]}
    if op == "not":
        assert condition.not_ is not None
        return {"op": "not", "of": _compile(condition.not_, types, reading)}
    name = condition.field
    type_ = types.get(name or "", "text")
    if op == "exists":
        return {"op": "exists", "field": name, "value": bool(condition.exists)}
    if op == "contains":
        return {
            "op": "contains",
            "field": name,
            "text": fold(read_operand_text(condition.contains)),
            "onText": type_ == "text",
        }
    try:
        if op in ("in", "not_in"):
            values = [_json_value(read_operand(v, type_, reading)) for v in condition.operand or []]  # type: ignore[attr-defined]
            return {"op": op, "field": name, "values": values}
        return {"op": op, "field": name, "value": _json_value(read_operand(condition.operand, type_, reading))}
    except Unreadable:
        return {"op": "never"}


def _json_value(value: Value) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def _js_class(chars: str) -> str:
    """A regex character-class body with every character escaped for JavaScript."""
    return "".join(c if c == "-" else f"\\u{ord(c):04x}" for c in chars)


def data_island(data: object) -> str:
    """JSON to put inside `<script type="application/json">`: nothing in it can end the element or the line.

    `<`, `>` and `&` are written as `\\u003c` and so on (so no `</script>` nor `<!--` appears), and
    so are U+2028 and U+2029; `JSON.parse` reads them back unchanged.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_ISLAND_ESCAPES)


_ISLAND_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"}
