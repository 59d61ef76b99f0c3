"""The rules applied: worked examples of agreement-analysis.md, procedures, amounts, findings, properties."""

from __future__ import annotations

import json
import random
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samen.rules import facts as F  # noqa: N812 - F reads as a namespace of fact types
from samen.rules.explain import CITATION, Step
from samen.rules.scenario import Answer, evaluate, render_text

from .conftest import TWENTE

CODES = TWENTE.party_codes


def run(as_of: date, *facts: F.Fact, **settings_: Any) -> Answer:
    return evaluate(TWENTE, facts, as_of, settings_ or None)


def deadline(answer: Answer, step: str, ref: str | None = None) -> date:
    [d] = [d for d in answer.deadlines if d.step == step and (ref is None or d.ref == ref)]
    return d.date


def state(answer: Answer, procedure: str, ref: str) -> str:
    [p] = [p for p in answer.procedures if p.procedure == procedure and p.ref == ref]
    return p.state


def finding_codes(answer: Answer) -> set[str]:
    return {f.code for f in answer.findings}


def amounts(answer: Answer, kind: str, year: int) -> dict[str, Decimal]:
    return {a.party: a.amount for a in answer.amounts if a.kind == kind and a.year == year}


NOTICE = F.DisputeNotified("D-1", "GM0164", ("GM0153",), date(2026, 12, 20))


# --- term, evaluation (art. 3, art. 11) ----------------------------------------------------------


def test_art_11_2_evaluation_due_1_november_2026_a_sunday_without_roll_forward() -> None:
    answer = run(date(2026, 1, 1))
    assert deadline(answer, "evaluation-due") == date(2026, 11, 1)
    assert deadline(answer, "term-end") == date(2027, 10, 31)


def test_art_3_3_evaluation_overdue_is_an_error_after_the_due_date() -> None:
    answer = run(date(2026, 11, 2))
    [f] = [f for f in answer.findings if f.code == "art-3.evaluation-overdue"]
    assert f.severity == "error" and f.articles == ("art. 3 lid 3", "art. 11 lid 2")
    assert "art-3.evaluation-overdue" not in finding_codes(run(date(2026, 11, 1)))


def test_art_3_3_evaluation_due_warning_within_three_months() -> None:
    assert "art-3.evaluation-due" in finding_codes(run(date(2026, 8, 1)))
    assert "art-3.evaluation-due" not in finding_codes(run(date(2026, 7, 31)))


def test_art_3_3_recorded_evaluation_ends_the_findings() -> None:
    answer = run(date(2027, 1, 1), F.EvaluationCompleted(date(2026, 10, 1)))
    assert not {"art-3.evaluation-overdue", "art-3.evaluation-due"} & finding_codes(answer)
    late = run(date(2027, 1, 1), F.EvaluationCompleted(date(2026, 11, 20)))
    assert "art-3.evaluation-late" in finding_codes(late)


def test_atw_roll_forward_setting_leaves_long_periods_the_evaluation_and_the_exit_alike() -> None:
    # One reading (docs/readings.md, reading 1): the Atw (art. 4) leaves periods longer than three months
    # alone, so neither the two-year evaluation (Sunday 1 November 2026) nor a 24-month exit moves.
    consent = F.WithdrawalConsented("GM0168", date(2025, 1, 31))  # exit Sunday 31 January 2027
    answer = run(date(2026, 1, 1), consent, roll_forward=True)
    assert deadline(answer, "evaluation-due") == date(2026, 11, 1)
    assert deadline(answer, "exit", "GM0168") == date(2027, 1, 31)
    assert deadline(answer, "term-end") == date(2027, 10, 31)
    for step in ("evaluation-due", "exit"):
        [d] = [d for d in answer.deadlines if d.step == step]
        assert not d.rolled
        assert "langer dan drie maanden" in d.explanation.text() and "roll_forward" in d.explanation.text()
    off = run(date(2026, 1, 1), consent)
    assert "Algemene termijnenwet" not in next(d for d in off.deadlines if d.step == "exit").explanation.text()


