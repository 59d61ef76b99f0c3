"""Bad input answers 400 / exit 2 naming the field, never a 500: the bounds live in the rules' parser.

Reproductions of issue 7: JSON nested a thousand deep, a lone surrogate in a string, a fact type
that is not a string, dates outside 1900-2999 (as_of included), an amendment parameter outside
its declared range; and notes without a limit, identical extra costs recorded twice.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from samen import cli
from samen.audit.models import AuditEntry
from samen.core.errors import InvalidInput
from samen.records import services
from samen.records.models import RecordedFact
from samen.records.services import record_fact
from tests.two_factor import log_in

EVALUATE = "/api/v1/evaluate"
FACTS = "/api/v1/agreements/twente-vth-2024/facts"
CHECK = "/api/v1/agreements/twente-vth-2024/check"
WHATIF = "/wat-als/?as_of=2026-11-28"
DEEP = "[" * 1000 + "]" * 1000
PARTIES = [
    "GM0141", "GM0147", "GM1774", "GM0153", "GM0158", "GM0163", "GM0164", "GM1735",
    "GM0168", "GM0173", "GM1742", "GM0183", "GM1700", "GM0189", "PV23",
]  # fmt: skip


@pytest.fixture
def secretariat(demo) -> Client:
    c = Client()
    log_in(c, "secretariaat")
    return c


def _problem(response, status: int = 400) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def _names(problem: dict) -> list[str]:
    return [p["name"] for p in problem.get("invalidParams", [])]


def _counts():
    return RecordedFact.objects.count(), AuditEntry.objects.count()


# --- JSON nested deeply ----------------------------------------------------------------------------


@pytest.mark.parametrize("body", [DEEP, '{"facts": ' + DEEP + "}", '{"facts": [{"fact": "signed", "party": ' + DEEP + "}]}"])
def test_deeply_nested_json_on_evaluate_is_a_400_naming_the_body(client, body):
    problem = _problem(client.post(EVALUATE, body, content_type="application/json"))
    assert problem["code"] == "scenario.too-deep"
    assert _names(problem) == ["body"]


def test_deeply_nested_json_on_recording_a_fact_is_a_400_naming_the_body(secretariat):
    before = _counts()
    problem = _problem(secretariat.post(FACTS, '{"fact": ' + DEEP + "}", content_type="application/json"))
    assert problem["code"] == "scenario.too-deep" and _names(problem) == ["body"]
    assert _counts() == before


def test_deeply_nested_json_in_the_what_if_field_is_a_field_error(secretariat):
    response = secretariat.post(WHATIF, {"soort": "evaluation-completed", "action": "compare", "facts": DEEP})
    assert response.status_code == 400
    assert "te diep genest" in response.content.decode()


def test_deeply_nested_json_on_samen_record_is_exit_2(demo, capsys):
    assert cli.main(["record", DEEP]) == 2
    assert "scenario.too-deep" in capsys.readouterr().err


def test_json_just_within_the_depth_limit_is_read(client):
    from samen.rules.facts import MAX_JSON_DEPTH

    nested = '{"facts": [{"fact": "signed", "party": ' + "[" * (MAX_JSON_DEPTH - 3) + "]" * (MAX_JSON_DEPTH - 3) + "}]}"
    problem = _problem(client.post(EVALUATE, nested, content_type="application/json"))
    assert problem["code"] == "scenario.bad-type"  # read, then refused as a party, not as too deep


# --- strings that are not Unicode text ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"facts": [{"fact": "dispute-notified", "dispute": "\\ud800", "by": "GM0164", "against": ["GM0153"], "date": "2026-10-01"}]}',
         "facts[0].dispute"),
        ('{"facts": [{"fact": "signed", "party": "GM\\udfff0153", "date": "2024-10-14"}]}', "facts[0].party"),
        ('{"facts": [{"fact": "signed", "\\ud800": 1}]}', "facts[0].\\ud800"),
        ('{"as_of": "\\ud800"}', "as_of"),
        ('{"agreement": "\\ud800"}', "agreement"),
        ('{"facts": [], "settings": {"\\ud800": true}}', "settings.\\ud800"),
        ('{"facts": [{"fact": "\\ud800"}]}', "facts[0].fact"),
        ('{"facts": [{"fact": "signed", "party": "GM\\u00000153", "date": "2024-10-14"}]}', "facts[0].party"),
    ],
)  # fmt: skip
def test_a_lone_surrogate_on_evaluate_is_a_400_naming_the_field(client, body, field):
    problem = _problem(client.post(EVALUATE, body, content_type="application/json"))
    assert problem["code"] == "scenario.bad-text"
    assert _names(problem) == [field]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"fact": "evaluation-completed", "date": "2026-10-15", "note": "\\ud800"}', "note"),
        ('{"fact": "dispute-notified", "dispute": "\\ud800", "by": "GM0164", "against": ["GM0153"], "date": "2026-10-01"}', "dispute"),
        ('{"fact": "evaluation-completed", "date": "\\ud800"}', "date"),
        ('{"fact": "evaluation-completed", "date": "2026-10-15", "note": "a\\u0000b"}', "note"),
    ],
)
def test_a_lone_surrogate_on_recording_a_fact_is_a_400_and_nothing_is_written(secretariat, body, field):
    before = _counts()
    problem = _problem(secretariat.post(FACTS, body, content_type="application/json"))
    assert _names(problem) == [field]
    assert _counts() == before


def test_a_lone_surrogate_in_the_what_if_field_is_a_field_error(secretariat):
    facts = '[{"fact": "evaluation-completed", "date": "2026-10-15\\ud800"}]'
    response = secretariat.post(WHATIF, {"soort": "evaluation-completed", "action": "compare", "facts": facts})
    assert response.status_code == 400
    assert "ongeldig teken" in response.content.decode()


def test_a_lone_surrogate_in_a_note_on_samen_record_is_exit_2(demo, capsys):
    assert cli.main(["record", '{"fact": "evaluation-completed", "date": "2026-10-15"}', "--note", "\udcff"]) == 2
    assert "note" in capsys.readouterr().err


# --- a fact type that is not a string --------------------------------------------------------------


@pytest.mark.parametrize("kind", [["x"], {}, 1, None])
def test_a_fact_type_that_is_not_a_string_is_a_400_naming_the_field(secretariat, client, kind):
    problem = _problem(secretariat.post(FACTS, json.dumps({"fact": kind}), content_type="application/json"))
    assert _names(problem) == ["fact"]
    problem = _problem(client.post(EVALUATE, json.dumps({"facts": [{"fact": kind}]}), content_type="application/json"))
    assert _names(problem) == ["facts[0].fact"]


# --- dates outside 1900-2999 -----------------------------------------------------------------------


@pytest.mark.parametrize("as_of", ["9999-12-31", "3000-01-01", "1899-12-31", "0001-01-01"])
def test_as_of_outside_the_bounds_on_check_is_a_400_naming_as_of(secretariat, as_of):
    problem = _problem(secretariat.get(f"{CHECK}?as_of={as_of}"))
    assert problem["code"] == "scenario.date-out-of-range"
    assert _names(problem) == ["as_of"]


def test_as_of_at_the_bounds_is_evaluated(secretariat):
    for as_of in ("1900-01-01", "2999-12-31"):
        assert secretariat.get(f"{CHECK}?as_of={as_of}").status_code == 200


def test_as_of_outside_the_bounds_on_a_page_falls_back_to_today(secretariat):
    for url in ("/?as_of=9999-12-31", "/overeenkomst/?as_of=9999-12-31", "/wat-als/?as_of=9999-12-31"):
        assert secretariat.get(url).status_code == 200, url


def test_as_of_outside_the_bounds_on_samen_check_is_exit_2(demo, capsys):
    assert cli.main(["check", "--as-of", "9999-12-31"]) == 2
    err = capsys.readouterr().err
    assert "scenario.date-out-of-range" in err and "--as-of" in err


def test_as_of_outside_the_bounds_in_a_scenario_is_a_400(client):
    problem = _problem(client.post(EVALUATE, {"as_of": "9999-12-31", "facts": []}, content_type="application/json"))
    assert problem["code"] == "scenario.date-out-of-range" and _names(problem) == ["as_of"]


def test_a_dispute_dated_9999_is_refused_on_record_and_in_a_scenario(secretariat, client):
    before = _counts()
    dispute = {"fact": "dispute-notified", "dispute": "D-1", "by": "GM0164", "against": ["GM0153"], "date": "9999-12-20"}
    problem = _problem(secretariat.post(FACTS, dispute, content_type="application/json"))
    assert problem["code"] == "scenario.date-out-of-range" and _names(problem) == ["date"]
    assert _counts() == before
    problem = _problem(client.post(EVALUATE, {"as_of": "2026-01-01", "facts": [dispute]}, content_type="application/json"))
    assert _names(problem) == ["facts[0].date"]


# --- amendment parameters outside their declared range ---------------------------------------------


def _amendment(weeks: int) -> list[dict]:
    requested = {
        "fact": "amendment-requested",
        "amendment": "W-9",
        "by": "GM0153",
        "date": "2026-01-05",
        "parameters": {"dispute.chair_phase_weeks": weeks},
    }
    decided = [
        {"fact": "amendment-decided", "amendment": "W-9", "party": code, "decision": "consent", "date": "2026-02-01"} for code in PARTIES
    ]
    return [requested, *decided]


def test_an_amendment_parameter_outside_its_range_is_a_400_naming_it(client):
    body = {"as_of": "2026-06-01", "facts": _amendment(999999999)}
    problem = _problem(client.post(EVALUATE, body, content_type="application/json"))
    assert problem["code"] == "scenario.parameter-out-of-range"
    assert _names(problem) == ["facts[0].parameters.dispute.chair_phase_weeks"]


def test_an_amendment_parameter_outside_its_range_is_refused_on_record_and_pages_keep_working(demo, secretariat):
    # Amendments are recorded as proposals with the parties' decisions (samen.proposals), projected into the facts.
    from datetime import date

    from samen.proposals import services as proposals

    def propose(weeks: int):
        return proposals.create_proposal(
            actor="system:test",
            agreement=demo,
            ref="W-9",
            subject="Voorzittersfase",
            kind="amendment",
            proposed_by="GM0153",
            proposed_on=date(2026, 1, 5),
            parameters={"dispute.chair_phase_weeks": weeks},
        )

    with pytest.raises(InvalidInput) as refused:
        propose(999999999)
    assert refused.value.code == "scenario.parameter-out-of-range"
    assert refused.value.field == "parameters.dispute.chair_phase_weeks"
    with pytest.raises(InvalidInput) as refused:
        record_fact(actor="system:test", agreement=demo, raw=_amendment(52)[0])
    assert refused.value.code == "fact.own-table"
    proposal = propose(52)  # the largest value the agreement file allows
    rows = [{"party": code, "decided_on": date(2026, 2, 1), "outcome": "consent"} for code in PARTIES]
    proposals.record_decisions(actor="system:test", proposal=proposal, rows=rows)
    dispute = {"fact": "dispute-notified", "dispute": "D-1", "by": "GM0164", "against": ["GM0153"], "date": "2999-12-20"}
    record_fact(actor="system:test", agreement=demo, raw=dispute)
    for url in ("/?as_of=2999-12-31", "/overeenkomst/?as_of=2999-12-31"):
        assert secretariat.get(url).status_code == 200
    assert cli.main(["check", "--as-of", "2999-12-31"]) in (0, 1)


# --- notes and duplicates --------------------------------------------------------------------------


def test_a_note_is_at_most_2000_characters(secretariat):
    NOTE_MAX_LENGTH = getattr(services, "NOTE_MAX_LENGTH", 2000)  # noqa: N806
    fact = {"fact": "evaluation-completed", "date": "2026-10-15"}
    before = _counts()
    problem = _problem(secretariat.post(FACTS, {**fact, "note": "x" * (NOTE_MAX_LENGTH + 1)}, content_type="application/json"))
    assert problem["code"] == "fact.note-too-long" and _names(problem) == ["note"]
    assert _counts() == before
    assert secretariat.post(FACTS, {**fact, "note": "x" * NOTE_MAX_LENGTH}, content_type="application/json").status_code == 201
    problem = _problem(secretariat.post(FACTS, {**fact, "note": 5}, content_type="application/json"))
    assert _names(problem) == ["note"]


def test_an_identical_extra_cost_is_refused_naming_the_field(secretariat):
    cost = {"fact": "extra-cost", "year": 2026, "category": "b", "amount": "5000.00"}
    first = secretariat.post(FACTS, cost, content_type="application/json")
    assert first.status_code == 201
    problem = _problem(secretariat.post(FACTS, cost, content_type="application/json"))
    assert problem["code"] == "fact.duplicate" and _names(problem) == ["amount"]
    assert first.json()["id"] in problem["detail"]
    assert RecordedFact.objects.filter(kind="extra-cost").count() == 1
    # Another amount, category or year is another cost.
    assert secretariat.post(FACTS, {**cost, "amount": "5000.01"}, content_type="application/json").status_code == 201
    assert secretariat.post(FACTS, {**cost, "category": "c"}, content_type="application/json").status_code == 201
