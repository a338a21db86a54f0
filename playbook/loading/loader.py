"""Loads a project's `data/` folder into a validated Playbook, collecting every problem of every file."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from playbook.bulk import fork_map, gc_paused
from playbook.diagnostics import Diagnostic, PlaybookError
from playbook.loading import safe_paths
from playbook.loading.cache import ParseCache, Parsed, Stamp, stamp
from playbook.loading.validation import validate
from playbook.loading.yaml_reader import SourceMap, YamlDocument, read_yaml
from playbook.model import KINDS, FileKind, Page, Playbook
from playbook.model.base import is_slug
from playbook.model.feedback import FeedbackFile

PARALLEL_FROM = 500
"""Files to parse before it pays to start a second process."""


@dataclass
class Loaded:
    """The result of loading: the playbook when every file was valid, and all problems found."""

    playbook: Playbook | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, SourceMap] = field(default_factory=dict)
    """Source maps by item key (`objections/too-expensive`, `icp`, ...), for cross-file checks."""
    partial: Playbook | None = None
    """When some files had problems: the files that did validate, so that their references and lints
    are still checked (every problem at once); `Playbook.incomplete` names the files left out."""


def load_playbook(project: Path, *, cache: ParseCache | None = None, freeze: bool = True) -> Loaded:
    """Read and validate every file under `project/data`.

    `cache` (held by whoever loads the same project again, such as `serve`) gives back the files unchanged
    since it last saw them and keeps the others; without one, every file is read. `freeze` freezes what
    loading made (`bulk.gc_paused`): True for a one-shot command, False in a long-running server.
    """
    data = project / "data"
    problems: list[Diagnostic] = []
    outside = safe_paths.links_out(project, [data])
    if safe_paths.within(data, outside):
        return Loaded(None, [safe_paths.outside_problem(project, data)])
    if not data.is_dir():
        return Loaded(None, [Diagnostic("data", 1, 1, f"no `data/` folder in {project}")])
    problems.extend(safe_paths.outside_problem(project, link) for link in outside)
    singles: dict[str, BaseModel] = {}
    groups: dict[str, dict[str, BaseModel]] = {}
    sources: dict[str, SourceMap] = {}
    files: dict[str, str] = {}
    failed: set[str] = set()
    found = [
        (kind, path, item_id, path.relative_to(project).as_posix())
        for kind in KINDS
        for path, item_id in _files_of(data, kind, problems, outside)
    ]
    with gc_paused(freeze=freeze):
        parsed = _parse_changed([(path, rel, kind.model) for kind, path, _, rel in found], cache)
        for (kind, path, item_id, rel), document in zip(found, parsed, strict=True):
            key = kind.name if not kind.is_folder else f"{kind.path}{item_id}"
            try:
                item, sources[key] = _validated(path, rel, kind.model, document, cache)
            except PlaybookError as exc:
                problems.extend(exc.diagnostics)
                failed.add(key)
                continue
            files[key] = rel
            if kind.is_folder:
                groups.setdefault(kind.name, {})[item_id] = item
            else:
                singles[kind.name] = item
    pages = _pages(data, project, problems, outside)
    if problems:
        return Loaded(None, problems, sources, _partial(singles, groups, pages, files, failed))
    playbook = _assemble(singles, groups, pages, files)
    return Loaded(playbook, [], sources)


_Parsed = tuple[Stamp, YamlDocument | PlaybookError]
"""A file parsed now: its stamp, and its content or its problems."""


def _parse_changed(files: list[tuple[Path, str, type[BaseModel]]], cache: ParseCache | None) -> list[Parsed | _Parsed]:
    """Each file as the cache holds it when unchanged, parsed (again) otherwise: on every core when many are."""
    results: list[Parsed | _Parsed | None] = [
        cache.get(path, rel, model) if cache is not None else None for path, rel, model in files
    ]
    changed = [i for i, hit in enumerate(results) if hit is None]
    parsed = fork_map(lambda i: _parse(*files[changed[i]][:2]), len(changed), auto_from=PARALLEL_FROM)
    for i, result in zip(changed, parsed, strict=True):
        results[i] = result
    return [r for r in results if r is not None]


def _parse(path: Path, rel: str) -> _Parsed:
    try:
        when = stamp(path)
    except OSError:
        when = (0, 0, 0)
    try:
        return when, read_yaml(path, rel)
    except PlaybookError as error:
        return when, error


def _validated(
    path: Path, rel: str, model: type[BaseModel], parsed: Parsed | _Parsed, cache: ParseCache | None
) -> tuple[BaseModel, SourceMap]:
    """A file's validated model and source map, validated again only when it was parsed again."""
    if isinstance(parsed, Parsed):
        return parsed.item, parsed.source
    when, document = parsed
    if isinstance(document, PlaybookError):
        raise document
    item = validate(model, document)
    if cache is not None:
        cache.put(path, rel, model, item, document.source, when)
    return item, document.source


