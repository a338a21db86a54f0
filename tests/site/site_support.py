"""Helpers of the website tests: building sites, reading their HTML, hostile and synthetic projects."""

from __future__ import annotations

import base64
import functools
import http.server
import re
import shutil
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from playbook.cli.main import cli

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "playbooks"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def build(project: Path, out: Path, *args: str) -> Result:
    """`playbook -C project build --out out ARGS...`, in-process."""
    return CliRunner().invoke(cli, ["-C", str(project), "build", "--out", str(out), *args], catch_exceptions=False)


def page(site: Path, path: str) -> str:
    """The HTML of a page by its URL path (`objections/too-expensive/`)."""
    return (site / path / "index.html").read_text(encoding="utf-8")


class Html(HTMLParser):
    """Elements, attributes and text of one HTML document."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        """Inline scripts a browser runs."""
        self.islands: list[str] = []
        """`<script type="application/json">` data islands: data a script reads, never run."""
        self.texts: list[str] = []
        self._script: list[str] | None = None
        self._island = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._script = []
            self._island = (dict(attrs).get("type") or "").strip().lower() == "application/json"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            (self.islands if self._island else self.scripts).append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        else:
            self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())

    def attr_values(self, tag: str, attr: str) -> list[str]:
        return [a[attr] or "" for t, a in self.elements if t == tag and a.get(attr) is not None]


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on 127.0.0.1 and a free port, in a thread; yields the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


URL = re.compile(r"""https?://[^\s"'<>()\\]+""")


def external_urls(text: str) -> set[str]:
    return set(URL.findall(text))


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
TEMPLATE_SYNTAX = "{{ 7*7 }}"
RAW_SYNTAX = "{% raw %}"
PAYLOADS = [
    "<script>alert('s')</script>",
    "<img src=x.png onerror=alert('img')>",
    "[click](javascript:alert('link'))",
    "<a href=\"JaVaScRiPt:alert('a')\">a</a>",
    '<iframe src="https://evil.example/frame"></iframe>',
    "<svg onload=alert('svg')></svg>",
    f"{TEMPLATE_SYNTAX} {RAW_SYNTAX}",
]
HOSTILE = " ".join(PAYLOADS)
TITLE = f"</title><script>alert('t')</script> \"><b onmouseover=alert('b')>x</b> {TEMPLATE_SYNTAX}"


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_hostile_project(target: Path) -> Path:
    """Copy the example project to `target` and poison its text fields; the result is still valid."""
    shutil.copytree(REPO / "data", target / "data")
    data = target / "data"
    # The poisoned image exists beside every poisoned file, so the test is about its handler, not a missing file.
    for folder in (data, data / "objections", data / "competitors"):
        (folder / "x.png").write_bytes(PNG)
    settings = _load(data / "playbook.yaml")
    settings["name"] = TITLE
    settings["company"] = PAYLOADS[1]
    settings["confidentiality"] = PAYLOADS[0]
    settings["repo_url"] = "https://github.com/example/playbook"
    _dump(data / "playbook.yaml", settings)

    objection = _load(data / "objections" / "too-expensive.yaml")
    objection["objection"] = TITLE
    for key in ("say", "answer", "root_concern", "owner"):
        objection[key] = HOSTILE
    objection["ask"] = PAYLOADS
    objection["avoid"] = PAYLOADS
    objection["proof"] = [{"claim": HOSTILE, "source": HOSTILE, "as_of": "2026-10-01"}, HOSTILE]
    _dump(data / "objections" / "too-expensive.yaml", objection)

    competitor = _load(data / "competitors" / "autodalys.yaml")
    competitor["name"] = TITLE
    competitor["website"] = "https://autodalys.example/?q=1&x=%22%3E%3Cscript%3E"  # a `javascript:` one fails check
    competitor["one_liner"] = HOSTILE
    competitor["quick_dismiss"] = [{"they_say": HOSTILE, "we_say": HOSTILE}]
    competitor["pricing"]["summary"] = HOSTILE
    _dump(data / "competitors" / "autodalys.yaml", competitor)

    icp = _load(data / "icp.yaml")
    icp["personas"][0]["name"] = TITLE
    icp["segments"][0]["pains"] = PAYLOADS
    _dump(data / "icp.yaml", icp)

    lead_path = _load(data / "lead_path.yaml")
    lead_path["stages"][0]["name"] = "</text><script>alert(1)</script>"
    lead_path["stages"][0]["definition"] = TEMPLATE_SYNTAX + " <b onclick=alert(1)>x</b>"
    lead_path["reasons"][0]["label"] = PAYLOADS[0]
    _dump(data / "lead_path.yaml", lead_path)

    qualification = _load(data / "qualification.yaml")
    qualification["fields"][0]["label"] = TITLE
    qualification["target"]["require"][0]["because"] = HOSTILE
    qualification["target"]["require"][0]["in"] = ["<script>alert('v')</script>", "opel"]
    _dump(data / "qualification.yaml", qualification)

    glossary = _load(data / "glossary.yaml")
    glossary["terms"][0]["definition"] = '" onmouseover="alert(\'tip\')" ' + HOSTILE
    glossary["terms"].append({"term": "<b>Bold</b>", "definition": HOSTILE, "sales_says": PAYLOADS})
    _dump(data / "glossary.yaml", glossary)

    feedback = _load(data / "feedback" / "2026-q4.yaml")
    feedback[0]["note"] = HOSTILE
    feedback[0]["from"] = TITLE
    feedback[3]["note"] = HOSTILE
    _dump(data / "feedback" / "2026-q4.yaml", feedback)

    (data / "pages" / "how-to-use.md").write_text(
        "---\ntitle: <script>alert('fm')</script>\n---\n"
        f"# Hostile {TITLE}\n\n{HOSTILE}\n\n## Heading {{ onclick=\"alert('attr')\" }}\n\n"
        '<div onclick="alert(\'div\')" style="background:url(https://evil.example/x.png)">div</div>\n\n'
        "![pixel](https://evil.example/pixel.png)\n\n```\n<script>alert('code')</script>\n```\n\n"
        "[ok](https://example.com/fine) {: onclick=\"alert('attr2')\" }\n",
        encoding="utf-8",
    )
    return target


