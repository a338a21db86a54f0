/* Playbook: calculator forms, worked out live with the same engine as `playbook calc`.
 *
 * The same file for every page and every playbook: each form carries its calculator (inputs, the
 * formulas compiled to JSON trees, words, number-reading patterns) in a JSON data island
 * (<script type="application/json" data-pb-calculator>), written by playbook/calculators/form.py.
 * No eval, no inline script, no markup built from content: every text reaches the page through
 * textContent. The evaluation mirrors playbook/calculators/engine.py step by step.
 */
(function () {
  "use strict";

  var POWERS_OF_TEN = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
    10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000, 1000000000000000];
  var WHOLE_FROM = 4503599627370496;

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function isNumber(value) { return typeof value === "number"; }
  function finite(number) { return isFinite(number) ? number : null; }

  function roundTo(value, digits) {
    var scale = POWERS_OF_TEN[Math.abs(digits)];
    var scaled = digits >= 0 ? value * scale : value / scale;
    var size = Math.abs(scaled);
    if (size >= WHOLE_FROM) { return value; }
    var whole = Math.floor(size);
    if (size - whole >= 0.5) { whole += 1; }
    var signed = scaled >= 0 ? whole : -whole;
    return digits >= 0 ? signed / scale : signed * scale;
  }

  function arithmetic(op, a, b) {
    if (!isNumber(a) || !isNumber(b)) { return null; }
    if (op === "+") { return finite(a + b); }
    if (op === "-") { return finite(a - b); }
    if (op === "*") { return finite(a * b); }
    if (b === 0) { return null; }
    return finite(a / b);
  }

  function compare(op, a, b) {
    if (a === null || b === null) { return null; }
    if (op === "==") { return a === b; }
    if (op === "!=") { return a !== b; }
    if (!isNumber(a) || !isNumber(b)) { return null; }
    if (op === "<") { return a < b; }
    if (op === "<=") { return a <= b; }
    if (op === ">") { return a > b; }
    return a >= b;
  }

  function extreme(op, values) {
    var best = null;
    for (var i = 0; i < values.length; i++) {
      var value = values[i];
      if (!isNumber(value)) { return null; }
      if (best === null || (op === "min" ? value < best : value > best)) { best = value; }
    }
    return best;
  }

  function evaluate(tree, env) {
    if (!has(tree, "op")) {
      if (has(tree, "num")) { return Number(tree.num); }
      if (has(tree, "text")) { return String(tree.text); }
      if (has(tree, "bool")) { return tree.bool === true; }
      return has(env, tree["var"]) ? env[tree["var"]] : null;
    }
    var op = tree.op, a, b, value;
    if (op === "if") {
      var condition = evaluate(tree.c, env);
      if (typeof condition !== "boolean") { return null; }
      return evaluate(condition ? tree.a : tree.b, env);
    }
    if (op === "and" || op === "or") {
      a = evaluate(tree.a, env);
      b = evaluate(tree.b, env);
      var decisive = op === "or";
      if (a === decisive || b === decisive) { return decisive; }
      if (typeof a !== "boolean" || typeof b !== "boolean") { return null; }
      return !decisive;
    }
    if (op === "not") {
      value = evaluate(tree.a, env);
      return typeof value === "boolean" ? !value : null;
    }
    if (op === "neg") {
      value = evaluate(tree.a, env);
      return isNumber(value) ? -value : null;
    }
    if (op === "abs") {
      value = evaluate(tree.a, env);
      return isNumber(value) ? Math.abs(value) : null;
    }
    if (op === "round") {
      value = evaluate(tree.a, env);
      return isNumber(value) ? roundTo(value, tree.d) : null;
    }
    if (op === "min" || op === "max") {
      return extreme(op, tree.args.map(function (arg) { return evaluate(arg, env); }));
    }
    a = evaluate(tree.a, env);
    b = evaluate(tree.b, env);
    if (op === "+" || op === "-" || op === "*" || op === "/") { return arithmetic(op, a, b); }
    return compare(op, a, b);
  }

  function finish(value, digits) {
    if (!isNumber(value)) { return value; }
    if (digits !== null && digits !== undefined) { value = roundTo(value, digits); }
    return value + 0;
  }

  /* Every output of a calculator (the island's data) for input values by id. */
  function run(calculator, inputs) {
    var env = {}, results = {};
    Object.keys(inputs).forEach(function (key) { env[key] = inputs[key]; });
    calculator.outputs.forEach(function (output) {
      env[output.id] = results[output.id] = finish(evaluate(output.tree, env), output.round);
    });
    return results;
  }

  /* Numbers for people, in the playbook's language. */
  function formatNumber(value, language, digits) {
    var options = {signDisplay: "negative"};
    if (digits !== null && digits !== undefined) {
      options.minimumFractionDigits = options.maximumFractionDigits = Math.max(digits, 0);
    } else {
      options.maximumFractionDigits = 3;
    }
    return new Intl.NumberFormat(language, options).format(value);
  }
  function formatValue(value, language, digits, labels) {
    if (value === null || value === undefined) { return "\u2014"; }
    if (typeof value === "boolean") { return value ? labels.rule_yes : labels.rule_no; }
    if (isNumber(value)) { return formatNumber(value, language, digits); }
    return String(value);
  }

  /* Reading what a person typed, as playbook/rules/values.py reads a number. */
  function Unreadable() {}
  function reader(read) {
    var TRIM = new RegExp("^[" + read.space + "]+|[" + read.space + "]+$", "g");
    var GROUPS = new RegExp("[" + read.groups + "]", "g");
    var COMMA = new RegExp("^(?:" + read.comma + ")$");
    var NUMBER = new RegExp("^(?:" + read.number + ")$");
    return function (text) {
      var trimmed = String(text).replace(TRIM, "");
      if (!trimmed) { return null; }
      var compact = NUMBER.test(trimmed) ? trimmed : trimmed.replace(GROUPS, "");
      var comma = COMMA.exec(compact);
      if (comma) {
        if (comma[1].length === 3) { throw new Unreadable(); }
        compact = compact.replace(",", ".");
      }
      if (!NUMBER.test(compact)) { throw new Unreadable(); }
      var number = Number(compact);
      if (!isFinite(number)) { throw new Unreadable(); }
      return number;
    };
  }

  function fill(template, values) {
    return String(template).replace(/\{([a-z_]+)\}/g, function (whole, key) {
      return has(values, key) ? String(values[key]) : whole;
    });
  }

  function calculatorOf(form) {
    var island = form.querySelector('script[type="application/json"][data-pb-calculator]');
    if (!island) { return null; }
    try { return JSON.parse(island.textContent); } catch (e) { return null; }
  }

  /* The form's values by input id: a number, a choice, yes/no, or null when missing or invalid. */
  function valuesOf(form, calculator, readNumber) {
    var values = {};
    calculator.inputs.forEach(function (input) {
      var control = form.elements.namedItem(input.id), message = "", value = null;
      if (!control) { values[input.id] = null; return; }
      if (input.type === "bool") {
        value = control.checked === true;
      } else if (input.type === "choice") {
        value = input.options.indexOf(control.value) >= 0 ? control.value : null;
      } else {
        try {
          value = readNumber(control.value);
        } catch (e) {
          message = fill(calculator.labels.calc_not_a_number, input.shown);
        }
        if (value !== null && input.min !== null && value < input.min) {
          message = fill(calculator.labels.calc_at_least, input.shown);
          value = null;
        } else if (value !== null && input.max !== null && value > input.max) {
          message = fill(calculator.labels.calc_at_most, input.shown);
          value = null;
        }
        if (message) { control.setAttribute("aria-invalid", "true"); } else { control.removeAttribute("aria-invalid"); }
        var box = form.querySelector('[data-pb-message="' + input.id + '"]');
        if (box) { box.textContent = message; }
      }
      values[input.id] = value;
    });
    return values;
  }

  function show(form, calculator, results) {
    calculator.outputs.forEach(function (output) {
      var element = form.querySelector('[data-pb-output="' + output.id + '"]');
      if (!element) { return; }
      var value = results[output.id];
      element.textContent = formatValue(value, calculator.language, output.round, calculator.labels);
      if (value === null) {
        element.setAttribute("title", calculator.labels.calc_no_result);
      } else {
        element.removeAttribute("title");
      }
    });
  }

  function attach(form) {
    if (form.getAttribute("data-pb-ready")) { return; }
    var calculator = calculatorOf(form);
    if (!calculator) { return; }
    form.setAttribute("data-pb-ready", "true");
    var readNumber = reader(calculator.read);
    function update() { show(form, calculator, run(calculator, valuesOf(form, calculator, readNumber))); }
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    update();
  }
  function boot() {
    var forms = document.querySelectorAll("form[data-pb-calc]");
    for (var i = 0; i < forms.length; i++) { attach(forms[i]); }
  }

  /* For tests and other tools: a calculator's outputs for typed values, and numbers as the page shows them. */
  window.playbookCalculate = run;
  window.playbookFormatNumber = formatNumber;
  window.playbookReadNumber = function (read, text) {
    try { return reader(read)(text); } catch (e) { return "unreadable"; }
  };
  if (typeof window.document$ !== "undefined" && window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(boot);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