def _files_of(data: Path, kind: FileKind, problems: list[Diagnostic], outside: list[Path]) -> list[tuple[Path, str]]:
    """The files of one kind, leaving out links that lead outside the project (they are reported already)."""
    if not kind.is_folder:
        path = data / kind.path
        if safe_paths.within(path, outside):
            return []
        if path.is_file():
            return [(path, kind.name)]
        if kind.required:
            problems.append(Diagnostic(f"data/{kind.path}", 1, 1, f"missing file: data/{kind.path}"))
        return []
    folder = data / kind.path
    found: list[tuple[Path, str]] = []
    if safe_paths.within(folder, outside):
        return found
    for path in _yaml_files(folder):
        if safe_paths.within(path, outside):
            continue
        if path.suffix == ".yml":
            problems.append(Diagnostic(_rel(path, data), 1, 1, "use the `.yaml` extension"))
            continue
        item_id = path.stem
        if kind.model is not FeedbackFile and not is_slug(item_id):
            problems.append(
                Diagnostic(
                    _rel(path, data),
                    1,
                    1,
                    f"file name `{path.name}` is not a slug: use lowercase letters, digits and '-'",
                )
            )
            continue
        found.append((path, item_id))
    return found


def _yaml_files(folder: Path) -> list[Path]:
    """The `.yaml` and `.yml` files in `folder`, by name (one directory read, no stat per file)."""
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if e.name.endswith((".yaml", ".yml")) and e.is_file()]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [folder / name for name in sorted(names)]


def _rel(path: Path, data: Path) -> str:
    return path.relative_to(data.parent).as_posix()


def _pages(data: Path, project: Path, problems: list[Diagnostic], outside: list[Path]) -> list[Page]:
    pages: list[Page] = []
    folder = data / "pages"
    if safe_paths.within(folder, outside):
        return pages
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        rel = path.relative_to(project).as_posix()
        if safe_paths.within(path, outside):
            continue
        if not is_slug(path.stem):
            problems.append(
                Diagnostic(rel, 1, 1, f"file name `{path.name}` is not a slug: use lowercase letters, digits and '-'")
            )
            continue
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(Diagnostic(rel, 1, 1, "not valid UTF-8; save the file as UTF-8"))
            continue
        pages.append(Page(path.stem, rel, text.replace("\r\n", "\n")))
    return pages


def _partial(
    singles: dict[str, Any],
    groups: dict[str, dict[str, Any]],
    pages: list[Page],
    files: dict[str, str],
    failed: set[str],
) -> Playbook:
    """The files that validated, with an empty stand-in for each single file that did not (or is missing)."""
    stand_ins: dict[str, Any] = {
        kind.name: kind.model.model_construct(name="", company="", version="")
        if kind.name == "playbook"
        else kind.model()
        for kind in KINDS
        if not kind.is_folder and kind.name not in singles
    }
    playbook = _assemble({**stand_ins, **singles}, groups, pages, files)
    playbook.incomplete = frozenset(failed | set(stand_ins))
    return playbook


def _assemble(
    singles: dict[str, Any], groups: dict[str, dict[str, Any]], pages: list[Page], files: dict[str, str]
) -> Playbook:
    feedback = {f"feedback/{name}": f.root for name, f in groups.get("feedback", {}).items()}
    return Playbook(
        settings=singles["playbook"],
        icp=singles["icp"],
        qualification=singles["qualification"],
        lead_path=singles["lead_path"],
        glossary=singles["glossary"],
        objections=groups.get("objection", {}),
        competitors=groups.get("competitor", {}),
        products=groups.get("product", {}),
        calculators=groups.get("calculator", {}),
        feedback_files=feedback,
        pages=pages,
        proposals=groups.get("proposal", {}),
        sources=files,
    )
