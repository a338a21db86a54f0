"""`playbook calc ID`: outputs as JSON and as text for the playbook's language; usage errors exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests_support import Invoke

CALCULATOR = """\
name: Fleet saving
inputs:
  - {id: cars, label: Cars, default: 10, min: 1, max: 500}
  - {id: price, label: Price per service, default: 120.5, unit: EUR}
  - {id: plan, label: Plan, type: choice, options: [basic, premium], default: basic}
  - {id: urgent, label: Urgent, type: bool}
  - {id: rate, label: Rate}
outputs:
  - {id: discount, label: Discount, formula: "if(plan == 'premium', 0.15, 0.05) + if(urgent, 0, 0.01)"}
  - {id: yearly, label: Saved per year, formula: "cars * price * 4 * discount", unit: EUR, round: 2}
  - {id: level, label: Level, formula: "if(yearly > 1000, 'high', 'low')"}
  - {id: per_rate, label: Per rate, formula: "yearly / rate"}
owner: Sales
reviewed: 2026-11-01
"""


@pytest.fixture
def project(example_copy: Path) -> Path:
    (example_copy / "data" / "calculators" / "fleet.yaml").write_text(CALCULATOR, encoding="utf-8")
    return example_copy


def _json(invoke: Invoke, project: Path, *args: str) -> dict[str, Any]:
    result = invoke("-C", project, "calc", "fleet", "--format", "json", "--set", "rate=2", *args)
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_json_holds_inputs_and_outputs(project: Path, invoke: Invoke) -> None:
    assert _json(invoke, project) == {
        "inputs": {"cars": 10, "price": 120.5, "plan": "basic", "urgent": False, "rate": 2},
        "outputs": {"discount": 0.060000000000000005, "yearly": 289.2, "level": "low", "per_rate": 144.6},
    }


@pytest.mark.parametrize(
    ("settings", "outputs"),
    [
        (("--set", "cars=100", "--set", "plan=premium"), {"yearly": 7712, "level": "high"}),
        (("--set", "cars=1", "--set", "urgent=yes", "--set", "price=1 000,5"), {"yearly": 200.1, "level": "low"}),
        (("--set", "plan=PREMIUM", "--set", "rate=0"), {"level": "low", "per_rate": None}),
    ],
)
def test_set_changes_the_outputs(
    project: Path, invoke: Invoke, settings: tuple[str, ...], outputs: dict[str, object]
) -> None:
    got = _json(invoke, project, *settings)["outputs"]
    assert {key: got[key] for key in outputs} == outputs


def test_text_is_formatted_for_the_language(project: Path, invoke: Invoke) -> None:
    settings = project / "data" / "playbook.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: lt"), encoding="utf-8")
    result = invoke("-C", project, "calc", "fleet", "--set", "cars=100", "--set", "rate=3")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Fleet saving",
        "",
        "Jūs įvedate",
        "  Cars: 100",
        "  Price per service: 120,5 EUR",
        "  Plan: basic",
        "  Urgent: ne",
        "  Rate: 3",
        "",
        "Rezultatai",
        "  Discount: 0,06",
        "  Saved per year: 2\u00a0892,00 EUR",
        "  Level: high",
        "  Per rate: 964",
    ]


def test_example_calculator(invoke: Invoke) -> None:
    result = invoke("calc", "cost-of-waiting", "--format", "json", "--set", "supplier=dealer")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["outputs"] == {
        "waiting_hours": 6,
        "our_hours": 2,
        "monthly_loss": 1620,
        "monthly_saving": 1080,
        "verdict": "yes, clearly",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("flet",), "Error: there is no calculator `flet`; did you mean `fleet`?"),
        (("fleet", "--set", "car=3"), "Error: the calculator has no input `car`; did you mean `cars`?"),
        (("fleet", "--set", "cars"), "Error: --set wants INPUT=VALUE, e.g. --set cars=6 (found `cars`)"),
        (("fleet", "--set", "cars=many"), "Error: `many` is not a number for `cars`"),
        (("fleet", "--set", "cars=1,500"), "Error: `1,500` is not a number for `cars`"),
        (("fleet", "--set", "cars=0"), "Error: `cars` must be at least 1 (found 0)"),
        (("fleet", "--set", "cars=501"), "Error: `cars` must be at most 500 (found 501)"),
        (("fleet", "--set", "plan=gold"), "Error: `gold` is not an option of `plan`; choose one of: basic, premium"),
        (("fleet", "--set", "urgent=maybe"), "Error: `maybe` is not yes/no (true/false, yes/no or 1/0) for `urgent`"),
        (("fleet",), None),
        (("fleet", "--format", "xml"), None),
    ],
)
def test_usage_errors_exit_2_with_one_sentence(
    project: Path, invoke: Invoke, args: tuple[str, ...], message: str | None
) -> None:
    extra = ("--set", "rate=1") if args[0] == "fleet" and "rate" not in " ".join(args) and message else ()
    result = invoke("-C", project, "calc", *args, *extra)
    assert result.exit_code == 2, result.output
    if message is not None:
        assert result.stderr.strip() == message
    elif args == ("fleet",):
        assert result.stderr.strip() == "Error: input `rate` has no default: give it with --set rate=VALUE"


def test_content_errors_exit_1(project: Path, invoke: Invoke) -> None:
    path = project / "data" / "calculators" / "fleet.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("cars * price", "cars.price"), encoding="utf-8")
    result = invoke("-C", project, "calc", "fleet")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "data/calculators/fleet.yaml:10:55: formula of `yearly`: syntax error: unexpected `.`"
    )
