"""Win/loss against each competitor from field notes and the funnel export's `competitor` column, by hand.

Today is 2026-11-22 (quarter 4): the previous quarter ends on 2026-09-30.

    acme   feedback: won 2026-08-01 (1200.50), lost 2026-09-10, won 2026-10-05 (800)
           crm:      L1 won 2026-10-20 (competitor on the won row, by name "ACME Parts")
                     L2 lost 2026-11-01 (competitor only on its first row)
           now: won 3, lost 2 -> 60%, 5 deals; before: won 1, lost 1 -> 50%; change +10 pp
    bolt   crm:      L3 lost 2026-07-15 -> 0%, 1 deal; before 0% -> ±0 pp
    zeta   feedback: won 2026-12-01 (after today: not counted) -> no deal
    L4 is open (no terminal stage), L5 names an unknown competitor: neither counts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from leads_support import MakeProject, write_csv
from pydantic import ValidationError

from playbook.labels import labels
from playbook.leads.funnel_read import crm_deals
from playbook.leads.win_loss import Deal, previous_quarter_end, ranked, shown, win_rates
from playbook.model import FeedbackNote
from playbook.project import check_project

LEAD_PATH = """\
stages:
  - {id: new, name: New lead, owner: marketing}
  - {id: sql, name: SQL, owner: sales}
  - {id: won, name: Customer, owner: sales, terminal: true}
  - {id: lost, name: Lost, owner: shared, terminal: true}
handoffs:
  - {from: new, to: sql, on_reject: lost}
  - {from: sql, to: won, on_reject: lost}
kpis:
  - {id: win, label: Win rate, from: sql, to: won, owner: sales, target: 0.3}
