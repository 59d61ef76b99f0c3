"""Fuzzing the scenario endpoint: whatever the body, the answer is 200 or a 400 problem document.

Hypothesis builds scenarios from valid parts with fields swapped for wrong types, unknown facts,
unknown parties and malformed dates and amounts. No input may crash the rules (a 500) or be
half-evaluated.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.two_factor import log_in

PARTIES = ["GM0141", "GM0153", "GM0164", "PV23", "GM0344", "", "gm0153"]
DATES = ["2026-11-01", "2027-02-29", "2024-02-29", "2026-13-01", "01-11-2026", "", "2026-11-1"]
AMOUNTS = ["1000.00", "98500.00", "0.00", "-5.00", "1000.5", "abc", 1000.0, 1000]
KINDS = [
    "signed", "evaluation-completed", "meeting-held", "chair-elected", "core-group-composed", "dispute-notified",
    "dispute-resolved", "mediation-started", "dispute-submitted-to-gs", "withdrawal-notified", "withdrawal-consented",
    "amendment-requested", "amendment-decided", "budget-consented", "cost-per-fte", "capacity-not-supplied", "extra-cost",
    "disintegration-costs-agreed", "no-such-fact",
]  # fmt: skip
junk = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3000), st.floats(allow_nan=False), st.text(max_size=6), st.lists(st.integers(), max_size=2)
)
field_value = st.one_of(
    st.sampled_from(PARTIES),
    st.sampled_from(DATES),
    st.sampled_from(AMOUNTS),
    st.lists(st.sampled_from(PARTIES), max_size=3),
    st.sampled_from(["D-1", "A-1", "board", "consent", "refuse", "a", "h", "z"]),
    st.integers(2023, 2031),
    junk,
)
FIELDS = ["party", "date", "amount", "year", "dispute", "by", "against", "amendment", "decision", "body", "category", "parties", "end_date"]
fact = st.builds(
    lambda kind, fields: {"fact": kind, **fields},
    st.sampled_from(KINDS),
    st.dictionaries(st.sampled_from(FIELDS), field_value, max_size=5),
)
scenario = st.fixed_dictionaries(
    {"facts": st.lists(st.one_of(fact, junk), max_size=6)},
    optional={
        "as_of": st.sampled_from(DATES),
        "agreement": st.sampled_from(["twente-vth-2024", "other"]),
        "settings": st.one_of(junk, st.just({"roll_forward": True}), st.just({"nonsense": 1})),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=st.one_of(scenario, junk))
def test_evaluate_answers_200_or_problem_json(client, body):
    response = client.post("/api/v1/evaluate", json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 400), response.content[:500]
    if response.status_code == 400:
        assert response["Content-Type"] == "application/problem+json"
        problem = response.json()
        assert problem["status"] == 400 and problem["code"]
    else:
        answer = response.json()
        assert set(answer) >= {"as_of", "deadlines", "procedures", "amounts", "findings", "notes"}


def test_a_body_that_is_not_json_is_a_problem(client):
    response = client.post("/api/v1/evaluate", b"{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "body"


# --- hostile values (issue 7): deep nesting, lone surrogates, NUL, dates and parameters out of range ---

NASTY = [
    "\ud800", "a\udfffb", "nul\x00", "9999-12-31", "9999-12-20", "0001-01-01", "1899-12-31", "3000-01-01", "2999-12-31",
    "1900-01-01", 999999999, -1, 10**30, ["x"], {}, [[[[]]]], "x" * 3000,
]  # fmt: skip
PARAMETER_KEYS = ["dispute.chair_phase_weeks", "withdrawal.notice_months", "contribution.fte_per_party", "capacity.contribution_amount"]
nasty_value = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(PARTIES + DATES + AMOUNTS),
    st.text(alphabet=st.characters(codec=None, categories=["Cs", "Cc", "Ll", "Nd"]), max_size=4),  # Cs: surrogates
    st.integers(min_value=-(10**12), max_value=10**12),
    st.recursive(st.none(), lambda inner: st.lists(inner, max_size=2), max_leaves=3),
)
nasty_fields = st.dictionaries(
    st.one_of(st.sampled_from([*FIELDS, "note", "effective_date"]), st.just("\ud800")),
    st.one_of(nasty_value, st.dictionaries(st.sampled_from([*PARAMETER_KEYS, "\udc80"]), nasty_value, max_size=2)),
    max_size=5,
)
nasty_fact = st.builds(lambda kind, fields: {"fact": kind, **fields}, st.one_of(st.sampled_from(KINDS), nasty_value), nasty_fields)
nasty_body = st.one_of(
    st.builds(
        lambda facts, as_of: json.dumps({"facts": facts, **({"as_of": as_of} if as_of is not None else {})}),
        st.lists(nasty_fact, max_size=4),
        st.one_of(st.none(), nasty_value),
    ),
    st.integers(15, 3000).map(lambda n: "[" * n + "]" * n),
    st.integers(15, 3000).map(lambda n: '{"facts": [{"fact": "signed", "party": ' + "[" * n + "]" * n + "}]}"),
)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _answers_4xx_problem(response) -> None:
    assert 200 <= response.status_code < 300 or 400 <= response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["code"]


@SETTINGS
@given(body=nasty_body)
def test_hostile_scenarios_answer_200_or_a_problem(client, body):
    _answers_4xx_problem(client.post("/api/v1/evaluate", body, content_type="application/json"))


@SETTINGS
@given(fact=nasty_fact)
def test_hostile_facts_are_recorded_or_refused_never_a_500(client, demo, fact):
    log_in(client, "secretariaat")
    response = client.post("/api/v1/agreements/twente-vth-2024/facts", json.dumps(fact), content_type="application/json")
    _answers_4xx_problem(response)
    # Whatever was recorded, the recorded state still evaluates.
    check = client.get("/api/v1/agreements/twente-vth-2024/check?as_of=2999-12-31")
    assert check.status_code == 200, check.content[:500]


@SETTINGS
@given(as_of=st.one_of(st.sampled_from(["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01", "2999-12-31", "x", ""]), st.dates()))
def test_any_as_of_on_check_answers_200_or_a_problem(client, demo, as_of):
    log_in(client, "secretariaat")
    _answers_4xx_problem(client.get(f"/api/v1/agreements/twente-vth-2024/check?as_of={as_of}"))
