"""Calculators on the built site: their own page with the form, the index in the nav, the form on `used_on` pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from site_support import FIXTURES, Html, build, page
from tests_support import copy_project

ISLAND = '<script type="application/json" data-pb-calculator>'


def _island(html: str) -> dict[str, Any]:
    island: dict[str, Any] = json.loads(html.split(ISLAND, 1)[1].split("</script>", 1)[0])
    return island


def test_the_calculator_page_holds_the_form_and_its_data_island(en_site: Path) -> None:
    html = page(en_site, "calculators/cost-of-waiting")
    assert '<form class="pb-calc" data-pb-calc="cost-of-waiting"' in html
    island = _island(html)
    assert island["id"] == "cost-of-waiting" and island["language"] == "en"
    assert [o["id"] for o in island["outputs"]] == [
        "waiting_hours",
        "our_hours",
        "monthly_loss",
        "monthly_saving",
        "verdict",
    ]
    parsed = Html(html)
    labels = {attrs.get("for") for tag, attrs in parsed.elements if tag == "label"}
    assert {"pb-calc-cost-of-waiting-lifts", "pb-calc-cost-of-waiting-supplier"} <= labels
    # The results for the starting values are in the page before any script runs.
    assert (
        'data-pb-output="monthly_loss" aria-labelledby="pb-calc-cost-of-waiting-monthly_loss-label">2,160</output>'
        in html
    )
    assert "How it is worked out" in html and "rounded to the nearest 10" in html
    assert "../../assets/calculator.js" in html and "../../assets/calculator.css" in html
    assert (en_site / "assets" / "calculator.js").is_file()
    assert 'href="../../cards/calculators/cost-of-waiting.pdf"' in html


def test_the_index_is_in_the_nav(en_site: Path) -> None:
    home = page(en_site, "")
    assert 'href="calculators/"' in home and "Calculators" in Html(home).text
    index = page(en_site, "calculators")
    assert 'href="cost-of-waiting/"' in index and "Cost of a car waiting for parts" in index


def test_used_on_pages_embed_the_form(en_site: Path) -> None:
    for path in ("products/next-day-delivery", "objections/too-expensive"):
        html = page(en_site, path)
        assert html.count(ISLAND) == 1, path
        assert 'id="calculator-cost-of-waiting"' in html
        assert 'href="../../calculators/cost-of-waiting/"' in html
    assert ISLAND not in page(en_site, "products/vin-lookup")


def test_a_russian_playbook_shows_its_calculator_in_russian(tmp_path: Path) -> None:
    project = copy_project(FIXTURES / "ru", tmp_path / "project")
    (project / "data" / "calculators").mkdir()
    (project / "data" / "calculators" / "ekonomiya.yaml").write_text(
        "name: Экономия\ninputs:\n  - {id: vorota, label: Ворота, default: 1500.5}\n"
        "outputs:\n  - {id: itogo, label: Итого, formula: 'vorota * 2', unit: руб., round: 2}\n"
        "used_on: [products/servis-24]\nowner: Маркетинг\nreviewed: 2026-11-01\n",
        encoding="utf-8",
    )
    result = build(project, tmp_path / "site", "--no-cards")
    assert result.exit_code == 0, result.output
    html = page(tmp_path / "site", "calculators/ekonomiya")
    assert "<legend>Вы вводите</legend>" in html and "Результаты" in html
    assert 'value="1500,5"' in html  # as a person types it back
    assert '>3\u00a0001,00</output> <span class="pb-calc__unit">руб.</span>' in html
    assert _island(html)["language"] == "ru"
    assert "Посчитайте: Экономия" in page(tmp_path / "site", "products/servis-24")
