"""Two writers at once: the write lock comes before validation; a stored inconsistency never crashes an evaluation."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from samen import cli
from samen.core.errors import ServiceError
from samen.records.models import RecordedFact
from samen.records.services import record_fact
from tests.two_factor import log_in

DISPUTE = {"fact": "dispute-notified", "dispute": "D-9", "by": "GM0164", "against": ["GM0153"], "date": "2026-10-01"}


@pytest.mark.django_db(transaction=True)
def test_twenty_writers_of_one_dispute_ref_on_postgresql_record_it_once():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL runs read committed with an advisory lock; SQLite serialises writers with BEGIN IMMEDIATE")
    from samen.agreements.services import load_definition

    agreement = load_definition(actor="system:test", slug="twente-vth-2024")
    start = threading.Barrier(20)
    accepted: list[str] = []
    refused: list[str] = []
    crashed: list[BaseException] = []

    def write() -> None:
        try:
            start.wait()
            record_fact(actor="system:test", agreement=agreement, raw=dict(DISPUTE))
            accepted.append("ok")
        except ServiceError as e:
            refused.append(e.code)
        except BaseException as e:
            crashed.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert crashed == []
    assert len(accepted) == 1
    assert refused == ["scenario.duplicate-ref"] * 19
    assert RecordedFact.objects.filter(kind="dispute-notified").count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_api_posts_of_one_dispute_ref_on_postgresql_give_exactly_one_201():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL runs read committed with an advisory lock; SQLite serialises writers with BEGIN IMMEDIATE")
    from samen import demo as demo_data
    from samen.accounts.services import create_api_token
    from samen.agreements.services import load_definition

    demo_data.load(agreement=load_definition(actor="system:test", slug="twente-vth-2024"))
    _, key = create_api_token(actor="system:test", username="secretariaat", label="concurrency")
    start = threading.Barrier(20)
    statuses: list[int] = []
    codes: list[str] = []

    def post() -> None:
        try:
            start.wait()
            response = Client().post(
                "/api/v1/agreements/twente-vth-2024/facts",
                DISPUTE,
                content_type="application/json",
                headers={"Authorization": f"Bearer {key}"},
            )
            statuses.append(response.status_code)
            if response.status_code != 201:
                codes.append(response.json()["code"])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201] + [400] * 19
    assert codes == ["scenario.duplicate-ref"] * 19
    assert RecordedFact.objects.filter(kind="dispute-notified").count() == 1


@pytest.fixture
def duplicated(demo):
    """A dispute recorded twice with one ref, as two writers without the lock once did (written past the service)."""
    first = record_fact(actor="system:test", agreement=demo, raw=dict(DISPUTE))
    record_fact(actor="system:test", agreement=demo, raw={"fact": "mediation-started", "dispute": "D-9", "date": "2026-11-20"})
    second = RecordedFact.objects.create(agreement=demo, kind="dispute-notified", payload=dict(DISPUTE), occurred_on=first.occurred_on)
    return first, second


def test_a_stored_inconsistency_is_an_error_finding_naming_the_facts_and_the_rest_is_evaluated(duplicated, capsys):
    first, second = duplicated
    assert cli.main(["check", "--as-of", "2026-12-01", "--json"]) == 1
    import json

    answer = json.loads(capsys.readouterr().out)
    found = [f for f in answer["findings"] if f["code"] == "records.inconsistent"]
    assert len(found) == 1 and found[0]["severity"] == "error"
    assert str(second.public_id) in found[0]["message"] and str(first.public_id) in found[0]["message"]
    assert found[0]["articles"] == ["art. 14 lid 2"]
    # The rest is evaluated: the dispute itself (once) and everything else.
    disputes = [p for p in answer["procedures"] if p["procedure"] == "dispute"]
    assert [(p["ref"], p["state"]) for p in disputes] == [("D-9", "mediation")]
    assert any(f["code"] == "art-3.evaluation-overdue" for f in answer["findings"])


def test_a_stored_inconsistency_crashes_no_page_and_no_api_check(duplicated):
    for username in ("secretariaat", "voorzitter", "hengelo"):
        c = Client()
        log_in(c, username)
        for url in ("/?as_of=2026-12-01", "/overeenkomst/?as_of=2026-12-01", "/wat-als/?as_of=2026-12-01"):
            assert c.get(url).status_code == 200, (username, url)
        check = c.get("/api/v1/agreements/twente-vth-2024/check?as_of=2026-12-01")
        assert check.status_code == 200
        assert "records.inconsistent" in [f["code"] for f in check.json()["findings"]]
    # The observer may not see the dispute, nor therefore its inconsistency.
    c = Client()
    log_in(c, "waarnemer")
    check = c.get("/api/v1/agreements/twente-vth-2024/check?as_of=2026-12-01")
    assert check.status_code == 200 and "records.inconsistent" not in [f["code"] for f in check.json()["findings"]]


def test_a_stored_fact_that_no_longer_parses_is_named_and_left_out(demo, capsys):
    payload = {"fact": "dispute-notified", "dispute": "D-1", "by": "GM0164", "date": "9999-12-20"}
    bad = RecordedFact.objects.create(agreement=demo, kind="dispute-notified", payload=payload)
    assert cli.main(["check", "--as-of", "2026-12-01"]) == 1
    out = capsys.readouterr().out
    assert "records.inconsistent" in out and str(bad.public_id) in out


def test_a_new_fact_is_still_recorded_beside_a_stored_inconsistency(duplicated):
    record = record_fact(actor="system:test", agreement=duplicated[0].agreement, raw={"fact": "evaluation-completed", "date": "2026-10-15"})
    assert record.pk
    with pytest.raises(ServiceError) as refused:
        record_fact(actor="system:test", agreement=record.agreement, raw=dict(DISPUTE))
    assert refused.value.code == "scenario.duplicate-ref"


def test_a_stored_row_that_is_no_fact_at_all_is_named_and_left_out(demo, capsys):
    for payload in ({"fact": ["x"]}, ["not", "a", "dict"], {"fact": {}}):
        RecordedFact.objects.create(agreement=demo, kind="?", payload=payload)
    assert cli.main(["check", "--as-of", "2026-12-01"]) == 1
    assert capsys.readouterr().out.count("records.inconsistent") == 3
    c = Client()
    log_in(c, "hengelo")
    assert c.get("/api/v1/agreements/twente-vth-2024/facts").status_code == 200
    assert c.get("/?as_of=2026-12-01").status_code == 200
