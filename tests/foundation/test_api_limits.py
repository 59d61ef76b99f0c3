"""Limits on the open scenario endpoint (issue 7, "Unbounded anonymous work"): at most 1,000 facts per
scenario without login and 20,000 with a token, bodies at most 2.5 MB, and a rate limit per address
counted in the database cache that every app process shares. 413 and 429 state the limit."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from samen.accounts.services import create_api_token

EVALUATE = "/api/v1/evaluate"
PROBLEM = "application/problem+json"


def _scenario(n: int) -> str:
    """n valid facts (extra costs have no date, so no order between them matters)."""
    facts = [{"fact": "extra-cost", "year": 2026, "category": "x", "amount": "1.00"} for _ in range(n)]
    return json.dumps({"as_of": "2026-11-28", "facts": facts})


@pytest.fixture
def database_cache(settings, db):
    """The cache as configured for production (settings.CACHES): the database table."""
    from django.core.management import call_command

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "samen_cache"}}
    call_command("createcachetable", verbosity=0)
    return cache


def test_the_configured_cache_is_the_database_table_every_process_shares():
    from samen import settings as configured

    assert configured.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_anonymous_scenarios_hold_at_most_1000_facts(client, db):
    over = client.post(EVALUATE, _scenario(1001), content_type="application/json")
    assert over.status_code == 413
    assert over["Content-Type"] == PROBLEM
    problem = over.json()
    assert (problem["code"], problem["limit"], problem["invalidParams"][0]["name"]) == ("api.too-many-facts", 1000, "facts")
    assert "1.000" in problem["detail"]


def test_a_token_allows_up_to_20000_facts(client, demo, settings):
    # Smaller numbers with the same rule, so the test stays quick: the limits are settings.
    settings.SAMEN_API_MAX_FACTS_ANON = 3
    settings.SAMEN_API_MAX_FACTS_USER = 5
    _, key = create_api_token(actor="system:test", username="waarnemer", label="test")
    bearer = {"Authorization": f"Bearer {key}"}
    assert client.post(EVALUATE, _scenario(4), content_type="application/json").status_code == 413
    category = _category()
    body = _scenario(5).replace('"category": "x"', f'"category": "{category}"')
    assert client.post(EVALUATE, body, content_type="application/json", headers=bearer).status_code == 200
    over = client.post(EVALUATE, _scenario(6), content_type="application/json", headers=bearer)
    assert over.status_code == 413 and over.json()["limit"] == 5


def test_the_default_limit_with_a_token_is_20000(settings):
    assert (settings.SAMEN_API_MAX_FACTS_ANON, settings.SAMEN_API_MAX_FACTS_USER) == (1000, 20000)


def test_a_bearer_token_that_is_not_valid_is_401_not_anonymous(client, db):
    response = client.post(EVALUATE, _scenario(1), content_type="application/json", headers={"Authorization": "Bearer samen_nope"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="samen"'


def test_a_body_over_2_5_mb_is_refused_before_it_is_read(client, db):
    body = json.dumps({"facts": [], "settings": {"x": "a" * 2_700_000}})
    response = client.post(EVALUATE, body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM
    assert (response.json()["code"], response.json()["limit"]) == ("api.body-too-large", 2_621_440)
    assert response["API-Version"] == "1.0.0"


def test_anonymous_requests_are_rate_limited_per_address(client, database_cache, settings, fresh_rate_window):
    settings.SAMEN_API_ANON_RATE = 3
    body = json.dumps({"as_of": "2026-11-28"})
    for _ in range(3):
        assert client.post(EVALUATE, body, content_type="application/json").status_code == 200
    limited = client.post(EVALUATE, body, content_type="application/json")
    assert limited.status_code == 429
    assert limited["Content-Type"] == PROBLEM
    problem = limited.json()
    assert (problem["code"], problem["limit"], problem["window"]) == ("api.rate-limited", 3, 60)
    assert 1 <= int(limited["Retry-After"]) <= 60
    # Another address has its own count.
    assert client.post(EVALUATE, body, content_type="application/json", REMOTE_ADDR="192.0.2.7").status_code == 200
    # The count lives in the database cache table, where every app server sees it.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM samen_cache")
        assert cursor.fetchone()[0] >= 2


def test_the_rate_limit_trusts_a_proxy_header_only_when_configured(client, database_cache, settings, fresh_rate_window):
    settings.SAMEN_API_ANON_RATE = 1
    body = json.dumps({"as_of": "2026-11-28"})
    assert client.post(EVALUATE, body, content_type="application/json", HTTP_X_REAL_IP="198.51.100.1").status_code == 200
    # Without SAMEN_CLIENT_ADDRESS_HEADER a client cannot escape the limit by sending another header value.
    assert client.post(EVALUATE, body, content_type="application/json", HTTP_X_REAL_IP="198.51.100.2").status_code == 429
    settings.SAMEN_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    assert client.post(EVALUATE, body, content_type="application/json", HTTP_X_REAL_IP="198.51.100.3").status_code == 200


def test_samen_setup_creates_the_cache_table(tmp_path):
    """`samen setup` on a fresh database makes the table the rate limit counts in."""
    import subprocess
    import sys

    env = {"SAMEN_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "SAMEN_DEMO": "1"}
    out = subprocess.run(
        [sys.executable, "-c", "from samen.cli import main; raise SystemExit(main(['setup', '--no-demo', '--no-static']))"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    import sqlite3

    with sqlite3.connect(tmp_path / "samen.sqlite3") as db:
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'samen_cache'").fetchone()


def _category() -> str:
    from samen.agreements import registry

    return registry.definition("twente-vth-2024").extra_cost_categories[0].key
