"""Benchmark evaluating Twente with 4,457 facts over ten years, cold: evaluate and to_json, medians (issue 11).

The facts are bench_rules.py's (`generate()`). No database. The cached-answer row says "not built
yet" until the answer cache exists.

Run from the project root:  .venv/bin/python bench/bench_evaluate.py [--runs N] [--small]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date

from _common import header, row
from bench_rules import generate

from samen.rules.definition import load_all
from samen.rules.scenario import evaluate


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--small", action="store_true", help="the first 300 facts, 2 runs: proves the bench works")
    parser.add_argument("--no-header", action="store_true")
    args = parser.parse_args()
    agreement = load_all()["twente-vth-2024"]
    facts = generate()
    runs = args.runs
    if args.small:
        facts, runs = facts[:300], 2
    as_of = date(2034, 6, 1)
    evaluate_ms, json_ms = [], []
    for _ in range(runs):
        start = time.perf_counter()
        answer = evaluate(agreement, facts, as_of)
        middle = time.perf_counter()
        answer.to_json()
        end = time.perf_counter()
        evaluate_ms.append((middle - start) * 1000)
        json_ms.append((end - middle) * 1000)
    if not args.no_header:
        header()
    row(
        f"evaluate Twente, {len(facts):,} facts, ten years, cold (no cache)",
        "-",
        "<= 15 ms evaluate, <= 15 ms `to_json`",
        f"{statistics.median(evaluate_ms):.1f} ms evaluate, {statistics.median(json_ms):.1f} ms `to_json` (medians of {runs})",
    )
    row("the same, cached answer", "-", "< 1 ms", "not built yet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
