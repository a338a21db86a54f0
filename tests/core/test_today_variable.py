"""An invalid `PLAYBOOK_TODAY` is a usage error of every command: exit 2, one sentence, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook.cli.main import COMMANDS, cli
from playbook.freshness import InvalidToday, today

REPO = Path(__file__).resolve().parents[2]
BAD = ["2026-13-45", "yesterday", "2026-02-30", "20261122", "2026-W47-7", " 2026-11-22"]


@pytest.mark.parametrize("value", BAD)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_refuses_an_invalid_playbook_today(command: str, value: str) -> None:
    result = CliRunner().invoke(cli, ["-C", str(REPO), command], env={"PLAYBOOK_TODAY": value})
    assert result.exit_code == 2, result.output
    assert f"Error: PLAYBOOK_TODAY is {value!r}, which is not a date; write it as YYYY-MM-DD" in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, InvalidToday)


def test_a_valid_or_empty_playbook_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_TODAY", "2026-11-22")
    assert today().isoformat() == "2026-11-22"
    monkeypatch.setenv("PLAYBOOK_TODAY", "")
    assert today().year >= 2026


def test_the_funnel_now_refuses_it_too(monkeypatch: pytest.MonkeyPatch) -> None:
    from playbook.leads.funnel import default_now

    monkeypatch.setenv("PLAYBOOK_TODAY", "2026-11-22")
    assert default_now().isoformat() == "2026-11-22T00:00:00"
    monkeypatch.setenv("PLAYBOOK_TODAY", "2026-13-45")
    with pytest.raises(InvalidToday):
        default_now()
