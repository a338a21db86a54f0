"""The browser script's verdicts equal Python's on thousands of generated leads (run in Node, when installed)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from playbook.labels import labels
from playbook.model import Playbook, Qualification
from playbook.rules.browser import SCRIPT, compiled_rules, data_island
from playbook.rules.evaluate import RuleSet

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")

QUALIFICATION = {
    "fields": [
        {"id": "t", "label": "Text", "type": "text"},
        {"id": "n", "label": "Number", "type": "number"},
        {"id": "b", "label": "Bool", "type": "bool"},
        {"id": "d", "label": "Date", "type": "date"},
    ],
    "target": {
        "require": [
            {"field": "t", "eq": "Opel"},
            {"field": "t", "ne": "opel"},
            {"field": "t", "in": ["a", "Ž", "straße"]},
            {"field": "t", "not_in": ["a", "b"]},
            {"field": "t", "contains": "PE"},
            {"field": "t", "gt": "m"},
            {"field": "t", "lte": "b"},
            {"field": "t", "exists": "true"},
            {"field": "t", "exists": "false"},
            {"field": "n", "eq": "5"},
            {"field": "n", "ne": "5"},
            {"field": "n", "in": ["1", "2.5", "1500"]},
            {"field": "n", "not_in": ["0"]},
            {"field": "n", "gt": "2,5"},
            {"field": "n", "gte": "-1"},
            {"field": "n", "lt": "1e3"},
            {"field": "n", "lte": "0"},
            {"field": "n", "contains": "5"},
            {"field": "n", "eq": "many"},
            {"field": "b", "eq": "yes"},
            {"field": "b", "ne": "false"},
            {"field": "b", "in": ["1"]},
            {"field": "b", "not_in": ["no"]},
            {"field": "b", "gt": "false"},
            {"field": "b", "contains": "e"},
            {"field": "d", "eq": "2026-11-22"},
            {"field": "d", "lt": "2026-12-01"},
            {"field": "d", "gte": "2026-11-22"},
            {"field": "d", "in": ["2026-01-01", "2026-11-22"]},
            {"field": "d", "ne": "2026-11-22"},
            {"field": "d", "contains": "11"},
            {"not": {"field": "n", "gt": "3"}},
            {
                "all": [
                    {"field": "t", "exists": "true"},
                    {"any": [{"field": "n", "gt": "3"}, {"field": "b", "eq": "1"}]},
                ]
            },
            {"any": []},
            {"all": []},
        ],
        "score": [{"when": {"field": "n", "gte": str(i)}, "points": str(i * 7 - 20)} for i in range(6)],
        "min_score": "0",
    },
}
CELLS = {
    "t": [
        "",
        " ",
        "opel",
        " OPEL ",
        "Opel astra",
        "a",
        "B",
        "ž",
        "STRASSE",
        "Straße",
        "peugeot",
        "m",
        "n",
        "\u00a0x",
        "ǅ",
        "İ",
        "ß",
        "😀",
        "\ufeffa",
    ],
    "n": [
        "",
        "5",
        "5.0",
        " 5 ",
        "-1",
        "0",
        "-0",
        "2,5",
        "2,50",
        "1,500",
        "1 500",
        "1e3",
        "1E-2",
        ".5",
        "5.",
        "+3",
        "many",
        "inf",
        "nan",
        "0x10",
        "٣",
        "1\u202f000",
        "999999999999999999999",
        "1e400",
        "12.5e1",
        "1.500,50",
        "1,500.50",
        "1.234.567",
        "1,234,567",
        "1'000",
        "2 000 zł",
        "€1.999,99",
        "-5 EUR",
        "EUR -5",
        "300 lei",
        "2 500 руб.",
        "$1,200",
        "1,5",
        "12 zł 50",
    ],
    "b": [
        "",
        "yes",
        "YES",
        "no",
        "true",
        "False",
        "1",
        "0",
        "maybe",
        " y ",
        "on",
        "1.0",
        "da",
        "Nu",
        "TAK",
        "nie",
        "taip",
        "ne",
        "Да",
        "НЕТ",
        "ИСТИНА",
        "fałsz",
    ],
    "d": [
        "",
        "2026-11-22",
        "2026-11-22 10:00",
        "2026-11-22T10:00:00Z",
        "2026-11-22T10:00+02:00",
        "2026-02-29",
        "2024-02-29",
        "2026-13-01",
        "0000-01-01",
        "22.11.2026",
        "22/11/2026 16:00",
        "1-2-2026",
        "31.02.2026",
        "22.11.2026 4:30 PM",
        "2026-1-1",
        "soon",
        "2026-12-01",
        "2025-12-31",
    ],
}


@pytest.mark.parametrize("language", ["en", "lt"])
def test_javascript_and_python_give_the_same_verdicts(tmp_path: Path, language: str) -> None:
    qualification = Qualification.model_validate(
        {**QUALIFICATION, "sales_ready": {"require": [{"field": "b", "eq": "yes"}], "requires_target": True}}
    )
    playbook = Playbook.__new__(Playbook)
    playbook.qualification = qualification
    playbook.settings = SimpleNamespace(language=language)  # type: ignore[assignment]
    rng = random.Random(20261122)
    leads = [{name: rng.choice(values) for name, values in CELLS.items()} for _ in range(3000)]
    leads += [
        {name: value, **{other: "" for other in CELLS if other != name}}
        for name, values in CELLS.items()
        for value in values
    ]
    expected = []
    for stage in ("target", "sales_ready"):
        rules = RuleSet(qualification, stage, labels("en"), language)
        for cells in leads:
            verdict, problems = rules.evaluate(cells)
            expected.append([verdict.target, verdict.score, verdict.failed, len(problems)])
    # The rules as the page carries them (the data island's text), judged by the static script.
    (tmp_path / "rules.json").write_text(data_island(compiled_rules(playbook, labels("en"))), encoding="utf-8")
    harness = tmp_path / "harness.js"
    harness.write_text(
        "var window = globalThis;\n"
        "var document = {readyState: 'complete', querySelectorAll: function () { return []; }};\n"
        + SCRIPT.read_text(encoding="utf-8")
        + "\nvar fs = require('fs');\n"
        "var rules = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));\n"
        "var leads = JSON.parse(fs.readFileSync(0, 'utf8'));\n"
        "var judge = function (stage) { return function (cells) {\n"
        "  var v = window.playbookJudge(rules, stage, cells);\n"
        "  return [v.target, v.score, v.failed, v.problems.length];\n"
        "}; };\n"
        "process.stdout.write(JSON.stringify(leads.map(judge('target')).concat(leads.map(judge('sales_ready')))));\n",
        encoding="utf-8",
    )
    assert NODE is not None
    done = subprocess.run(
        [NODE, str(harness), str(tmp_path / "rules.json")],
        input=json.dumps(leads),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    actual = json.loads(done.stdout)
    mismatches = [
        (cells, want, got) for cells, want, got in zip(leads + leads, expected, actual, strict=True) if want != got
    ]
    assert mismatches == []
