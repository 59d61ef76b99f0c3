"""Benchmark the rules: evaluate the Twente agreement with ten years of generated facts; print the median.

Run from the project root:  PYTHONPATH=src .venv/bin/python bench/bench_rules.py [--runs N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from samen.rules import facts as f
from samen.rules.definition import load_all
from samen.rules.scenario import evaluate

YEARS = range(2024, 2035)


def generate(seed: int = 7) -> list[f.Fact]:
    """Ten years of plausible facts: thousands of meetings, costs, disputes and decisions."""
    rnd = random.Random(seed)
    agreement = load_all()["twente-vth-2024"]
    codes = agreement.party_codes
    out: list[f.Fact] = [f.Signed(p, date(2024, 10, 1)) for p in codes]
    out.append(f.AmendmentRequested("VERLENGING", "GM0153", date(2026, 11, 20), date(2034, 10, 31)))
    out += [f.AmendmentDecided("VERLENGING", p, "consent", date(2027, 2, 1)) for p in codes]
    out.append(f.EvaluationCompleted(date(2026, 10, 1)))
    for year in YEARS:
        out.append(f.CostPerFte(year, Decimal(f"{98500 + 1500 * (year - 2024)}.00")))
        out.append(f.BudgetConsented(year + 1, date(year, 11, 15)))
        out.append(f.ChairElected(rnd.choice(codes), date(year, 1, 10)))
        out.append(f.CoreGroupComposed(tuple(rnd.sample(codes, 4)), date(year, 1, 20)))
        for p in rnd.sample(codes, 3):
            out.append(f.CapacityNotSupplied(p, year))
        for day in range(1, 365, 3):
            body = rnd.choice(("board", "core-group", "policy-meeting", "project-group"))
            out.append(f.MeetingHeld(body, date(year, 1, 1) + timedelta(days=day)))
        for _ in range(150):
            out.append(f.ExtraCost(year, rnd.choice("abcdefgh"), Decimal(rnd.randint(100, 500000)) / 100))
        for n in range(30):
            ref = f"D-{year}-{n}"
            by, *against = rnd.sample(codes, 3)
            received = date(year, 1, 1) + timedelta(days=rnd.randint(0, 300))
            out.append(f.DisputeNotified(ref, by, tuple(against), received))
            if n % 3:
                out.append(f.MediationStarted(ref, received + timedelta(days=50)))
                out.append(f.MediationCosts(ref, Decimal(rnd.randint(100000, 900000)) / 100, received + timedelta(days=80)))
            if n % 4 == 0:
                out.append(f.DisputeResolved(ref, received + timedelta(days=120)))
        for n in range(3):
            ref = f"W-{year}-{n}"
            out.append(f.AmendmentRequested(ref, rnd.choice(codes), date(year, 3, 1)))
            out += [f.AmendmentDecided(ref, p, "consent", date(year, 4, 1)) for p in rnd.sample(codes, 14)]
    out.append(f.WithdrawalNotified("GM0168", date(2029, 1, 15)))
    out.append(f.WithdrawalConsented("GM0168", date(2029, 3, 31)))
    out.append(f.DisintegrationCostsAgreed("GM0168", Decimal("12345.67"), date(2031, 2, 1)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    agreement = load_all()["twente-vth-2024"]
    facts = generate()
    as_of = date(2034, 6, 1)
    timings, timings_json = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        answer = evaluate(agreement, facts, as_of)
        middle = time.perf_counter()
        answer.to_json()
        end = time.perf_counter()
        timings.append((middle - start) * 1000)
        timings_json.append((end - start) * 1000)
    counts = {k: len(getattr(answer, k)) for k in ("deadlines", "procedures", "amounts", "findings")}
    print(f"facts: {len(facts)}, as_of {as_of}, runs: {args.runs}; conclusions: {counts}")
    print(f"evaluate: median {statistics.median(timings):.1f} ms (min {min(timings):.1f}, max {max(timings):.1f})")
    print(f"evaluate + to_json: median {statistics.median(timings_json):.1f} ms")


if __name__ == "__main__":
    main()
