"""The "Try a lead" form of the criteria page and the script that judges it in the browser.

`form_html` builds the form from `qualification.fields`; `script` is self-contained JavaScript
(no external script, no `eval`) embedding the rules, already compiled by Python: operands are read
by their field's type and reasons written out, so the browser only reads the typed-in values by
the same rules as `rules/values.py` and applies the same semantics as `rules/evaluate.py`. The
verdict, score and reasons equal those of `playbook qualify` on the same values.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from html import escape

from playbook.model import Condition, Playbook
from playbook.model.qualification import FieldType, LeadField
from playbook.rules.describe import ENGLISH as RULE_WORDS
from playbook.rules.describe import describe
from playbook.rules.evaluate import read_operand_text
from playbook.rules.values import (
    COMMA_DECIMAL,
    DATE,
    FALSE,
    GROUP_SPACES,
    NUMBER,
    SPACE,
    TRUE,
    Unreadable,
    Value,
    fold,
    read_operand,
)

STAGES = ("target", "sales_ready")
FORM_LABELS = (
    "try_unknown", "try_waiting", "try_target", "try_not_target", "try_sales_ready", "try_not_sales_ready",
    "try_score", "try_failed", "try_below_score", "try_scored", "try_unreadable",
)


def _h(text: object) -> str:
    return escape(str(text), quote=True)


def form_html(playbook: Playbook, labels: Mapping[str, str]) -> str:
    """The form: one input per lead field, a stage choice, a result area. Every value is escaped."""
    q = playbook.qualification
    lines = [
        '<form class="pb-try" data-pb-try novalidate autocomplete="off">',
    ]
    intro = _h(_word(labels, "try_intro")).replace("`playbook qualify`", "<code>playbook qualify</code>")
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
        lines.append(_input(lead_field, labels))
    lines.append("</div>")
    lines.append(
        '<p class="pb-try__buttons">'
        f'<button type="submit" class="md-button md-button--primary">{_h(_word(labels, "try_check"))}</button> '
        f'<button type="reset" class="md-button">{_h(_word(labels, "try_clear"))}</button></p>'
    )
    lines.append(
        '<div class="pb-try__result" data-pb-result role="status" aria-live="polite">'
        f'<p>{_h(_word(labels, "try_waiting"))}</p></div>'
    )
    lines.append("</form>")
    return "\n".join(lines) + "\n"


def _input(lead_field: LeadField, labels: Mapping[str, str]) -> str:
    ident = f"pb-try-{lead_field.id}"
    label = f'<label for="{ident}">{_h(lead_field.label)}</label>'
    common = f'id="{ident}" name="{lead_field.id}" data-type="{lead_field.type}"'
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
        datalist = f'<datalist id="{ident}-options">' + "".join(
            f'<option value="{_h(option)}"></option>' for option in lead_field.options
        ) + "</datalist>"
    return f'<p class="pb-try__field">{label}<input type="text" {common}{extra}>{datalist}</p>'


def _word(labels: Mapping[str, str], key: str) -> str:
    return labels.get(key) or RULE_WORDS.get(key) or _ENGLISH[key]


_ENGLISH = {
    "try_intro": "Fill in what you know about a lead. A field left empty counts as missing, "
                 "exactly as an empty cell in a CRM export does for `playbook qualify`.",
    "try_stage": "Check against", "try_stage_target": "Target lead (MQL)",
    "try_stage_sales_ready": "Sales-ready (SQL)", "try_check": "Check the lead", "try_clear": "Clear",
    "try_unknown": "(unknown)", "try_date_hint": "YYYY-MM-DD",
    "try_waiting": "Fill in the lead's fields to see the verdict.", "try_target": "Target lead",
    "try_not_target": "Not a target lead", "try_sales_ready": "Sales-ready",
    "try_not_sales_ready": "Not sales-ready", "try_score": "Score: {score} (at least {min} needed)",
    "try_failed": "Fails these rules:", "try_below_score": "Passes every rule, but the score is below the minimum.",
    "try_scored": "Points earned:", "try_unreadable": "{field}: cannot read “{value}”, so it counts as empty.",
}


def compiled_rules(playbook: Playbook, labels: Mapping[str, str]) -> dict[str, object]:
    """The rules as plain data for the browser: operands read by type, reasons written out."""
    q = playbook.qualification
    types = {f.id: f.type for f in q.fields}
    stages: dict[str, object] = {}
    for stage in STAGES:
        criteria = q.criteria(stage)
        if criteria is None:
            continue
        stages[stage] = {
            "require": [
                {"reason": rule.because or describe(rule, q.fields, labels), "test": _compile(rule, types)}
                for rule in criteria.require
            ],
            "score": [
                {"reason": s.because or describe(s.when, q.fields, labels), "points": s.points,
                 "test": _compile(s.when, types)}
                for s in criteria.score
            ],
            "min_score": criteria.min_score,
        }
    return {
        "fields": [{"id": f.id, "label": f.label, "type": f.type} for f in q.fields],
        "stages": stages,
        "labels": {key: _word(labels, key) for key in FORM_LABELS},
    }


def _compile(condition: Condition, types: Mapping[str, FieldType]) -> dict[str, object]:
    op = condition.operator
    if op in ("all", "any"):
        return {"op": op, "of": [_compile(c, types) for c in (condition.all_ if op == "all" else condition.any_) or []]}
    if op == "not":
        assert condition.not_ is not None
        return {"op": "not", "of": _compile(condition.not_, types)}
    name = condition.field
    type_ = types.get(name or "", "text")
    if op == "exists":
        return {"op": "exists", "field": name, "value": bool(condition.exists)}
    if op == "contains":
        return {"op": "contains", "field": name, "text": fold(read_operand_text(condition.contains)),
                "onText": type_ == "text"}
    try:
        if op in ("in", "not_in"):
            values = [_json_value(read_operand(v, type_)) for v in condition.operand or []]  # type: ignore[attr-defined]
            return {"op": op, "field": name, "values": values}
        return {"op": op, "field": name, "value": _json_value(read_operand(condition.operand, type_))}
    except Unreadable:
        return {"op": "never"}


def _json_value(value: Value) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def _js_class(chars: str) -> str:
    """A regex character-class body with every character escaped for JavaScript."""
    return "".join(c if c == "-" else f"\\u{ord(c):04x}" for c in chars)


def _json_for_script(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                       ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def script(playbook: Playbook, labels: Mapping[str, str] | None = None) -> str:
    """JavaScript judging the form(s) on the page with the playbook's rules."""
    if labels is None:
        from playbook.labels import labels as catalog

        labels = catalog(playbook.settings.language)
    rules = _json_for_script(compiled_rules(playbook, labels))
    space = _js_class(SPACE)
    groups = _js_class(GROUP_SPACES[1:-1])
    return (
        _SCRIPT.replace("@RULES@", rules)
        .replace("@SPACE@", space)
        .replace("@GROUPS@", groups)
        .replace("@COMMA@", COMMA_DECIMAL)
        .replace("@NUMBER@", NUMBER)
        .replace("@DATE@", DATE)
        .replace("@TRUE@", json.dumps(sorted(TRUE)))
        .replace("@FALSE@", json.dumps(sorted(FALSE)))
        .replace("@STYLE@", _json_for_script(STYLE))
    )


