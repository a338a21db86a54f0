"""`playbook serve` answers every request while the content is broken, and never serves a file outside the site.

A real server on 127.0.0.1 and a free port; every request has a timeout, so a hang fails the test.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_support import REPO
from tests_support import copy_project

from playbook.diagnostics import Diagnostic, PlaybookError
from playbook.mkdocs_serve import error_page, inside_site, problems_of

PLAYBOOK = Path(sys.executable).parent / "playbook"
ENV = {**os.environ, "PLAYBOOK_TODAY": "2026-11-22", "NO_MKDOCS_2_WARNING": "1"}
HOSTILE_KEY = '"<script>alert(1)</script>": x\n'
ESCAPED = "data/objections/too-expensive.yaml:49:1: unknown key `&lt;script&gt;alert(1)&lt;/script&gt;`"
PAGE = "/objections/too-expensive/"
PATHS = [PAGE, "/", "/assets/stylesheets/no-such.css", "/no/such/page/", "/search/search_index.json"]
TRAVERSALS = [
    "/../../etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2f..%2fetc%2fpasswd",
    "//etc/passwd",
    "/assets/../../../../../../etc/passwd",
    "/%2e%2e%5c%2e%2e%5cetc%5cpasswd",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str, timeout: float = 10) -> tuple[int, str]:
    """Status and body of `GET path`, the path sent exactly as written."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _wait_for(port: int, path: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            _, body = _get(port, path, timeout=5)
        except (OSError, http.client.HTTPException):
            body = ""
        if text in body:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{path} never showed {text!r}; last answer: {body[:300]!r}")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(REPO, tmp_path / "project")


@pytest.fixture(params=["playbook", "mkdocs"])
def serve(project: Path, request: pytest.FixtureRequest) -> Iterator[int]:
    """`playbook serve` (or `mkdocs serve` with the plugin) on the project, in its own process group; the port."""
    port = _free_port()
    if request.param == "playbook":
        args = [str(PLAYBOOK), "-C", str(project), "serve", "--dev-addr", f"127.0.0.1:{port}"]
    else:
        args = [str(PLAYBOOK.parent / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}", "-f", "mkdocs.yml"]
    server = subprocess.Popen(
        args, cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _break(project: Path) -> str:
    source = project / "data" / "objections" / "too-expensive.yaml"
    good = source.read_text(encoding="utf-8")
    assert len(good.splitlines()) == 48  # the hostile key lands on line 49
    source.write_text(good + HOSTILE_KEY, encoding="utf-8")
    return good


def _assert_error_page(body: str) -> None:
    assert "The playbook has errors" in body
    assert ESCAPED in body
    assert "<script>alert(1)</script>" not in body
    assert "livereload" in body  # the page reloads itself once the content is fixed


def _assert_no_file_outside(port: int) -> None:
    for path in TRAVERSALS:
        status, body = _get(port, path)
        assert "root:" not in body, path
        assert status in (200, 404), (path, status)


def test_broken_content_answers_every_path_with_the_errors_then_the_site_again(project: Path, serve: int) -> None:
    _wait_for(serve, PAGE, "Fair point, on some parts")
    _assert_no_file_outside(serve)
    good = _break(project)
    _assert_error_page(_wait_for(serve, PAGE, "The playbook has errors"))
    for path in PATHS + TRAVERSALS:
        status, body = _get(serve, path)
        assert status == 200, path
        _assert_error_page(body)
    (project / "data" / "objections" / "too-expensive.yaml").write_text(
        good.replace("Fair point, on some parts", "Fixed, on some parts"), encoding="utf-8"
    )
    _wait_for(serve, PAGE, "Fixed, on some parts")
    status, body = _get(serve, "/no/such/page/")
    assert status == 404 and "The playbook has errors" not in body
    _assert_no_file_outside(serve)


def test_a_server_started_on_broken_content_shows_the_errors_then_the_site(project: Path) -> None:
    good = _break(project)
    port = _free_port()
    server = subprocess.Popen(
        [str(PLAYBOOK), "-C", str(project), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _assert_error_page(_wait_for(port, PAGE, "The playbook has errors"))
        _assert_error_page(_get(port, "/cards/objection-deck.pdf")[1])
        (project / "data" / "objections" / "too-expensive.yaml").write_text(good, encoding="utf-8")
        _wait_for(port, PAGE, "Fair point, on some parts")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            _, err = server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            _, err = server.communicate()
    stderr = err.decode()
    assert "data/objections/too-expensive.yaml:49:1: unknown key `<script>alert(1)</script>`" in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    ("path", "inside"),
    [
        ("/index.html", True),
        ("/objections/", True),
        ("/../../etc/passwd", True),  # normalised to <site>/etc/passwd, which does not exist
        ("/link-out/passwd", False),
        ("/link-out/", False),
        ("/assets/../link-out/x", False),
        ("/link-in/index.html", True),
        ("/a\0b", False),
    ],
)
def test_a_path_is_inside_the_site_only_when_its_file_is(tmp_path: Path, path: str, inside: bool) -> None:
    site = tmp_path / "site"
    (site / "objections").mkdir(parents=True)
    (site / "link-out").symlink_to(tmp_path)
    (site / "link-in").symlink_to(site / "objections")
    assert inside_site(str(site), "/", path) is inside


def test_the_error_page_escapes_every_problem() -> None:
    problems = ['data/x.yaml:1:2: unknown key `<img src=x onerror="alert(1)">` & more']
    page = error_page(problems, "ru").decode()
    assert "data/x.yaml:1:2: unknown key `&lt;img src=x onerror=&quot;alert(1)&quot;&gt;` &amp; more" in page
    assert "<img" not in page and 'lang="ru"' in page and "В плейбуке есть ошибки" in page


def test_problems_are_the_diagnostics_when_there_are_some() -> None:
    try:
        try:
            raise PlaybookError([Diagnostic("data/a.yaml", 3, 14, "wrong")])
        except PlaybookError:
            raise RuntimeError("the playbook has errors:\ndata/a.yaml:3:14: wrong") from None
    except RuntimeError as error:
        assert problems_of(error) == ["data/a.yaml:3:14: wrong"]
    assert problems_of(ValueError("")) == ["the build failed (ValueError)"]
