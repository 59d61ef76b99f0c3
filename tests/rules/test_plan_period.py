"""Withdrawal and the plan period (art. 9 lid 2, art. 1 sub j; issue 9): obligations kept to the plan period's end."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from samen.rules import facts as F  # noqa: N812 - F reads as a namespace of fact types
from samen.rules.definition import DefinitionError, parse_agreement
from samen.rules.facts import ScenarioError, parse_fact
from samen.rules.scenario import Answer, evaluate

from .conftest import TWENTE

CODES = TWENTE.party_codes
NOTICE = F.WithdrawalNotified("GM0168", date(2024, 11, 20))
CONSENT = F.WithdrawalConsented("GM0168", date(2024, 12, 15))  # exit 15 December 2026
COSTS = (F.CostPerFte(2026, Decimal("97000.00")), F.CostPerFte(2027, Decimal("98500.00")))


def run(as_of: date, *facts: F.Fact, language: str = "nl") -> Answer:
    return evaluate(TWENTE, facts, as_of, None, language=language)


def owed(answer: Answer, party: str, kind: str = "annual-contribution") -> dict[int, Decimal]:
    return {a.year: a.amount for a in answer.amounts if a.party == party and a.kind == kind}


def test_the_plan_period_is_explicit_in_the_agreement_file() -> None:
    assert TWENTE.plan_years == 3
    assert "art. 1 sub j" in TWENTE.plan_period_articles


def test_a_plan_period_longer_than_the_term_is_refused_in_the_file() -> None:
    data = tomllib.loads(Path(TWENTE.source).read_text(encoding="utf-8"))
    data["plan_period"]["years"] = 4
    with pytest.raises(DefinitionError) as e:
        parse_agreement(data)
    assert e.value.key == "plan_period.years"


def test_art_9_2_a_party_that_left_within_the_plan_period_still_owes_its_last_year() -> None:
    answer = run(date(2027, 3, 1), NOTICE, CONSENT, *COSTS)
    assert owed(answer, "GM0168") == {2026: Decimal("9700.00"), 2027: Decimal("9850.00")}
    [a] = [a for a in answer.amounts if a.id == "amount.GM0168.2027.annual-contribution"]
    assert a.articles == ("art. 7 lid 1", "art. 9 lid 2")
    text = a.explanation.text()
    assert "planperiode van 1 november 2024 tot en met 31 oktober 2027" in text and "(art. 9 lid 2)" in text
    [p] = [p for p in answer.procedures if p.id == "procedure.withdrawal.GM0168"]
    assert p.state == "exited" and p.details["obligations_until"] == 2027
    assert p.details["plan_period"] == {"start": "2024-11-01", "end": "2027-10-31"}


def test_art_9_2_no_note_cites_art_9_3_for_a_year_the_plan_period_keeps() -> None:
    answer = run(date(2027, 3, 1), NOTICE, CONSENT, *COSTS)
    assert not any("Geen jaarbijdrage 2027" in n for n in answer.notes)


def test_art_9_2_the_release_decision_names_years_and_kinds() -> None:
    waiver = F.WithdrawalObligationWaived("GM0168", date(2026, 11, 10), years=(2027,), kinds=("annual-contribution",))
    answer = run(date(2027, 3, 1), NOTICE, CONSENT, waiver, *COSTS, F.CapacityNotSupplied("GM0168", 2027))
    assert 2027 not in owed(answer, "GM0168")
    assert owed(answer, "GM0168", "capacity-contribution") == {2027: Decimal("10000.00")}
    [c] = [a for a in answer.amounts if a.id == "amount.GM0168.2027.capacity-contribution"]
    assert "stelt Losser (GM0168) niet vrij" in c.explanation.text()
    assert any("Geen jaarbijdrage 2027 voor Losser (GM0168)" in n and "(art. 9 lid 2)" in n for n in answer.notes)


def test_art_9_2_a_release_without_years_keeps_its_old_meaning() -> None:
    waiver = F.WithdrawalObligationWaived("GM0168", date(2026, 9, 1))
    answer = run(date(2027, 3, 1), NOTICE, CONSENT, waiver, *COSTS)
    assert owed(answer, "GM0168") == {2026: Decimal("9700.00")}


def test_art_9_2_an_extension_starts_a_new_plan_period_that_a_party_did_not_give_notice_in() -> None:
    extension = [
        F.AmendmentRequested("V-1", "GM0153", date(2027, 1, 5), date(2030, 10, 31)),
        *(F.AmendmentDecided("V-1", p, "consent", date(2027, 3, 1)) for p in CODES),
    ]
    costs = (*COSTS, F.CostPerFte(2028, Decimal("100000.00")))
    answer = run(date(2028, 6, 1), NOTICE, CONSENT, *extension, *costs)
    assert set(owed(answer, "GM0168")) == {2026, 2027}  # the first plan period ends 31 October 2027
    assert any("Geen jaarbijdrage 2028 voor Losser (GM0168)" in n and "planperiode" in n for n in answer.notes)


def test_art_9_2_notice_within_the_extension_binds_the_party_to_the_new_plan_period() -> None:
    extension = [
        F.AmendmentRequested("V-1", "GM0153", date(2027, 1, 5), date(2030, 10, 31)),
        *(F.AmendmentDecided("V-1", p, "consent", date(2027, 3, 1)) for p in CODES),
    ]
    shorter = [
        F.AmendmentRequested("W-12", "GM0153", date(2027, 1, 6), parameters=(("withdrawal.notice_months", 12),)),
        *(F.AmendmentDecided("W-12", p, "consent", date(2027, 3, 1)) for p in CODES),
    ]
    notice, consent = F.WithdrawalNotified("GM0147", date(2027, 12, 1)), F.WithdrawalConsented("GM0147", date(2028, 1, 15))
    costs = [F.CostPerFte(y, Decimal("100000.00")) for y in (2028, 2029, 2030)]
    answer = run(date(2030, 3, 1), *extension, *shorter, notice, consent, *costs)
    # Exit 15 January 2029; the plan period 1 November 2027 - 31 October 2030 keeps 2030 too.
    assert set(owed(answer, "GM0147")) == {2028, 2029, 2030}


def test_the_release_fact_is_parsed_strictly_and_given_back_as_written() -> None:
    raw = {
        "fact": "withdrawal-obligation-waived",
        "party": "GM0168",
        "date": "2026-11-10",
        "years": [2027],
        "kinds": ["annual-contribution"],
    }
    assert parse_fact(raw, TWENTE).to_json() == raw
    for bad, code in (
        ({**raw, "years": 2027}, "scenario.bad-type"),
        ({**raw, "years": [2027, 2027]}, "scenario.duplicate-year"),
        ({**raw, "years": ["2027"]}, "scenario.bad-year"),
        ({**raw, "kinds": ["variable-contribution"]}, "scenario.bad-choice"),
        ({**raw, "kinds": []}, "scenario.bad-type"),
    ):
        with pytest.raises(ScenarioError) as e:
            parse_fact(bad, TWENTE)
        assert e.value.errors[0].code == code, bad


def test_the_plan_period_texts_are_in_english_too() -> None:
    answer = run(date(2027, 3, 1), NOTICE, CONSENT, *COSTS, language="en")
    [a] = [a for a in answer.amounts if a.id == "amount.GM0168.2027.annual-contribution"]
    assert "within the plan period from 1 November 2024 to 31 October 2027" in a.explanation.text()