def test_atw_roll_forward_moves_a_period_of_three_months_but_not_longer() -> None:
    notice = F.DisputeNotified("D-9", "GM0164", ("GM0153",), date(2026, 12, 20))
    started = F.MediationStarted("D-9", date(2027, 1, 10))  # three months end Saturday 10 April 2027
    answer = run(date(2027, 1, 10), notice, started, roll_forward=True)
    assert deadline(answer, "mediation-end", "D-9") == date(2027, 4, 12)
    amended = run(
        date(2027, 1, 10),
        F.AmendmentRequested("W-M", "GM0153", date(2026, 10, 1), parameters=(("dispute.mediation_months", 4),)),
        *(F.AmendmentDecided("W-M", p, "consent", date(2026, 10, 5)) for p in CODES),
        notice,
        started,
        roll_forward=True,
    )
    # Four months after 10 January ends Saturday 10 May 2027: longer than three months, so it stays.
    assert deadline(amended, "mediation-end", "D-9") == date(2027, 5, 10)


def _all_consent(ref: str, on: date, end: date | None = None) -> list[F.Fact]:
    return [F.AmendmentRequested(ref, "GM0153", date(2027, 1, 5), end), *(F.AmendmentDecided(ref, p, "consent", on) for p in CODES)]


def test_art_12_2_adopted_extension_moves_the_term_end_and_the_meeting_years() -> None:
    answer = run(date(2028, 2, 1), *_all_consent("V-1", date(2027, 3, 1), date(2028, 10, 31)))
    assert state(answer, "amendment", "V-1") == "adopted"
    assert deadline(answer, "term-end") == date(2028, 10, 31)
    assert deadline(answer, "budget-consent-due", "2028") == date(2027, 12, 31)
    assert any(f.code == "art-5.board-meetings-below-minimum" and f.ref == "2027" for f in answer.findings)


def test_art_12_2_one_refusal_rejects_and_the_term_end_stays() -> None:
    facts = _all_consent("V-1", date(2027, 3, 1), date(2028, 10, 31))
    facts[-1] = F.AmendmentDecided("V-1", "PV23", "refuse", date(2027, 3, 2))
    answer = run(date(2027, 4, 1), *facts)
    assert state(answer, "amendment", "V-1") == "rejected"
    assert deadline(answer, "term-end") == date(2027, 10, 31)


def test_art_12_2_a_missing_decision_keeps_the_amendment_pending() -> None:
    facts = _all_consent("V-1", date(2027, 3, 1))[:-1]
    answer = run(date(2027, 4, 1), *facts)
    assert state(answer, "amendment", "V-1") == "pending"
    [p] = [p for p in answer.procedures if p.ref == "V-1"]
    assert p.details["awaiting"] == ["PV23"]


# --- disputes (art. 14) --------------------------------------------------------------------------


def test_art_14_3_chair_phase_ends_six_weeks_after_receipt() -> None:
    answer = run(date(2027, 1, 10), NOTICE)
    assert deadline(answer, "chair-phase-end", "D-1") == date(2027, 1, 31)
    assert state(answer, "dispute", "D-1") == "chair-phase"
    [d] = [d for d in answer.deadlines if d.step == "chair-phase-end"]
    assert d.explanation.steps[0].text == "6 weken na ontvangst van de melding op 20 december 2026: 31 januari 2027"
    assert d.articles == ("art. 14 lid 3",)


def test_art_14_4_after_the_chair_phase_without_solution_mediation_is_pending() -> None:
    assert state(run(date(2027, 2, 1), NOTICE), "dispute", "D-1") == "mediation-pending"


def test_art_14_4_chair_involved_skips_to_mediation_pending_at_receipt() -> None:
    answer = run(date(2026, 12, 21), F.ChairElected("GM0153", date(2025, 1, 1)), NOTICE)
    assert state(answer, "dispute", "D-1") == "mediation-pending"
    assert not [d for d in answer.deadlines if d.step == "chair-phase-end"]


def test_art_14_4_the_latest_chair_election_counts() -> None:
    facts = (F.ChairElected("GM0153", date(2025, 1, 1)), F.ChairElected("GM0141", date(2026, 1, 1)), NOTICE)
    assert state(run(date(2026, 12, 21), *facts), "dispute", "D-1") == "chair-phase"


