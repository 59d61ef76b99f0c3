"""Benchmark `samen audit verify` at 1,000,000 entries against hashing the same bytes in a loop (issue 11).

A throwaway database (PostgreSQL `samen_bench_audit` when reachable, else SQLite in a temporary
folder; never var/) gets the Twente agreement through its service and then recorded facts, each
with its audit entry (bulk inserts, canonical forms, hashes and MACs made as `audit.append` makes them), so the
chain and the tables agree. Then `audit.verify_all()` (what `samen audit verify` runs: chain,
MACs, checkpoints, replay of every tracked table) is timed against a loop that only SHA-256es
each entry's canonical bytes. Dropped afterwards.

Run from the project root:  .venv/bin/python bench/bench_audit.py [--entries N] [--small] [--db auto|sqlite|postgres] [--jobs N]
[--keep NAME | --drop NAME] (--keep: fill once, then time verify on the same database in later runs)
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta

from _common import Throwaway, header, note, postgres_base, row

BATCH = 5000


def fill(entries: int) -> int:
    """Load Twente, then add recorded facts with their entries until the chain has `entries` entries."""
    from samen.agreements.services import load_definition
    from samen.audit import services as audit
    from samen.audit import tracking
    from samen.audit.models import AuditEntry
    from samen.records.models import RecordedFact

    agreement = load_definition(actor="system:bench", slug="twente-vth-2024")
    last = AuditEntry.objects.order_by("-seq").first()
    assert last is not None
    seq, prev = last.seq, last.entry_hash
    rnd = random.Random(11)
    at = datetime(2025, 1, 1, tzinfo=UTC)
    while seq < entries:
        n = min(BATCH, entries - seq)
        facts = []
        for _ in range(n):
            year = rnd.randint(2024, 2034)
            amount = f"{rnd.randint(100, 500000) / 100:.2f}"
            payload = {"fact": "extra-cost", "year": year, "item": rnd.choice("abcdefgh"), "amount": amount}
            facts.append(RecordedFact(agreement=agreement, kind="extra-cost", payload=payload, occurred_on=date(year, 6, 1)))
        facts = RecordedFact.objects.bulk_create(facts)
        rows = []
        for fact in facts:
            seq += 1
            at += timedelta(seconds=7, microseconds=rnd.randint(0, 999999))
            entry = AuditEntry(
                seq=seq,
                at=at,
                actor="secretariaat",
                action="fact.extra-cost",
                agreement=agreement.slug,
                object_type="records.recordedfact",
                object_id=str(fact.pk),
                before=None,
                after=tracking.tracked_snapshot(fact),
                prev_hash=prev,
            )
            audit.seal(entry)
            entry.mac = audit.entry_mac(entry.entry_hash)
            prev = entry.entry_hash
            rows.append(entry)
        AuditEntry.objects.bulk_create(rows)
    from samen.audit import keys

    keys.ensure_key()
    audit.make_checkpoint()
    return seq


def hashing_loop() -> tuple[float, int]:
    """Seconds to SHA-256 every entry's canonical bytes (what its hash covers) in a loop, and their total size.

    The bytes are read and built in chunks of 10,000 beforehand; only the hashing loop is timed.
    """
    from samen.audit import services as audit
    from samen.audit.models import AuditEntry

    names = audit._HASHED
    took, size, chunk = 0.0, 0, []
    rows = AuditEntry.objects.order_by("seq").values_list(*names).iterator(chunk_size=10000)
    for values in rows:
        chunk.append(audit._canonical(dict(zip(names, values, strict=True))))
        if len(chunk) == 10000:
            took += _hash_all(chunk)
            size += sum(map(len, chunk))
            chunk = []
    took += _hash_all(chunk)
    size += sum(map(len, chunk))
    return took, size


def _hash_all(chunk: list[bytes]) -> float:
    start = time.perf_counter()
    for b in chunk:
        hashlib.sha256(b).hexdigest()
    return time.perf_counter() - start


def _cpu_seconds() -> float:
    """CPU seconds (user and system) of this process and of its children that have ended (the workers)."""
    import os

    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class ServerCPU:
    """CPU seconds of the PostgreSQL backends serving the database `name` on this machine (0 when PostgreSQL runs
    elsewhere or there is no /proc): each backend's title names its database, so other sessions' work is left out.
    A thread samples them every 0.1 s and keeps each backend's last figure, since the workers' backends end with
    them (what a backend spends after its last sample is missed)."""

    def __init__(self, name: str) -> None:
        import threading

        self.name = name
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.before: dict[str, float] = {}
        self.seen: dict[str, float] = {}

    def _once(self) -> dict[str, float]:
        import os
        from pathlib import Path

        ticks = os.sysconf("SC_CLK_TCK")
        found: dict[str, float] = {}
        if not self.name:  # SQLite: no server
            return found
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                if self.name not in (proc / "cmdline").read_text():
                    continue
                fields = (proc / "stat").read_text().rpartition(") ")[2].split()
            except OSError:
                continue
            found[proc.name] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        return found

    def _run(self) -> None:
        while not self.done.wait(0.1):
            self.seen.update(self._once())

    def __enter__(self) -> ServerCPU:
        self.before = self._once()
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join()
        self.seen.update(self._once())

    def seconds(self) -> float:
        """CPU seconds between entering and leaving (a backend there before counts from what it had then)."""
        return sum(v - self.before.get(pid, 0.0) for pid, v in self.seen.items())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--small", action="store_true", help="2,000 entries: proves the bench works, in seconds")
    parser.add_argument("--db", choices=("auto", "sqlite", "postgres"), default="auto")
    parser.add_argument("--no-header", action="store_true")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes for verify (default: one per CPU)")
    parser.add_argument(
        "--keep",
        metavar="NAME",
        default="",
        help="keep the filled database and var/ folder under NAME and reuse them when a run with the same NAME filled them "
        "(drop them with --drop NAME)",
    )
    parser.add_argument("--drop", metavar="NAME", default="", help="drop the database and var/ folder kept under NAME, then exit")
    parser.add_argument("--no-baseline", action="store_true", help="time verify only, without the hashing loop")
    args = parser.parse_args()
    entries = 2000 if args.small else args.entries
    kind = args.db if args.db != "auto" else ("postgres" if postgres_base() else "sqlite")
    if args.drop:
        kept = Throwaway("audit", kind, kept=args.drop)
        kept.kept = ""
        kept.drop()
        return 0
    db = Throwaway("audit", kind, kept=args.keep)
    try:
        db.activate()
        from samen.audit import services as audit

        if db.reused:
            count = audit.head()[1]
            note(f"audit: reusing the {count} entries kept as {args.keep!r} on {kind}")
        else:
            start = time.perf_counter()
            count = fill(entries)
            db.filled()
            note(f"audit: {count} entries on {kind} generated in {time.perf_counter() - start:.1f} s")

        baseline, size = hashing_loop() if not args.no_baseline else (0.0, 0)
        cpu = _cpu_seconds()
        with ServerCPU(db.pg_name) as server:
            start = time.perf_counter()
            report = audit.verify_all(jobs=args.jobs)
            took = time.perf_counter() - start
            cpu = _cpu_seconds() - cpu
        note(
            f"audit: verify took {took:.2f} s wall; CPU {cpu:.2f} s in this process and its workers, "
            f"{server.seconds():.2f} s in its PostgreSQL backends"
        )
        if not report.intact:
            note(f"audit: verify found problems in the generated chain: {report.problems[:3]}")
            return 1
        if not args.no_header:
            header()
        workload = f"`samen audit verify`, {count:,} entries ({kind}, {args.jobs or audit.default_jobs()} jobs)"
        per_entry = f"{took / count * 1e6:.1f} us per entry"
        if args.no_baseline:
            row(workload, "not measured (--no-baseline)", "< 10 s", f"{took:.2f} s ({per_entry})")
            return 0
        row(
            workload,
            f"hashing the same bytes in a loop: {baseline:.2f} s ({size / count:.0f} bytes per entry)",
            "< 10 s",
            f"{took:.2f} s = {took / baseline:.1f}x the hashing loop ({per_entry})",
        )
        return 0
    finally:
        db.drop()


if __name__ == "__main__":
    sys.exit(main())
