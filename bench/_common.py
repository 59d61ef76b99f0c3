"""Shared by the benchmarks: a throwaway database (never var/ nor the demo database), Django on it, and the table.

Each bench script calls `throwaway(kind)` before anything imports Django's settings: it points
SAMEN_VAR_DIR at a temporary folder and DATABASE_URL at a new SQLite file there or a new
PostgreSQL database `samen_bench_<name>` (dropped again by `drop()`).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/samen"


def postgres_base() -> str | None:
    """`postgres://user@host:port` of a reachable PostgreSQL (DATABASE_URL's or the local one), or None."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = PG_DEFAULT
    base = url.rsplit("/", 1)[0]
    try:
        import psycopg

        with psycopg.connect(base + "/postgres", connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception:
        return None
    return base


class Throwaway:
    """A temporary var/ folder and database for one bench run."""

    def __init__(self, name: str, kind: str, kept: str = "") -> None:
        """`kept`: instead of a throwaway, the database and var/ folder named after it, made when missing and left
        in place by `drop()` (`reused` says whether they were there), so that a slow fill is done once for many runs."""
        self.kept = kept
        self.reused = False
        if kept:
            self.var = Path(tempfile.gettempdir()) / f"samen-bench-{name}-{kept}"
            self.reused = (self.var / "filled").is_file()
            self.var.mkdir(exist_ok=True)
        else:
            self.var = Path(tempfile.mkdtemp(prefix=f"samen-bench-{name}-"))
        self.pg_base: str | None = None
        self.pg_name = ""
        if kind == "postgres":
            self.pg_base = postgres_base()
            if self.pg_base is None:
                raise RuntimeError("PostgreSQL is not reachable")
            # Two runs at once never drop each other's: the process id, or the kept name.
            self.pg_name = f"samen_bench_{name}_{kept or os.getpid()}"
            if not self.reused:
                self._admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)', f'CREATE DATABASE "{self.pg_name}"')
            self.url = f"{self.pg_base}/{self.pg_name}"
        else:
            self.url = f"sqlite:///{self.var / 'samen.sqlite3'}"
        self.env = {
            **os.environ,
            "SAMEN_VAR_DIR": str(self.var),
            "DATABASE_URL": self.url,
            "SAMEN_DEMO": "1",
            "SAMEN_ACCESS_LOG": "",
            "DJANGO_SETTINGS_MODULE": "samen.settings",
        }

    def _admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.pg_base}/postgres", autocommit=True) as conn:
            for sql in statements:
                conn.execute(sql)

    def activate(self) -> None:
        """Point this process's Django at the throwaway database and migrate it."""
        os.environ.update(
            {k: v for k, v in self.env.items() if k in ("SAMEN_VAR_DIR", "DATABASE_URL", "SAMEN_DEMO", "DJANGO_SETTINGS_MODULE")}
        )
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)

    def filled(self) -> None:
        """Mark a kept database as complete, so that the next run with the same name reuses it."""
        if self.kept:
            (self.var / "filled").touch()

    def drop(self) -> None:
        from django.conf import settings

        if settings.configured:
            from django.db import connections

            connections.close_all()
        if self.kept:
            return
        if self.pg_name:
            self._admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        shutil.rmtree(self.var, ignore_errors=True)


def median_of(runs: int, fn: Callable[[], Any]) -> float:
    """The median wall time of `fn` in seconds over `runs` runs."""
    import time

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(workload: str, baseline: str, goal: str, today: str) -> None:
    """One row of the goals table (issue 11), as `make bench` prints it."""
    print(f"| {workload} | {baseline} | {goal} | {today} |", flush=True)


def header() -> None:
    print("| workload | baseline in the same run | goal | today |")
    print("|---|---|---|---|", flush=True)


def note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
