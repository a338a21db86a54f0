"""An export that does not decode names its file, line and column: exit 1, no traceback, nothing half-read."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from click.testing import CliRunner
from leads_support import MakeProject

from playbook.cli.main import cli

QUALIFICATION = """\
fields:
  - {id: brand, label: Car brand, type: text}
target:
  require:
    - {field: brand, in: [opel], because: We stock Opel}
  min_score: 0
"""

FUNNEL_PATH = """\
stages:
  - {id: new, name: New lead, owner: marketing}
  - {id: won, name: Customer, owner: sales, terminal: true}
handoffs:
  - {from: new, to: won}
"""

CASES = [
    # (name, bytes of the file, line:column, what the message says about the bytes)
    ("latin-1 on line 3", b"id,brand\n1,opel\n2,Citro\xebn s.a. xx\n", "3:8", "not UTF-8 text (bytes 0xeb here)"),
    (
        "cp1251 in the header",
        "lead_id,stage,timestamp,марка\n1,new,2026-11-01,opel\n".encode("cp1251"),
        "1:25",
        "not UTF-8 text (bytes 0xec here)",
    ),
    (
        "after a BOM and CRLF",
        codecs.BOM_UTF8 + b"id,brand\r\n1,\xc3\xa9\xff\r\n",
        "2:4",
        "not UTF-8 text (bytes 0xff here)",
    ),
    (
        "a cut multi-byte character at the end",
        b"id,brand\n1,opel\xe2\x82",
        "2:7",
        "not UTF-8 text (bytes 0xe2 0x82 here)",
    ),
    (
        "far into the file",
        b"id,brand\n" + b"1,opel\n" * 20000 + b"2,\x80\n",
        "20002:3",
        "not UTF-8 text (bytes 0x80 here)",
    ),
    (
        "UTF-16 with a lone surrogate",
        codecs.BOM_UTF16_LE + "id,brand\n1,".encode("utf-16-le") + b"\x00\xdc",
        "2:3",
        "not UTF-16 text (bytes 0x00 0xdc here)",
    ),
]


@pytest.mark.parametrize(("name", "data", "where", "what"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["qualify", "funnel"])
def test_an_export_that_does_not_decode(
    make_project: MakeProject, tmp_path: Path, command: str, name: str, data: bytes, where: str, what: str
) -> None:
    """Under `--encoding utf-8` (or a byte-order mark), bytes that do not decode are an error at their position."""
    encoding = [] if "BOM" in name or "UTF-16" in name else ["--encoding", "utf-8"]
    project = make_project(QUALIFICATION, lead_path=FUNNEL_PATH)
    if command == "funnel":
        data = data.replace(b"id,brand", b"lead_id,stage,timestamp").replace(
            "id,brand".encode("utf-16-le"), "lead_id,stage,timestamp".encode("utf-16-le")
        )
    path = tmp_path / "leads.csv"
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["-C", str(project), command, str(path), "--format", "json", *encoding])
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines()[-1] == f"{path}:{where}: {what}; save the export as UTF-8"
    assert "Traceback" not in result.output


def test_an_empty_export_is_a_data_error(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project(QUALIFICATION)
    path = tmp_path / "leads.csv"
    path.write_bytes(b"")
    result = CliRunner().invoke(cli, ["-C", str(project), "qualify", str(path)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{path}: the file is empty; the first line must name the columns"
