"""The loader, fed arbitrary bytes or arbitrary YAML, fails only with its own error type."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook.diagnostics import PlaybookError
from playbook.loading.validation import validate
from playbook.loading.yaml_reader import read_yaml
from playbook.model import KINDS

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


def _load_every_kind(path: Path) -> None:
    for kind in KINDS:
        try:
            validate(kind.model, read_yaml(path, "f.yaml"))
        except PlaybookError as exc:
            assert exc.diagnostics and all(d.path == "f.yaml" and d.line >= 1 for d in exc.diagnostics)


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    _load_every_kind(path)


@SETTINGS
@given(documents)
def test_arbitrary_yaml(tmp_path: Path, document: object) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    _load_every_kind(path)


@SETTINGS
@given(st.text(alphabet="{}[]:,-&*!|>'\"#%@`? \n\tabc01", max_size=80))
def test_arbitrary_yaml_syntax(tmp_path: Path, text: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    _load_every_kind(path)
