"""Bad input: every case exits 1 with `path:line:column: message`, never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tests_support import Case, apply

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
def test_bad_input_is_reported_at_its_position(case: Case, minimal: Path, invoke) -> None:
    apply(case, minimal)
    result = invoke("-C", minimal, "check")
    assert result.exit_code == 1, result.output
    assert case.expected in result.stderr, result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_all_problems_of_all_files_are_reported_at_once_sorted(minimal: Path, invoke) -> None:
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


def test_bom_and_crlf_are_accepted(minimal: Path, invoke) -> None:
    path = minimal / "data" / "objections" / "too-expensive.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert invoke("-C", minimal, "check", "--strict").exit_code == 0


def test_alias_bomb_fails_fast_with_a_clear_message(minimal: Path, invoke) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    (minimal / "data" / "glossary.yaml").write_text("\n".join(lines) + "\n")
    start = time.perf_counter()
    result = invoke("-C", minimal, "check")
    assert time.perf_counter() - start < 2  # a bomb would take minutes and gigabytes
    assert result.exit_code == 1
    assert "data/glossary.yaml:1:" in result.stderr and "aliases expand to more than" in result.stderr


def test_huge_file_is_refused_by_size(minimal: Path, invoke) -> None:
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
def test_deep_nesting_is_one_positioned_error(minimal: Path, invoke, depth: int) -> None:
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
