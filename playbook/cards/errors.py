"""Card problems as diagnostics at the YAML source: a field too long for its page, a refused URL."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from playbook.cards.catalog import CardSpec
from playbook.cards.fit import field_loc, field_words
from playbook.diagnostics import Diagnostic, PlaybookError
from playbook.loading.yaml_reader import read_yaml

_SRC = re.compile(r"""\bsrc=["']([^"']+)["']""")
LARGER = {"A6": "A5", "A5": "A4"}


def _position(root: Path, source: str, field: str) -> tuple[int, int]:
    try:
        document = read_yaml(root / source, source)
    except (PlaybookError, OSError):
        return (1, 1)
    return document.source.where(field_loc(field))


def overflow_diagnostic(spec: CardSpec, field: str, pages: int, root: Path) -> Diagnostic:
    """`path:line:column: card objections/x does not fit on one A6 page: `ask`, item 4 is too long`."""
    where = f"card {spec.output} does not fit on one {spec.size} page (it needs {pages} pages)"
    bigger = LARGER.get(spec.size)
    hint = f", or print the cards larger with --size {bigger}" if bigger else ""
    if not field:
        return Diagnostic(spec.source, 1, 1, f"{where}; shorten its content{hint}")
    line, column = _position(root, spec.source, field)
    message = f"{where}: {field_words(field)} is too long, shorten it{hint}"
    return Diagnostic(spec.source, line, column, message)


def refused_diagnostics(spec: CardSpec, urls: list[str], html: str, root: Path) -> list[Diagnostic]:
    """One error per URL the card asked for and the fetcher refused, at the text that names it."""
    written = list(dict.fromkeys(_SRC.findall(html)))
    problems = []
    text = _text(root / spec.source)
    for url in urls:
        # Point at the text as the author wrote it (`../x.png`), not at the resolved URL.
        original = next((src for src in written if _joined(spec, root, src) == url), url)
        line, column = _find(text, original)
        message = _missing_message(spec, url, original, root) or (
            f"card {spec.output}: refused to fetch {url}; cards may only use images inside the playbook's data/ folder"
        )
        problems.append(Diagnostic(spec.source, line, column, message))
    return problems


def _missing_message(spec: CardSpec, url: str, written: str, root: Path) -> str | None:
    """For an image inside `data/` that is simply not there: which file the card looked for."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    path = Path(unquote(parts.path))
    data = (root / "data").resolve()
    if not path.resolve().is_relative_to(data) or path.exists():
        return None
    where = path.resolve().relative_to(root.resolve()).as_posix()
    return f"card {spec.output}: image `{written}` not found (looked for {where})"


def _joined(spec: CardSpec, root: Path, src: str) -> str:
    base = (root / spec.source).parent.resolve().as_uri() + "/"
    return urljoin(base, src)


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _find(text: str, needle: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), start=1):
        column = line.find(needle)
        if column >= 0:
            return number, column + 1
    return 1, 1
