"""Review of the rules against the agreement, article by article: one test per fix or added rule.

Each test names the article it checks. Scenario cases for the same points are in tests/scenarios.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from samen.rules import facts as F  # noqa: N812 - F reads as a namespace of fact types
from samen.rules.facts import ScenarioError, parse_scenario
from samen.rules.scenario import Answer, evaluate

from .conftest import TWENTE

CODES = TWENTE.party_codes
AGREEMENTS = {TWENTE.slug: TWENTE}


def run(as_of: date, *facts: F.Fact, **settings_: Any) -> Answer:
    return evaluate(TWENTE, facts, as_of, settings_ or None)


def procedure(answer: Answer, name: str, ref: str) -> Any:
    [p] = [p for p in answer.procedures if p.procedure == name and p.ref == ref]
    return p


def deadline(answer: Answer, step: str, ref: str | None = None) -> Any:
    [d] = [d for d in answer.deadlines if d.step == step and (ref is None or d.ref == ref)]
    return d


def codes(answer: Answer) -> set[str]:
    return {f.code for f in answer.findings}


def amount(answer: Answer, party: str, year: int, kind: str) -> Any:
    [a] = [a for a in answer.amounts if a.party == party and a.year == year and a.kind == kind]
    return a


def amendment(
    ref: str, requested: date, *, parameters: tuple[tuple[str, Decimal | int], ...], effective: date | None = None, last: date | None = None
) -> list[F.Fact]:
    """An amendment with these parameter changes to which every party consents, the last one on `last`."""
    out: list[F.Fact] = [F.AmendmentRequested(ref, "GM0164", requested, None, effective, parameters)]
    for i, code in enumerate(CODES):
        day = requested + timedelta(days=1 + i) if last is None or i < len(CODES) - 1 else last
        out.append(F.AmendmentDecided(ref, code, "consent", day))
    return out


# --- art. 12: amendments with dated parameter changes ---------------------------------------------

NOTICE_12 = (("withdrawal.notice_months", 12),)


def test_art_12_2_adopted_notice_period_applies_to_withdrawals_consented_from_the_effective_date() -> None:
    facts = [
        *amendment("W-1", date(2026, 9, 1), parameters=NOTICE_12, effective=date(2027, 1, 1)),
        F.WithdrawalNotified("GM0168", date(2027, 1, 15)),
        F.WithdrawalConsented("GM0168", date(2027, 3, 31)),
        F.WithdrawalNotified("GM0141", date(2026, 11, 1)),
        F.WithdrawalConsented("GM0141", date(2026, 12, 31)),
    ]
    answer = run(date(2027, 6, 1), *facts)
    later = deadline(answer, "exit", "GM0168")
    assert later.date == date(2028, 3, 31)
    assert "wijziging W-1" in later.explanation.text() and "daarvóór gold 24" in later.explanation.text()
    assert any(s.parameters.get("withdrawal.notice_months.bron") == "wijziging W-1" for s in later.explanation.steps)
    # Consented the day before the effective date: the old 24 months.
    earlier = deadline(answer, "exit", "GM0141")
    assert earlier.date == date(2028, 12, 31) and "wijziging" not in earlier.explanation.text()
    p = procedure(answer, "amendment", "W-1")
    assert p.state == "adopted" and p.details["effective_date"] == "2027-01-01"
    assert p.details["parameters"] == {"withdrawal.notice_months": 12}


def test_art_12_2_without_effective_date_parameters_apply_from_the_last_consent() -> None:
    facts = [
        *amendment("W-1", date(2027, 1, 1), parameters=NOTICE_12, last=date(2027, 3, 15)),
        F.WithdrawalConsented("GM0168", date(2027, 3, 14)),
        F.WithdrawalConsented("GM0147", date(2027, 3, 15)),
    ]
    answer = run(date(2027, 6, 1), *facts)
    assert deadline(answer, "exit", "GM0168").date == date(2029, 3, 14)
    assert deadline(answer, "exit", "GM0147").date == date(2028, 3, 15)


def test_art_12_2_a_pending_or_rejected_amendment_changes_nothing() -> None:
    facts = amendment("W-1", date(2026, 9, 1), parameters=NOTICE_12, effective=date(2027, 1, 1))
    facts[-1] = F.AmendmentDecided("W-1", "PV23", "refuse", date(2026, 9, 20))
    answer = run(date(2027, 6, 1), *facts, F.WithdrawalConsented("GM0168", date(2027, 3, 31)))
    assert procedure(answer, "amendment", "W-1").state == "rejected"
    assert deadline(answer, "exit", "GM0168").date == date(2029, 3, 31)
    pending = run(date(2027, 6, 1), *facts[:-1], F.WithdrawalConsented("GM0168", date(2027, 3, 31)))
    assert procedure(pending, "amendment", "W-1").state == "pending"
    assert deadline(pending, "exit", "GM0168").date == date(2029, 3, 31)


def test_art_12_2_fte_change_affects_contributions_from_the_effective_year_only() -> None:
    facts = [
        *amendment("W-2", date(2026, 9, 1), parameters=(("contribution.fte_per_party", Decimal("0.15")),), effective=date(2027, 1, 1)),
        F.CostPerFte(2026, Decimal("98500.00")),
        F.CostPerFte(2027, Decimal("98500.00")),
    ]
    answer = run(date(2027, 6, 1), *facts)
    old = amount(answer, "GM0153", 2026, "annual-contribution")
    new = amount(answer, "GM0153", 2027, "annual-contribution")
    assert old.amount == Decimal("9850.00") and "wijziging" not in old.explanation.text()
    assert new.amount == Decimal("14775.00") and "wijziging W-2" in new.explanation.text()


def test_art_12_2_capacity_amount_and_chair_phase_follow_the_amendment() -> None:
    changes: tuple[tuple[str, Decimal | int], ...] = (
        ("capacity.contribution_amount", Decimal("12000.00")),
        ("dispute.chair_phase_weeks", 4),
    )
    facts = [
        *amendment("W-3", date(2026, 9, 1), parameters=changes, effective=date(2027, 1, 1)),
        F.CapacityNotSupplied("GM0147", 2026),
        F.CapacityNotSupplied("GM0147", 2027),
        F.DisputeNotified("D-1", "GM0164", ("GM0141",), date(2026, 12, 20)),
        F.DisputeNotified("D-2", "GM0164", ("GM0141",), date(2027, 1, 4)),
    ]
    answer = run(date(2027, 1, 10), *facts)
    assert amount(answer, "GM0147", 2026, "capacity-contribution").amount == Decimal("10000.00")
    assert amount(answer, "GM0147", 2027, "capacity-contribution").amount == Decimal("12000.00")
    assert deadline(answer, "chair-phase-end", "D-1").date == date(2027, 1, 31)
    assert deadline(answer, "chair-phase-end", "D-2").date == date(2027, 2, 1)


def test_art_12_2_amendment_known_only_once_adopted_by_as_of() -> None:
    facts = [
        *amendment("W-1", date(2026, 9, 1), parameters=NOTICE_12, effective=date(2027, 1, 1), last=date(2027, 5, 1)),
        F.WithdrawalConsented("GM0168", date(2027, 3, 31)),
    ]
    assert deadline(run(date(2027, 4, 30), *facts), "exit", "GM0168").date == date(2029, 3, 31)
    # Adopted on 1 May 2027 with effect from 1 January 2027: the consent of 31 March falls under it.
    assert deadline(run(date(2027, 5, 1), *facts), "exit", "GM0168").date == date(2028, 3, 31)


def test_art_12_2_evaluation_period_changed_before_it_fell_due() -> None:
    facts = amendment("W-4", date(2026, 1, 5), parameters=(("evaluation.within_years", 3),), effective=date(2026, 2, 1))
    answer = run(date(2026, 12, 1), *facts)
    due = deadline(answer, "evaluation-due")
    assert due.date == date(2027, 11, 1) and "wijziging W-4" in due.explanation.text()
    assert "art-3.evaluation-overdue" not in codes(answer)


def test_art_12_2_core_group_minimum_from_the_amendment() -> None:
    facts = [
        F.CoreGroupComposed(("GM0153", "GM0164", "PV23"), date(2025, 1, 10)),
        *amendment("W-5", date(2026, 9, 1), parameters=(("core_group.min_parties", 4),), effective=date(2027, 1, 1)),
    ]
    assert "art-1.core-group-too-small" not in codes(run(date(2026, 12, 31), *facts))
    assert "art-1.core-group-too-small" in codes(run(date(2027, 1, 1), *facts))


@pytest.mark.parametrize(
    ("parameters", "field", "code"),
    [
        ({"withdrawal.notice_weeks": 12}, "facts[0].parameters.withdrawal.notice_weeks", "scenario.unknown-parameter"),
        ({"withdrawal.notice_months": "12"}, "facts[0].parameters.withdrawal.notice_months", "scenario.bad-parameter"),
        ({"withdrawal.notice_months": 0}, "facts[0].parameters.withdrawal.notice_months", "scenario.bad-parameter"),
        ({"contribution.fte_per_party": 0.2}, "facts[0].parameters.contribution.fte_per_party", "scenario.float-amount"),
        ({"contribution.fte_per_party": "0,2"}, "facts[0].parameters.contribution.fte_per_party", "scenario.bad-parameter"),
        ({"capacity.contribution_amount": "12000"}, "facts[0].parameters.capacity.contribution_amount", "scenario.bad-parameter"),
        ({}, "facts[0].parameters", "scenario.bad-type"),
    ],
)
def test_art_12_amendment_parameters_are_validated_naming_the_field(parameters: Any, field: str, code: str) -> None:
    doc = {
        "facts": [
            {"fact": "amendment-requested", "amendment": "W-1", "by": "GM0153", "date": "2027-01-10", "parameters": parameters},
        ]
    }
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(doc, AGREEMENTS, today=date(2027, 1, 1))
    assert [(e.field, e.code) for e in exc.value.errors] == [(field, code)]


def test_art_12_effective_date_before_the_start_is_refused() -> None:
    doc = {
        "facts": [{"fact": "amendment-requested", "amendment": "W-1", "by": "GM0153", "date": "2027-01-10", "effective_date": "2024-01-01"}]
    }
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(doc, AGREEMENTS, today=date(2027, 1, 1))
    assert [(e.field, e.code) for e in exc.value.errors] == [("facts[0].effective_date", "art-12.bad-effective-date")]


# --- art. 12 lid 2: decisions --------------------------------------------------------------------


def _decisions(ref: str, day: date) -> list[F.Fact]:
    return [F.AmendmentRequested(ref, "GM0153", day), *(F.AmendmentDecided(ref, c, "consent", day) for c in CODES)]


def test_art_12_2_one_refusal_rejects_even_if_the_others_consent_later() -> None:
    facts = [F.AmendmentRequested("W-1", "GM0153", date(2027, 1, 10)), F.AmendmentDecided("W-1", "PV23", "refuse", date(2027, 1, 11))]
    facts += [F.AmendmentDecided("W-1", c, "consent", date(2027, 2, 1)) for c in CODES if c != "PV23"]
    p = procedure(run(date(2027, 3, 1), *facts), "amendment", "W-1")
    assert p.state == "rejected" and p.details["refused"] == ["PV23"] and p.since == date(2027, 1, 11)


def test_art_12_2_a_partys_latest_decision_counts() -> None:
    facts = [F.AmendmentRequested("W-1", "GM0153", date(2027, 1, 10)), F.AmendmentDecided("W-1", "PV23", "refuse", date(2027, 1, 11))]
    facts += [F.AmendmentDecided("W-1", c, "consent", date(2027, 2, 1)) for c in CODES]
    assert procedure(run(date(2027, 1, 31), *facts), "amendment", "W-1").state == "rejected"
    p = procedure(run(date(2027, 3, 1), *facts), "amendment", "W-1")
    assert p.state == "adopted" and p.since == date(2027, 2, 1)
    assert "vervangen door een later besluit" in p.explanation.text()


def test_art_12_2_a_refusal_after_adoption_does_not_undo_it() -> None:
    facts = [*_decisions("W-1", date(2027, 1, 10)), F.AmendmentDecided("W-1", "GM0141", "refuse", date(2027, 3, 1))]
    p = procedure(run(date(2027, 4, 1), *facts), "amendment", "W-1")
    assert p.state == "adopted" and p.since == date(2027, 1, 10)
    assert "kwam na de aanneming" in p.explanation.text()


def test_art_12_2_a_decision_of_a_party_that_had_left_does_not_count() -> None:
    facts: list[F.Fact] = [F.WithdrawalNotified("GM0168", date(2024, 11, 2)), F.WithdrawalConsented("GM0168", date(2024, 11, 5))]
    facts += [F.AmendmentRequested("W-1", "GM0153", date(2027, 1, 10))]
    facts += [F.AmendmentDecided("W-1", c, "consent" if c != "GM0168" else "refuse", date(2027, 2, 1)) for c in CODES]
    p = procedure(run(date(2027, 3, 1), *facts), "amendment", "W-1")
    assert p.state == "adopted" and "GM0168" not in p.details["consented"] + p.details["refused"] + p.details["awaiting"]
    assert "al uitgetreden" in p.explanation.text()


def test_art_12_2_two_decisions_of_one_party_on_one_day_are_refused_as_input() -> None:
    doc = {
        "facts": [
            {"fact": "amendment-requested", "amendment": "W-1", "by": "GM0153", "date": "2027-01-10"},
            {"fact": "amendment-decided", "amendment": "W-1", "party": "PV23", "decision": "refuse", "date": "2027-01-11"},
            {"fact": "amendment-decided", "amendment": "W-1", "party": "PV23", "decision": "consent", "date": "2027-01-11"},
            {"fact": "amendment-decided", "amendment": "W-1", "party": "PV23", "decision": "consent", "date": "2027-01-12"},
        ]
    }
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(doc, AGREEMENTS, today=date(2027, 1, 1))
    assert [(e.field, e.code) for e in exc.value.errors] == [("facts[2].date", "scenario.duplicate-fact")]


# --- art. 14: disputes ---------------------------------------------------------------------------

NOTICE = F.DisputeNotified("D-1", "GM0164", ("GM0153",), date(2026, 12, 20))


def test_art_14_5_submission_to_gs_without_mediation_is_flagged_as_early() -> None:
    answer = run(date(2027, 2, 15), NOTICE, F.DisputeSubmittedToGs("D-1", "GM0164", date(2027, 2, 10)))
    assert procedure(answer, "dispute", "D-1").state == "with-gs"
    [f] = [f for f in answer.findings if f.code == "art-14.early-gs-submission"]
    assert f.severity == "warning" and "zonder dat er een mediation is begonnen" in f.message


def test_art_14_5_submission_on_the_last_day_of_mediation_is_early_the_day_after_is_not() -> None:
    mediation = F.MediationStarted("D-1", date(2027, 2, 1))
    early = run(date(2027, 6, 1), NOTICE, mediation, F.DisputeSubmittedToGs("D-1", "GM0164", date(2027, 5, 1)))
    in_time = run(date(2027, 6, 1), NOTICE, mediation, F.DisputeSubmittedToGs("D-1", "GM0164", date(2027, 5, 2)))
    assert "art-14.early-gs-submission" in codes(early)
    assert "art-14.early-gs-submission" not in codes(in_time)


def test_art_14_5_mediation_of_three_months_from_31_august_ends_30_november() -> None:
    answer = run(
        date(2026, 12, 1), F.DisputeNotified("D-1", "GM0164", ("GM0153",), date(2026, 7, 1)), F.MediationStarted("D-1", date(2026, 8, 31))
    )
    assert deadline(answer, "mediation-end", "D-1").date == date(2026, 11, 30)
    assert procedure(answer, "dispute", "D-1").state == "mediation-failed"


def test_art_14_3_resolution_during_mediation_resolves_and_ends_the_mediation_finding() -> None:
    answer = run(date(2027, 6, 1), NOTICE, F.MediationStarted("D-1", date(2027, 2, 1)), F.DisputeResolved("D-1", date(2027, 3, 1)))
    assert procedure(answer, "dispute", "D-1").state == "resolved"
    assert not {"art-14.early-gs-submission", "art-14.mediation-not-started", "art-14.province-party-at-gs"} & codes(answer)


# --- art. 9: withdrawal --------------------------------------------------------------------------


def test_art_9_1_consent_before_the_notice_is_a_warning_and_the_exit_counts_from_the_consent() -> None:
    answer = run(date(2027, 6, 1), F.WithdrawalConsented("GM0168", date(2027, 3, 31)), F.WithdrawalNotified("GM0168", date(2027, 4, 15)))
    assert deadline(answer, "exit", "GM0168").date == date(2029, 3, 31)
    assert "art-9.consent-before-notice" in codes(answer) and "art-9.consent-without-notice" not in codes(answer)


def test_art_9_3_exit_from_consent_on_29_february_is_28_february() -> None:
    answer = run(date(2028, 3, 1), F.WithdrawalNotified("GM0168", date(2028, 1, 15)), F.WithdrawalConsented("GM0168", date(2028, 2, 29)))
    assert deadline(answer, "exit", "GM0168").date == date(2030, 2, 28)


# --- art. 7 lid 4: split order explained as applied ------------------------------------------------


def test_art_7_4_explanation_names_the_split_order_in_force() -> None:
    default = amount(run(date(2027, 3, 1), F.ExtraCost(2026, "a", Decimal("100.00"))), "GM0141", 2026, "variable-contribution")
    assert "volgorde van de overeenkomst" in default.explanation.text() and "resterende 10 cent gaan" in default.explanation.text()
    by_code = amount(
        run(date(2027, 3, 1), F.ExtraCost(2026, "a", Decimal("100.00")), split_order="code"), "GM0141", 2026, "variable-contribution"
    )
    assert "oplopende volgorde van hun code" in by_code.explanation.text()


# --- art. 6: budget states ------------------------------------------------------------------------


def test_art_6_budget_states_missing_draft_consented_adopted() -> None:
    facts = [
        F.BudgetDrafted(2025, date(2024, 11, 10)),
        F.BudgetConsented(2025, date(2024, 12, 1)),
        F.BudgetAdopted(2025, date(2024, 12, 12)),
        F.BudgetDrafted(2026, date(2025, 9, 1)),
        F.BudgetConsented(2026, date(2025, 11, 1)),
        F.BudgetDrafted(2027, date(2026, 9, 1)),
    ]
    answer = run(date(2026, 10, 1), *facts)
    states = {p.ref: p.state for p in answer.procedures if p.procedure == "budget"}
    assert states == {"2025": "adopted", "2026": "consented", "2027": "draft"}
    p2027 = procedure(answer, "budget", "2027")
    assert p2027.next_deadline is not None and p2027.next_deadline.date == date(2026, 12, 31)
    assert procedure(run(date(2026, 10, 1)), "budget", "2027").state == "missing"
    assert deadline(answer, "budget-consent-due", "2027").date == date(2026, 12, 31)


def test_art_6_budget_adopted_before_consent_is_a_warning() -> None:
    answer = run(date(2025, 3, 1), F.BudgetAdopted(2025, date(2024, 12, 12)), F.BudgetConsented(2025, date(2024, 12, 20)))
    assert procedure(answer, "budget", "2025").state == "adopted"
    assert "art-6.budget-adopted-without-consent" in codes(answer)
    assert "art-6.budget-not-consented" not in codes(answer)


def test_art_6_drafted_only_when_the_year_starts_is_still_not_consented() -> None:
    answer = run(date(2026, 1, 2), F.BudgetDrafted(2026, date(2025, 9, 1)))
    assert procedure(answer, "budget", "2026").state == "draft"
    assert "art-6.budget-not-consented" in codes(answer)


def test_art_14_and_9_a_state_that_follows_a_period_starts_the_day_after_its_last_day():
    """A period includes its last day, so the next state's `since` is the day after it."""
    from datetime import date as d

    from samen.rules.definition import load_all
    from samen.rules.facts import parse_fact
    from samen.rules.scenario import evaluate

    twente = load_all()["twente-vth-2024"]
    raw = [
        {"fact": "dispute-notified", "dispute": "D-1", "by": "GM0164", "against": ["GM0141"], "date": "2026-12-20"},
        {"fact": "dispute-notified", "dispute": "D-2", "by": "GM0164", "against": ["GM0141"], "date": "2026-12-20"},
        {"fact": "mediation-started", "dispute": "D-2", "date": "2027-02-10"},
        {"fact": "withdrawal-notified", "party": "GM0168", "date": "2027-01-15"},
        {"fact": "withdrawal-consented", "party": "GM0168", "date": "2027-03-31"},
    ]
    facts = [parse_fact(r, twente, i) for i, r in enumerate(raw)]
    answer = evaluate(twente, facts, d(2029, 6, 1)).to_json()
    since = {(p["procedure"], p["ref"]): (p["state"], p["since"]) for p in answer["procedures"]}
    assert since[("dispute", "D-1")] == ("mediation-pending", "2027-02-01")  # chair phase ends 2027-01-31
    assert since[("dispute", "D-2")] == ("mediation-failed", "2027-05-11")  # mediation ends 2027-05-10
    assert since[("withdrawal", "GM0168")] == ("exited", "2029-04-01")  # exit date 2029-03-31
