"""Benchmark `samen check --all` over 1,000 synthetic agreements on PostgreSQL against reading their facts only (issue 11).

A throwaway PostgreSQL database `samen_bench_check` (never var/ nor the demo database) and a
temporary definitions folder: agreement i is a copy of Twente's definition under the slug
`synth-NNNN`, with the first 60 of bench_rules.py's facts as recorded facts (bulk inserts; a
benchmark fixture, not an audited write). Timed in one process: `samen check --all --json`
(stdout to /dev/null), each definition read cold as a fresh process would, against reading every
agreement's facts only, one agreement at a time (`records.queries.stored_facts`, what `samen check`
reads; `check --all` reads the same facts 200 agreements at a time with `stored_facts_many`).
The check runs with `check --all`'s default number of worker processes (one per CPU) unless
`--jobs N` is given; its CPU time (this process and the workers together) goes to stderr.
Skipped, with a message, when PostgreSQL is not reachable. Dropped afterwards.

Run from the project root:  .venv/bin/python bench/bench_check_all.py [--agreements N] [--small] [--jobs N]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

from _common import PG_DEFAULT, ROOT, Throwaway, header, note, postgres_base, row

FACTS_PER_AGREEMENT = 60


def prepare(count: int, folder: Path) -> None:
    """`count` agreement rows and definition files, each with the same recorded facts."""
    from bench_rules import generate

    from samen.agreements.models import Agreement
    from samen.records.models import RecordedFact

    source = (ROOT / "agreements" / "twente-vth-2024.toml").read_text(encoding="utf-8")
    facts = [f.to_json() for f in generate()[:FACTS_PER_AGREEMENT]]
    agreements = []
    for i in range(count):
        slug = f"synth-{i:04d}"
        (folder / f"{slug}.toml").write_text(source.replace('slug = "twente-vth-2024"', f'slug = "{slug}"', 1), encoding="utf-8")
        agreements.append(
            Agreement(slug=slug, citation_title=f"Synthetische overeenkomst {i}", start="2024-11-01", term_years=3, host_code="GM0153")
        )
    agreements = Agreement.objects.bulk_create(agreements)
    rows = []
    for agreement in agreements:
        for fact in facts:
            rows.append(RecordedFact(agreement=agreement, kind=fact["fact"], payload=fact, occurred_on=fact.get("date")))
    RecordedFact.objects.bulk_create(rows, batch_size=5000)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agreements", type=int, default=1000)
    parser.add_argument("--small", action="store_true", help="20 agreements: proves the bench works, in seconds")
    parser.add_argument("--no-header", action="store_true")
    parser.add_argument("--profile", action="store_true", help="print cProfile's figures of the check to stderr (of this process)")
    parser.add_argument("--jobs", type=int, help="check --all's --jobs (default: its own, one per CPU)")
    args = parser.parse_args()
    count = 20 if args.small else args.agreements
    label = f"`samen check --all` over {count:,} synthetic agreements on PostgreSQL"
    if postgres_base() is None:
        if not args.no_header:
            header()
        url = os.environ.get("DATABASE_URL", "") or PG_DEFAULT
        row(label, "reading their facts only", "< 3 s in all", f"skipped: PostgreSQL is not reachable ({url})")
        return 0
    folder = Path(tempfile.mkdtemp(prefix="samen-bench-agreements-"))
    os.environ["SAMEN_AGREEMENTS_DIR"] = str(folder)
    db = Throwaway("check", "postgres")
    try:
        db.activate()
        start = time.perf_counter()
        prepare(count, folder)
        note(f"check --all: {count} agreements with {FACTS_PER_AGREEMENT} facts each made in {time.perf_counter() - start:.1f} s")
        from samen import cli
        from samen.agreements.models import Agreement
        from samen.records.queries import stored_facts_many

        def read_only() -> float:
            """Reading every agreement's facts as check --all reads them (a chunk of agreements per query)."""
            start = time.perf_counter()
            for _ in stored_facts_many(list(Agreement.objects.order_by("slug")), None):
                pass
            return time.perf_counter() - start

        baseline = read_only()
        with Path(os.devnull).open("w") as sink, contextlib.redirect_stdout(sink):
            profile = cProfile.Profile() if args.profile else None
            jobs = [] if args.jobs is None else ["--jobs", str(args.jobs)]
            before, cpu = os.times(), time.process_time()
            start = time.perf_counter()
            if profile is not None:
                profile.enable()
            code = cli.main(["check", "--all", "--json", "--as-of", "2027-06-01", *jobs])
            took = time.perf_counter() - start
            if profile is not None:
                profile.disable()
            after, cpu = os.times(), time.process_time() - cpu
        workers = (after.children_user + after.children_system) - (before.children_user + before.children_system)
        note(f"check --all: {took:.2f} s, CPU {cpu + workers:.2f} s (this process {cpu:.2f} s, the workers {workers:.2f} s)")
        if profile is not None:
            pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        baseline = min(baseline, read_only())
        if code not in (0, 1):
            note(f"check --all: exit {code}")
            return 1
        if not args.no_header:
            header()
        row(
            label, f"reading their facts only: {baseline:.2f} s", "< 3 s in all", f"{took:.2f} s = {took / baseline:.1f}x reading the facts"
        )
        return 0
    finally:
        db.drop()
        for path in folder.glob("*.toml"):
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    sys.exit(main())
