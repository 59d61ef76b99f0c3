"""Kept API lists (api_support.KeptListMiddleware, issue 11): a repeated bearer-token GET of a list gets the first
answer's bytes only while nothing it depends on changed: no write since, the same user, language and URL, and a token
that is still valid."""

from __future__ import annotations

import pytest
from django.conf import settings

from samen.accounts.models import Role, User
from samen.accounts.services import change_role, create_api_token, revoke_api_token
from samen.api import KEPT_ANSWERS
from samen.records.services import record_fact
from tests.two_factor import log_in

FACTS = "/api/v1/agreements/twente-vth-2024/facts"


@pytest.fixture
def kept():
    KEPT_ANSWERS.clear()
    yield KEPT_ANSWERS.stats
    KEPT_ANSWERS.clear()


def bearer(username: str) -> dict[str, str]:
    _, key = create_api_token(actor="system:test", username=username, label="test")
    return {"Authorization": f"Bearer {key}"}


def answer(response) -> tuple[int, list[tuple[str, str]], bytes]:
    return response.status_code, sorted(response.items()), response.content


def test_a_repeated_list_is_served_kept_with_the_same_status_headers_and_bytes(client, demo, kept):
    auth = bearer("secretariaat")
    for url in (FACTS + "?page=2&pageSize=3", "/api/v1/agreements", "/api/v1/agreements/twente-vth-2024/parties"):
        first = client.get(url, headers=auth)
        second = client.get(url, headers=auth)
        assert first.status_code == 200
        assert answer(second) == answer(first)
    assert (kept.computed, kept.memory) == (3, 3)
    headers = dict(first.items())
    assert headers["API-Version"] and headers["Content-Security-Policy"] and headers["X-Content-Type-Options"] == "nosniff"


def test_the_query_string_is_part_of_the_key(client, demo, kept):
    auth = bearer("secretariaat")
    one = client.get(FACTS + "?pageSize=2", headers=auth).json()
    two = client.get(FACTS + "?pageSize=2&page=2", headers=auth).json()
    assert one["page"] == 1 and two["page"] == 2 and one["items"] != two["items"]
    assert kept.memory == 0


def test_a_write_through_a_service_shows_in_the_next_answer(client, demo, kept):
    auth = bearer("secretariaat")
    before = client.get(FACTS + "?pageSize=100", headers=auth).json()
    record_fact(actor="system:test", agreement=demo, raw={"fact": "evaluation-completed", "date": "2026-11-20"})
    after = client.get(FACTS + "?pageSize=100", headers=auth).json()
    assert after["totalItems"] == before["totalItems"] + 1
    assert "evaluation-completed" in {item["kind"] for item in after["items"]}
    assert kept.memory == 0


def test_a_revoked_token_is_refused_although_its_answer_is_kept(client, demo, kept):
    token, key = create_api_token(actor="system:test", username="secretariaat", label="test")
    auth = {"Authorization": f"Bearer {key}"}
    assert client.get(FACTS, headers=auth).status_code == 200
    assert client.get(FACTS, headers=auth).status_code == 200 and kept.memory == 1
    revoke_api_token(actor="system:test", token_id=token.pk)
    refused = client.get(FACTS, headers=auth)
    assert refused.status_code == 401 and refused["Content-Type"].startswith("application/problem+json")


def test_one_users_kept_answer_never_reaches_another(client, demo, kept):
    host = client.get(FACTS + "?pageSize=100", headers=bearer("secretariaat")).json()
    observer = User.objects.create_user(username="waarnemer-test", password="x", role=Role.OBSERVER)
    seen = client.get(FACTS + "?pageSize=100", headers=bearer(observer.username)).json()
    assert kept.memory == 0
    assert seen["totalItems"] < host["totalItems"]  # the observer sees no money (records.queries.visible_records)


def test_a_new_role_shows_in_the_next_answer(client, demo, kept):
    user = User.objects.create_user(username="rol-test", password="x", role=Role.SECRETARIAT)
    auth = bearer(user.username)
    before = client.get(FACTS + "?pageSize=100", headers=auth).json()
    change_role(actor="system:test", user=user, role=Role.OBSERVER)
    after = client.get(FACTS + "?pageSize=100", headers=auth).json()
    assert after["totalItems"] < before["totalItems"]
    assert kept.memory == 0


def test_the_language_is_part_of_the_key(client, demo, kept):
    auth = bearer("secretariaat")
    assert client.get(FACTS, headers=auth)["Content-Language"] == "nl"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch's choice (web.middleware)
    assert client.get(FACTS, headers=auth)["Content-Language"] == "en"
    assert kept.memory == 0


def test_a_session_is_never_kept(client, demo, kept):
    log_in(client, "secretariaat")
    assert client.get(FACTS).status_code == 200
    assert client.get(FACTS).status_code == 200
    assert (kept.computed, kept.memory) == (0, 0)


def test_an_error_is_never_kept(client, demo, kept):
    auth = bearer("secretariaat")
    for _ in range(2):
        assert client.get(FACTS + "?page=0", headers=auth).status_code == 400
        assert client.get("/api/v1/agreements/geen/facts", headers=auth).status_code == 404
    assert (kept.computed, kept.memory) == (0, 0)


def test_a_bearer_request_with_a_session_cookie_is_never_kept(client, demo, kept):
    # The kept answers are served before the session middleware: a request that carries a session (or CSRF) cookie
    # goes on to it and to the operation every time, whatever its token.
    log_in(client, "secretariaat")
    auth = bearer("secretariaat")
    for _ in range(2):
        assert client.get(FACTS, headers=auth).status_code == 200
    assert (kept.computed, kept.memory) == (0, 0)


def test_english_chosen_by_the_language_cookie_is_kept_in_english(client, demo, kept):
    auth = bearer("secretariaat")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    first = client.get(FACTS, headers=auth)
    second = client.get(FACTS, headers=auth)
    assert first["Content-Language"] == "en" and answer(second) == answer(first)
    assert (kept.computed, kept.memory) == (1, 1)
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    dutch = client.get(FACTS, headers=auth)
    assert dutch["Content-Language"] == "nl" and (kept.computed, kept.memory) == (2, 1)


def test_a_host_not_allowed_is_refused_although_the_answer_is_kept(client, demo, kept):
    # CommonMiddleware checks the Host against ALLOWED_HOSTS; the kept answers are served before it, and check it too.
    auth = bearer("secretariaat")
    assert client.get(FACTS, headers=auth, HTTP_HOST="evil.example").status_code == 400  # nothing kept yet
    assert client.get(FACTS, headers=auth).status_code == 200
    assert client.get(FACTS, headers=auth).status_code == 200 and kept.memory == 1
    assert client.get(FACTS, headers=auth, HTTP_HOST="evil.example").status_code == 400
    assert kept.memory == 1  # not served


def test_a_head_request_gets_the_kept_answers_headers_without_its_body(client, demo, kept):
    auth = bearer("secretariaat")
    full = client.get(FACTS, headers=auth)
    head = client.head(FACTS, headers=auth)
    assert kept.memory == 1
    assert head.status_code == 200 and head.content == b"" and head["Content-Length"] == str(len(full.content))
