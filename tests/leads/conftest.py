"""Fixtures for the lead tests: small playbook projects written in the test, and CSV exports."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # leads_support, for the test modules here

from leads_support import MakeProject  # noqa: E402

BASE_FILES = {
    "playbook.yaml": "name: Test playbook\ncompany: Test Co\nversion: 0.1.0\nlanguage: {language}\n",
    "icp.yaml": "segments: []\n",
    "glossary.yaml": "terms: []\n",
    "lead_path.yaml": "stages: []\n",
}

SIGNED = """\
agreed_by:
  marketing: {name: M, date: 2026-10-01}
  sales: {name: S, date: 2026-10-01}
"""


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """`make_project(qualification=YAML, lead_path=YAML, language="en", extra_settings="")` → project folder."""
    counter = iter(range(1000))

    def make(
        qualification: str = "", lead_path: str | None = None, language: str = "en", extra_settings: str = ""
    ) -> Path:
        root = tmp_path / f"project{next(counter)}"
        data = root / "data"
        data.mkdir(parents=True)
        for name, text in BASE_FILES.items():
            (data / name).write_text(text.format(language=language), encoding="utf-8")
        if extra_settings:
            with (data / "playbook.yaml").open("a", encoding="utf-8") as f:
                f.write(textwrap.dedent(extra_settings))
        if lead_path is not None:
            (data / "lead_path.yaml").write_text(textwrap.dedent(lead_path), encoding="utf-8")
        (data / "qualification.yaml").write_text(SIGNED + textwrap.dedent(qualification), encoding="utf-8")
        return root

    return make
