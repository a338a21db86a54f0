"""Bad input: every case exits 1 with `path:line:column: message`, never a traceback."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from tests_support import REPO, Case, Invoke, apply

CASES = [
    Case(
        "unknown key with suggestion",
        "data/objections/too-expensive.yaml",
        "say: ",
        "sya: ",
        "data/objections/too-expensive.yaml:8:1: unknown key `sya`, did you mean `say`?",
    ),
    Case(
        "unknown top-level key",
        "data/playbook.yaml",
        "version: 0.1.0",
        "versoin: 0.1.0",
        "data/playbook.yaml:5:1: unknown key `versoin`, did you mean `version`?",
    ),
    Case(
        "missing required key",
        "data/playbook.yaml",
        "company: Acme\n",
        "",
        "data/playbook.yaml:2:1: missing required key `company`",
    ),
    Case(
        "duplicate key",
        "data/objections/too-expensive.yaml",
        "category: price\n",
        "category: price\ncategory: trust\n",
        "data/objections/too-expensive.yaml:4:1: duplicate key `category` (first defined on line 3)",
    ),
    Case(
        "invalid date",
        "data/objections/too-expensive.yaml",
        "reviewed: 2026-11-22",
        "reviewed: 2026-02-30",
        "data/objections/too-expensive.yaml:14:11: `reviewed`: `2026-02-30` is not a valid date",
    ),
    Case(
        "wrong enum",
        "data/objections/too-expensive.yaml",
        "category: price",
        "category: pricing",
        "data/objections/too-expensive.yaml:3:11: `category`: `pricing` is not allowed; expected 'price'",
    ),
    Case(
        "unknown competitor reference",
        "data/objections/too-expensive.yaml",
        "competitors: [cheap-parts]",
        "competitors: [cheap-part]",
        "data/objections/too-expensive.yaml:6:15: unknown competitor `cheap-part`, did you mean `cheap-parts`?",
    ),
    Case(
        "reference with path traversal",
        "data/objections/too-expensive.yaml",
        "competitors: [cheap-parts]",
        "competitors: [../cheap-parts]",
        "data/objections/too-expensive.yaml:6:15: `competitors[0]`: `../cheap-parts` is not an id",
    ),
    Case(
        "feedback about path traversal",
        "data/feedback/notes.yaml",
        "about: objections/too-expensive",
        "about: objections/../too-expensive",
        "data/feedback/notes.yaml:4:10: `about: objections/../too-expensive` must be objections/<id>",
    ),
    Case(
        "feedback about unknown item",
        "data/feedback/notes.yaml",
        "about: objections/too-expensive",
        "about: products/too-expensive",
        "data/feedback/notes.yaml:4:10: unknown product `too-expensive`",
    ),
    Case(
        "id not a slug",
        "data/icp.yaml",
        "id: maintenance-lead",
        "id: Maintenance Lead",
        "data/icp.yaml:13:9: `personas[0].id`: `Maintenance Lead` is not an id",
    ),
    Case(
        "duplicate persona id",
        "data/icp.yaml",
        "personas:\n",
        "personas:\n  - {id: maintenance-lead, name: Twin}\n",
        "data/icp.yaml:14:9: duplicate persona id `maintenance-lead`",
    ),
    Case(
        "handoff to missing stage",
        "data/lead_path.yaml",
        "{from: sql, to: customer, owner: sales}",
        "{from: sql, to: customers, owner: sales}",
        "data/lead_path.yaml:20:21: unknown stage `customers`, did you mean `customer`?",
    ),
    Case(
        "kpi from missing stage",
        "data/lead_path.yaml",
        "from: mql, to: sql, owner: sales, target",
        "from: mq1, to: sql, owner: sales, target",
        "data/lead_path.yaml:24:47: unknown stage `mq1`, did you mean `mql`?",
    ),
    Case(
        "unknown rule field",
        "data/qualification.yaml",
        "{field: country, in: [PL, LT]",
        "{field: countri, in: [PL, LT]",
        "data/qualification.yaml:11:15: unknown qualification field `countri`, did you mean `country`?",
    ),
    Case(
        "rule with two operators",
        "data/qualification.yaml",
        "{field: employees, gte: 50}",
        "{field: employees, gte: 50, lt: 10}",
        "data/qualification.yaml:13:14: `target.score[0].when`: a condition on `field` needs exactly one operator",
    ),
    Case(
        "qualification field id not an identifier",
        "data/qualification.yaml",
        "{id: employees,",
        "{id: Employees,",
        "data/qualification.yaml:6:10: `fields[0].id`: `Employees` is not a field id",
    ),
    Case(
        "text where a list is wanted",
        "data/objections/too-expensive.yaml",
        "ask: [What does an hour of downtime cost you?]",
        "ask: {question: What?}",
        "data/objections/too-expensive.yaml:9:6: `ask`: expected a list, found a mapping",
    ),
    Case(
        "mapping where text is wanted",
        "data/objections/too-expensive.yaml",
        "say: Our price",
        "say:\n  text: Our price\nsaid: ",
        "data/objections/too-expensive.yaml:9:3: `say`: expected text, found a mapping",
    ),
    Case("YAML syntax error", "data/glossary.yaml", "  - term: MQL", "  - term: [MQL", "data/glossary.yaml:4:"),
    Case(
        "tab indentation",
        "data/glossary.yaml",
        "    owner: marketing",
        "\towner: marketing",
        "data/glossary.yaml:5:1: YAML syntax: found a tab character",
    ),
    Case("empty file", "data/glossary.yaml", None, "", "data/glossary.yaml:1:1: file is empty"),
    Case("only comments", "data/glossary.yaml", None, "# nothing yet\n", "data/glossary.yaml:1:1: file is empty"),
    Case(
        "not a mapping",
        "data/glossary.yaml",
        None,
        "- just\n- a list\n",
        "data/glossary.yaml:1:1: expected a mapping of keys, found a list",
    ),
    Case(
        "feedback not a list",
        "data/feedback/notes.yaml",
        None,
        "date: 2026-01-01\n",
        "data/feedback/notes.yaml:1:1: expected a list, found a mapping",
    ),
    Case(
        "invalid UTF-8",
        "data/glossary.yaml",
        None,
        b"terms:\n  - term: Caf\xe9\n",
        "data/glossary.yaml:2:14: not valid UTF-8 (byte 0xe9)",
    ),
    Case(
        "file name not a slug",
        "data/objections/Too Expensive.yaml",
        None,
        "objection: x\ncategory: price\n",
        "data/objections/Too Expensive.yaml:1:1: file name `Too Expensive.yaml` is not a slug",
    ),
    Case(
        "missing playbook.yaml",
        "data/playbook.yaml",
        None,
        None,
        "data/playbook.yaml:1:1: missing file: data/playbook.yaml",
    ),
    Case(
        "yml extension",
        "data/objections/late.yml",
        None,
        "objection: x\ncategory: price\n",
        "data/objections/late.yml:1:1: use the `.yaml` extension",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_at_its_position(case: Case, minimal: Path, invoke: Invoke) -> None:
    apply(case, minimal)
    result = invoke("-C", minimal, "check")
    assert result.exit_code == 1, result.output
    assert case.expected in result.stderr, result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_all_problems_of_all_files_are_reported_at_once_sorted(minimal: Path, invoke: Invoke) -> None:
    for case in (CASES[0], CASES[1], CASES[5]):
        apply(case, minimal)
    result = invoke("-C", minimal, "check")
    lines = [line for line in result.stderr.splitlines() if line.startswith("data/")]
    assert [line.split(":")[0] for line in lines] == [
        "data/objections/too-expensive.yaml",
        "data/objections/too-expensive.yaml",
        "data/playbook.yaml",
        "data/playbook.yaml",
    ]
    assert "missing required key `version`" in lines[2]
    assert result.stderr.rstrip().endswith("4 error(s), 0 warning(s)")


def test_yaml_11_traps_stay_text(minimal: Path) -> None:
    icp = minimal / "data" / "icp.yaml"
    icp.write_text(icp.read_text().replace("regions: [PL, LT]", "regions: [NO, on, yes, 1.10]"))
    glossary = minimal / "data" / "glossary.yaml"
    glossary.write_text(glossary.read_text().replace("avoid: [hot lead]", "avoid: [no, 0x1F, 2026-01-01]"))
    from playbook.loading import load_playbook

    loaded = load_playbook(minimal)
    assert loaded.playbook is not None, loaded.diagnostics
    firmographics = loaded.playbook.icp.segments[0].firmographics
    assert firmographics is not None and firmographics.regions == ["NO", "on", "yes", "1.10"]
    assert loaded.playbook.glossary.terms[0].avoid == ["no", "0x1F", "2026-01-01"]


def test_bom_and_crlf_are_accepted(minimal: Path, invoke: Invoke) -> None:
    path = minimal / "data" / "objections" / "too-expensive.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert invoke("-C", minimal, "check", "--strict").exit_code == 0


def test_alias_bomb_fails_fast_with_a_clear_message(minimal: Path, invoke: Invoke) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    (minimal / "data" / "glossary.yaml").write_text("\n".join(lines) + "\n")
    start = time.perf_counter()
    result = invoke("-C", minimal, "check")
    assert time.perf_counter() - start < 2  # a bomb would take minutes and gigabytes
    assert result.exit_code == 1
    assert "data/glossary.yaml:1:" in result.stderr and "aliases expand to more than" in result.stderr


def test_huge_file_is_refused_by_size(minimal: Path, invoke: Invoke) -> None:
    path = minimal / "data" / "glossary.yaml"
    with path.open("w") as f:
        f.write("terms:\n")
        line = "  - {term: x, definition: " + "y" * 200 + "}\n"
        for _ in range(30 * 1024 * 1024 // len(line)):
            f.write(line)
    result = invoke("-C", minimal, "check")
    assert result.exit_code == 1
    assert "data/glossary.yaml:1:1: file is 30.0 MB, over the 5 MB limit" in result.stderr


@pytest.mark.parametrize(
    "depth",
    [
        250,  # past our limit, below every parser's own: the builder refuses it
        1500,  # past libyaml's own limit of 1,000 (PyYAML 6.0.4 and later raise their own error)
        3000,  # deep enough for the pure-Python composer to hit the recursion limit
    ],
)
def test_deep_nesting_is_one_positioned_error(minimal: Path, invoke: Invoke, depth: int) -> None:
    (minimal / "data" / "glossary.yaml").write_text("terms: " + "[" * depth + "]" * depth + "\n")
    result = invoke("-C", minimal, "check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "data/glossary.yaml:1:208: nesting is too deep (more than 200 levels of lists and mappings)"
    )
    assert "Traceback" not in result.stderr


def test_deep_nesting_without_libyaml_is_the_same_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PyYAML built without libyaml composes in Python and runs out of recursion instead."""
    import yaml

    from playbook.diagnostics import PlaybookError
    from playbook.loading import yaml_reader

    monkeypatch.setattr(yaml_reader, "_Loader", yaml.SafeLoader)
    path = tmp_path / "glossary.yaml"
    path.write_text("terms: " + "[" * 3000 + "]" * 3000 + "\n")
    with pytest.raises(PlaybookError) as caught:
        yaml_reader.read_yaml(path, "data/glossary.yaml")
    assert [str(d) for d in caught.value.diagnostics] == [
        "data/glossary.yaml:1:208: nesting is too deep (more than 200 levels of lists and mappings)"
    ]


