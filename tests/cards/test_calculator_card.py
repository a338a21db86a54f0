"""Worksheet cards: each calculator prints its inputs with blanks and its formulas in words, in its language."""

from __future__ import annotations

from pathlib import Path

from cards_support import FIXTURES, Built, build, page_size, pages, text
from tests_support import copy_project

A4_POINTS = (595, 842)


def test_the_example_worksheet(en_cards: Built) -> None:
    pdf = en_cards.out / "calculators" / "cost-of-waiting.pdf"
    assert pdf in en_cards.run.written
    width, height = page_size(pdf)
    assert pages(pdf) == 1 and (round(width), round(height)) == A4_POINTS
    words = text(pdf)
    for expected in (
        "WORKSHEET",
        "Cost of a car waiting for parts",
        "FILL IN",
        "Lifts in the garage usually 4",
        "Current supplier circle one: marketplace / dealer / several",
        "Open on Saturdays circle one: yes / no",
        "WORK OUT",
        "Lost labour per month today = Lifts in the garage × Cars per lift and month waiting for a part × Hours a "
        "car waits for its part × Hourly labour rate × 0.5 EUR",
        "rounded to the nearest 10",
        "Worth a trial order = if Saved per month with next-day delivery is at least 200: “yes, clearly”, "
        "otherwise “compare on price”",
    ):
        assert expected in words, expected


RUSSIAN = """\
name: Экономия на простое
inputs:
  - {id: vorota, label: Ворот в цеху, default: 1500.5, unit: шт.}
  - {id: tarif, label: Тариф, type: choice, options: [базовый, премиум]}
outputs:
  - id: itogo
    label: Экономия в месяц
    formula: "round(if(tarif == 'премиум', vorota * 1.5, vorota) / 3, 2) - min(vorota, 10)"
    unit: руб.
owner: Маркетинг
reviewed: 2026-11-01
"""


def test_a_worksheet_speaks_the_playbooks_language(tmp_path: Path) -> None:
    project = copy_project(FIXTURES / "ru", tmp_path / "project")
    (project / "data" / "calculators").mkdir()
    (project / "data" / "calculators" / "ekonomiya.yaml").write_text(RUSSIAN, encoding="utf-8")
    out = tmp_path / "cards"
    run = build(project, out, ids=["calculators/ekonomiya"])
    assert run.written == [out / "calculators" / "ekonomiya.pdf"]
    words = text(out / "calculators" / "ekonomiya.pdf")
    for expected in (
        "БЛАНК РАСЧЁТА",
        "ВПИШИТЕ",
        "Ворот в цеху обычно 1 500,5 шт.",
        "Тариф обведите одно: базовый / премиум",
        "ПОСЧИТАЙТЕ",
        "Экономия в месяц = ((если Тариф — это «премиум»: Ворот в цеху × 1,5, иначе Ворот в цеху) ÷ 3), "
        "округлённое до 2 знаков после запятой − наименьшее из: Ворот в цеху, 10",
        "руб.",
    ):
        assert expected in words.replace("\u00a0", " "), expected
