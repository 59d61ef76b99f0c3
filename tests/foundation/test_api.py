"""The API: bearer tokens, recording facts through the rules' parser, problem+json errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from samen import cli
from samen.accounts.services import create_api_token
from samen.audit.models import AuditEntry
from samen.records.models import RecordedFact

ROOT = Path(__file__).resolve().parents[2]


def test_a_bearer_token_authenticates_as_its_user(client, demo):
    _, key = create_api_token(actor="system:test", username="financien", label="boekhouding")
    response = client.get("/api/v1/agreements", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert [a["slug"] for a in response.json()] == ["twente-vth-2024"]
    assert client.get("/api/v1/agreements", headers={"Authorization": "Bearer samen_wrong"}).status_code == 401


def test_recording_a_fact_validates_it_with_the_rules(client, demo):
    client.login(username="secretariaat", password="samen-demo")
    url = "/api/v1/agreements/twente-vth-2024/facts"
    ok = client.post(
        url, {"fact": "evaluation-completed", "date": "2026-10-15", "note": "Evaluatie besproken"}, content_type="application/json"
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["fact"] == {"fact": "evaluation-completed", "date": "2026-10-15"}
    check = client.get("/api/v1/agreements/twente-vth-2024/check?as_of=2026-11-28").json()
    assert "art-3.evaluation-overdue" not in [f["code"] for f in check["findings"]]


def test_a_bad_fact_is_refused_naming_the_field_and_nothing_is_written(client, demo):
    client.login(username="secretariaat", password="samen-demo")
    url = "/api/v1/agreements/twente-vth-2024/facts"
    before = (RecordedFact.objects.count(), AuditEntry.objects.count())
    bad_date = client.post(url, {"fact": "evaluation-completed", "date": "2026-13-01"}, content_type="application/json")
    assert bad_date.status_code == 400
    assert bad_date["Content-Type"] == "application/problem+json"
    assert bad_date.json()["invalidParams"][0]["name"] == "date"
    outsider = client.post(url, {"fact": "capacity-not-supplied", "party": "GM0344", "year": 2026}, content_type="application/json")
    assert outsider.status_code == 400
    assert outsider.json()["code"] == "art-8.closed-membership"
    floaty = client.post(url, {"fact": "cost-per-fte", "year": 2027, "amount": 98500.0}, content_type="application/json")
    assert floaty.status_code == 400 and floaty.json()["invalidParams"][0]["name"] == "amount"
    assert (RecordedFact.objects.count(), AuditEntry.objects.count()) == before


def test_an_observer_may_not_record_facts(client, demo):
    client.login(username="waarnemer", password="samen-demo")
    response = client.post(
        "/api/v1/agreements/twente-vth-2024/facts", {"fact": "evaluation-completed", "date": "2026-10-15"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_the_cli_records_a_fact_and_check_sees_it(demo, capsys):
    assert cli.main(["check", "--as-of", "2026-11-28"]) == 1
    assert "art-3.evaluation-overdue" in capsys.readouterr().out
    assert cli.main(["record", '{"fact": "evaluation-completed", "date": "2026-10-15"}']) == 0
    assert cli.main(["check", "--as-of", "2026-11-28"]) in (0, 1)
    assert "art-3.evaluation-overdue" not in capsys.readouterr().out
    assert cli.main(["record", '{"fact": "evaluation-completed", "date": "15-10-2026"}']) == 2
    assert "date" in capsys.readouterr().err


SCENARIOS = sorted((ROOT / "tests" / "scenarios").glob("*.json"))


@pytest.mark.parametrize("case", [c for c in SCENARIOS if not c.name.endswith(".expected.json")][:12], ids=lambda p: p.stem)
def test_the_api_and_the_cli_give_the_same_answer(client, case, capsys):
    from samen import cli_evaluate

    code = cli_evaluate.main([str(case), "--json"])
    out = capsys.readouterr().out
    response = client.post("/api/v1/evaluate", case.read_text(encoding="utf-8"), content_type="application/json")
    if code == 0:
        assert response.status_code == 200
        assert response.json() == json.loads(out)
    else:
        assert code == 2
        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"


def test_the_scenario_endpoint_answers_like_the_cli(client):
    response = client.post("/api/v1/evaluate", {"as_of": "2026-11-28", "facts": []}, content_type="application/json")
    assert response.status_code == 200
    assert "art-3.evaluation-overdue" in [f["code"] for f in response.json()["findings"]]
    bad = client.post(
        "/api/v1/evaluate", {"facts": [{"fact": "signed", "party": "GM0344", "date": "2024-10-01"}]}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/problem+json"
    assert bad.json()["invalidParams"][0]["name"] == "facts[0].party"
