"""Strict parsing of scenario documents and facts: everything is validated before evaluation."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samen.rules.facts import (
    DATE_IS_ON,
    FACT_TYPES,
    AmendmentRequested,
    CostPerFte,
    DisputeNotified,
    ExtraCost,
    Fact,
    MeetingCancelled,
    MeetingPlanned,
    ScenarioError,
    Signed,
    StaffEmployed,
    WithdrawalObligationWaived,
    parse_fact,
    parse_scenario,
)

from .conftest import TWENTE

TODAY = date(2027, 1, 1)
AGREEMENTS = {TWENTE.slug: TWENTE}

EXAMPLES: list[dict[str, Any]] = [
    {"fact": "signed", "party": "GM0153", "date": "2024-10-01"},
    {"fact": "evaluation-completed", "date": "2026-10-01"},
    {"fact": "meeting-held", "body": "board", "date": "2025-03-01"},
    {"fact": "chair-elected", "party": "GM0164", "date": "2024-11-15"},
    {"fact": "core-group-composed", "parties": ["GM0153", "GM0164", "PV23"], "date": "2025-01-10"},
    {"fact": "dispute-notified", "dispute": "D-1", "by": "GM0164", "against": ["GM0153"], "date": "2026-12-20"},
    {"fact": "dispute-resolved", "dispute": "D-1", "date": "2027-01-20"},
    {"fact": "mediation-started", "dispute": "D-1", "date": "2027-02-01"},
    {"fact": "dispute-submitted-to-gs", "dispute": "D-1", "by": "GM0164", "date": "2027-06-01"},
    {"fact": "mediation-costs", "dispute": "D-1", "amount": "1500.00", "date": "2027-05-01"},
    {"fact": "withdrawal-notified", "party": "GM0168", "date": "2027-01-15"},
    {"fact": "withdrawal-consented", "party": "GM0168", "date": "2027-03-31"},
    {"fact": "withdrawal-obligation-waived", "party": "GM0168", "date": "2027-05-01"},
    {"fact": "amendment-requested", "amendment": "W-1", "by": "GM0153", "date": "2027-01-10", "end_date": "2028-10-31"},
    {"fact": "amendment-requested", "amendment": "W-2", "by": "GM0153", "date": "2027-01-10"},
    {"fact": "amendment-decided", "amendment": "W-1", "party": "GM0141", "decision": "consent", "date": "2027-02-01"},
    {
        "fact": "amendment-requested",
        "amendment": "W-3",
        "by": "GM0164",
        "date": "2026-09-01",
        "effective_date": "2027-01-01",
        "parameters": {"withdrawal.notice_months": 12, "contribution.fte_per_party": "0.15", "capacity.contribution_amount": "12000.00"},
    },
    {"fact": "budget-drafted", "year": 2026, "date": "2025-09-01"},
    {"fact": "budget-consented", "year": 2026, "date": "2025-11-01"},
    {"fact": "budget-decided", "year": 2027, "party": "PV23", "decision": "refuse", "date": "2026-10-01"},
    {"fact": "budget-adopted", "year": 2026, "date": "2025-11-12"},
    {"fact": "cost-per-fte", "year": 2027, "amount": "98500.00"},
    {"fact": "capacity-not-supplied", "party": "GM0147", "year": 2027},
    {"fact": "extra-cost", "year": 2026, "category": "c", "amount": "1000.00"},
    {"fact": "disintegration-costs-agreed", "party": "GM0168", "amount": "12345.67", "date": "2027-06-01"},
    {"fact": "meeting-planned", "body": "board", "date": "2025-06-01"},
    {"fact": "meeting-cancelled", "body": "board", "date": "2025-06-08"},
    {"fact": "withdrawal-obligation-waived", "party": "GM0147", "date": "2027-05-01", "years": [2027], "kinds": ["capacity-contribution"]},
    {"fact": "budget-adopted", "year": 2027, "date": "2026-11-12", "lines": {"Personeel": "180000.00", "Werkbudget": "0.00"}},
    {
        "fact": "commitment-made",
        "ref": "V-2027-1",
        "year": 2027,
        "line": "Werkbudget",
        "amount": "2500.00",
        "date": "2027-02-01",
        "counterparty": "Drukkerij Twente",
        "mandate": "Mandaatregeling gemeente Enschede 2024",
        "approved": "2027-02-03",
    },
    {"fact": "staff-employed", "role": "chair", "fte": "0.9", "scale": 11, "date": "2024-11-01", "until": "2027-10-31"},
    {"fact": "staff-employed", "role": "other", "fte": "0.5", "date": "2025-01-01"},
]


def codes(exc: pytest.ExceptionInfo[ScenarioError]) -> list[tuple[str, str]]:
    return [(e.field, e.code) for e in exc.value.errors]


@pytest.mark.parametrize("raw", EXAMPLES, ids=lambda r: str(r["fact"]))
def test_every_fact_reads_and_gives_back_its_scenario_dict(raw: dict[str, Any]) -> None:
    assert parse_fact(raw, TWENTE, 0).to_json() == raw


def test_every_fact_type_has_an_example() -> None:
    assert {r["fact"] for r in EXAMPLES} == set(FACT_TYPES)


def test_parsed_fact_has_exact_types() -> None:
    fact = parse_fact({"fact": "cost-per-fte", "year": 2027, "amount": "98500.00"}, TWENTE, 3)
    assert isinstance(fact, CostPerFte) and str(fact.amount) == "98500.00"
    notice = parse_fact(EXAMPLES[5], TWENTE)
    assert isinstance(notice, DisputeNotified) and notice.involved == ("GM0164", "GM0153") and notice.date == date(2026, 12, 20)


def test_art_8_a_party_outside_the_agreement_is_refused_naming_art_8() -> None:
    with pytest.raises(ScenarioError) as exc:
        parse_fact({"fact": "signed", "party": "GM0344", "date": "2024-10-01"}, TWENTE, 4)
    assert codes(exc) == [("facts[4].party", "art-8.closed-membership")]
    assert exc.value.errors[0].index == 4
    assert "art. 8" in exc.value.errors[0].message


def test_art_8_waterschap_takes_part_in_the_board_but_is_not_a_party() -> None:
    with pytest.raises(ScenarioError) as exc:
        parse_fact({"fact": "withdrawal-notified", "party": "WS-VECHTSTROMEN", "date": "2025-01-01"}, TWENTE, 0)
    assert codes(exc) == [("facts[0].party", "art-8.closed-membership")]


def test_art_8_a_non_party_in_a_list_is_refused() -> None:
    with pytest.raises(ScenarioError) as exc:
        parse_fact({"fact": "dispute-notified", "dispute": "D-1", "by": "GM0153", "against": ["GM9999"], "date": "2026-01-01"}, TWENTE, 1)
    assert codes(exc) == [("facts[1].against", "art-8.closed-membership")]


def test_a_float_amount_is_refused_naming_the_field() -> None:
    with pytest.raises(ScenarioError) as exc:
        parse_fact({"fact": "cost-per-fte", "year": 2027, "amount": 98500.0}, TWENTE, 2)
    assert codes(exc) == [("facts[2].amount", "scenario.float-amount")]


@pytest.mark.parametrize("amount", ["98500", "98500.0", "98500.000", "-1.00", "1e5", 98500, "", " 1.00"])
def test_an_amount_must_be_a_string_with_exactly_two_decimals(amount: Any) -> None:
    with pytest.raises(ScenarioError) as exc:
        parse_fact({"fact": "extra-cost", "year": 2026, "category": "a", "amount": amount}, TWENTE, 0)
    assert codes(exc) == [("facts[0].amount", "scenario.bad-amount")]


@pytest.mark.parametrize("day", ["2024-02-30", "20-12-2026", "2026-12-20T00:00", 20261220, None, "2026-1-2"])
def test_a_date_must_be_iso(day: Any) -> None:
    with pytest.raises(ScenarioError) as exc:
        parse_fact({"fact": "evaluation-completed", "date": day}, TWENTE, 0)
    assert codes(exc) == [("facts[0].date", "scenario.bad-date")]


def test_unknown_fact_missing_and_unknown_fields() -> None:
    with pytest.raises(ScenarioError) as exc:
        parse_fact({"fact": "party-joined"}, TWENTE, 0)
    assert codes(exc) == [("facts[0].fact", "scenario.unknown-fact")]
    with pytest.raises(ScenarioError) as exc:
        parse_fact({"fact": "signed", "party": "GM0153", "when": "2024-10-01"}, TWENTE, 1)
    assert sorted(codes(exc)) == [("facts[1].date", "scenario.missing-field"), ("facts[1].when", "scenario.unknown-field")]
    with pytest.raises(ScenarioError) as exc:
        parse_fact({"party": "GM0153"}, TWENTE, 2)
    assert codes(exc) == [("facts[2].fact", "scenario.missing-field")]
    with pytest.raises(ScenarioError) as exc:
        parse_fact(["signed"], TWENTE, 3)
    assert codes(exc) == [("facts[3]", "scenario.bad-fact")]


def test_choices_years_and_refs_are_checked() -> None:
    bad = [
        ({"fact": "meeting-held", "body": "council", "date": "2025-01-01"}, "body", "scenario.bad-choice"),
        (
            {"fact": "amendment-decided", "amendment": "W-1", "party": "GM0153", "decision": "maybe", "date": "2025-01-01"},
            "decision",
            "scenario.bad-choice",
        ),
        ({"fact": "extra-cost", "year": 2026, "category": "z", "amount": "1.00"}, "category", "scenario.bad-choice"),
        ({"fact": "cost-per-fte", "year": "2027", "amount": "1.00"}, "year", "scenario.bad-year"),
        ({"fact": "cost-per-fte", "year": True, "amount": "1.00"}, "year", "scenario.bad-year"),
        ({"fact": "dispute-resolved", "dispute": "", "date": "2025-01-01"}, "dispute", "scenario.bad-ref"),
        ({"fact": "core-group-composed", "parties": ["GM0153", "GM0153"], "date": "2025-01-01"}, "parties", "scenario.duplicate-party"),
        ({"fact": "core-group-composed", "parties": "GM0153", "date": "2025-01-01"}, "parties", "scenario.bad-type"),
    ]
    for raw, field, code in bad:
        with pytest.raises(ScenarioError) as exc:
            parse_fact(raw, TWENTE, 0)
        assert codes(exc) == [(f"facts[0].{field}", code)], raw


def test_art_14_a_party_cannot_have_a_dispute_with_itself() -> None:
    with pytest.raises(ScenarioError) as exc:
        parse_fact({"fact": "dispute-notified", "dispute": "D-1", "by": "GM0153", "against": ["GM0153"], "date": "2026-01-01"}, TWENTE, 0)
    assert codes(exc) == [("facts[0].against", "art-14.dispute-with-itself")]


def test_scenario_defaults_agreement_and_as_of() -> None:
    scenario = parse_scenario({"facts": []}, AGREEMENTS, today=TODAY)
    assert scenario.agreement is TWENTE and scenario.as_of == TODAY and scenario.settings == {} and scenario.facts == ()


def test_scenario_collects_every_error_before_evaluating() -> None:
    doc = {
        "agreement": "twente-vth-2024",
        "as_of": "2027-13-01",
        "settings": {"roll_forward": "yes", "weekend": True, "split_order": "random"},
        "facts": [{"fact": "signed", "party": "GM0344", "date": "2024-10-01"}, {"fact": "cost-per-fte", "year": 2027, "amount": 1.5}],
        "extra": 1,
    }
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(doc, AGREEMENTS, today=TODAY)
    assert sorted(codes(exc)) == sorted(
        [
            ("extra", "scenario.unknown-field"),
            ("as_of", "scenario.bad-date"),
            ("settings.roll_forward", "scenario.bad-setting"),
            ("settings.weekend", "scenario.unknown-setting"),
            ("settings.split_order", "scenario.bad-setting"),
            ("facts[0].party", "art-8.closed-membership"),
            ("facts[1].amount", "scenario.float-amount"),
        ]
    )
    problem = exc.value.to_problem()
    assert problem["status"] == 400 and len(problem["errors"]) == 7


def test_unknown_agreement_is_refused() -> None:
    with pytest.raises(ScenarioError) as exc:
        parse_scenario({"agreement": "elsewhere"}, AGREEMENTS, today=TODAY)
    assert codes(exc) == [("agreement", "scenario.unknown-agreement")]


def test_facts_that_refer_to_unknown_or_duplicate_procedures_are_refused() -> None:
    doc = {
        "facts": [
            {"fact": "dispute-notified", "dispute": "D-1", "by": "GM0164", "against": ["GM0153"], "date": "2026-12-20"},
            {"fact": "dispute-notified", "dispute": "D-1", "by": "GM0164", "against": ["GM0153"], "date": "2026-12-21"},
            {"fact": "mediation-started", "dispute": "D-2", "date": "2027-02-01"},
            {"fact": "dispute-resolved", "dispute": "D-1", "date": "2026-12-01"},
            {"fact": "amendment-decided", "amendment": "W-9", "party": "GM0153", "decision": "consent", "date": "2027-02-01"},
            {"fact": "cost-per-fte", "year": 2027, "amount": "1.00"},
            {"fact": "cost-per-fte", "year": 2027, "amount": "2.00"},
        ]
    }
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(doc, AGREEMENTS, today=TODAY)
    assert codes(exc) == [
        ("facts[1].dispute", "scenario.duplicate-ref"),
        ("facts[2].dispute", "scenario.unknown-ref"),
        ("facts[3].date", "scenario.date-order"),
        ("facts[4].amendment", "scenario.unknown-ref"),
        ("facts[6].year", "scenario.duplicate-fact"),
    ]


# --- bounds: dates, JSON depth, text, parameter ranges (issue 7) ---------------------------------


@pytest.mark.parametrize(("day", "ok"), [("1900-01-01", True), ("2999-12-31", True), ("1899-12-31", False), ("3000-01-01", False)])
def test_dates_lie_between_1900_and_2999(day, ok):
    raw = {"fact": "evaluation-completed", "date": day}
    if ok:
        assert parse_fact(raw, TWENTE).to_json() == raw
    else:
        with pytest.raises(ScenarioError) as e:
            parse_fact(raw, TWENTE)
        assert [(x.field, x.code) for x in e.value.errors] == [("fact.date", "scenario.date-out-of-range")]


def test_as_of_out_of_range_is_an_error_of_the_scenario_and_of_evaluate():
    from samen.rules.scenario import evaluate

    with pytest.raises(ScenarioError) as e:
        parse_scenario({"as_of": "9999-12-31", "facts": []}, AGREEMENTS, today=TODAY)
    assert [(x.field, x.code) for x in e.value.errors] == [("as_of", "scenario.date-out-of-range")]
    with pytest.raises(ScenarioError) as e:
        evaluate(TWENTE, [], date(9999, 12, 31))
    assert e.value.errors[0].field == "as_of"


def test_json_nested_too_deep_is_refused_before_it_is_parsed():
    from samen.rules.facts import MAX_JSON_DEPTH, json_depth, parse_json

    assert json_depth('{"a": "[[[[[", "b": [[{}]]}') == 4  # brackets inside strings do not count
    assert parse_json("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH) is not None
    for text in ("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), "[" * 100_000):
        with pytest.raises(ScenarioError) as e:
            parse_json(text, field="body")
        assert [(x.field, x.code) for x in e.value.errors] == [("body", "scenario.too-deep")]
    with pytest.raises(ScenarioError) as e:
        parse_json(b"\xff{}")
    assert e.value.errors[0].code == "scenario.bad-json"


def test_a_deep_value_built_in_python_is_refused_by_the_parser_too():
    deep: Any = []
    for _ in range(50):
        deep = [deep]
    with pytest.raises(ScenarioError) as e:
        parse_fact({"fact": "signed", "party": deep, "date": "2024-10-01"}, TWENTE)
    assert e.value.errors[0].code == "scenario.too-deep"


def _clean_one_by_one(value: Any, depth: int) -> bool:
    """What `_json_clean` decides, written the plain way: a search per string, a depth check per list and object."""
    from samen.rules.facts import MAX_JSON_DEPTH, bad_text

    if isinstance(value, str):
        return not bad_text(value)
    if isinstance(value, dict):
        return depth < MAX_JSON_DEPTH and all(
            not (isinstance(k, str) and bad_text(k)) and _clean_one_by_one(v, depth + 1) for k, v in value.items()
        )
    if isinstance(value, list):
        return depth < MAX_JSON_DEPTH and all(_clean_one_by_one(v, depth + 1) for v in value)
    return True


_TEXTS = st.text(alphabet=st.sampled_from(["a", "é", "\x00", "\ud800", "\udbff", "\udc00", "\udfff", "😀", "\x01"]), max_size=3)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXTS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXTS | st.integers(), inner, max_size=3),
    max_leaves=30,
)


@given(value=_JSON, depth=st.integers(min_value=0, max_value=22))
def test_the_one_walk_clean_check_decides_as_a_search_per_string(value, depth):
    """`_json_clean` joins the strings and searches once: never another answer than a search per string, also for a
    surrogate at the end of one string and another at the start of the next, and for nesting at the limit."""
    from samen.rules.facts import _json_clean

    assert _json_clean(value, depth) == _clean_one_by_one(value, depth)


def test_the_one_walk_clean_check_stops_at_the_depth_limit_and_at_split_surrogates():
    from samen.rules.facts import MAX_JSON_DEPTH, _json_clean

    deep: Any = "x"
    for _ in range(MAX_JSON_DEPTH):
        deep = [deep]
    assert _json_clean(deep, 0) and not _json_clean([deep], 0) and not _json_clean({"a": deep}, 0)
    assert not _json_clean(["\ud83d", "\ude00"], 0)  # two halves of a pair, each alone: neither is text
    assert not _json_clean({"\x00": 1}, 0) and _json_clean({1: "a"}, 0)


@pytest.mark.parametrize("bad", ["\ud800", "a\udfffb", "nul\x00"])
def test_a_string_that_is_not_unicode_text_names_its_field(bad):
    with pytest.raises(ScenarioError) as e:
        parse_fact({"fact": "dispute-notified", "dispute": bad, "by": "GM0164", "against": ["GM0153"], "date": "2026-12-20"}, TWENTE)
    assert [(x.field, x.code) for x in e.value.errors] == [("fact.dispute", "scenario.bad-text")]
    with pytest.raises(ScenarioError) as e:
        parse_scenario({"facts": [{"fact": "signed", bad: 1}]}, AGREEMENTS, today=TODAY)
    error = e.value.errors[0]
    assert error.code == "scenario.bad-text" and error.field.startswith("facts[0].")
    error.field.encode("utf-8")  # the field's name can be printed and sent


@pytest.mark.parametrize(
    ("key", "value", "ok"),
    [
        ("dispute.chair_phase_weeks", 52, True),
        ("dispute.chair_phase_weeks", 53, False),
        ("dispute.chair_phase_weeks", 999999999, False),
        ("withdrawal.notice_months", 120, True),
        ("withdrawal.notice_months", 121, False),
        ("contribution.fte_per_party", "5", True),
        ("contribution.fte_per_party", "5.000001", False),
        ("contribution.fte_per_party", "0", False),
        ("capacity.contribution_amount", "1000000.00", True),
        ("capacity.contribution_amount", "1000000.01", False),
    ],
)
def test_an_amendment_parameter_must_lie_in_the_range_the_agreement_declares(key, value, ok):
    raw = {"fact": "amendment-requested", "amendment": "W-1", "by": "GM0153", "date": "2027-01-10", "parameters": {key: value}}
    if ok:
        parse_fact(raw, TWENTE)
        return
    with pytest.raises(ScenarioError) as e:
        parse_fact(raw, TWENTE)
    assert [(x.field, x.code) for x in e.value.errors] == [(f"fact.parameters.{key}", "scenario.parameter-out-of-range")]


def test_a_core_group_of_no_parties_is_a_composition_the_rules_read() -> None:
    # The records project it when the last party seat of the core group ends (records.queries.membership_facts).
    fact = parse_fact({"fact": "core-group-composed", "parties": [], "date": "2025-01-01"}, TWENTE, 0)
    assert fact.parties == ()  # type: ignore[attr-defined]


@pytest.mark.parametrize("raw", EXAMPLES, ids=lambda r: str(r["fact"]))
def test_each_fact_types_own_json_and_order_text_are_the_general_ones(raw: dict[str, Any]) -> None:
    """Every fact type writes out its own `to_json` and `order_text` (quicker); they give exactly what the general
    ones give: the same dict with its keys in the same order, and the dataclass's repr that orders tied facts."""
    fact = parse_fact(raw, TWENTE, 0)
    assert type(fact).to_json is not Fact.to_json and type(fact).order_text is not Fact.order_text
    assert list(fact.to_json().items()) == list(Fact.to_json(fact).items())
    assert fact.order_text() == repr(fact)