CATEGORIES = ("price", "timing", "need", "authority", "trust", "competitor", "product", "other")


def write_synthetic_project(target: Path, objections: int) -> Path:
    """The example project with its objections replaced by `objections` generated ones (small texts)."""
    shutil.copytree(REPO / "data", target / "data")
    folder = target / "data" / "objections"
    shutil.rmtree(folder)
    folder.mkdir()
    for competitor in (target / "data" / "competitors").glob("*.yaml"):
        text = competitor.read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if not line.startswith("objections:")]
        competitor.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.rmtree(target / "data" / "feedback")
    for calculator in (target / "data" / "calculators").glob("*.yaml"):  # used_on may name a removed objection
        text = calculator.read_text(encoding="utf-8")
        text = re.sub(r",?\s*objections/[a-z0-9-]+", "", text).replace("[, ", "[")
        calculator.write_text(text, encoding="utf-8")
    for i in range(objections):
        (folder / f"objection-{i:04d}.yaml").write_text(
            f"objection: Objection number {i} about the price of part {i}\n"
            f"category: {CATEGORIES[i % len(CATEGORIES)]}\n"
            "stages: [sql]\npersonas: [parts-buyer]\ncompetitors: [autodalys]\n"
            f"say: Short answer {i}.\nask: [Which part?]\nanswer: The full answer {i}.\n"
            "proof: [A garage saved money.]\navoid: [Discounts.]\n"
            "owner: Marketing\nreviewed: 2026-10-01\n",
            encoding="utf-8",
        )
    return target