_SCRIPT = r"""/* Playbook: the "Try a lead" form, judged by the agreed criteria (same as `playbook qualify`). */
(function () {
  "use strict";
  var RULES = @RULES@;
  var TRIM = /^[@SPACE@]+|[@SPACE@]+$/g;
  var GROUPS = /[@GROUPS@]/g;
  var COMMA = /^(?:@COMMA@)$/;
  var NUMBER = /^(?:@NUMBER@)$/;
  var DATE = /^(?:@DATE@)$/;
  var TRUE = @TRUE@, FALSE = @FALSE@;
  var STYLE = @STYLE@;

  function trim(text) { return String(text).replace(TRIM, ""); }
  function fold(text) { return trim(text).toUpperCase().toLowerCase(); }
  function Unreadable() {}

  function readNumber(text) {
    var compact = trim(text).replace(GROUPS, "");
    var comma = COMMA.exec(compact);
    if (comma) {
      if (comma[1].length === 3) { throw new Unreadable(); }
      compact = compact.replace(",", ".");
    }
    if (!NUMBER.test(compact)) { throw new Unreadable(); }
    var number = Number(compact);
    if (!isFinite(number)) { throw new Unreadable(); }
    return number;
  }
  function readBool(text) {
    var folded = fold(text);
    if (TRUE.indexOf(folded) >= 0) { return true; }
    if (FALSE.indexOf(folded) >= 0) { return false; }
    throw new Unreadable();
  }
  function pad(n, width) { var s = String(n); while (s.length < width) { s = "0" + s; } return s; }
  function readDate(text) {
    var m = DATE.exec(trim(text));
    if (m) {
      var y = +m[1], mo = +m[2], d = +m[3];
      var leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
      var days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
      if (y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= days[mo - 1]) {
        return pad(y, 4) + "-" + pad(mo, 2) + "-" + pad(d, 2);
      }
    }
    throw new Unreadable();
  }
  function read(text, type) {
    if (!trim(text)) { return null; }
    if (type === "number") { return readNumber(text); }
    if (type === "bool") { return readBool(text); }
    if (type === "date") { return readDate(text); }
    return fold(text);
  }
  function compare(a, b) {
    if (typeof a === "string") {
      var x = Array.from(a), y = Array.from(b), n = Math.min(x.length, y.length);
      for (var i = 0; i < n; i++) {
        var cx = x[i].codePointAt(0), cy = y[i].codePointAt(0);
        if (cx !== cy) { return cx < cy ? -1 : 1; }
      }
      return x.length === y.length ? 0 : (x.length < y.length ? -1 : 1);
    }
    var p = Number(a), q = Number(b);
    return p < q ? -1 : (p > q ? 1 : 0);
  }
  function holds(test, values, cells) {
    var op = test.op, v;
    if (op === "all") { return test.of.every(function (t) { return holds(t, values, cells); }); }
    if (op === "any") { return test.of.some(function (t) { return holds(t, values, cells); }); }
    if (op === "not") { return !holds(test.of, values, cells); }
    if (op === "never") { return false; }
    v = Object.prototype.hasOwnProperty.call(values, test.field) ? values[test.field] : null;
    if (op === "exists") { return test.value ? v !== null : v === null; }
    if (v === null) { return false; }
    switch (op) {
      case "contains": return (test.onText ? v : fold(cells[test.field] || "")).indexOf(test.text) >= 0;
      case "eq": return v === test.value;
      case "ne": return v !== test.value;
      case "in": return test.values.indexOf(v) >= 0;
      case "not_in": return test.values.indexOf(v) < 0;
      case "gt": return compare(v, test.value) > 0;
      case "gte": return compare(v, test.value) >= 0;
      case "lt": return compare(v, test.value) < 0;
      case "lte": return compare(v, test.value) <= 0;
    }
    return false;
  }

  /* Judges a lead given as {field id: text}: {target, score, failed, scored, problems}. */
  function judge(stage, cells) {
    var rules = RULES.stages[stage] || RULES.stages.target;
    var values = {}, problems = [];
    RULES.fields.forEach(function (field) {
      var text = Object.prototype.hasOwnProperty.call(cells, field.id) ? cells[field.id] : "";
      try { values[field.id] = read(text, field.type); }
      catch (e) {
        if (!(e instanceof Unreadable)) { throw e; }
        values[field.id] = null;
        problems.push({field: field.label, value: trim(text)});
      }
    });
    var failed = rules.require.filter(function (r) { return !holds(r.test, values, cells); })
      .map(function (r) { return r.reason; });
    var scored = rules.score.filter(function (r) { return holds(r.test, values, cells); });
    var score = scored.reduce(function (sum, r) { return sum + r.points; }, 0);
    return {target: failed.length === 0 && score >= rules.min_score, score: score, failed: failed,
            scored: scored.map(function (r) { return {reason: r.reason, points: r.points}; }),
            problems: problems, min_score: rules.min_score};
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function list(items, className) {
    var ul = element("ul", className);
    items.forEach(function (item) { ul.appendChild(element("li", "", item)); });
    return ul;
  }

  function show(form, result, stage) {
    var box = form.querySelector("[data-pb-result]"), L = RULES.labels;
    var yes = stage === "sales_ready" ? L.try_sales_ready : L.try_target;
    var no = stage === "sales_ready" ? L.try_not_sales_ready : L.try_not_target;
    while (box.firstChild) { box.removeChild(box.firstChild); }
    box.setAttribute("data-target", result.target ? "true" : "false");
    box.setAttribute("data-score", String(result.score));
    box.setAttribute("data-stage", stage);
    var verdict = element("p", "pb-try__verdict pb-try__verdict--" + (result.target ? "yes" : "no"),
                          (result.target ? "\u2714 " : "\u2718 ") + (result.target ? yes : no));
    verdict.setAttribute("data-pb-verdict", result.target ? "target" : "not-target");
    box.appendChild(verdict);
    box.appendChild(element("p", "pb-try__score", fill(L.try_score, {score: result.score, min: result.min_score})));
    if (result.failed.length) {
      box.appendChild(element("p", "pb-try__heading", L.try_failed));
      var failed = list(result.failed, "pb-try__failed");
      failed.setAttribute("data-pb-failed", "");
      box.appendChild(failed);
    } else if (!result.target) {
      box.appendChild(element("p", "pb-try__below", L.try_below_score));
    }
    if (result.scored.length) {
      box.appendChild(element("p", "pb-try__heading", L.try_scored));
      box.appendChild(list(result.scored.map(function (s) {
        return (s.points >= 0 ? "+" : "\u2212") + Math.abs(s.points) + "  " + s.reason;
      }), "pb-try__scored"));
    }
    if (result.problems.length) {
      box.appendChild(list(result.problems.map(function (p) { return fill(L.try_unreadable, p); }),
                           "pb-try__problems"));
    }
  }

  function cellsOf(form) {
    var cells = {};
    RULES.fields.forEach(function (field) {
      var input = form.elements.namedItem(field.id);
      cells[field.id] = input && "value" in input ? String(input.value) : "";
    });
    return cells;
  }
  function stageOf(form) {
    var input = form.elements.namedItem("pb-stage");
    var stage = input && "value" in input ? input.value : "target";
    return RULES.stages[stage] ? stage : "target";
  }

  function attach(form) {
    if (form.getAttribute("data-pb-ready")) { return; }
    form.setAttribute("data-pb-ready", "true");
    var touched = false;
    function update() { var stage = stageOf(form); show(form, judge(stage, cellsOf(form)), stage); }
    form.addEventListener("submit", function (event) { event.preventDefault(); touched = true; update(); });
    form.addEventListener("input", function () { touched = true; update(); });
    form.addEventListener("change", function () { if (touched) { update(); } });
    form.addEventListener("reset", function () {
      touched = false;
      var stage = stageOf(form), choice = form.elements.namedItem("pb-stage");
      window.setTimeout(function () {
        if (choice && "value" in choice) { choice.value = stage; }
        var box = form.querySelector("[data-pb-result]");
        while (box.firstChild) { box.removeChild(box.firstChild); }
        box.removeAttribute("data-target");
        box.removeAttribute("data-score");
        box.appendChild(element("p", "", RULES.labels.try_waiting));
      }, 0);
    });
  }
  var styled = false;
  function style() {
    if (styled || document.getElementById("pb-try-style") || !document.head) { return; }
    styled = true;
    if (typeof CSSStyleSheet === "function" && "adoptedStyleSheets" in document) {
      try {  /* a constructed sheet: allowed even where a Content-Security-Policy forbids inline styles */
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(STYLE);
        document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
        return;
      } catch (e) { /* fall back to a <style> element */ }
    }
    var node = document.createElement("style");
    node.id = "pb-try-style";
    node.textContent = STYLE;
    document.head.appendChild(node);
  }
  function boot() {
    var forms = document.querySelectorAll("form[data-pb-try]");
    if (forms.length) { style(); }
    for (var i = 0; i < forms.length; i++) { attach(forms[i]); }
  }

  window.playbookJudge = judge;
  if (typeof window.document$ !== "undefined" && window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(boot);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
"""


STYLE = """
.pb-try { border: 1px solid var(--md-default-fg-color--lightest, #ddd); border-radius: .2rem;
  padding: .4rem 1rem 1rem; }
.pb-try__fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .2rem 1rem; }
.pb-try__field { display: flex; flex-direction: column; justify-content: flex-end; margin: .4em 0; }
.pb-try__field label { font-size: .85em; font-weight: 600; margin-bottom: .2em; }
.pb-try__field input, .pb-try__field select { font: inherit; padding: .3em .4em; border-radius: .2rem;
  border: 1px solid var(--md-default-fg-color--lighter, #999); background: var(--md-default-bg-color, #fff);
  color: inherit; }
.pb-try__stage { max-width: 20rem; }
.pb-try__result { margin-top: .6rem; }
.pb-try__verdict { font-size: 1.2em; font-weight: 700; margin: .2em 0; }
.pb-try__verdict--yes { color: #1b7f3b; }
.pb-try__verdict--no { color: #b3261e; }
.pb-try__problems { color: #8a5300; }
""".strip() + "\n"
"""CSS for the form; the script adds it to the page (once), so the form needs no other asset."""


def stylesheet() -> str:
    """CSS for the "Try a lead" form."""
    return STYLE
