"""The proposals API (issue 8): the same services and permissions as the pages, problem+json on bad input."""

from __future__ import annotations

import pytest
from django.test import Client

from samen.accounts.services import create_api_token
from samen.parties.models import Party
from tests.web.web_helpers import load_demo

pytestmark = pytest.mark.django_db
BASE = "/api/v1/agreements/twente-vth-2024/proposals"


@pytest.fixture
def agreement(db):
    return load_demo(with_text=False)


def _client(username: str) -> tuple[Client, dict[str, str]]:
    _, key = create_api_token(actor="system:test", username=username, label="test")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {key}"}


PROPOSAL = {
    "ref": "W-2026-1",
    "subject": "Opzegtermijn 12 maanden",
    "kind": "amendment",
    "proposed_on": "2026-03-01",
    "proposed_by": "GM0153",
    "parameters": {"withdrawal.notice_months": 12},
}


def test_create_list_and_decide(agreement):
    c, auth = _client("secretariaat")
    r = c.post(BASE, PROPOSAL, content_type="application/json", **auth)
    assert r.status_code == 201, r.content
    created = r.json()
    assert created["state"] == "pending" and created["decisions"] == []
    codes = list(Party.objects.filter(agreement=agreement).values_list("code", flat=True))
    rows = [{"party": code, "decided_on": "2026-04-01", "outcome": "consent", "document": "besluit"} for code in codes]
    r = c.post(f"{BASE}/{created['id']}/decisions", {"decisions": rows}, content_type="application/json", **auth)
    assert r.status_code == 201, r.content
    assert r.json()["state"] == "adopted" and len(r.json()["decisions"]) == 15
    listed = c.get(BASE, **auth).json()
    # Newest first, next to the demo's budget proposals (art. 6).
    assert [(p["ref"], p["state"]) for p in listed["items"]] == [("B-2027", "pending"), ("W-2026-1", "adopted"), ("B-2026", "adopted")]
    reader, reader_auth = _client("hengelo")
    assert reader.get(BASE, **reader_auth).status_code == 200


def test_bad_input_is_a_problem_naming_the_field(agreement):
    c, auth = _client("secretariaat")
    r = c.post(BASE, {**PROPOSAL, "parameters": {"withdrawal.notice_months": 0}}, content_type="application/json", **auth)
    assert r.status_code == 400
    assert r["Content-Type"].startswith("application/problem+json")
    assert r.json()["code"] == "scenario.bad-parameter"
    assert "parameters.withdrawal.notice_months" in r.content.decode()
    created = c.post(BASE, PROPOSAL, content_type="application/json", **auth).json()
    r = c.post(
        f"{BASE}/{created['id']}/decisions",
        {"decisions": [{"party": "GM0164", "decided_on": "2026-04-01", "outcome": "perhaps"}]},
        content_type="application/json",
        **auth,
    )
    assert r.status_code == 400 and r.json()["code"] == "decision.bad-outcome"


def test_only_the_secretariat_writes(agreement):
    c, auth = _client("voorzitter")
    r = c.post(BASE, PROPOSAL, content_type="application/json", **auth)
    assert r.status_code == 403
    assert r["Content-Type"].startswith("application/problem+json")