# -- Nothing outside the project is read ---------------------------------------------------------------

SECRET = "PLAYBOOK_TEST_SECRET_7f3a"
"""In the test process's environment (so in /proc/self/environ) and in every file outside the project."""


@dataclass(frozen=True)
class Link:
    """A symlink a pull request adds: where it is, what it points at, and the error it must give."""

    name: str
    link: str
    target: str
    """`/proc/self/environ`, `/etc/passwd`, or a path under the outside folder the test writes."""
    expected: str
    setup: str = ""
    """`mkdocs.yml` lines the case needs (a `custom_dir`), or `funnel_export:` for playbook.yaml."""


def _outside(tmp: Path) -> Path:
    """A folder beside the project holding valid-looking files that each carry the secret."""
    outside = tmp / "outside"
    (outside / "folder" / "pages").mkdir(parents=True)
    (outside / "objection.yaml").write_text(f"objection: [{SECRET}\ncategory: price\n")  # a YAML error
    (outside / "playbook.yaml").write_text(f"name: {SECRET}\ncompany: x\nversion: 1\n")
    (outside / "competitor.yaml").write_text(f"name: {SECRET}\n")
    (outside / "folder" / "leak.yaml").write_text(f"name: {SECRET}\n")
    (outside / "folder" / "Not A Slug.yaml").write_text(f"name: {SECRET}\n")
    (outside / "folder" / "pages" / "leak.md").write_text(f"# {SECRET}\n")
    (outside / "page.md").write_text(f"# {SECRET}\n")
    (outside / "template.md.j2").write_text(f"{SECRET}\n")
    (outside / "mkdocs.yml").write_text(f"site_name: {SECRET}\nsite_url: [{SECRET}\n")
    (outside / "leads.csv").write_text(f"id,stage,at\n{SECRET},mql,2026-01-01\n")
    (outside / "image.png").write_text(SECRET)
    return outside


