"""Revenue and spend per campaign (`funnel --spend`), on the gates-and-parts story, every figure by hand.

gates-search  G1 won 12000.00; G2 won twice, last amount 8500.50; G3 lost (its 5000 is no revenue)
              leads 3, won 2, revenue 20500.50, spend 3000.00, per lead 1000.00, per won 1500.00,
              ROI (20500.50 - 3000) / 3000 = 5.8335
parts-cheap   P1 won without an amount, P2-P4 new: leads 4, won 1, revenue 0.00,
              spend 1000.10 + 0.20 (two rows, "Parts-Cheap " matched ignoring case) = 1000.30,
              per lead 250.075 -> 250.08, per won 1000.30, ROI -1 (a loss)
organic-social S1: leads 1, no spend row -> spend null, warned
zero          Z1 new: spend 0 -> per lead 0.00, no won deal -> per won null, ROI null
(none)        N1 has no campaign: no spend expected, no warning
trade-fair    spend 250 and no lead: a row of its own (ROI -1), warned
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner
from leads_support import MakeProject, write_csv

from playbook.cli.main import cli

LEAD_PATH = """\
stages:
  - {id: new, name: New lead, owner: marketing}
  - {id: won, name: Customer, owner: sales, terminal: true}
  - {id: lost, name: Lost, owner: shared, terminal: true}
handoffs:
  - {from: new, to: won, on_reject: lost}
kpis:
  - {id: win, label: Win rate, from: new, to: won, owner: sales, target: 0.2}
"""

EXPORT = """\
lead_id,stage,timestamp,campaign,amount
G1,new,2026-10-01,gates-search,
G1,won,2026-10-10,,12000.00
G2,new,2026-10-02,gates-search,
G2,won,2026-10-12,,8000
G2,won,2026-10-15,,"8,500.50"
G3,new,2026-10-03,gates-search,
G3,lost,2026-10-20,,5000
P1,new,2026-10-01,parts-cheap,
P1,won,2026-10-05,,
P2,new,2026-10-01,parts-cheap,
P3,new,2026-10-01,parts-cheap,
P4,new,2026-10-01,parts-cheap,
S1,new,2026-10-01,organic-social,
Z1,new,2026-10-01,zero,
N1,new,2026-10-01,,
"""

SPEND = """\
campaign,spend
gates-search,3000.00
Parts-Cheap ,1000.10
parts-cheap,€0.20
zero,0
trade-fair,250
"""


def _run(make_project: MakeProject, tmp_path: Path, fmt: str) -> tuple[int, str, str]:
    root = make_project("fields: []\n", lead_path=LEAD_PATH)
    export = write_csv(tmp_path / "funnel.csv", EXPORT)
    spend = write_csv(tmp_path / "spend.csv", SPEND)
    args = ["-C", str(root), "funnel", str(export), "--spend", str(spend), "--as-of", "2026-11-01", "--format", fmt]
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stdout, result.stderr


def test_json_money_per_campaign_to_the_cent(make_project: MakeProject, tmp_path: Path) -> None:
    code, out, err = _run(make_project, tmp_path, "json")
    assert code == 0, err
    report = json.loads(out)
    rows = {b["value"]: b for b in report["by_campaign"]}
    money = ("leads", "won", "target", "revenue", "spend", "cost_per_lead", "cost_per_won", "roi")
    figures = {name: tuple(row[k] for k in money) for name, row in rows.items()}
    assert figures == {
        "parts-cheap": (4, 1, None, 0.0, 1000.3, 250.08, 1000.3, -1.0),
        "gates-search": (3, 2, None, 20500.5, 3000.0, 1000.0, 1500.0, 5.8335),
        "organic-social": (1, 0, None, 0.0, None, None, None, None),
        "zero": (1, 0, None, 0.0, 0.0, 0.0, None, None),
        "": (1, 0, None, 0.0, None, None, None, None),
        "trade-fair": (0, 0, None, 0.0, 250.0, None, None, -1.0),
    }
    assert [b["value"] for b in report["by_campaign"]] == [
        "parts-cheap",
        "gates-search",
        "organic-social",
        "zero",
        "",
        "trade-fair",
    ]
    assert report["warnings"] == [
        "campaign `organic-social` has 1 lead(s) and no row in the spend file",
        "spend file: campaign `trade-fair` (250.00) has no lead in the export",
    ]
    assert "warning: spend file: campaign `trade-fair`" in err


def test_text_marks_the_loss(make_project: MakeProject, tmp_path: Path) -> None:
    code, out, _ = _run(make_project, tmp_path, "text")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()[out.splitlines().index("") :] if line.strip()}
    assert "1,000.30" in lines["parts-cheap"] and "250.08" in lines["parts-cheap"]
    assert lines["parts-cheap"].endswith("-100.0%  LOSS")
    assert "20,500.50" in lines["gates-search"] and lines["gates-search"].endswith("583.4%")


def test_csv_carries_the_money_rows(make_project: MakeProject, tmp_path: Path) -> None:
    code, out, _ = _run(make_project, tmp_path, "csv")
    assert code == 0
    rows = {(r[1], r[2]): r[3] for r in csv.reader(io.StringIO(out)) if r[0] == "campaign"}
    assert rows[("gates-search", "revenue")] == "20500.5"
    assert rows[("parts-cheap", "roi")] == "-1.0"
    assert rows[("zero", "cost_per_won")] == ""


def test_target_leads_when_the_rows_carry_the_sheet_fields(make_project: MakeProject, tmp_path: Path) -> None:
    sheet = "fields:\n  - {id: brand, label: Brand}\ntarget:\n  require:\n    - {field: brand, eq: opel}\n"
    root = make_project(sheet, lead_path=LEAD_PATH)
    export = write_csv(
        tmp_path / "f.csv",
        "lead_id,stage,timestamp,campaign,brand\nA,new,2026-10-01,c,opel\nB,new,2026-10-01,c,ford\n"
        "C,new,2026-10-01,c,\nC,won,2026-10-02,,Opel\n",
    )
    result = CliRunner().invoke(
        cli, ["-C", str(root), "funnel", str(export), "--as-of", "2026-11-01", "--format", "json"]
    )
    row = json.loads(result.stdout)["by_campaign"][0]
    assert (row["leads"], row["target"], row["won"], row["revenue"], row["spend"]) == (3, 2, 1, None, None)
