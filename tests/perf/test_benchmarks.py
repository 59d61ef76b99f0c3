"""`make bench` works: every benchmark of issue 11 runs once on tiny sizes (`--small`) and prints its rows.

No time is asserted (speed is measured by `make bench`, the figures are in docs/performance.md);
this proves that the benches start their servers, fill their throwaway databases and report.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The benches make their own databases (PostgreSQL too, when reachable): they run once per `make test`, in the
# SQLite run; `make test-postgres` deselects the marker.
pytestmark = pytest.mark.bench

WORKLOADS = (
    "dashboard as `secretariaat`",
    "`GET` an API list",
    "the same list, a new URL on every request (not kept)",  # printed beside the goal, not a goal
    "evaluate Twente",
    "the same, cached answer",
    "`samen check --all` over 20 synthetic agreements on PostgreSQL",
    "`samen audit verify`, 2,000 entries",
)


def test_every_benchmark_runs_on_small_sizes_and_prints_its_row():
    done = subprocess.run([sys.executable, "bench/run_all.py", "--small"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and not line.startswith("| workload")]
    for workload in WORKLOADS:
        row = next((r for r in rows if workload in r), None)
        assert row is not None, f"no row for {workload}:\n{done.stdout}\n{done.stderr}"
        today = row.rstrip(" |").rsplit(" | ", 1)[1]
        assert today.strip(), row
    assert "ms from the process's memory" in next(r for r in rows if "cached answer" in r)  # measured, not "not built yet"
    assert len(rows) == len(WORKLOADS)


def test_the_invoice_benchmark_runs_once_and_prints_its_three_figures():
    done = subprocess.run([sys.executable, "bench/bench_invoices.py", "--runs", "1"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("compile the SI-UBL 2.0 schematron (XSLT) once: ") for line in lines), done.stdout
    assert any(line.startswith("create the 15 invoices of 2027 (median of 1): ") for line in lines), done.stdout
    assert any(line.startswith("build and validate their XML, XSD + schematron (median of 1): ") for line in lines), done.stdout