def test_art_14_4_reading_never_keeps_the_chair_phase() -> None:
    answer = run(date(2026, 12, 21), F.ChairElected("GM0153", date(2025, 1, 1)), NOTICE, chair_is_party="never")
    assert state(answer, "dispute", "D-1") == "chair-phase"


def test_art_14_5_mediation_then_failed_after_three_months() -> None:
    started = F.MediationStarted("D-1", date(2027, 2, 10))
    assert state(run(date(2027, 5, 10), NOTICE, started), "dispute", "D-1") == "mediation"
    answer = run(date(2027, 5, 11), NOTICE, started)
    assert state(answer, "dispute", "D-1") == "mediation-failed"
    assert deadline(answer, "mediation-end", "D-1") == date(2027, 5, 10)


def test_art_14_5_province_involved_is_flagged_when_the_dispute_reaches_gs() -> None:
    notice = F.DisputeNotified("D-2", "PV23", ("GM0153",), date(2026, 12, 20))
    facts = (notice, F.MediationStarted("D-2", date(2027, 2, 10)), F.DisputeSubmittedToGs("D-2", "GM0153", date(2027, 6, 1)))
    answer = run(date(2027, 7, 1), *facts)
    assert state(answer, "dispute", "D-2") == "with-gs"
    assert "art-14.province-party-at-gs" in finding_codes(answer)
    assert "art-14.province-party-at-gs" not in finding_codes(run(date(2027, 3, 1), *facts))


def test_art_14_3_resolved_dispute() -> None:
    answer = run(date(2027, 3, 1), NOTICE, F.DisputeResolved("D-1", date(2027, 1, 15)))
    assert state(answer, "dispute", "D-1") == "resolved"


def test_art_14_6_mediation_costs_shared_equally_by_the_involved_parties() -> None:
    notice = F.DisputeNotified("D-3", "PV23", ("GM0153", "GM0141"), date(2026, 12, 20))
    cost = F.MediationCosts("D-3", Decimal("1000.00"), date(2027, 4, 1))
    shares = amounts(run(date(2027, 5, 1), notice, cost), "mediation-costs", 2027)
    assert shares == {"GM0141": Decimal("333.34"), "GM0153": Decimal("333.33"), "PV23": Decimal("333.33")}


# --- withdrawal (art. 9, 10) ---------------------------------------------------------------------


def test_art_9_3_exit_is_24_months_after_consent() -> None:
    facts = (F.WithdrawalNotified("GM0168", date(2027, 1, 15)), F.WithdrawalConsented("GM0168", date(2027, 3, 31)))
    answer = run(date(2027, 6, 1), *facts)
    assert deadline(answer, "exit", "GM0168") == date(2029, 3, 31)
    assert state(answer, "withdrawal", "GM0168") == "consented"
    assert "art-9.exit-after-term-end" in finding_codes(answer)
    assert any("na het einde van de looptijd" in n for n in answer.notes)
    assert state(run(date(2029, 4, 1), *facts), "withdrawal", "GM0168") == "exited"
    assert state(run(date(2027, 2, 1), *facts), "withdrawal", "GM0168") == "notified"


def test_art_9_3_no_annual_contribution_for_years_after_the_exit_and_art_10_costs_to_the_leaver_alone() -> None:
    facts = (
        F.WithdrawalNotified("GM0168", date(2025, 1, 1)),
        F.WithdrawalConsented("GM0168", date(2025, 3, 31)),
        F.CostPerFte(2027, Decimal("98500.00")),
        F.ExtraCost(2027, "a", Decimal("1400.00")),
        F.DisintegrationCostsAgreed("GM0168", Decimal("5000.00"), date(2027, 5, 1)),
        *_all_consent("V-1", date(2027, 3, 1), date(2029, 10, 31)),
        F.CostPerFte(2028, Decimal("100000.00")),
        F.ExtraCost(2028, "a", Decimal("1400.00")),
    )
    answer = run(date(2028, 6, 1), *facts)
    assert "GM0168" in amounts(answer, "annual-contribution", 2027)
    assert "GM0168" not in amounts(answer, "annual-contribution", 2028)
    assert len(amounts(answer, "annual-contribution", 2028)) == 14
    assert sum(amounts(answer, "variable-contribution", 2028).values()) == Decimal("1400.00")
    assert set(amounts(answer, "variable-contribution", 2028).values()) == {Decimal("100.00")}
    assert amounts(answer, "disintegration-costs", 2027) == {"GM0168": Decimal("5000.00")}


