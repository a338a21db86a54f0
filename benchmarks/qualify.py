"""`playbook qualify` on a generated export of 1,000,000 leads: rows per second, side by side.

The export (fields of the example playbook's `data/qualification.yaml`, realistic values plus
empty, unreadable and odd cells) is written row by row to a temporary CSV. Then, each in its own
process so its peak resident memory (`ru_maxrss`) is its own:

- `playbook qualify EXPORT --format json` (output discarded; start-up included),
- a bare `csv.DictReader` loop over the same file (the issue-14 yardstick: qualify should take at
  most 1.5x its time), and
- DuckDB running `playbook qualify EXPORT --sql` over `read_csv(EXPORT, all_varchar = true)`
  (when duckdb is installed: the dev extra).

Usage:

    python benchmarks/qualify.py [--rows 1000000] [--format json|csv|table] [--keep]

Targets: peak memory under 300 MB for 1,000,000 rows; qualify within 1.5x the DictReader loop.
No test times anything: this script is run by hand (or by `benchmarks/run.py`) on a quiet machine.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COLUMNS = [
    "id",
    "company",
    "brand",
    "country",
    "segment",
    "employees",
    "fleet_vehicles",
    "monthly_parts_spend",
    "source",
    "has_account",
    "budget_confirmed",
    "decision_maker",
    "need_date",
    "notes",
]
PEAK_LIMIT_MB = 300
RATIO_TARGET = 1.5

BASELINE = """
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = 0
    for row in csv.DictReader(f):
        rows += 1
print(rows)
"""

DUCKDB = """
import sys, duckdb
sql = open(sys.argv[2], encoding="utf-8").read()
con = duckdb.connect()
path = sys.argv[1].replace("'", "''")
con.execute(f"CREATE VIEW leads AS SELECT * FROM read_csv('{path}', all_varchar = true)")
print(sum(1 for _ in con.execute(sql).fetchall()))
"""


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Write `rows` leads to `path`, one at a time."""
    rng = random.Random(seed)
    brands = ["opel", "Opel", " OPEL ", "vauxhall", "peugeot", "ford", ""]
    countries = ["LT", "lv", "EE", "PL", "DE", ""]
    segments = ["garage", "body-shop", "fleet", "private", "taxi", ""]
    sources = ["quote-form", "phone", "vin-request", "newsletter", "purchased-list", "trade-fair", ""]
    bools = ["yes", "no", "true", "false", "1", "0", "", "maybe"]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for i in range(1, rows + 1):
            employees = rng.choice([str(rng.randint(1, 80)), str(rng.randint(1, 80)), "", "many"])
            spend = rng.choice([str(rng.randint(0, 6000)), f"{rng.randint(0, 6000)},50", "", "1 500"])
            need = rng.choice(["", f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "soon"])
            writer.writerow(
                [
                    f"L-{i:07d}",
                    f"Company {i}",
                    rng.choice(brands),
                    rng.choice(countries),
                    rng.choice(segments),
                    employees,
                    rng.choice(["", str(rng.randint(0, 120))]),
                    spend,
                    rng.choice(sources),
                    rng.choice(bools),
                    rng.choice(bools),
                    rng.choice(bools),
                    need,
                    "Asked for a front left drive shaft, Opel Astra J 2010-2017; call back after 3 pm",
                ]
            )


def measure(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak resident memory (MB) and exit code of `command`, output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--format", default="json", choices=["json", "csv", "table"])
    parser.add_argument("--keep", action="store_true", help="keep the generated export")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="playbook-qualify-bench-"))
    export = folder / "leads.csv"
    start = time.perf_counter()
    generate(export, args.rows)
    print(f"generated {args.rows:,} rows ({export.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - start:.1f} s")
    try:
        env_command = [sys.executable, "-c", "from playbook.cli import main; main()"]
        qualify = [*env_command, "-C", str(REPO), "qualify", str(export), "--format", args.format]
        q_time, q_peak, q_code = measure(qualify)
        b_time, b_peak, b_code = measure([sys.executable, "-c", BASELINE, str(export)])
        if q_code != 0 or b_code != 0:
            sys.exit(f"a run failed: qualify exit {q_code}, baseline exit {b_code}")
        print(
            f"qualify --format {args.format}: {q_time:6.1f} s  {args.rows / q_time:>10,.0f} rows/s  "
            f"peak {q_peak:6.1f} MB"
        )
        print(f"csv.DictReader loop:   {b_time:6.1f} s  {args.rows / b_time:>10,.0f} rows/s  peak {b_peak:6.1f} MB")
        try:
            import duckdb  # noqa: F401
        except ImportError:
            print("DuckDB: not installed (the dev extra has it)")
        else:
            sql_file = folder / "qualify.sql"
            with sql_file.open("w", encoding="utf-8") as out:
                subprocess.run([*env_command, "-C", str(REPO), "qualify", str(export), "--sql"], stdout=out, check=True)
            d_time, d_peak, d_code = measure([sys.executable, "-c", DUCKDB, str(export), str(sql_file)])
            if d_code == 0:
                print(
                    f"DuckDB, qualify --sql: {d_time:6.1f} s  {args.rows / d_time:>10,.0f} rows/s  "
                    f"peak {d_peak:6.1f} MB"
                )
            else:
                print(f"DuckDB run failed (exit {d_code})")
            sql_file.unlink()
        ratio = q_time / b_time
        print(f"qualify takes {ratio:.2f}x the time of the DictReader loop (target <= {RATIO_TARGET}x)")
        verdict = "OK" if q_peak < PEAK_LIMIT_MB else "OVER"
        print(f"peak memory {q_peak:.0f} MB vs target < {PEAK_LIMIT_MB} MB: {verdict}")
        if q_peak >= PEAK_LIMIT_MB:
            sys.exit(1)
    finally:
        if args.keep:
            print(f"export kept at {export}")
        else:
            export.unlink(missing_ok=True)
            folder.rmdir()


if __name__ == "__main__":
    main()
