"""Run every benchmark of issue 11's goals table and print the table once, rows in the issue's order.

Run from the project root:  .venv/bin/python bench/run_all.py [--small]
Each bench is its own process (its own throwaway database); `--small` runs them on tiny sizes,
in seconds (tests/perf/test_benchmarks.py), never asserting a time.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ("bench_http.py", "bench_evaluate.py", "bench_check_all.py", "bench_audit.py")


def machine() -> str:
    """The machine and interpreter the figures were measured on, for the line above the table: the same code runs
    at another speed on another CPU, and on another build of Python (docs/performance.md, "The interpreter")."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"Machine: {model or platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
        f"Python {platform.python_version()} ({os.path.realpath(sys._base_executable)})"
    )


def main(argv: list[str]) -> int:
    small = ["--small"] if "--small" in argv else []
    print(machine(), end="\n\n")
    print("| workload | baseline in the same run | goal | today |")
    print("|---|---|---|---|", flush=True)
    worst = 0
    for bench in BENCHES:
        done = subprocess.run([sys.executable, str(HERE / bench), "--no-header", *small], cwd=HERE.parent)
        worst = max(worst, done.returncode)
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
