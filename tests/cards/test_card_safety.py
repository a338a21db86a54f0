"""Cards fetch nothing from the network or outside the playbook; overlong fields are reported, not spilled."""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cards_support import REPO, pages, text
from tests_support import Invoke, copy_project

from playbook.cards.fetcher import FONTS, CardFetcher


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on 127.0.0.1 that records every request it gets."""
    _Recorder.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", _Recorder.requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def _replace(project: Path, path: str, old: str, new: str) -> None:
    target = project / path
    content = target.read_text(encoding="utf-8")
    assert old in content
    target.write_text(content.replace(old, new, 1), encoding="utf-8")


def test_fetcher_serves_fonts_and_data_images_and_refuses_everything_else(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    import weasyprint

    base, requests = server
    data = tmp_path / "data"
    (data / "images").mkdir(parents=True)
    (data / "images" / "ok.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
        encoding="utf-8",
    )
    (data / "notes.yaml").write_text("secret: 1\n", encoding="utf-8")
    (data / "images" / "escape.svg").symlink_to("/etc/passwd")
    fetcher = CardFetcher([FONTS], data)
    html = f"""
      <style>@font-face {{ font-family: X; src: url("{(FONTS / "NotoSans-Regular.ttf").as_uri()}"); }}
             body {{ font-family: X; }}</style>
      <p>text</p>
      <img src="file:///etc/passwd">
      <img src="{base}/x.png">
      <img src="https://example.com/y.png">
      <img src="data:image/png;base64,iVBORw0KGgo=">
      <img src="images/ok.svg">
      <img src="notes.yaml">
      <img src="images/escape.svg">
      <img src="../../../../../../etc/hostname">
    """
    document = weasyprint.HTML(string=html, base_url=data.as_uri() + "/", url_fetcher=fetcher).render()
    assert len(document.pages) == 1
    assert requests == []
    refused = set(fetcher.refused)
    assert "file:///etc/passwd" in refused
    assert f"{base}/x.png" in refused
    assert "https://example.com/y.png" in refused
    assert any(u.startswith("data:") for u in refused)
    assert (data / "notes.yaml").as_uri() in refused
    assert (data / "images" / "escape.svg").as_uri() in refused
    assert "file:///etc/hostname" in refused
    assert (data / "images" / "ok.svg").as_uri() not in refused
    assert not any("NotoSans" in u for u in refused)
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch(f"{base}/direct.png")
    assert requests == []


def test_hostile_images_are_refused_reported_and_never_requested(
    tmp_path: Path,
    server: tuple[str, list[str]],
    invoke: Invoke,
) -> None:
    base, requests = server
    project = copy_project(REPO, tmp_path / "hostile")
    _replace(
        project,
        "data/objections/too-expensive.yaml",
        "avoid:\n",
        "avoid:\n"
        f"  - 'Images ![a](file:///etc/passwd) ![b]({base}/a.png) <img src=\"{base}/b.png\">'\n"
        "  - 'Relative ![c](../../../../../../../etc/passwd)'\n",
    )
    _replace(
        project, "data/products/vin-lookup.yaml", "call_to_action: ", f"call_to_action: See ![d]({base}/c.png) then "
    )
    result = invoke("-C", project, "cards")
    assert result.exit_code == 1
    errors = result.stderr
    assert requests == []
    card = "card objections/too-expensive.pdf: refused to fetch"
    assert re.search(rf"^data/objections/too-expensive\.yaml:\d+:\d+: {card} file:///etc/passwd;", errors, re.M)
    assert f"{card} {base}/a.png;" in errors
    assert f"{card} {base}/b.png;" in errors
    assert "card products/vin-lookup.pdf: refused to fetch " + base + "/c.png;" in errors
    assert not (project / "site" / "cards").exists()  # nothing half-written


def test_a_missing_image_names_the_file_the_card_looked_for(tmp_path: Path, invoke: Invoke) -> None:
    project = copy_project(REPO, tmp_path / "missing")
    image = "avoid:\n  - 'See ![chart](charts/price.png)'\n"
    _replace(project, "data/objections/too-expensive.yaml", "avoid:\n", image)
    result = invoke("-C", project, "cards")
    assert result.exit_code == 1
    assert re.search(
        r"^data/objections/too-expensive\.yaml:\d+:\d+: card objections/too-expensive\.pdf: "
        r"image `charts/price\.png` not found \(looked for data/objections/charts/price\.png\)$",
        result.stderr,
        re.M,
    ), result.stderr
    assert not (project / "site" / "cards").exists()


def test_overlong_fields_are_reported_with_card_and_field(tmp_path: Path, invoke: Invoke) -> None:
    project = copy_project(REPO, tmp_path / "long")
    rambling = " ".join(["And one more thing about the price we should discuss at length."] * 12)
    _replace(
        project,
        "data/objections/too-expensive.yaml",
        "  - What does an hour of a lift standing idle cost you?",
        f"  - What does an hour of a lift standing idle cost you? {rambling}",
    )
    _replace(
        project,
        "data/products/next-day-delivery.yaml",
        "call_to_action: Send me your postcode",
        f"call_to_action: {rambling} Send me your postcode",
    )
    result = invoke("-C", project, "cards", "too-expensive", "next-day-delivery", "autodalys")
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert (
        "data/objections/too-expensive.yaml:17:5: card objections/too-expensive.pdf does not fit on one A6 page"
        " (it needs 2 pages): `ask`, item 3 is too long, shorten it, or print the cards larger with --size A5"
    ) in lines
    assert any(
        re.match(
            r"data/products/next-day-delivery\.yaml:\d+:\d+: card products/next-day-delivery\.pdf "
            r"does not fit on one A6 page .*`call_to_action` is too long",
            line,
        )
        for line in lines
    ), lines
    assert "2 error(s), 0 warning(s)" in lines
    assert not (project / "site" / "cards").exists()
    # A larger size fits, and is exactly one page.
    result = invoke("-C", project, "cards", "too-expensive", "--size", "A4", "--out", tmp_path / "a4")
    assert result.exit_code == 0, result.output
    assert pages(tmp_path / "a4" / "objections" / "too-expensive.pdf") == 1
    assert "And one more thing" in text(tmp_path / "a4" / "objections" / "too-expensive.pdf")
