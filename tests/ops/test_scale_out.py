"""Scaling out: two app servers writing to one PostgreSQL at the same time keep one valid audit chain."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

import pytest
from django.db import connection

from tests.ops.conftest import serving

WRITES_PER_SERVER = 12


def _post_facts(base: str, token: str, start: int, results: list[int], barrier: threading.Barrier) -> None:
    barrier.wait()
    for i in range(start, start + WRITES_PER_SERVER):
        body = json.dumps({"fact": "extra-cost", "year": 2025, "category": "c", "amount": f"{i}.00"}).encode()
        request = urllib.request.Request(
            f"{base}/api/v1/agreements/twente-vth-2024/facts",
            data=body,
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as r:
                results.append(r.status)
        except urllib.error.HTTPError as e:
            results.append(e.code)


def test_two_servers_writing_to_one_postgresql_keep_one_valid_audit_chain(new_database):
    if connection.vendor != "postgresql":
        pytest.skip("scaling out is for PostgreSQL: SQLite serves one machine")
    db = new_database("scale")
    assert db.samen("setup", "--no-static").returncode == 0
    token = db.samen("token", "create", "secretariaat").stdout.strip()
    head = json.loads(db.samen("audit", "head", "--json").stdout)
    env = {**db.env, "SAMEN_WORKERS": "2", "SAMEN_THREADS": "2"}
    results: list[int] = []
    with serving(env) as (first, _), serving(env) as (second, _):
        barrier = threading.Barrier(4)
        threads = [
            threading.Thread(target=_post_facts, args=(base, token, start, results, barrier))
            for base, start in ((first, 1), (second, 101), (first, 201), (second, 301))
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
    assert results == [201] * (4 * WRITES_PER_SERVER)
    verify = db.samen("audit", "verify")
    assert verify.returncode == 0, verify.stderr
    after = json.loads(db.samen("audit", "head", "--json").stdout)
    assert after["count"] == head["count"] + 4 * WRITES_PER_SERVER
