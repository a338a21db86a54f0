"""Helpers for the card tests: building cards, and reading PDFs with poppler-utils and zbar."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from playbook.cards import CardsRun, run_cards
from playbook.project import check_project


@dataclass(frozen=True)
class Built:
    """A project copy and the cards built from it."""

    project: Path
    out: Path
    run: CardsRun


REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "playbooks"
TODAY = dt.date(2026, 11, 22)
A6_POINTS = (297.64, 419.53)
A5_POINTS = (419.53, 595.28)


def build(project: Path, out: Path, *, today: dt.date = TODAY, **options: object) -> CardsRun:
    """Every card of `project` into `out`, as `playbook cards` makes them."""
    checked = check_project(project, today)
    assert checked.playbook is not None, "\n".join(str(d) for d in checked.diagnostics)
    return run_cards(checked.playbook, project, out, today=today, progress=False, **options)  # type: ignore[arg-type]


def text(pdf: Path) -> str:
    """The text of `pdf` (pdftotext), whitespace collapsed to single spaces."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def page_texts(pdf: Path) -> list[str]:
    """The text of each page of `pdf`, whitespace collapsed."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in out.split("\f") if page.strip()]


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert match, info
    return int(match.group(1))


def page_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert match, info
    return float(match.group(1)), float(match.group(2))


def fonts(pdf: Path) -> list[dict[str, str]]:
    """pdffonts' table: name, emb, sub and uni of every font."""
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    rows = []
    for line in lines[2:]:
        parts = line.split()
        # name type... encoding emb sub uni object-id generation
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def qr_codes(pdf: Path, tmp: Path) -> list[str]:
    """The QR codes zbarimg reads on the first page of `pdf` rendered at 300 dpi."""
    png = tmp / f"{pdf.stem}-qr"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "300", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png)], check=True
    )
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f"{png}.png"],
        capture_output=True,
        text=True,
    )
    assert result.returncode in (0, 4), result.stderr  # 4: no symbol found
    return result.stdout.split()
