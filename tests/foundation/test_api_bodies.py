"""GET /api/v1/agreements/{slug}/bodies: the bodies with the members seated on a date, paginated."""

from __future__ import annotations

from samen.accounts.services import create_api_token

URL = "/api/v1/agreements/twente-vth-2024/bodies"


def _auth(username: str) -> dict[str, str]:
    _, key = create_api_token(actor="system:test", username=username, label="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_bodies_list_the_current_members_with_the_chair_and_the_waterschap(client, demo):
    r = client.get(URL + "?as_of=2026-01-01&pageSize=100", **_auth("waarnemer"))
    assert r.status_code == 200
    doc = r.json()
    bodies = {b["key"]: b for b in doc["items"]}
    board = bodies["board"]["members"]
    assert {"person": board[0]["person"], "role": "chair", "party": "GM0153"}.items() <= board[0].items()
    assert next(m for m in board if m["role"] == "observer")["participant"] is not None
    assert len([m for m in board if m["role"] == "member"]) == 15
    core = bodies["core-group"]["members"]
    assert sorted(m["party"] for m in core if m["role"] == "member") == ["GM0141", "GM0153", "GM0164", "PV23"]


def test_before_the_election_the_board_has_no_chair(client, demo):
    doc = client.get(URL + "?as_of=2024-12-11&pageSize=100", **_auth("hengelo")).json()
    board = next(b for b in doc["items"] if b["key"] == "board")
    assert not [m for m in board["members"] if m["role"] == "chair"]


def test_the_bodies_need_a_login_and_are_paginated(client, demo):
    assert client.get(URL).status_code == 401
    doc = client.get(URL + "?pageSize=1", **_auth("hengelo")).json()
    assert len(doc["items"]) == 1 and doc["totalItems"] >= 2


def test_a_malformed_as_of_is_a_problem_naming_the_field(client, demo):
    r = client.get(URL + "?as_of=12-12-2026", **_auth("hengelo"))
    assert r.status_code == 400 and r["Content-Type"].startswith("application/problem+json")
    assert r.json()["invalidParams"][0]["name"] == "as_of"
