"""Printable PDF cards: battle, objection and sales cards, the criteria sheet and the lead-path
one-pager laid out with WeasyPrint; the objection deck and N-up print sheets assembled from them.

`build_cards` is the entry point; WeasyPrint is imported only when cards are built.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from playbook.cards.catalog import FOLDERS, SIZES, CardSpec, catalog, select
from playbook.diagnostics import Diagnostic, PlaybookError
from playbook.model import Playbook
from playbook.paths import cache_dir as project_cache_dir

if TYPE_CHECKING:
    from playbook.cards.assemble import Assembly
    from playbook.cards.render import RenderResult

__all__ = ["SIZES", "CardsRun", "build_cards", "run_cards"]

CACHE_DAYS = 7
"""Cache entries no run has used for this long are removed."""


@dataclass
class CardsRun:
    """What one run did: the PDFs written, the cards laid out again, those taken from the cache,
    and the deck and sheets put together from card PDFs."""

    written: list[Path] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    assembled: list[str] = field(default_factory=list)


def build_cards(
    playbook: Playbook,
    project_root: Path,
    out_dir: Path,
    *,
    size: str | None = None,
    ids: list[str] | None = None,
    version: str | None = None,
    updated: frozenset[str] = frozenset(),
) -> list[Path]:
    """Write the cards of `playbook` under `out_dir`; return the PDFs written.

    Raises PlaybookError (each problem at `path:line:column`) when a card does not fit its
    page or names a file it may not read; nothing is written to `out_dir` then.
    """
    return run_cards(playbook, project_root, out_dir, size=size, ids=ids, version=version, updated=updated).written


def run_cards(
    playbook: Playbook,
    project_root: Path,
    out_dir: Path,
    *,
    size: str | None = None,
    ids: list[str] | None = None,
    jobs: int | None = None,
    progress: bool | None = None,
    cache: bool = True,
    today: dt.date | None = None,
    version: str | None = None,
    updated: frozenset[str] = frozenset(),
) -> CardsRun:
    """`build_cards` with the details: worker count, progress bar, cache use, and what was done."""
    from playbook.cards.assemble import assemble
    from playbook.cards.fonts import FONTS
    from playbook.cards.html import CardHtml
    from playbook.cards.parallel import CardWork, Progress, spread, workers
    from playbook.cards.render import Fingerprint
    from playbook.freshness import today as default_today
    from playbook.leads.funnel_read import crm_deals
    from playbook.model.placeholders import without_placeholders
    from playbook.paths import generator_dirs

    playbook = without_placeholders(playbook)  # a TODO from `playbook new` never reaches a card
    size = size or playbook.settings.cards.size
    if size not in SIZES:
        raise ValueError(f"unknown card size {size!r}; choose one of {', '.join(SIZES)}")
    every = catalog(playbook, size)
    by_key = {s.key: s for s in every}
    wanted = every
    if ids:
        wanted, unknown = select(every, list(ids))
        if unknown:
            raise ValueError(f"no card named {', '.join(unknown)}")
    # The deck and the sheets need the PDFs of the cards they hold.
    needed = list(dict.fromkeys([m for s in wanted for m in (s.members or (s.key,))]))
    rendered_specs = [by_key[k] for k in needed]

    root = project_root.resolve()
    data_dir = root / "data"
    cache_dir = project_cache_dir(root, "cards") or Path(tempfile.mkdtemp(prefix="playbook-cards-"))
    deals = crm_deals(playbook, root)  # read before rendering: the cards' templates get data only
    html = CardHtml(playbook, root, today or default_today(), version=version, updated=updated, deals=deals)
    package_dirs = (*generator_dirs(root), FONTS)

    run = CardsRun()
    processes = workers(jobs)
    work = CardWork(
        html,
        cache_dir=cache_dir,
        cache=cache,
        package_dirs=tuple(package_dirs),
        data_dir=data_dir,
        fingerprint=Fingerprint(),
    )
    with Progress(len(rendered_specs), progress, "Rendering cards") as shown:
        outcomes = work.run(rendered_specs, processes, shown)
    digests = {o.key: o.digest for o in outcomes}
    run.cached = [o.key for o in outcomes if o.cached]
    results = [o.result for o in outcomes if o.result is not None]
    sources = {o.key: o.html or "" for o in outcomes}
    dropped = {o.key: o.dropped for o in outcomes}
    problems = _problems(rendered_specs, results, sources, dropped, root)
    if problems:
        raise PlaybookError(problems)
    run.rendered = [r.key for r in results]

    # The deck and the sheets are independent of each other: every process puts some together.
    assemblies = _assemblies(
        wanted, digests, cache_dir, cache, run, html.labels, playbook.settings.name, playbook.settings.language
    )
    if assemblies:
        import pypdf  # noqa: F401 - once, here: the forked workers that assemble share it

    run.assembled = spread(assemble, assemblies, processes)

    for spec in wanted:
        out = out_dir / spec.output
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cache_dir / f"{digests[spec.key]}.pdf", out)
        run.written.append(out)
    if not ids:
        _prune(out_dir, run.written, cache_dir, {cache_dir / f"{d}.pdf" for d in digests.values()})
    return run


def _assemblies(
    wanted: list[CardSpec],
    digests: dict[str, str],
    cache_dir: Path,
    cache: bool,
    run: CardsRun,
    labels: dict[str, str],
    name: str,
    language: str,
) -> list[Assembly]:
    """The deck and print sheets to put together; those already in the cache are noted in `run`.

    An assembled PDF's key is made of its members' keys, so it changes exactly when one of them does.
    """
    from playbook.cards.assemble import Assembly

    jobs = []
    for spec in wanted:
        if not spec.assembled:
            continue
        if spec.kind == "deck":
            title = labels["card_objection_deck"]
        else:  # `sheets/objections`: the playbook's name and the kind, as the site names it
            folder = spec.id.split("/")[-1]
            title = f"{name}: {labels.get(folder, folder)}"
        parts = [spec.kind, spec.size, title, language, *(digests[k] for k in spec.members)]
        digests[spec.key] = digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        target = cache_dir / f"{digest}.pdf"
        if cache and target.is_file():
            run.cached.append(spec.key)
            continue
        members = tuple(cache_dir / f"{digests[k]}.pdf" for k in spec.members)
        jobs.append(Assembly(spec.key, spec.kind, members, spec.size, target, title, language))
    return jobs


def _problems(
    specs: list[CardSpec],
    results: list[RenderResult],
    sources: dict[str, str],
    dropped: dict[str, tuple[str, ...]],
    root: Path,
) -> list[Diagnostic]:
    """Every refused URL and every card that does not fit its page, at its YAML source."""
    from playbook.cards.errors import overflow_diagnostic, refused_diagnostics

    by_result = {r.key: r for r in results}
    problems: list[Diagnostic] = []
    for spec in specs:
        result = by_result.get(spec.key)
        refused = list(dict.fromkeys([*dropped.get(spec.key, ()), *(result.refused if result else ())]))
        problems += refused_diagnostics(spec, refused, sources[spec.key], root)
        if result is not None and result.overflow is not None:
            problems.append(overflow_diagnostic(spec, result.overflow, result.pages, root))
        if result is not None and result.error is not None:
            problems.append(Diagnostic(spec.source, 1, 1, f"card {spec.output} could not be laid out: {result.error}"))
    return problems


def _prune(out_dir: Path, written: list[Path], cache_dir: Path, used: set[Path]) -> None:
    """After a full run: drop PDFs of cards that no longer exist, and cache entries unused for a week.

    Entries used by this run are touched; other runs (another size, a parallel build) keep theirs.
    """
    keep = {p.resolve() for p in written}
    for folder in (*FOLDERS.values(), "sheets"):
        for pdf in (out_dir / folder).glob("*.pdf"):
            if pdf.resolve() not in keep:
                pdf.unlink(missing_ok=True)
    now = time.time()
    for entry in used:
        with contextlib.suppress(OSError):
            os.utime(entry, (now, now))
    for entry in cache_dir.glob("*.pdf"):
        with contextlib.suppress(OSError):
            if entry not in used and now - entry.stat().st_mtime > CACHE_DAYS * 86400:
                entry.unlink()
