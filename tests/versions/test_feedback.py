"""The feedback loop: prefilled new-issue links and `playbook feedback import`."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml
from tests_support import Invoke

from playbook.feedback.links import feedback_url


def test_github_link_opens_the_issue_form_with_the_item_and_version() -> None:
    url = feedback_url("https://github.com/example/playbook", "objections/too-expensive", "Too expensive", "1.4.0")
    assert url is not None
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", "/example/playbook/issues/new")
    query = parse_qs(parts.query)
    assert query["template"] == ["field-feedback.yml"]
    assert query["item"] == ["objections/too-expensive"] and query["version"] == ["1.4.0"]
    assert query["title"] == ["Field feedback: Too expensive"]


def test_gitlab_link_prefills_title_and_description() -> None:
    url = feedback_url("https://gitlab.com/acme/playbook.git", "competitors/autodalys", "Autodalys", "2.0")
    assert url is not None and url.startswith("https://gitlab.com/acme/playbook/-/issues/new?")
    description = parse_qs(urlsplit(url).query)["issue[description]"][0]
    assert "competitors/autodalys" in description and "2.0" in description


def test_no_repository_no_link() -> None:
    assert feedback_url(None, "objections/x", "X", "1") is None


ISSUES_CSV = """number,title,author,created_at,body
12,Field feedback: Too expensive,j.kowalski,2026-11-20T10:00:00Z,"### Item

objections/too-expensive

### Playbook version

0.1.0

### Outcome

won

### What happened

Asked about downtime cost; they signed."
13,Field feedback: recycling,a.seller,2026-11-21T09:00:00Z,"### Item

new

### Outcome

open

### What happened

Buyer asked about recycling old parts."
"""


def test_import_from_issue_export_skips_duplicates(minimal: Path, invoke: Invoke, tmp_path: Path) -> None:
    export = tmp_path / "issues.csv"
    export.write_text(ISSUES_CSV, encoding="utf-8")
    first = invoke("-C", minimal, "feedback", "import", export)
    assert first.exit_code == 0, first.stderr
    assert "imported 2 note(s), skipped 0 duplicate(s)" in first.stdout
    notes = yaml.safe_load((minimal / "data/feedback/imported.yaml").read_text())
    assert notes[0] == {
        "date": "2026-11-20",
        "from": "j.kowalski",
        "about": "objections/too-expensive",
        "outcome": "won",
        "note": "Asked about downtime cost; they signed.",
    }
    second = invoke("-C", minimal, "feedback", "import", export)
    assert "imported 0 note(s), skipped 2 duplicate(s)" in second.stdout
    assert invoke("-C", minimal, "check", "--strict").exit_code == 0


def test_import_crm_notes_with_a_column_mapping(minimal: Path, invoke: Invoke, tmp_path: Path) -> None:
    export = tmp_path / "calls.csv"
    export.write_text(
        "\ufeffCall date;Rep;Topic;Result;Notes\n2026-11-18;P. Rep;products/next-day-delivery;lost;Wanted Sunday.\n",
        encoding="utf-8",
    )
    result = invoke(
        "-C",
        minimal,
        "feedback",
        "import",
        export,
        "--map",
        "Call date=date",
        "--map",
        "Rep=from",
        "--map",
        "Topic=about",
        "--map",
        "Result=outcome",
        "--map",
        "Notes=note",
    )
    assert result.exit_code == 0, result.stderr
    notes = yaml.safe_load((minimal / "data/feedback/imported.yaml").read_text())
    assert notes == [
        {
            "date": "2026-11-18",
            "from": "P. Rep",
            "about": "products/next-day-delivery",
            "outcome": "lost",
            "note": "Wanted Sunday.",
        }
    ]


def test_import_reports_unreadable_rows(minimal: Path, invoke: Invoke, tmp_path: Path) -> None:
    export = tmp_path / "bad.csv"
    export.write_text("date,from,about,outcome,note\n2026-13-01,x,new,won,Hi\n", encoding="utf-8")
    result = invoke("-C", minimal, "feedback", "import", export)
    assert result.exit_code == 1
    assert f"{export}:2: `date`" in result.stderr
