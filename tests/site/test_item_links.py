"""Links between items: `[label](kind/id)` goes to the item's page on the site (either URL style), to its
address on cards, and a link to a missing item is an error at its position."""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path

import pytest
from tests_support import Invoke

from playbook.loading import load_playbook
from playbook.pages.render import render_site

OBJECTION = "data/objections/too-expensive.yaml"


def _link(minimal: Path) -> None:
    path = minimal / OBJECTION
    text = path.read_text()
    text = text.replace(
        "say: Our price includes next-day delivery;",
        "say: Our price includes [next-day delivery](products/next-day-delivery);",
    )
    text = text.replace(
        "avoid: [Promising a discount on the first call]",
        'avoid: ["Promising a discount (see [their offer](competitors/cheap-parts#pricing))"]',
    )
    path.write_text(text, encoding="utf-8")
    page = minimal / "data/pages/welcome.md"
    page.write_text(page.read_text() + "\nHow to answer [the price question](objections/too-expensive).\n")


@pytest.mark.parametrize(
    "directory_urls,objection_href,competitor_href,page_href",
    [
        (
            True,
            "../../products/next-day-delivery/",
            "../../competitors/cheap-parts/#pricing",
            "../../objections/too-expensive/",
        ),
        (
            False,
            "../products/next-day-delivery.html",
            "../competitors/cheap-parts.html#pricing",
            "../objections/too-expensive.html",
        ),
    ],
)
def test_item_links_point_at_the_items_pages(
    minimal: Path, directory_urls: bool, objection_href: str, competitor_href: str, page_href: str
) -> None:
    _link(minimal)
    loaded = load_playbook(minimal)
    assert loaded.playbook is not None, loaded.diagnostics
    site = render_site(loaded.playbook, minimal, directory_urls=directory_urls, workers=1)
    objection = unescape(site.pages["objections/too-expensive.md"])
    assert f'<a href="{objection_href}">next-day delivery</a>' in objection
    assert f'<a href="{competitor_href}">their offer</a>' in objection
    assert f'<a href="{page_href}">the price question</a>' in unescape(site.pages["pages/welcome.md"])


def test_item_links_in_the_built_site_and_on_cards(minimal: Path, invoke: Invoke, tmp_path: Path) -> None:
    _link(minimal)
    settings = minimal / "data/playbook.yaml"
    settings.write_text(settings.read_text().replace("# site_url:", "site_url:"), encoding="utf-8")
    out = tmp_path / "site"
    built = invoke("-C", minimal, "build", "--out", out)
    assert built.exit_code == 0, built.stderr
    html = unescape((out / "objections/too-expensive/index.html").read_text())
    href = re.search(r'<a href="([^"]+)">next-day delivery</a>', html)
    assert href is not None and href.group(1) == "../../products/next-day-delivery/"
    assert (out / "objections/too-expensive" / href.group(1) / "index.html").resolve().is_file()
    card = subprocess.run(
        ["pdftotext", out / "cards/objections/too-expensive.pdf", "-"], capture_output=True, text=True, check=True
    ).stdout
    squeezed = re.sub(r"[\s-]", "", card)  # pdftotext breaks long addresses, sometimes at a hyphen
    assert "nextdaydelivery(playbook.example.com/products/nextdaydelivery/)" in squeezed, card
    assert "theiroffer(playbook.example.com/competitors/cheapparts/#pricing)" in squeezed, card


def test_cards_without_site_url_keep_the_label_as_text(minimal: Path, invoke: Invoke, tmp_path: Path) -> None:
    _link(minimal)
    out = tmp_path / "cards"
    result = invoke("-C", minimal, "cards", "objections/too-expensive", "--out", out)
    assert result.exit_code == 0, result.stderr
    card = subprocess.run(
        ["pdftotext", out / "objections/too-expensive.pdf", "-"], capture_output=True, text=True, check=True
    ).stdout
    words = " ".join(card.split())
    assert "Our price includes next-day delivery;" in words
    assert "products/next-day-delivery" not in words


def test_a_link_to_a_missing_item_is_an_error_at_its_position(minimal: Path, invoke: Invoke) -> None:
    path = minimal / OBJECTION
    path.write_text(
        path.read_text().replace(
            "avoid: [Promising a discount on the first call]",
            "avoid:\n  - Promising [a discount](products/discount-club)\n  - See [this](calculators/savings)",
        ),
        encoding="utf-8",
    )
    page = minimal / "data/pages/welcome.md"
    page.write_text(page.read_text() + "\nSee [the guide](pages/guide) and [price](objections/too-expensiv).\n")
    checked = invoke("-C", minimal, "check")
    assert checked.exit_code == 1
    lines = checked.stderr.splitlines()
    assert (
        "data/objections/too-expensive.yaml:13:28: link to `products/discount-club`: "
        "there is no product `discount-club`"
    ) in lines
    assert (
        "data/objections/too-expensive.yaml:14:16: link to `calculators/savings`: there is no calculator `savings`"
        in (lines)
    )
    welcome = page.read_text().splitlines()
    line = len(welcome)
    assert f"data/pages/welcome.md:{line}:17: link to `pages/guide`: there is no page `guide`" in lines
    column = welcome[-1].index("objections/") + 1
    assert (
        f"data/pages/welcome.md:{line}:{column}: link to `objections/too-expensiv`: there is no objection "
        "`too-expensiv`, did you mean `objections/too-expensive`?"
    ) in lines