def test_art_9_2_waived_obligations_end_contributions_after_the_year_of_the_waiver() -> None:
    facts = (
        F.WithdrawalConsented("GM0168", date(2026, 6, 1)),
        F.WithdrawalObligationWaived("GM0168", date(2026, 9, 1)),
        F.CostPerFte(2027, Decimal("98500.00")),
    )
    assert "GM0168" not in amounts(run(date(2027, 2, 1), *facts), "annual-contribution", 2027)


# --- money (art. 7) ------------------------------------------------------------------------------


def test_art_7_contributions_example() -> None:
    facts = (F.CostPerFte(2027, Decimal("98500.00")), F.CapacityNotSupplied("GM0147", 2027), F.ExtraCost(2026, "c", Decimal("1000.00")))
    answer = run(date(2027, 3, 1), *facts)
    annual = amounts(answer, "annual-contribution", 2027)
    assert len(annual) == 15 and set(annual.values()) == {Decimal("9850.00")} and sum(annual.values()) == Decimal("147750.00")
    assert amounts(answer, "capacity-contribution", 2027) == {"GM0147": Decimal("10000.00")}
    assert sum(amounts(answer, "variable-contribution", 2026).values()) == Decimal("1000.00")
    [a] = [a for a in answer.amounts if a.id == "amount.GM0153.2027.annual-contribution"]
    assert a.articles == ("art. 7 lid 1",) and "98.500,00" in a.explanation.text()


def test_art_7_1_reading_municipalities_only() -> None:
    annual = amounts(
        run(date(2027, 3, 1), F.CostPerFte(2027, Decimal("98500.00")), annual_contribution_payers="municipalities"),
        "annual-contribution",
        2027,
    )
    assert "PV23" not in annual and len(annual) == 14


def test_art_7_4_split_order_by_code_reading() -> None:
    shares = amounts(run(date(2027, 3, 1), F.ExtraCost(2026, "a", Decimal("0.01")), split_order="code"), "variable-contribution", 2026)
    assert shares["GM0141"] == Decimal("0.01") and sum(shares.values()) == Decimal("0.01")


# --- meetings, core group, signatures, budget ----------------------------------------------------


def test_art_5_4_minimum_is_1_in_2024_and_4_in_2027() -> None:
    board = [F.MeetingHeld("board", date(2024, 12, 1))] + [F.MeetingHeld("board", date(2027, m, 1)) for m in (1, 3, 5)]
    answer = run(date(2028, 1, 2), *board)
    refs = {f.ref for f in answer.findings if f.code == "art-5.board-meetings-below-minimum"}
    assert refs == {"2025", "2026", "2027"}


def test_art_5_4_current_year_behind_is_a_warning() -> None:
    answer = run(date(2025, 7, 15), F.MeetingHeld("board", date(2025, 2, 1)))
    assert any(f.code == "art-5.board-meetings-behind" and f.severity == "warning" for f in answer.findings)


def test_art_1_g_core_group_needs_three_parties() -> None:
    small = run(date(2025, 3, 1), F.CoreGroupComposed(("GM0153", "GM0164"), date(2025, 1, 1)))
    assert "art-1.core-group-too-small" in finding_codes(small)
    ok = run(date(2025, 3, 1), F.CoreGroupComposed(("GM0153", "GM0164", "PV23"), date(2025, 1, 1)))
    assert "art-1.core-group-too-small" not in finding_codes(ok)


def test_ondertekening_fully_signed_only_when_all_15_signed() -> None:
    signed = [F.Signed(p, date(2024, 10, 1)) for p in CODES]
    assert state(run(date(2024, 11, 1), *signed), "signatures", TWENTE.slug) == "complete"
    partly = run(date(2024, 11, 1), *signed[:-1])
    assert state(partly, "signatures", TWENTE.slug) == "incomplete"
    [f] = [f for f in partly.findings if f.code == "art-1.signatures-incomplete"]
    assert f.articles[0] == "Ondertekening"


