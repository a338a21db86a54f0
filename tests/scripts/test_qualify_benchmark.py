"""benchmarks/qualify.py runs end to end on a small export and prints every figure (no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_qualify_benchmark_prints_qualify_dictreader_and_duckdb_side_by_side() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "qualify.py"), "--rows", "3000"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "qualify --format json:" in out and "rows/s" in out
    assert "csv.DictReader loop:" in out
    assert "DuckDB, qualify --sql:" in out or "DuckDB: not installed" in out
    assert "the time of the DictReader loop (target <= 1.5x)" in out
