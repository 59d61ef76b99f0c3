"""Helpers for the operations tests: fresh databases of the run's kind, real `samen` processes."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMEN = [sys.executable, "-m", "samen.cli"]


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


class Database:
    """A database of its own for one test: a SQLite file under tmp_path, or a PostgreSQL database."""

    def __init__(self, tmp_path: Path, suffix: str) -> None:
        self.var = tmp_path / f"var-{suffix}"
        self.env: dict[str, str] = {**os.environ, "SAMEN_VAR_DIR": str(self.var), "SAMEN_DEMO": "1"}
        self.pg_name = ""
        if on_postgres():
            base, name = os.environ["DATABASE_URL"].rsplit("/", 1)
            self.pg_name = f"{name.split('?')[0]}_ops_{suffix}"
            self.pg_base = base
            self.env["DATABASE_URL"] = f"{base}/{self.pg_name}"
            self._admin(f'DROP DATABASE IF EXISTS "{self.pg_name}"', f'CREATE DATABASE "{self.pg_name}"')
        else:
            self.env.pop("DATABASE_URL", None)

    def _admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.pg_base}/postgres", autocommit=True) as conn:
            for sql in statements:
                conn.execute(sql)

    def drop(self) -> None:
        if self.pg_name:
            self._admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')

    def samen(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*SAMEN, *args], env=self.env, capture_output=True, text=True, cwd=ROOT, timeout=timeout)

    def python(self, code: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        prelude = "import os, json, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'samen.settings'); django.setup()\n"
        command = [sys.executable, "-c", prelude + code]
        return subprocess.run(command, env=self.env, capture_output=True, text=True, cwd=ROOT, timeout=timeout)

    def digests(self) -> dict[str, list[Any]]:
        done = self.python("from samen.ops.backup import table_digests; print(json.dumps(table_digests()))")
        assert done.returncode == 0, done.stderr
        result: dict[str, list[Any]] = json.loads(done.stdout)
        return result


@pytest.fixture
def new_database(tmp_path: Path) -> Iterator[Any]:
    """A factory of fresh, empty databases of the kind this run tests (dropped afterwards)."""
    made: list[Database] = []

    def make(suffix: str) -> Database:
        db = Database(tmp_path, suffix)
        made.append(db)
        return db

    yield make
    for db in made:
        db.drop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def get(url: str, timeout: float = 60) -> tuple[int, dict[str, str], bytes]:
    """GET without following redirects: status, headers, body."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@contextlib.contextmanager
def serving(env: dict[str, str], *extra: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """A real `samen serve` process on a free port, stopped (SIGTERM) when the block ends."""
    port = free_port()
    with tempfile.TemporaryFile(mode="w+") as log:
        proc = subprocess.Popen(
            [*SAMEN, "serve", "--port", str(port), *extra],
            env={"SAMEN_WORKERS": "1", "SAMEN_THREADS": "4", **env},
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(120):  # wait until it listens (bounded: 60 s)
                if proc.poll() is not None:
                    log.seek(0)
                    raise AssertionError(f"samen serve stopped: {log.read()}")
                with contextlib.suppress(OSError):
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                time.sleep(0.5)
            else:
                raise AssertionError("samen serve did not listen within 60 s")
            yield base, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.seek(0)
            proc.printed = log.read()  # type: ignore[attr-defined]


def output(proc: subprocess.Popen[str]) -> str:
    """What a `serving` process printed (after its block ended)."""
    text: str = proc.printed  # type: ignore[attr-defined]
    return text