def test_art_6_year_starting_without_consented_budget_is_a_finding() -> None:
    answer = run(date(2026, 1, 2), F.BudgetConsented(2025, date(2024, 12, 15)))
    assert deadline(answer, "budget-consent-due", "2026") == date(2025, 12, 31)
    refs = {f.ref for f in answer.findings if f.code == "art-6.budget-not-consented"}
    assert refs == {"2026"}


# --- explanations, ids, output -------------------------------------------------------------------


def test_citations_use_the_fixed_form() -> None:
    for good in ("art. 14 lid 3", "art. 1 sub g", "Ondertekening", "art. 6"):
        assert CITATION.match(good)
    with pytest.raises(ValueError):
        Step("artikel 14.3", "x")


def test_every_item_has_articles_an_explanation_steps_and_a_unique_id() -> None:
    facts = (
        NOTICE, F.MediationStarted("D-1", date(2027, 2, 10)), F.MediationCosts("D-1", Decimal("10.00"), date(2027, 3, 1)),
        F.WithdrawalNotified("GM0168", date(2027, 1, 15)), F.WithdrawalConsented("GM0168", date(2027, 3, 31)),
        F.CostPerFte(2027, Decimal("98500.00")), F.CapacityNotSupplied("GM0147", 2027), F.ExtraCost(2026, "c", Decimal("1000.00")),
        *_all_consent("V-1", date(2027, 3, 1))[:5],
    )  # fmt: skip
    out = run(date(2027, 6, 1), *facts).to_json()
    ids = []
    for section in ("deadlines", "procedures", "amounts", "findings"):
        for item in out[section]:
            assert item["articles"] and all(CITATION.match(a) for a in item["articles"]), item
            assert isinstance(item["explanation"], str) and item["explanation"]
            assert item["steps"] and set(item["steps"][0]) == {"article", "text", "facts", "parameters", "reading"}
            ids.append(item["id"])
    assert len(ids) == len(set(ids))
    assert "deadline.term.evaluation-due" in ids and "procedure.dispute.D-1" in ids and "finding.art-3.evaluation-overdue" in ids
    json.dumps(out)


def test_render_text_is_dutch() -> None:
    text = render_text(run(date(2027, 1, 10), NOTICE))
    assert "Peildatum: 10 januari 2027" in text and "Termijnen" in text and "Bevindingen" in text


def test_later_facts_are_ignored_with_a_note() -> None:
    answer = run(date(2026, 12, 1), NOTICE)
    assert all(p.procedure != "dispute" for p in answer.procedures)
    assert any("na de peildatum" in n for n in answer.notes)


# --- properties ----------------------------------------------------------------------------------

days = st.dates(min_value=date(2024, 9, 1), max_value=date(2030, 12, 31))
party = st.sampled_from(CODES)
money = st.decimals(min_value=Decimal("0"), max_value=Decimal("100000"), places=2, allow_nan=False, allow_infinity=False)
refs = st.sampled_from(["D-1", "D-2", "W-1"])


@st.composite
def dispute_notices(draw: st.DrawFn) -> F.DisputeNotified:
    by = draw(party)
    against = draw(st.lists(party.filter(lambda p: p != by), min_size=1, max_size=3, unique=True))
    return F.DisputeNotified(draw(refs), by, tuple(against), draw(days))


