"""Who sees which recorded facts: one decision (accounts.permissions.may_view_fact) for every list of facts.

The API's list of facts, the answers of /check and the pages, and the what-if base all apply the
same scope as the amounts: a representative sees only their own party's money, the observer none;
a dispute only its parties, the chair and the secretariat. Lists name facts by an opaque id, so
their gaps count nothing.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client

from samen.accounts.models import User
from samen.records.models import RecordedFact
from samen.records.queries import recorded_facts
from samen.records.services import record_fact
from tests.two_factor import log_in

URL = "/api/v1/agreements/twente-vth-2024/facts"
SECRET_NOTE = "Vertrouwelijk: Almelo betaalt 55555.55"


@pytest.fixture
def money(demo):
    """Almelo withdraws and agrees disintegration costs; capacity shortfalls of Almelo and Hengelo; an extra cost;
    a dispute between Almelo and Enschede (Hengelo is not involved)."""
    for raw in (
        {"fact": "withdrawal-notified", "party": "GM0141", "date": "2026-06-01"},
        {"fact": "withdrawal-consented", "party": "GM0141", "date": "2026-07-01"},
        {"fact": "capacity-not-supplied", "party": "GM0141", "year": 2026},
        {"fact": "capacity-not-supplied", "party": "GM0164", "year": 2026},
        {"fact": "extra-cost", "year": 2026, "category": "a", "amount": "1234.56"},
        {"fact": "dispute-notified", "dispute": "D-1", "by": "GM0141", "against": ["GM0153"], "date": "2026-10-01"},
    ):
        record_fact(actor="system:test", agreement=demo, raw=raw, note="notitie")
    record_fact(
        actor="system:test",
        agreement=demo,
        raw={"fact": "disintegration-costs-agreed", "party": "GM0141", "amount": "55555.55", "date": "2026-08-01"},
        note=SECRET_NOTE,
    )
    return demo


def _client(username: str) -> Client:
    c = Client()
    log_in(c, username)
    return c


def _facts(username: str) -> list[dict]:
    response = _client(username).get(URL, {"pageSize": 100})
    assert response.status_code == 200, response.content
    page = response.json()
    assert page["totalItems"] == len(page["items"]), "all facts fit on one page"
    return page["items"]


def _kinds(facts: list[dict]) -> list[tuple]:
    return sorted((f["kind"], f["fact"].get("party", "")) for f in facts)


def test_a_representative_sees_no_other_partys_money_in_the_list_of_facts(money):
    facts = _facts("hengelo")
    text = json.dumps(facts)
    assert "55555.55" not in text and SECRET_NOTE not in text
    kinds = _kinds(facts)
    assert ("disintegration-costs-agreed", "GM0141") not in kinds
    assert ("capacity-not-supplied", "GM0141") not in kinds
    assert ("capacity-not-supplied", "GM0164") in kinds  # their own party's shortfall
    # Shared money (the cost level, extra costs) makes up their own amounts, which they see.
    assert ("cost-per-fte", "") in kinds and ("extra-cost", "") in kinds
    assert "dispute-notified" not in [k for k, _ in kinds]  # a dispute they are not party to
    assert {f["note"] for f in facts} == {""}  # notes are for the host's staff


def test_the_observer_sees_no_money_at_all_in_the_list_of_facts(money):
    facts = _facts("waarnemer")
    kinds = {f["kind"] for f in facts}
    assert not kinds & {"cost-per-fte", "extra-cost", "capacity-not-supplied", "disintegration-costs-agreed", "mediation-costs"}
    assert not any("amount" in f["fact"] for f in facts)
    assert "withdrawal-notified" in kinds and "budget-consented" in kinds  # facts without money stay visible
    assert {f["note"] for f in facts} == {""}


def test_finance_sees_every_amount_and_the_notes_but_no_dispute(money):
    facts = _facts("financien")
    assert ("disintegration-costs-agreed", "GM0141") in _kinds(facts)
    assert SECRET_NOTE in [f["note"] for f in facts]
    assert "dispute-notified" not in {f["kind"] for f in facts}


def test_the_secretariat_sees_every_recorded_fact(money):
    facts = _facts("secretariaat")
    assert len(facts) == RecordedFact.objects.count()


def test_facts_are_named_by_an_opaque_id_so_the_list_counts_no_hidden_fact(money):
    facts = _facts("hengelo")
    pks = {str(pk) for pk in RecordedFact.objects.values_list("pk", flat=True)}
    for f in facts:
        assert str(uuid.UUID(f["id"])) == f["id"]
        assert f["id"] not in pks
    public = {str(p) for p in RecordedFact.objects.values_list("public_id", flat=True)}
    assert {f["id"] for f in facts} <= public


def test_recording_through_the_api_answers_with_the_public_id(client, demo):
    log_in(client, "secretariaat")
    response = client.post(URL, {"fact": "evaluation-completed", "date": "2026-10-15"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["id"] == str(RecordedFact.objects.get(kind="evaluation-completed").public_id)


def test_check_and_the_pages_apply_the_same_scope_as_the_list(money):
    hengelo = _client("hengelo")
    check = hengelo.get("/api/v1/agreements/twente-vth-2024/check?as_of=2026-11-28")
    assert check.status_code == 200
    assert "55555" not in check.content.decode()
    for page in ("/?as_of=2026-11-28", "/overeenkomst/?as_of=2026-11-28", "/wat-als/?as_of=2026-11-28"):
        response = hengelo.get(page)
        assert response.status_code == 200
        assert "55555" not in response.content.decode() and "55.555" not in response.content.decode()


def test_the_what_if_base_holds_only_the_facts_the_user_may_see(money):
    hengelo = User.objects.get(username="hengelo")
    waarnemer = User.objects.get(username="waarnemer")
    seen = recorded_facts(money, actor=hengelo)
    assert not [f for f in seen if f.get("party") == "GM0141" and f["fact"] in ("disintegration-costs-agreed", "capacity-not-supplied")]
    assert not [f for f in recorded_facts(money, actor=waarnemer) if "amount" in f or f["fact"] == "capacity-not-supplied"]
    # The system (samen check) evaluates everything.
    assert any(f["fact"] == "disintegration-costs-agreed" for f in recorded_facts(money))


def test_a_what_if_by_a_representative_cannot_reveal_a_hidden_fact_by_an_error(money):
    """A hypothetical fact that would clash with a hidden one is evaluated, not refused (a refusal would reveal it)."""
    hengelo = _client("hengelo")
    raw = {"fact": "disintegration-costs-agreed", "party": "GM0141", "amount": "1.00", "date": "2026-08-01"}
    data = {"soort": "evaluation-completed", "action": "compare", "facts": json.dumps([raw])}
    response = hengelo.post("/wat-als/?as_of=2026-11-28", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "55555" not in page and "staat al in feit" not in page
