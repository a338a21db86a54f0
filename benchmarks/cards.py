"""Benchmark of the PDF cards: our pipeline against WeasyPrint alone, worker scaling, and re-runs.

Prints, for a synthetic playbook of N objections (N/10 competitors, N/20 products):

1. all cards with `run_cards` (cold cache, one process per core; cards made and laid out in batches,
   see `playbook.cards.parallel` and `playbook.cards.render`) against WeasyPrint alone laying out the
   same HTML documents with the same font stylesheet, `HTML(...).write_pdf()` with its defaults for
   each document, one process per core: the ratio. The documents are exactly what our workers lay
   out, but for the QR codes' images: our card fetcher answers their `playbook-qr:` addresses, so
   WeasyPrint alone gets the same PNG bytes inline as `data:` URLs. Our side alone makes the HTML,
   encodes the QR codes, checks each card fits and assembles the deck and print sheets;
2. the speed-up of our pipeline from 1 to 2 worker processes;
3. a re-run after one objection changed: its time and which cards were laid out again.

Both sides run in this process, one after the other, so the ratios compare like with like.
No timings are asserted anywhere; this is for people. Usage:

    python benchmarks/cards.py [N] [--repeat R] [--json FILE]

`--json` also writes the figures that have targets, for `benchmarks/run.py` to judge.

Timings come from interleaved rounds (the best of each counts), wall-clock and CPU time (this
process plus its finished workers); on a machine busy with other work, trust the CPU ratio and
run the speed-up again when the cores are idle.
"""

from __future__ import annotations

import argparse
import base64
import html as html_lib
import json
import math
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import generate  # noqa: E402
from playbook.bulk import cores as available_cores  # noqa: E402
from playbook.bulk import process_context  # noqa: E402
from playbook.cards import CardsRun, run_cards  # noqa: E402
from playbook.cards.catalog import catalog  # noqa: E402
from playbook.cards.html import CardHtml  # noqa: E402
from playbook.cards.qr import SCHEME, fill_qr_codes, qr_of_image_url, qr_png  # noqa: E402
from playbook.freshness import today  # noqa: E402
from playbook.model import Playbook  # noqa: E402
from playbook.paths import cache_dir  # noqa: E402
from playbook.project import check_project  # noqa: E402


@dataclass
class Timing:
    """Wall-clock and CPU seconds (this process and its finished workers) of one measurement."""

    wall: float = math.inf
    cpu: float = math.inf

    def keep_best(self, other: Timing) -> None:
        self.wall = min(self.wall, other.wall)
        self.cpu = min(self.cpu, other.cpu)


def _cpu() -> float:
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def timed(action: Callable[[], object]) -> Timing:
    cpu, wall = _cpu(), time.perf_counter()
    action()
    return Timing(time.perf_counter() - wall, _cpu() - cpu)


Job = tuple[str, str, str, str]
"""HTML, base URL, the `@font-face` stylesheet, the PDF to write."""


def _weasyprint_alone(job: Job) -> None:
    """One document the way WeasyPrint's documentation shows it, fonts included."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    html, base_url, fonts_css, target = job
    config = FontConfiguration()
    fonts = weasyprint.CSS(string=fonts_css, font_config=config)
    weasyprint.HTML(string=html, base_url=base_url).write_pdf(target, stylesheets=[fonts], font_config=config)


def documents(playbook: Playbook, project: Path, out: Path) -> list[Job]:
    """The documents our pipeline lays out (every card but the assembled deck and sheets):
    each card's HTML and the stylesheet of the shipped fonts it is laid out with."""
    html = CardHtml(playbook, project, today())
    work: list[Job] = []
    for spec in catalog(playbook, playbook.settings.cards.size):
        if not spec.assembled:
            document = html.single(spec)
            final = _inline_qr_codes(fill_qr_codes(document.html))  # the HTML our workers lay out, QR images inline
            work.append((final, document.base_url, html.font_css, str(out / f"{len(work)}.pdf")))
    out.mkdir(parents=True, exist_ok=True)
    return work


def _inline_qr_codes(html: str) -> str:
    """`html` with each QR image's address (which only our card fetcher answers) replaced by a `data:`
    URL of the same PNG, which WeasyPrint's default fetcher reads."""

    def data_url(match: re.Match[str]) -> str:
        url = qr_of_image_url(html_lib.unescape(match.group(1)))
        assert url is not None
        return 'src="data:image/png;base64,' + base64.b64encode(qr_png(url)).decode() + '"'

    return re.sub(f'src="({re.escape(SCHEME)}[^"]*)"', data_url, html)


def weasyprint_alone(work: list[Job], jobs: int) -> None:
    """WeasyPrint with its defaults, one process per core, one PDF per HTML document."""
    with ProcessPoolExecutor(max_workers=jobs, mp_context=process_context()) as pool:
        list(pool.map(_weasyprint_alone, work, chunksize=1))