dated_facts = st.one_of(
    st.builds(F.Signed, party, days),
    st.builds(F.EvaluationCompleted, days),
    st.builds(F.MeetingHeld, st.sampled_from(F.BODIES), days),
    st.builds(F.ChairElected, party, days),
    st.builds(F.CoreGroupComposed, st.lists(party, min_size=1, max_size=5, unique=True).map(tuple), days),
    dispute_notices(),
    st.builds(F.DisputeResolved, refs, days),
    st.builds(F.MediationStarted, refs, days),
    st.builds(F.DisputeSubmittedToGs, refs, party, days),
    st.builds(F.MediationCosts, refs, money, days),
    st.builds(F.WithdrawalNotified, party, days),
    st.builds(F.WithdrawalConsented, party, days),
    st.builds(F.AmendmentRequested, refs, party, days, st.none() | days),
    st.builds(
        F.AmendmentRequested,
        refs,
        party,
        days,
        st.none(),
        st.none() | days,
        st.sampled_from(
            [
                (("withdrawal.notice_months", 12),),
                (("contribution.fte_per_party", Decimal("0.2")),),
                (("dispute.chair_phase_weeks", 4), ("capacity.contribution_amount", Decimal("12000.00"))),
            ]
        ),
    ),
    st.builds(F.BudgetDrafted, st.integers(2024, 2030), days),
    st.builds(F.BudgetAdopted, st.integers(2024, 2030), days),
    st.builds(F.AmendmentDecided, refs, party, st.sampled_from(F.DECISIONS), days),
    st.builds(F.BudgetConsented, st.integers(2024, 2030), days),
    st.builds(F.DisintegrationCostsAgreed, party, money, days),
)
undated_facts = st.one_of(
    st.builds(F.CostPerFte, st.integers(2024, 2030), money),
    st.builds(F.CapacityNotSupplied, party, st.integers(2024, 2030)),
    st.builds(F.ExtraCost, st.integers(2024, 2030), st.sampled_from("abcdefgh"), money),
)
fact_lists = st.lists(st.one_of(dated_facts, undated_facts), max_size=25)


def without_notes(answer: Answer) -> dict[str, Any]:
    out = answer.to_json()
    out.pop("notes")
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_lists, st.lists(dated_facts, max_size=10), days)
def test_facts_dated_after_as_of_never_change_the_answer(known: list[F.Fact], later: list[F.Fact], as_of: date) -> None:
    later = [f for f in later if f.on is not None and f.on > as_of]
    assert without_notes(evaluate(TWENTE, known, as_of)) == without_notes(evaluate(TWENTE, [*known, *later], as_of))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_lists, days, st.randoms(use_true_random=False))
def test_answers_are_deterministic_whatever_the_order_of_the_facts(facts: list[F.Fact], as_of: date, rnd: random.Random) -> None:
    first = evaluate(TWENTE, facts, as_of).to_json()
    shuffled = list(facts)
    rnd.shuffle(shuffled)
    assert evaluate(TWENTE, shuffled, as_of).to_json() == first
    assert evaluate(TWENTE, facts, as_of).to_json() == first


@settings(max_examples=60, deadline=None)
@given(fact_lists, days)
def test_every_split_in_an_answer_adds_up(facts: list[F.Fact], as_of: date) -> None:
    answer = evaluate(TWENTE, facts, as_of)
    totals: dict[int, Decimal] = {}
    for f in facts:
        if isinstance(f, F.ExtraCost) and f.year >= TWENTE.start.year:
            totals[f.year] = totals.get(f.year, Decimal("0")) + f.amount
    for year, total in totals.items():
        shares = amounts(answer, "variable-contribution", year)
        if shares:
            assert sum(shares.values()) == total
            assert max(shares.values()) - min(shares.values()) <= Decimal("0.01")


def test_evaluating_leaves_the_garbage_collector_as_it_found_it() -> None:
    """evaluate, to_json and render_text pause Python's cyclic collector while they run: it is on again after them,
    also when the input is refused, and stays off when the caller had switched it off."""
    import gc

    facts = (F.Signed(CODES[0], date(2024, 10, 1)), F.DisputeNotified("D-1", CODES[0], (CODES[1],), date(2025, 3, 3)))
    assert gc.isenabled()
    answer = run(date(2025, 6, 1), *facts)
    answer.to_json()
    render_text(answer)
    assert gc.isenabled()
    with pytest.raises(F.ScenarioError):
        run(date(2025, 6, 1), *facts, no_such_setting=True)
    assert gc.isenabled()
    gc.disable()
    try:
        run(date(2025, 6, 1), *facts).to_json()
        assert not gc.isenabled()
    finally:
        gc.enable()
