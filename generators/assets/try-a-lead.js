/* Playbook: the "Try a lead" form, judged by the agreed criteria (same as `playbook qualify`).
 *
 * The same file for every page and every playbook: the rules, the words and the reading patterns
 * come from the JSON data island inside each form (<script type="application/json" data-pb-rules>),
 * written by playbook/rules/browser.py. No eval, no inline script, no markup built from content:
 * every text reaches the page through textContent.
 */
(function () {
  "use strict";

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function Unreadable() {}

  /* The rule engine of one rules object (the island's data): judge(stage, cells). */
  function engine(rules) {
    var R = rules.read;
    var TRIM = new RegExp("^[" + R.space + "]+|[" + R.space + "]+$", "g");
    var GROUPING = new RegExp("[" + R.grouping + "]", "g");
    var CURRENCY_BEFORE = new RegExp(R.currencyBefore);
    var CURRENCY_AFTER = new RegExp(R.currencyAfter);
    var NUMBER = new RegExp("^(?:" + R.number + ")$");
    var FORMS = R.forms.map(function (f) { return {re: new RegExp("^(?:" + f[0] + ")$"), drop: f[1], dot: f[2], when: f[3]}; });
    var DATE = new RegExp("^(?:" + R.date + ")$");
    var DAY_FIRST = R.dayFirst.map(function (p) { return new RegExp("^(?:" + p + ")$"); });

    function trim(text) { return String(text).replace(TRIM, ""); }
    function fold(text) { return trim(text).toUpperCase().toLowerCase(); }

    /* The reading of rules/values.py: currency around, grouping, then the first form that fits. */
    function readNumber(text) {
      var lowered = trim(text).toLowerCase(), plain = null;
      if (NUMBER.test(lowered)) { plain = lowered; }
      else {
        var compact = lowered.replace(CURRENCY_BEFORE, "$1").replace(CURRENCY_AFTER, "").replace(GROUPING, "");
        for (var i = 0; i < FORMS.length; i++) {
          var form = FORMS[i];
          if (form.when !== null && form.when !== R.commaDecimal) { continue; }
          if (form.re.test(compact)) {
            if (form.drop) { compact = compact.split(form.drop).join(""); }
            plain = form.dot ? compact.split(form.dot).join(".") : compact;
            break;
          }
        }
      }
      if (plain === null) { throw new Unreadable(); }
      var number = Number(plain);
      if (!isFinite(number)) { throw new Unreadable(); }
      return number;
    }
    function readBool(text) {
      var folded = fold(text);
      if (R["true"].indexOf(folded) >= 0) { return true; }
      if (R["false"].indexOf(folded) >= 0) { return false; }
      throw new Unreadable();
    }
    function pad(n, width) { var s = String(n); while (s.length < width) { s = "0" + s; } return s; }
    function readDate(text) {
      var lowered = trim(text).toLowerCase(), m = DATE.exec(lowered), y, mo, d;
      if (m) { y = +m[1]; mo = +m[2]; d = +m[3]; }
      for (var i = 0; !m && i < DAY_FIRST.length; i++) {
        m = DAY_FIRST[i].exec(lowered);
        if (m) { d = +m[1]; mo = +m[2]; y = +m[3]; }
      }
      if (m) {
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
      v = has(values, test.field) ? values[test.field] : null;
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

    /* One criteria set on read values; a sales-ready lead must first be a target lead (`first`). */
    function judgeStage(stageRules, values, cells) {
      var failed = stageRules.require.filter(function (r) { return !holds(r.test, values, cells); })
        .map(function (r) { return r.reason; });
      var scored = stageRules.score.filter(function (r) { return holds(r.test, values, cells); });
      var score = scored.reduce(function (sum, r) { return sum + r.points; }, 0);
      var passed = failed.length === 0 && score >= stageRules.min_score;
      if (stageRules.first && has(rules.stages, stageRules.first)) {
        var before = judgeStage(rules.stages[stageRules.first], values, cells);
        if (!before.target) {
          var first = before.failed.length ? before.failed : [stageRules.short];
          failed = first.concat(failed.filter(function (r) { return first.indexOf(r) < 0; }));
          passed = false;
        }
      }
      return {target: passed, score: score, failed: failed, scored: scored};
    }

    /* Judges a lead given as {field id: text}: {target, score, failed, scored, problems, min_score}. */
    return function judge(stage, cells) {
      var stageRules = has(rules.stages, stage) ? rules.stages[stage] : rules.stages.target;
      var values = {}, problems = [];
      rules.fields.forEach(function (field) {
        var text = has(cells, field.id) ? cells[field.id] : "";
        try { values[field.id] = read(text, field.type); }
        catch (e) {
          if (!(e instanceof Unreadable)) { throw e; }
          values[field.id] = null;
          problems.push({id: field.id, field: field.label, value: trim(text)});
        }
      });
      var verdict = judgeStage(stageRules, values, cells);
      return {target: verdict.target, score: verdict.score, failed: verdict.failed,
              scored: verdict.scored.map(function (r) { return {reason: r.reason, points: r.points}; }),
              problems: problems, min_score: stageRules.min_score};
    };
  }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return has(values, key) ? String(values[key]) : all;
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
  function clear(box) { while (box.firstChild) { box.removeChild(box.firstChild); } }

  /* Each unreadable value is also told at its field: a message after the input, tied to it by
     aria-describedby, and aria-invalid on the input (WCAG 3.3.1); a field read again loses both. */
  function markFields(form, rules, problems) {
    rules.fields.forEach(function (field) {
      var input = form.elements.namedItem(field.id);
      if (!input || !input.id || typeof input.setAttribute !== "function") { return; }
      var errorId = input.id + "-error", message = document.getElementById(errorId);
      var problem = problems.filter(function (p) { return p.id === field.id; })[0];
      var described = (input.getAttribute("aria-describedby") || "").split(/\s+/)
        .filter(function (id) { return id && id !== errorId; });
      if (problem) {
        if (!message) {
          message = element("span", "pb-try__error");
          message.id = errorId;
          input.parentNode.insertBefore(message, input.nextSibling);
        }
        message.textContent = fill(rules.labels.try_unreadable, problem);
        described.push(errorId);
        input.setAttribute("aria-invalid", "true");
      } else {
        if (message) { message.parentNode.removeChild(message); }
        input.removeAttribute("aria-invalid");
      }
      if (described.length) { input.setAttribute("aria-describedby", described.join(" ")); }
      else { input.removeAttribute("aria-describedby"); }
    });
  }

  /* `scored`: the stage has a score (rules or a threshold); a checklist without one shows no score line. */
  function show(form, labels, result, stage, scored) {
    var box = form.querySelector("[data-pb-result]"), L = labels;
    var yes = stage === "sales_ready" ? L.try_sales_ready : L.try_target;
    var no = stage === "sales_ready" ? L.try_not_sales_ready : L.try_not_target;
    clear(box);
    box.setAttribute("data-target", result.target ? "true" : "false");
    box.setAttribute("data-score", String(result.score));
    box.setAttribute("data-stage", stage);
    var verdict = element("p", "pb-try__verdict pb-try__verdict--" + (result.target ? "yes" : "no"),
                          (result.target ? "\u2714 " : "\u2718 ") + (result.target ? yes : no));
    verdict.setAttribute("data-pb-verdict", result.target ? "target" : "not-target");
    box.appendChild(verdict);
    if (scored) {
      box.appendChild(element("p", "pb-try__score", fill(L.try_score, {score: result.score, min: result.min_score})));
    }
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

  /* The rules of a form: its data island, parsed; null when it has none (the form then stays inert). */
  function rulesOf(form) {
    var island = form.querySelector('script[type="application/json"][data-pb-rules]');
    if (!island) { return null; }
    try { return JSON.parse(island.textContent); } catch (e) { return null; }
  }
  function cellsOf(form, rules) {
    var cells = {};
    rules.fields.forEach(function (field) {
      var input = form.elements.namedItem(field.id);
      cells[field.id] = input && "value" in input ? String(input.value) : "";
    });
    return cells;
  }
  function stageOf(form, rules) {
    var input = form.elements.namedItem("pb-stage");
    var stage = input && "value" in input ? input.value : "target";
    return has(rules.stages, stage) ? stage : "target";
  }

  function attach(form) {
    if (form.getAttribute("data-pb-ready")) { return; }
    var rules = rulesOf(form);
    if (!rules) { return; }
    form.setAttribute("data-pb-ready", "true");
    var judge = engine(rules), touched = false;
    function update() {
      var stage = stageOf(form, rules);
      var result = judge(stage, cellsOf(form, rules));
      var scored = rules.stages[stage].score.length > 0 || rules.stages[stage].min_score > 0;
      show(form, rules.labels, result, stage, scored);
      markFields(form, rules, result.problems);
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); touched = true; update(); });
    form.addEventListener("input", function () { touched = true; update(); });
    form.addEventListener("change", function () { if (touched) { update(); } });
    form.addEventListener("reset", function () {
      touched = false;
      var stage = stageOf(form, rules), choice = form.elements.namedItem("pb-stage");
      window.setTimeout(function () {
        if (choice && "value" in choice) { choice.value = stage; }
        var box = form.querySelector("[data-pb-result]");
        clear(box);
        box.removeAttribute("data-target");
        box.removeAttribute("data-score");
        box.appendChild(element("p", "", rules.labels.try_waiting));
        markFields(form, rules, []);
      }, 0);
    });
  }
  function boot() {
    var forms = document.querySelectorAll("form[data-pb-try]");
    for (var i = 0; i < forms.length; i++) { attach(forms[i]); }
  }

  /* For tests and other tools: judge a lead by a rules object as the island holds it. */
  window.playbookJudge = function (rules, stage, cells) { return engine(rules)(stage, cells); };
  if (typeof window.document$ !== "undefined" && window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(boot);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