def _message(link: str) -> str:
    return f"{link}:1:1: `{link}` is a symlink to a file outside the project"


LINKS = [
    Link("page to environ", "data/pages/env.md", "/proc/self/environ", _message("data/pages/env.md")),
    Link("page to passwd", "data/pages/passwd.md", "/etc/passwd", _message("data/pages/passwd.md")),
    Link("page to a file", "data/pages/leak.md", "page.md", _message("data/pages/leak.md")),
    Link("objection to passwd", "data/objections/passwd.yaml", "/etc/passwd", _message("data/objections/passwd.yaml")),
    Link(
        "objection whose YAML error would quote it",
        "data/objections/leak.yaml",
        "objection.yaml",
        _message("data/objections/leak.yaml"),
    ),
    Link("a single file", "data/glossary.yaml", "/proc/self/environ", _message("data/glossary.yaml")),
    Link("playbook.yaml", "data/playbook.yaml", "playbook.yaml", _message("data/playbook.yaml")),
    Link("competitor", "data/competitors/leak.yaml", "competitor.yaml", _message("data/competitors/leak.yaml")),
    Link("feedback folder", "data/feedback", "folder", _message("data/feedback")),
    Link("objections folder", "data/objections", "folder", _message("data/objections")),
    Link("pages folder", "data/pages", "folder/pages", _message("data/pages")),
    Link("the data folder", "data", "folder", _message("data")),
    Link("card image", "data/objections/photo.png", "/etc/passwd", _message("data/objections/photo.png")),
    Link("image folder", "data/images", "folder", _message("data/images")),
    Link(
        "page template",
        "generators/pages/objection.md.j2",
        "template.md.j2",
        _message("generators/pages/objection.md.j2"),
    ),
    Link("card template", "generators/cards/card.css", "/etc/passwd", _message("generators/cards/card.css")),
    Link("templates folder", "generators", "folder", _message("generators")),
    Link("theme folder", "generators/theme", "folder", _message("generators/theme")),
    Link("mkdocs.yml", "mkdocs.yml", "mkdocs.yml", _message("mkdocs.yml")),
    Link("mkdocs.yml to environ", "mkdocs.yml", "/proc/self/environ", _message("mkdocs.yml")),
    Link("mkdocs custom_dir", "overrides", "folder", _message("overrides"), setup="theme:\n  custom_dir: overrides\n"),
    Link(
        "file in mkdocs custom_dir",
        "overrides/main.html",
        "/etc/passwd",
        _message("overrides/main.html"),
        setup="theme:\n  custom_dir: overrides\n",
    ),
    Link("mkdocs INHERIT", "base.yml", "mkdocs.yml", _message("base.yml"), setup="INHERIT: base.yml\n"),
    Link(
        "funnel export",
        "exports/leads.csv",
        "leads.csv",
        _message("exports/leads.csv"),
        setup="funnel_export: exports/leads.csv\n",
    ),
    Link(
        "funnel export folder",
        "exports",
        "folder",
        _message("exports"),
        setup="funnel_export: exports/leads.csv\n",
    ),
]