def test_a_fact_built_with_other_value_types_gives_what_the_general_json_gives() -> None:
    """Facts built in Python (not parsed) may hold other types than those parsing gives: a datetime, a bool, an
    unrounded amount, None in a required field; the written-out `to_json` gives what the general one gives."""
    odd = [
        ExtraCost(2027, "a", Decimal("1.005")),
        ExtraCost(2027, "a", Decimal("-1E+3")),  # an amount's repr as order_text writes it from its str
        ExtraCost(2027, "a", Decimal("NaN")),
        # In whole cents already (written as its own text, without quantize) and not: the same text either way.
        *(ExtraCost(2027, "a", Decimal(v)) for v in ("12.34", "-0.00", "-0.05", "1.5", "7", "1.23E+5", "1E-2", "0.015")),
        ExtraCost(True, "a", 5),  # type: ignore[arg-type]
        Signed("GM0153", datetime(2027, 1, 1, 3, 4)),
        Signed(None, date(2027, 1, 1)),  # type: ignore[arg-type]
        StaffEmployed("chair", Decimal("0.80"), date(2027, 1, 1)),
        AmendmentRequested("W-1", "GM0153", date(2027, 1, 1), parameters=(("a", 1), ("b", Decimal("0.1")))),
        DisputeNotified("G-1", "GM0153", ["GM0164"], date(2027, 1, 1)),  # type: ignore[arg-type]  # a list, not a tuple
        WithdrawalObligationWaived("GM0153", date(2027, 1, 1), years=(2028, 2029), kinds=("annual-contribution",)),
    ]
    for fact in odd:
        assert list(fact.to_json().items()) == list(Fact.to_json(fact).items()), fact
        assert fact.order_text() == repr(fact)


@pytest.mark.parametrize("raw", EXAMPLES, ids=lambda r: str(r["fact"]))
def test_the_fact_types_whose_on_is_their_date_field(raw: dict[str, Any]) -> None:
    """`DATE_IS_ON` lists the fact types whose `on` is `Fact.on`, so that a loop may read their `date` instead; a
    planned or cancelled meeting has its own (None) and is not among them."""
    fact = parse_fact(raw, TWENTE, 0)
    if type(fact) in DATE_IS_ON:
        assert fact.on is getattr(fact, "date", None)
    else:
        assert type(fact) in (MeetingPlanned, MeetingCancelled) and fact.on is None
