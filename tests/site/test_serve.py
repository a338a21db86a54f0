"""`playbook serve` and `mkdocs serve` rebuild the site when a YAML file of data/ changes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from site_support import REPO
from tests_support import copy_project

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _get(url)
        if body is not None and text in body:
            return True
        time.sleep(0.3)
    return False


@pytest.mark.parametrize("command", ["playbook", "mkdocs"])
def test_serve_rebuilds_when_a_yaml_file_changes(command: str, tmp_path: Path) -> None:
    project = copy_project(REPO, tmp_path / "project")
    port = _free_port()
    if command == "playbook":
        args = [str(BIN / "playbook"), "-C", str(project), "serve", "--dev-addr", f"127.0.0.1:{port}"]
    else:
        args = [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")]
    env = {**os.environ, "PLAYBOOK_TODAY": "2026-11-22", "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        args, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}/objections/too-expensive/"
    try:
        assert _wait_for(url, "Fair point, on some parts", 60), "the site was not served"
        source = project / "data" / "objections" / "too-expensive.yaml"
        source.write_text(
            source.read_text(encoding="utf-8").replace("Fair point, on some parts", "Changed live, on some parts"),
            encoding="utf-8",
        )
        assert _wait_for(url, "Changed live, on some parts", 60), "the change in data/ was not picked up"
        page = _get(url) or ""
        assert "livereload" in page  # the browser is told to reload
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_mkdocs_build_reports_content_errors_with_positions_and_no_traceback(tmp_path: Path) -> None:
    project = copy_project(REPO, tmp_path / "project")
    source = project / "data" / "competitors" / "autodalys.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("one_liner:", "one_lner:"), encoding="utf-8")
    env = {**os.environ, "PLAYBOOK_TODAY": "2026-11-22", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "-f", str(project / "mkdocs.yml")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "data/competitors/autodalys.yaml:9:1: unknown key `one_lner`, did you mean `one_liner`?" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()
