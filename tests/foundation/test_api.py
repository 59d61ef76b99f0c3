"""The API: bearer tokens, recording facts through the rules' parser, problem+json errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from samen import cli
from samen.accounts.services import create_api_token
from samen.audit.models import AuditEntry
from samen.records.models import RecordedFact
from tests.two_factor import log_in

ROOT = Path(__file__).resolve().parents[2]


def test_a_bearer_token_authenticates_as_its_user(client, demo):
    _, key = create_api_token(actor="system:test", username="financien", label="boekhouding")
    response = client.get("/api/v1/agreements", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert [a["slug"] for a in response.json()["items"]] == ["twente-vth-2024"]
    assert client.get("/api/v1/agreements", headers={"Authorization": "Bearer samen_wrong"}).status_code == 401


def test_recording_a_fact_validates_it_with_the_rules(client, demo):
    log_in(client, "secretariaat")
    url = "/api/v1/agreements/twente-vth-2024/facts"
    ok = client.post(
        url, {"fact": "evaluation-completed", "date": "2026-10-15", "note": "Evaluatie besproken"}, content_type="application/json"
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["fact"] == {"fact": "evaluation-completed", "date": "2026-10-15"}
    check = client.get("/api/v1/agreements/twente-vth-2024/check?as_of=2026-11-28").json()
    assert "art-3.evaluation-overdue" not in [f["code"] for f in check["findings"]]


def test_a_bad_fact_is_refused_naming_the_field_and_nothing_is_written(client, demo):
    log_in(client, "secretariaat")
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
    log_in(client, "waarnemer")
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


# --- who sees a dispute and whose amounts (DESIGN.md principle 6; accounts.permissions) --------------

CHECK = "/api/v1/agreements/twente-vth-2024/check"


def _record_dispute(agreement) -> None:
    """A dispute the demo does not have: Almelo (GM0141) against Borne (GM0147), with mediation and its costs."""
    from samen.records.services import record_fact

    for raw in (
        {"fact": "dispute-notified", "dispute": "G-1", "by": "GM0141", "against": ["GM0147"], "date": "2026-11-02"},
        {"fact": "mediation-started", "dispute": "G-1", "date": "2026-11-10"},
        {"fact": "mediation-costs", "dispute": "G-1", "amount": "1000.00", "date": "2026-11-20"},
    ):
        record_fact(actor="system:test", agreement=agreement, raw=raw)


def _representative(agreement, username: str, code: str):
    from samen.accounts.models import Role, User
    from samen.parties.models import Party

    party = Party.objects.get(agreement=agreement, code=code)
    return User.objects.create_user(username=username, password="samen-demo", role=Role.REPRESENTATIVE, party=party, agreement=agreement)


def _dispute_items(answer: dict) -> list[str]:
    return [
        item["id"]
        for section in ("deadlines", "procedures", "findings", "amounts")
        for item in answer[section]
        if "G-1" in item["id"] or item.get("ref") == "G-1"
    ]


def test_the_api_check_hides_a_dispute_from_a_representative_of_an_uninvolved_party(client, demo):
    _record_dispute(demo)
    log_in(client, "hengelo")  # GM0164: not involved
    answer = client.get(f"{CHECK}?as_of=2026-12-01").json()
    assert _dispute_items(answer) == []
    assert {a["party"] for a in answer["amounts"]} == {"GM0164"}  # only their own party's amounts, as on the pages
    facts = client.get("/api/v1/agreements/twente-vth-2024/facts?pageSize=100").json()["items"]
    assert not [f for f in facts if f["fact"].get("dispute") == "G-1"]
    # Not even a note about facts dated after the as-of date gives the dispute away.
    early = client.get(f"{CHECK}?as_of=2026-10-01").json()
    assert not [n for n in early["notes"] if "dispute" in n or "mediation" in n]
    client.logout()
    log_in(client, "secretariaat")
    assert [n for n in client.get(f"{CHECK}?as_of=2026-10-01").json()["notes"] if "dispute-notified" in n]


def test_the_api_check_shows_a_dispute_to_its_parties_the_chair_and_the_secretariat(client, demo):
    _record_dispute(demo)
    _representative(demo, "almelo", "GM0141")
    for username in ("secretariaat", "voorzitter", "almelo"):
        log_in(client, username)
        answer = client.get(f"{CHECK}?as_of=2026-12-01").json()
        ids = _dispute_items(answer)
        assert "procedure.dispute.G-1" in ids and "deadline.dispute.G-1.chair-phase-end" in ids, username
        [chair_phase] = [d for d in answer["deadlines"] if d["id"] == "deadline.dispute.G-1.chair-phase-end"]
        assert (chair_phase["status"], chair_phase["met_on"]) == ("met", "2026-11-10")  # mediation started in time
        client.logout()
    log_in(client, "almelo")
    answer = client.get(f"{CHECK}?as_of=2026-12-01").json()
    assert {a["party"] for a in answer["amounts"]} == {"GM0141"}
    assert [a["amount"] for a in answer["amounts"] if a["kind"] == "mediation-costs"] == ["500.00"]
    client.logout()
    log_in(client, "secretariaat")
    answer = client.get(f"{CHECK}?as_of=2026-12-01").json()
    assert len({a["party"] for a in answer["amounts"]}) == 15
    assert sorted(a["party"] for a in answer["amounts"] if a["kind"] == "mediation-costs") == ["GM0141", "GM0147"]
    facts = client.get("/api/v1/agreements/twente-vth-2024/facts?pageSize=100").json()["items"]
    assert len([f for f in facts if f["fact"].get("dispute") == "G-1"]) == 3


def test_the_api_check_gives_every_deadline_its_status(client, demo):
    log_in(client, "waarnemer")
    answer = client.get(f"{CHECK}?as_of=2026-11-28").json()
    [evaluation] = [d for d in answer["deadlines"] if d["step"] == "evaluation-due"]
    assert (evaluation["status"], evaluation["met_on"]) == ("overdue", None)
    assert answer["amounts"] == []  # the observer sees no amounts


def test_samen_check_on_the_demo_lists_the_overdue_evaluation_with_its_articles(demo, capsys):
    """Issue 3: `samen check --as-of 2026-11-28` reports the evaluation overdue, art. 3 lid 3 and art. 11 lid 2."""
    assert cli.main(["check", "--as-of", "2026-11-28"]) == 1
    out = capsys.readouterr().out
    finding = next(line for line in out.splitlines() if "art-3.evaluation-overdue" in line)
    assert "art. 3 lid 3" in finding and "art. 11 lid 2" in finding
    deadline = next(line for line in out.splitlines() if line.strip().startswith("2026-11-01"))
    assert "OVER TIJD" in deadline and "27 dagen geleden" in deadline
    assert cli.main(["check", "--as-of", "2026-10-01"]) == 0, "before the due date the evaluation is only due"
    assert "art-3.evaluation-overdue" not in capsys.readouterr().out


def test_samen_check_json_is_the_scenario_answer(demo, capsys):
    assert cli.main(["check", "--as-of", "2026-11-28", "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    evaluation = next(d for d in answer["deadlines"] if d["step"] == "evaluation-due")
    assert (evaluation["date"], evaluation["status"]) == ("2026-11-01", "overdue")


def test_the_scenario_endpoint_answers_in_the_scenarios_language(client):
    response = client.post("/api/v1/evaluate", {"as_of": "2026-11-28", "language": "en"}, content_type="application/json")
    assert response.status_code == 200
    finding = next(f for f in response.json()["findings"] if f["code"] == "art-3.evaluation-overdue")
    assert finding["message"] == "The evaluation should have taken place by 1 November 2026 at the latest and has not been recorded."
    bad = client.post("/api/v1/evaluate", {"as_of": "2026-11-28", "language": "fr"}, content_type="application/json")
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in bad.json()["invalidParams"]] == ["language"]


def test_samen_check_in_english(demo, capsys):
    assert cli.main(["check", "--as-of", "2026-11-28", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "Status on 28 November 2026" in out
    assert "The evaluation should have taken place by 1 November 2026 at the latest and has not been recorded." in out
    deadline = next(line for line in out.splitlines() if line.strip().startswith("2026-11-01"))
    assert "OVERDUE" in deadline and "27 days ago" in deadline


def test_a_recorded_fact_gets_the_same_checks_between_facts_as_a_scenario(demo, capsys):
    """A follow-up of a dispute that was never notified, or a ref used twice, is refused like in a scenario."""
    before = (RecordedFact.objects.count(), AuditEntry.objects.count())
    assert cli.main(["record", '{"fact": "mediation-started", "dispute": "ZZ-404", "date": "2027-01-05"}']) == 2
    err = capsys.readouterr().err
    assert "scenario.unknown-ref" in err and "[veld: dispute]" in err
    assert (RecordedFact.objects.count(), AuditEntry.objects.count()) == before
    notice = '{"fact": "dispute-notified", "dispute": "G-7", "by": "GM0164", "against": ["GM0141"], "date": "2026-12-01"}'
    assert cli.main(["record", notice]) == 0
    again = '{"fact": "dispute-notified", "dispute": "G-7", "by": "GM0147", "against": ["GM0141"], "date": "2026-12-02"}'
    assert cli.main(["record", again]) == 2
    assert "scenario.duplicate-ref" in capsys.readouterr().err
    early = '{"fact": "dispute-resolved", "dispute": "G-7", "date": "2026-11-20"}'
    assert cli.main(["record", early]) == 2
    assert "scenario.date-order" in capsys.readouterr().err


def test_signatures_and_meetings_have_their_own_registration_but_art_8_comes_first(demo, capsys):
    assert cli.main(["record", '{"fact": "signed", "party": "GM0344", "date": "2024-10-01"}']) == 1
    assert "art-8.closed-membership" in capsys.readouterr().err
    assert cli.main(["record", '{"fact": "meeting-held", "body": "board", "date": "2026-11-20"}']) == 2
    assert "fact.own-table" in capsys.readouterr().err


def test_the_api_and_the_cli_give_the_same_problem_document(client, tmp_path, capsys):
    from samen import cli_evaluate

    bad = {"as_of": "2027-01-01", "facts": [{"fact": "cost-per-fte", "year": 2027, "amount": 98500.0}]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    assert cli_evaluate.main([str(path), "--json"]) == 2
    from_cli = json.loads(capsys.readouterr().out)
    from_api = client.post("/api/v1/evaluate", bad, content_type="application/json").json()
    assert from_api == from_cli
    assert from_api["invalidParams"][0]["name"] == "facts[0].amount"