def _add_link(case: Link, project: Path, outside: Path) -> None:
    link = project / case.link
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)
    elif link.exists():
        link.unlink()
    link.symlink_to(case.target if case.target.startswith("/") else outside / case.target)
    if case.setup.startswith("funnel_export"):
        settings = project / "data" / "playbook.yaml"
        settings.write_text(settings.read_text() + case.setup)
    elif case.setup:
        _mkdocs_with(project, case.setup)


def _leaked(text: str) -> list[str]:
    return [s for s in (SECRET, "root:x:0:0", "PATH=", "/bin/bash") if s in text]


@pytest.mark.parametrize("case", LINKS, ids=[c.name for c in LINKS])
def test_a_symlink_out_of_the_project_is_an_error_that_never_quotes_its_target(
    case: Link, minimal: Path, invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLAYBOOK_TEST_SECRET", SECRET)
    _add_link(case, minimal, _outside(tmp_path))
    result = invoke("-C", minimal, "check", "--format", "text")
    assert result.exit_code == 1, result.output
    assert case.expected in result.stderr.splitlines(), result.stderr
    assert not _leaked(result.output + result.stderr), result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_every_symlink_out_is_reported_at_once_with_other_problems(
    minimal: Path, invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLAYBOOK_TEST_SECRET", SECRET)
    outside = _outside(tmp_path)
    for case in (LINKS[0], LINKS[4], LINKS[14]):
        _add_link(case, minimal, outside)
    apply(CASES[0], minimal)
    result = invoke("-C", minimal, "check", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [d["path"] for d in report["diagnostics"]] == [
        "data/objections/leak.yaml",
        "data/objections/too-expensive.yaml",
        "data/pages/env.md",
        "generators/pages/objection.md.j2",
    ]
    assert not _leaked(result.output + result.stderr)


INSIDE = [
    ("page", "data/pages/alias.md", "notes/page.md"),
    ("objections folder", "data/objections", "shared/objections"),
    ("template", "generators/pages/page.md.j2", "templates/page.md.j2"),
    ("mkdocs.yml", "mkdocs.yml", "config/mkdocs.yml"),
]


@pytest.mark.parametrize(("link", "target"), [c[1:] for c in INSIDE], ids=[c[0] for c in INSIDE])
def test_a_symlink_that_stays_inside_the_project_is_read(link: str, target: str, minimal: Path, invoke: Invoke) -> None:
    source = minimal / link
    moved = minimal / target
    moved.parent.mkdir(parents=True, exist_ok=True)
    if link == "data/pages/alias.md":
        moved.write_text("# Alias\n\nA page kept elsewhere in the project.\n")
    elif link == "generators/pages/page.md.j2":
        moved.write_text((REPO / "generators" / "pages" / "page.md.j2").read_text())
    else:
        source.rename(moved)
    source.parent.mkdir(parents=True, exist_ok=True)
    source.symlink_to(Path(os.path.relpath(moved, source.parent)))
    result = invoke("-C", minimal, "check", "--strict")
    assert result.exit_code == 0, result.output + result.stderr


def test_a_link_inside_a_linked_folder_that_leads_out_is_found(minimal: Path, invoke: Invoke, tmp_path: Path) -> None:
    shared = minimal / "shared"
    (minimal / "data" / "objections").rename(shared)
    (minimal / "data" / "objections").symlink_to(Path("..") / "shared")
    (shared / "leak.yaml").symlink_to("/etc/passwd")
    result = invoke("-C", minimal, "check")
    assert result.exit_code == 1
    assert _message("data/objections/leak.yaml") in result.stderr.splitlines(), result.stderr
    assert not _leaked(result.stderr)


@pytest.mark.parametrize("name", ["/etc/passwd", "../leads.csv", "exports/../../leads.csv"])
def test_funnel_export_outside_the_project_is_an_error(name: str, minimal: Path, invoke: Invoke) -> None:
    settings = minimal / "data" / "playbook.yaml"
    settings.write_text(settings.read_text() + f"funnel_export: {name}\n")
    result = invoke("-C", minimal, "check")
    assert result.exit_code == 1
    assert "data/playbook.yaml:15:16: funnel_export must be a path inside the project folder" in result.stderr


# -- URL fields: http(s) only, nothing that could leave an attribute ----------------------------------------

BAD_URLS = [
    ("javascript", "javascript:alert(1)//", "(`javascript:` is not allowed)"),
    ("javascript mixed case", "JaVaScRiPt:alert(1)", "(`javascript:` is not allowed)"),
    ("data html", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "(`data:` is not allowed)"),
    ("vbscript", "vbscript:msgbox(1)", "(`vbscript:` is not allowed)"),
    ("file", "file:///etc/passwd", "(`file:` is not allowed)"),
    ("ftp", "ftp://files.example.com/", "(`ftp:` is not allowed)"),
    ("no scheme", "playbook.example.com", "(it has no http:// or https://)"),
    ("protocol-relative", "//evil.example/", "(it has no http:// or https://)"),
    ("no host", "'https:///path'", "with a host name"),
    ("quote breaks out", "'https://x.example/\"><script>alert(1)</script>'", "without quotes, angle brackets"),
    ("single quote", "\"https://x.example/'onmouseover='alert(1)\"", "without quotes, angle brackets"),
    ("angle brackets", "https://x.example/<b>", "without quotes, angle brackets"),
    ("space and handler", "https://x.example/ onmouseover=alert(1)", "without quotes, angle brackets"),
    ("backslash", "'https://x.example\\@evil.example/'", "without quotes, angle brackets"),
    ("control character", '"https://x.example/\\x01"', "without quotes, angle brackets"),
    ("tab", '"https://x.example/\\tx"', "without quotes, angle brackets"),
    ("line separator", '"https://x.example/\\u2028"', "without quotes, angle brackets"),
    ("backtick", "https://x.example/`x`", "without quotes, angle brackets"),
]
URL_FIELDS = [
    (
        "site_url",
        "data/playbook.yaml",
        "# site_url: https://playbook.example.com/      # QR codes on cards point here",
        8,
    ),
    ("repo_url", "data/playbook.yaml", "# repo_url: https://github.com/acme/playbook ", 9),
    ("website", "data/competitors/cheap-parts.yaml", "website: https://example.com", 3),
]


@pytest.mark.parametrize("field", URL_FIELDS, ids=[f[0] for f in URL_FIELDS])
@pytest.mark.parametrize("bad", BAD_URLS, ids=[b[0] for b in BAD_URLS])
def test_a_url_field_takes_only_http_urls(
    field: tuple[str, str, str, int], bad: tuple[str, str, str], minimal: Path, invoke: Invoke
) -> None:
    name, path, line_text, line = field
    apply(Case(name, path, line_text, f"{name}: {bad[1]}", ""), minimal)
    result = invoke("-C", minimal, "check")
    assert result.exit_code == 1, result.output
    expected = f"{path}:{line}:{len(name) + 3}: {name} must be an http(s) URL"
    assert expected in result.stderr, result.stderr
    assert bad[2] in result.stderr, result.stderr


GOOD_URLS = [
    "https://playbook.example.com/",
    "http://localhost:8000/",
    "HTTPS://x.example/a?b=c&d=e#f",
    "https://пример.рф/",
]


@pytest.mark.parametrize("url", GOOD_URLS)
def test_a_url_field_takes_an_http_url(url: str, minimal: Path, invoke: Invoke) -> None:
    for name, path, line_text, _ in URL_FIELDS:
        apply(Case(name, path, line_text, f"{name}: {url}", ""), minimal)
    result = invoke("-C", minimal, "check", "--strict")
    assert result.exit_code == 0, result.output + result.stderr


MKDOCS_CASES = [
    ("site_url", "site_url: 'https://x.example/\"><script>alert(1)</script>'", "site_url must be an http(s) URL"),
    ("site_url javascript", "site_url: javascript:alert(document.domain)", "site_url must be an http(s) URL"),
    ("repo_url", "repo_url: javascript:alert(1)//", "repo_url must be an http(s) URL"),
    ("repo_url image", "repo_url: 'https://x.example/\"><img src=x onerror=alert(1)>'", "repo_url must be an http(s)"),
    ("edit_uri", "edit_uri: javascript:alert(1)//", "edit_uri must be an http(s) URL"),
    ("edit_uri quote", "edit_uri: 'edit/main/\"><script>x</script>'", "edit_uri must be an http(s) URL or a path"),
    ("edit_uri_template", "edit_uri_template: 'x\" onmouseover=\"x'", "edit_uri_template must be an http(s) URL"),
    ("site_name", "site_name: </title><script>alert(1)</script>", "site_name must be plain text"),
    ("site_description", "site_description: '\"><script>alert(1)</script>'", "site_description must be plain text"),
    ("site_author", "site_author: '\" onmouseover=\"alert(1)'", "site_author must be plain text"),
    ("copyright", "copyright: <img src=x onerror=alert(1)>", "copyright must be plain text"),
    ("repo_name", "repo_name: <script>alert(1)</script>", "repo_name must be plain text"),
    ("nav link", "nav:\n  - Evil: javascript:alert(1)", "the nav link must be an http(s) URL"),
    ("nav title", "nav:\n  - <img src=x onerror=alert(1)>: index.md", "the nav title must be plain text"),
    ("extra_javascript", "extra_javascript: [https://evil.example/x.js]", "extra_javascript[0] must be a path"),
    ("extra_javascript data", "extra_javascript: ['data:text/javascript,alert(1)']", "extra_javascript[0] must be"),
    ("extra_css", "extra_css: [//evil.example/x.css]", "extra_css[0] must be a path within the site"),
    ("social link", "extra:\n  social:\n    - {icon: x, link: 'javascript:alert(1)'}", "extra.social[0].link must be"),
    ("homepage", "extra:\n  homepage: javascript:alert(1)", "extra.homepage must be an http(s) URL"),
    ("analytics", "extra:\n  analytics: {provider: google, property: 'G\");alert(1);(\"'}", "extra.analytics.property"),
    ("logo", "theme:\n  logo: javascript:alert(1)", "theme.logo must be an http(s) URL"),
    ("branch", "plugins:\n  - playbook: {branch: '\"><script>'}", "plugins[0].playbook.branch must be a git branch"),
    ("custom_dir outside", "theme:\n  custom_dir: /etc", "theme.custom_dir must be a path inside the project folder"),
    ("docs_dir outside", "docs_dir: ../..", "docs_dir must be a path inside the project folder"),
    ("INHERIT outside", "INHERIT: /etc/passwd", "INHERIT must be a path inside the project folder"),
    ("hook outside", "hooks: [/tmp/evil.py]", "hooks[0] must be a path inside the project folder"),
    ("project outside", "plugins:\n  - playbook: {project: /}", "plugins[0].playbook.project must be a path inside"),
]


def _mkdocs_with(project: Path, text: str) -> None:
    """`mkdocs.yml` with `text` first, the file's own block for the same top-level key removed."""
    config = project / "mkdocs.yml"
    key = text.split(":", 1)[0]
    kept: list[str] = []
    skipping = False
    for line in config.read_text().splitlines():
        if line[:1] not in (" ", "#", ""):
            skipping = line.startswith(f"{key}:")
        if not skipping:
            kept.append(line)
    config.write_text("# Set by a pull request:\n" + text + "\n" + "\n".join(kept) + "\n")


@pytest.mark.parametrize("case", MKDOCS_CASES, ids=[c[0] for c in MKDOCS_CASES])
def test_unsafe_values_in_mkdocs_yml_are_errors_at_their_position(
    case: tuple[str, str, str], minimal: Path, invoke: Invoke
) -> None:
    _, text, expected = case
    _mkdocs_with(minimal, text)
    result = invoke("-C", minimal, "check")
    assert result.exit_code == 1, result.output
    line = next(line for line in result.stderr.splitlines() if expected in line)
    assert re.match(r"mkdocs\.yml:\d+:\d+: ", line), line
    assert int(line.split(":")[1]) >= 2  # at the value, not at the top of the file


def test_mkdocs_yml_position_is_the_value(minimal: Path, invoke: Invoke) -> None:
    config = minimal / "mkdocs.yml"
    config.write_text("# a\n# b\nsite_url: javascript:alert(1)\n" + config.read_text())
    result = invoke("-C", minimal, "check")
    assert result.exit_code == 1
    assert "mkdocs.yml:3:11: site_url must be an http(s) URL" in result.stderr


CODE_CASES = [
    # (id, mkdocs.yml text, the exact message after `mkdocs.yml:LINE:COL: `)
    (
        "apply os.system",
        "site_name: !!python/object/apply:os.system ['touch {marker}']",
        "`!!python/object/apply:os.system` would run Python code; only ",
    ),
    ("python name", "site_name: !!python/name:os.system", "`!!python/name:os.system` would run Python code; only "),
    (
        "object/new",
        "extra: {x: !!python/object/new:subprocess.Popen [['touch', '{marker}']]}",
        "`!!python/object/new:subprocess.Popen` would run Python code; only ",
    ),
    (
        "ENV",
        "copyright: !ENV [GITHUB_TOKEN, x]",
        "`!ENV` would copy the build machine's environment (CI secrets) into the site; write the value itself",
    ),
    ("unknown tag", "site_name: !include /etc/passwd", "unknown tag `!include`"),
    ("hooks", "hooks: [evil.py]", "`hooks` run Python files from the repository; Playbook builds do not run them"),
    (
        "INHERIT",
        "INHERIT: base.yml",
        "`INHERIT` loads another file with MkDocs' unsafe YAML loader; write the settings here",
    ),
    ("custom_dir", "theme:\n  name: material\n  custom_dir: overrides", "`theme.custom_dir` is not allowed: MkDocs"),
    ("info plugin", "plugins:\n  - search\n  - material/info\n  - playbook", "plugin `material/info` is not allowed"),
    ("privacy plugin", "plugins:\n  - privacy: {enabled: true}\n  - playbook", "plugin `privacy` is not allowed"),
    (
        "snippets",
        "markdown_extensions:\n  - pymdownx.snippets: {base_path: /}",
        "Markdown extension `pymdownx.snippets`",
    ),
]


@pytest.mark.parametrize("case", CODE_CASES, ids=[c[0] for c in CODE_CASES])
def test_mkdocs_yml_that_would_run_code_or_read_out_is_refused_before_mkdocs_reads_it(
    case: tuple[str, str, str], minimal: Path, invoke: Invoke, tmp_path: Path
) -> None:
    _, text, expected = case
    marker = tmp_path / "ran"
    (minimal / "base.yml").write_text("site_name: x\n")
    (minimal / "evil.py").write_text(f"open({str(marker)!r}, 'w')\n")
    _mkdocs_with(minimal, text.replace("{marker}", str(marker)))
    for command in (("check",), ("build", "--no-cards")):
        result = invoke("-C", minimal, *command)
        assert result.exit_code == 1, result.output
        assert re.search(r"^mkdocs\.yml:\d+:\d+: " + re.escape(expected), result.stderr, re.M), result.stderr
    assert not marker.exists()
    assert not (minimal / "site").exists()


def test_the_python_names_material_documents_still_build(minimal: Path, invoke: Invoke) -> None:
    _mkdocs_with(
        minimal,
        "markdown_extensions:\n"
        "  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg",
    )
    result = invoke("-C", minimal, "build", "--no-cards", "--strict")
    assert result.exit_code == 0, result.output + result.stderr


# -- Markdown links: no script scheme survives the sanitiser -----------------------------------------------

MARKDOWN_LINKS = [
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](DATA:text/html,<script>alert(1)</script>)",
    "[x](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" &#x6A;avascript:alert(1)">x</a>',
    '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>',
    '<img src="javascript:alert(1)">',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>',
    '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "![x](javascript:alert(1))",
]


@pytest.mark.parametrize("text", MARKDOWN_LINKS)
def test_markdown_links_with_a_script_scheme_never_reach_html(text: str) -> None:
    from playbook.text.markdown import render_block, render_inline

    for html in (render_block(text), render_inline(text)):
        for url in re.findall(r"""(?:href|src|action|formaction)\s*=\s*["']?([^"'\s>]*)""", html, re.I):
            normal = re.sub(r"[\s\x00-\x1f]", "", unescape(url)).lower()
            assert not normal.startswith(("javascript:", "vbscript:", "data:")), html
        assert "<iframe" not in html and "<form" not in html and "<svg" not in html, html


FINAL_CONFIG = [
    ({"site_url": "javascript:alert(1)"}, "mkdocs.yml: site_url must be an http(s) URL"),
    ({"repo_url": 'https://x.example/"><img src=x onerror=alert(1)>'}, "mkdocs.yml: repo_url must be an http(s) URL"),
    ({"edit_uri": 'edit/"><script>/'}, "mkdocs.yml: edit_uri must be an http(s) URL or a path"),
    ({"copyright": "<script>alert(1)</script>"}, "mkdocs.yml: copyright must be plain text"),
    ({"nav": [{"<b>x</b>": "index.md"}]}, "mkdocs.yml: the nav title must be plain text"),
    ({"extra_javascript": ["https://evil.example/x.js"]}, "mkdocs.yml: extra_javascript[0] must be a path"),
    ({"theme": {"favicon": "javascript:alert(1)"}}, "mkdocs.yml: theme.favicon must be an http(s) URL"),
]


@pytest.mark.parametrize(("config", "expected"), FINAL_CONFIG, ids=[e.split(": ")[1][:20] for _, e in FINAL_CONFIG])
def test_the_plugin_refuses_unsafe_final_config_values(config: dict[str, object], expected: str) -> None:
    """What the plugin checks once MkDocs' config is final (whoever set the value), before any page is rendered."""
    from playbook.site_config import config_problems

    problems = config_problems(config)
    assert problems and problems[0].startswith(expected), problems
    safe = {"site_url": "https://x.example/", "edit_uri": "edit/main/", "copyright": "Acme · 1.0 &amp; more"}
    assert config_problems({**safe, "nav": [{"Home": "index.md"}, {"Repo": "https://github.com/x/y"}]}) == []


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ('!!python/object/apply:os.system ["touch {marker}"]', "!!python/object/apply:os.system"),
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!ENV HOME", "!ENV"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!include /etc/passwd", "!include"),
    ],
)
def test_yaml_tags_in_content_are_refused(minimal: Path, invoke: Invoke, tmp_path: Path, value: str, tag: str) -> None:
    marker = tmp_path / "ran"
    glossary = "terms:\n  - term: MQL\n    definition: " + value.replace("{marker}", str(marker)) + "\n"
    (minimal / "data" / "glossary.yaml").write_text(glossary)
    result = invoke("-C", minimal, "check")
    assert result.exit_code == 1
    assert f"data/glossary.yaml:3:17: YAML tag `{tag}` is not allowed here: write the value itself" in result.stderr
    assert not marker.exists()