def ours(playbook: Playbook, project: Path, out: Path, jobs: int) -> None:
    """`run_cards` from a cold cache: HTML, layout, fit checks, deck and sheets, copies."""
    cards_cache = cache_dir(project, "cards")
    if cards_cache is not None:
        shutil.rmtree(cards_cache, ignore_errors=True)
    qr_png.cache_clear()  # cold: the QR codes of a single-process run are not kept from the previous round
    shutil.rmtree(out, ignore_errors=True)
    run_cards(playbook, project, out, jobs=jobs, progress=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=120, help="objections (default 120)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the best of each measurement counts")
    parser.add_argument("--json", type=Path, help="also write the judged figures to this file")
    args = parser.parse_args()
    os.environ.setdefault("PLAYBOOK_TODAY", "2026-11-22")
    cores = available_cores()

    with tempfile.TemporaryDirectory(prefix="playbook-cards-bench-") as tmp:
        project = generate(Path(tmp) / "project", args.n)
        checked = check_project(project, today())
        if checked.playbook is None:
            sys.exit("\n".join(str(d) for d in checked.diagnostics))
        playbook = checked.playbook
        out = Path(tmp) / "cards"
        work = documents(playbook, project, Path(tmp) / "alone")
        print(
            f"synthetic playbook: {len(playbook.objections)} objections, {len(playbook.competitors)} "
            f"competitors, {len(playbook.products)} products; {cores} core(s); "
            f"best of {args.repeat} interleaved rounds",
            flush=True,
        )

        weasyprint_alone(work[:cores], cores)  # warm up imports and font caches
        check = Path(work[0][3])
        assert "Card-Sans" in subprocess.run(["pdffonts", str(check)], capture_output=True, text=True).stdout, (
            "WeasyPrint alone must lay out with the same fonts"
        )
        alone, pipeline, one, two = Timing(), Timing(), Timing(), Timing()
        for _ in range(args.repeat):
            # Interleaved, so load from elsewhere on the machine hits every measurement alike.
            alone.keep_best(timed(lambda: weasyprint_alone(work, cores)))
            pipeline.keep_best(timed(lambda: ours(playbook, project, out, cores)))
            one.keep_best(timed(lambda: ours(playbook, project, out, 1)))
            two.keep_best(timed(lambda: ours(playbook, project, out, 2)))
        written = sum(1 for _ in out.rglob("*.pdf"))
        print(f"\n1. all cards, {cores} process(es)            wall s    CPU s")
        print(f"   WeasyPrint alone, {len(work)} HTML documents: {alone.wall:7.2f}  {alone.cpu:7.2f}")
        print(f"   playbook pipeline, {written} PDFs:          {pipeline.wall:7.2f}  {pipeline.cpu:7.2f}")
        print(
            f"   ratio pipeline / WeasyPrint alone:    {pipeline.wall / alone.wall:7.2f}  "
            f"{pipeline.cpu / alone.cpu:7.2f}   (target <= 0.6)"
        )

        print("\n2. worker processes                          wall s")
        print(f"   1 process:                               {one.wall:7.2f}")
        print(f"   2 processes:                             {two.wall:7.2f}")
        print(
            f"   speed-up:                                {one.wall / two.wall:7.2f}   "
            "(target >= 1.7; needs 2 idle cores)"
        )

        run_cards(playbook, project, out, jobs=cores, progress=False)  # warm cache
        again = run_cards(playbook, project, out, jobs=cores, progress=False)
        unchanged = timed(lambda: run_cards(playbook, project, out, jobs=cores, progress=False))
        changed_id = next(iter(playbook.objections))
        source = project / playbook.sources[f"objections/{changed_id}"]
        source.write_text(source.read_text(encoding="utf-8").replace("say: ", "say: Changed. ", 1), encoding="utf-8")
        changed = check_project(project, today()).playbook
        assert changed is not None
        runs: list[CardsRun] = []
        rerun = timed(lambda: runs.append(run_cards(changed, project, out, jobs=cores, progress=False)))
        run = runs[0]
        print("\n3. re-runs                                   wall s")
        print(
            f"   nothing changed:                         {unchanged.wall:7.2f}   "
            f"rendered {len(again.rendered)}, assembled {len(again.assembled)}"
        )
        print(f"   one objection ({changed_id}) changed: {rerun.wall:7.2f}")
        print(f"   rendered again:  {', '.join(run.rendered) or '-'}")
        print(f"   assembled again: {', '.join(run.assembled) or '-'}")
        print(f"   from the cache:  {len(run.cached)} card(s)")
        if args.json:
            figures = {
                "ratio": pipeline.wall / alone.wall,
                "cpu_ratio": pipeline.cpu / alone.cpu,
                "speed_up": one.wall / two.wall,
                "changed": f"objections/{changed_id}",
                "rendered_again": run.rendered,
                "assembled_again": run.assembled,
            }
            args.json.write_text(json.dumps(figures), encoding="utf-8")


if __name__ == "__main__":
    main()