"""

FEEDBACK = """\
- {date: 2026-08-01, from: A, about: competitors/acme, outcome: won, amount: 1200.50, note: x}
- {date: 2026-09-10, from: A, about: competitors/acme, outcome: lost, note: x}
- {date: 2026-10-05, from: A, about: competitors/acme, outcome: won, amount: 800, note: x}
- {date: 2026-10-06, from: A, about: competitors/acme, outcome: open, note: still talking}
- {date: 2026-12-01, from: A, about: competitors/zeta, outcome: won, note: x}
"""

EXPORT = """\
lead_id,stage,timestamp,competitor
L1,new,2026-10-01 09:00,
L1,sql,2026-10-02 09:00,
L1,won,2026-10-20 09:00,ACME Parts
L2,new,2026-10-10 09:00,acme
L2,lost,2026-11-01 09:00,
L3,new,2026-07-01 09:00,
L3,lost,2026-07-15 09:00,Bolt
L4,new,2026-10-01 09:00,acme
L4,sql,2026-10-03 09:00,acme
L5,new,2026-10-01 09:00,
L5,won,2026-10-04 09:00,Nobody Ltd
"""

TODAY = dt.date(2026, 11, 22)


def _project(make_project: MakeProject) -> Path:
    root = make_project("fields: []\n", lead_path=LEAD_PATH, extra_settings="funnel_export: funnel.csv\n")
    folder = root / "data" / "competitors"
    folder.mkdir()
    for cid, name in (("acme", "ACME Parts"), ("bolt", "Bolt"), ("zeta", "Zeta")):
        (folder / f"{cid}.yaml").write_text(f"name: {name}\n", encoding="utf-8")
    (root / "data" / "feedback").mkdir()
    (root / "data" / "feedback" / "notes.yaml").write_text(FEEDBACK, encoding="utf-8")
    write_csv(root / "funnel.csv", EXPORT)
    return root


def test_previous_quarter_end() -> None:
    assert previous_quarter_end(dt.date(2026, 11, 22)) == dt.date(2026, 9, 30)
    assert previous_quarter_end(dt.date(2026, 1, 1)) == dt.date(2025, 12, 31)
    assert previous_quarter_end(dt.date(2026, 6, 30)) == dt.date(2026, 3, 31)


def test_win_rates_from_notes_and_crm_deals(make_project: MakeProject) -> None:
    root = _project(make_project)
    checked = check_project(root, TODAY)
    assert checked.playbook is not None, checked.diagnostics
    deals = crm_deals(checked.playbook, root)
    assert sorted((d.competitor, d.outcome, d.date.isoformat()) for d in deals) == [
        ("acme", "lost", "2026-11-01"),
        ("acme", "won", "2026-10-20"),
        ("bolt", "lost", "2026-07-15"),
    ]
    rates = win_rates(checked.playbook, deals, TODAY)
    acme, bolt, zeta = rates["acme"], rates["bolt"], rates["zeta"]
    assert (acme.won, acme.lost, acme.deals, acme.rate) == (3, 2, 5, 0.6)
    assert (acme.previous_won, acme.previous_lost, acme.previous_rate) == (1, 1, 0.5)
    assert acme.change_points == pytest.approx(10.0)
    assert acme.won_amount == Decimal("2000.50")
    en = shown(acme, "en", labels("en"))
    assert en["rate"] == "60%" and en["change"] == "+10 pp"
    ru = shown(acme, "ru", labels("ru"))
    assert ru["rate"] == "60\u00a0%" and ru["change"] == "+10 п. п."
    assert (bolt.deals, bolt.rate, bolt.change_text()) == (1, 0.0, "±0 pp")
    assert shown(bolt, "ru", labels("ru"))["change"] == "±0 п. п."
    assert shown(bolt, "en", labels("en"))["falling"] is False
    assert (zeta.deals, zeta.rate, zeta.change_text()) == (0, None, "-")
    assert [r.competitor for r in ranked(rates)] == ["acme", "bolt", "zeta"]


def test_ties_rank_by_more_deals_then_id(make_project: MakeProject) -> None:
    root = _project(make_project)
    checked = check_project(root, TODAY)
    assert checked.playbook is not None
    crm = [Deal("bolt", "won", dt.date(2026, 10, 1)), Deal("bolt", "lost", dt.date(2026, 10, 2))]
    crm += [Deal("zeta", "won", dt.date(2026, 10, 1)), Deal("zeta", "lost", dt.date(2026, 10, 2))]
    rates = win_rates(checked.playbook, crm, TODAY)
    # Notes only for acme: won 2, lost 1 = 67%; bolt 1/2 and zeta 1/2 tie at 50% on 2 deals each: by id.
    assert [(r.competitor, r.won, r.lost) for r in ranked(rates)] == [("acme", 2, 1), ("bolt", 1, 1), ("zeta", 1, 1)]
    crm.append(Deal("zeta", "won", dt.date(2026, 10, 3)))
    crm.append(Deal("zeta", "lost", dt.date(2026, 10, 4)))
    # zeta 2/4 = 50% like bolt, on more deals: first of the two.
    assert [r.competitor for r in ranked(win_rates(checked.playbook, crm, TODAY))] == ["acme", "zeta", "bolt"]
    tie = win_rates(checked.playbook, [Deal("bolt", "won", dt.date(2026, 10, 1))] * 2, TODAY)
    assert (tie["bolt"].won, tie["bolt"].lost) == (2, 0)


def test_no_export_or_no_competitor_column_gives_no_crm_deals(make_project: MakeProject) -> None:
    root = _project(make_project)
    write_csv(root / "funnel.csv", "lead_id,stage,timestamp\nL1,won,2026-10-01\n")
    checked = check_project(root, TODAY)
    assert checked.playbook is not None
    assert crm_deals(checked.playbook, root) == []


def test_an_amount_belongs_to_a_deal_won_or_lost() -> None:
    note = {"date": "2026-10-01", "from": "A", "about": "competitors/acme", "note": "x", "amount": "99.99"}
    assert FeedbackNote.model_validate({**note, "outcome": "lost"}).amount == Decimal("99.99")
    with pytest.raises(ValidationError, match="outcome: won"):
        FeedbackNote.model_validate({**note, "outcome": "open"})
    with pytest.raises(ValidationError):
        FeedbackNote.model_validate({**note, "outcome": "won", "amount": "-5"})


def test_the_battle_card_page_and_the_index_show_the_win_rate(make_project: MakeProject) -> None:
    from playbook.pages import render_site

    root = _project(make_project)
    checked = check_project(root, TODAY)
    assert checked.playbook is not None
    site = render_site(checked.playbook, root, deals=crm_deals(checked.playbook, root), workers=1)
    page = site.pages["competitors/acme.md"]
    assert "60&#37;" in page and "&#43;10 pp" in page
    index = site.pages["competitors/index.md"]
    assert index.index("ACME Parts</a>") < index.index("Bolt</a>")  # sorted by win rate
    assert "Zeta</a></td>" not in index  # no deal: not in the win-rate table
