"""Deadline status (docs/scenarios.md, "Deadline status"): open, met, late, overdue, passed, with met_on."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from samen.rules import facts as F  # noqa: N812 - F reads as a namespace of fact types
from samen.rules.conclusions import DEADLINE_STATUSES, Deadline
from samen.rules.scenario import evaluate

from .conftest import TWENTE

NOTICE = F.DisputeNotified("D-1", "GM0164", ("GM0153",), date(2026, 12, 20))  # chair phase ends 31 January 2027


def status(as_of: date, step: str, *facts: F.Fact, ref: str | None = None, **settings_: Any) -> Deadline:
    answer = evaluate(TWENTE, facts, as_of, settings_ or None)
    [d] = [d for d in answer.deadlines if d.step == step and (ref is None or d.ref == ref)]
    return d


# --- art. 3 lid 3, art. 11 lid 2: the evaluation ----------------------------------------------------


def test_art_3_3_art_11_2_evaluation_due_is_open_until_and_on_the_day() -> None:
    d = status(date(2026, 11, 1), "evaluation-due")
    assert (d.status, d.met_on) == ("open", None)
    assert d.explanation.steps[-1].text.startswith("Nog open:")
    assert d.to_json()["status"] == "open" and d.to_json()["met_on"] is None


def test_art_3_3_art_11_2_evaluation_due_overdue_the_day_after_without_an_evaluation() -> None:
    d = status(date(2026, 11, 2), "evaluation-due")
    assert (d.status, d.met_on) == ("overdue", None)
    assert "Over tijd" in d.explanation.text() and d.explanation.steps[-1].article == "art. 3 lid 3"


def test_art_3_3_art_11_2_evaluation_on_or_before_the_date_meets_it() -> None:
    done = F.EvaluationCompleted(date(2026, 10, 15))
    for as_of in (date(2026, 10, 15), date(2027, 6, 1)):  # met stays met, also before the date itself
        d = status(as_of, "evaluation-due", done)
        assert (d.status, d.met_on) == ("met", date(2026, 10, 15))
    assert status(date(2026, 10, 15), "evaluation-due", done).to_json()["met_on"] == "2026-10-15"
    assert "Gehaald: de evaluatie is uitgevoerd op 15 oktober 2026" in status(date(2027, 1, 1), "evaluation-due", done).explanation.text()


def test_art_3_3_art_11_2_evaluation_after_the_date_is_late_not_overdue() -> None:
    d = status(date(2027, 1, 1), "evaluation-due", F.EvaluationCompleted(date(2026, 11, 20)))
    assert (d.status, d.met_on) == ("late", date(2026, 11, 20))
    assert d.explanation.steps[-1].facts == (F.EvaluationCompleted(date(2026, 11, 20)),)


def test_art_3_3_evaluation_recorded_after_as_of_is_not_known_yet() -> None:
    assert status(date(2026, 11, 2), "evaluation-due", F.EvaluationCompleted(date(2026, 12, 1))).status == "overdue"


# --- art. 6: the budget -------------------------------------------------------------------------


def test_art_6_budget_consent_due_met_late_overdue_open() -> None:
    assert status(date(2026, 12, 1), "budget-consent-due", ref="2027").status == "open"
    assert status(date(2027, 1, 1), "budget-consent-due", ref="2027").status == "overdue"
    met = status(date(2027, 1, 1), "budget-consent-due", F.BudgetConsented(2027, date(2026, 12, 31)), ref="2027")
    assert (met.status, met.met_on) == ("met", date(2026, 12, 31))
    late = status(date(2027, 3, 1), "budget-consent-due", F.BudgetConsented(2027, date(2027, 2, 1)), ref="2027")
    assert (late.status, late.met_on) == ("late", date(2027, 2, 1))
    # The consent for another year does not meet this one.
    assert status(date(2027, 1, 1), "budget-consent-due", F.BudgetConsented(2028, date(2026, 12, 1)), ref="2027").status == "overdue"


def test_art_6_adoption_without_consent_does_not_meet_the_consent_deadline() -> None:
    assert status(date(2027, 3, 1), "budget-consent-due", F.BudgetAdopted(2027, date(2026, 11, 10)), ref="2027").status == "overdue"


# --- art. 11 lid 1, art. 9 lid 3: dates, not acts ---------------------------------------------------


def test_art_11_1_term_end_is_a_date_open_then_passed() -> None:
    assert status(date(2027, 10, 31), "term-end").status == "open"
    d = status(date(2027, 11, 1), "term-end")
    assert (d.status, d.met_on) == ("passed", None)


def test_art_9_3_exit_is_a_date_open_then_passed() -> None:
    consent = F.WithdrawalConsented("GM0153", date(2025, 3, 1))  # exit 1 March 2027
    assert status(date(2027, 3, 1), "exit", consent, ref="GM0153").status == "open"
    assert status(date(2027, 3, 2), "exit", consent, ref="GM0153").status == "passed"


# --- art. 14 lid 3-5: disputes ------------------------------------------------------------------


def test_art_14_3_chair_phase_open_then_overdue_while_mediation_has_not_started() -> None:
    assert status(date(2027, 1, 31), "chair-phase-end", NOTICE).status == "open"
    d = status(date(2027, 2, 1), "chair-phase-end", NOTICE)
    assert d.status == "overdue" and d.articles == ("art. 14 lid 3",)


def test_art_14_3_resolution_within_the_chair_phase_meets_it() -> None:
    d = status(date(2027, 3, 1), "chair-phase-end", NOTICE, F.DisputeResolved("D-1", date(2027, 1, 15)))
    assert (d.status, d.met_on) == ("met", date(2027, 1, 15))


def test_art_14_4_mediation_started_within_the_chair_phase_meets_it() -> None:
    d = status(date(2027, 3, 1), "chair-phase-end", NOTICE, F.MediationStarted("D-1", date(2027, 1, 20)))
    assert (d.status, d.met_on) == ("met", date(2027, 1, 20))


def test_art_14_4_mediation_after_the_chair_phase_means_it_passed_not_late() -> None:
    d = status(date(2027, 3, 1), "chair-phase-end", NOTICE, F.MediationStarted("D-1", date(2027, 2, 10)))
    assert (d.status, d.met_on) == ("passed", None)
    assert "later, op 10 februari 2027: de mediation is begonnen" in d.explanation.text()


def test_art_14_5_mediation_end_met_by_resolution_or_gs_overdue_without() -> None:
    started = F.MediationStarted("D-1", date(2027, 2, 10))  # mediation ends 10 May 2027
    assert status(date(2027, 5, 10), "mediation-end", NOTICE, started).status == "open"
    assert status(date(2027, 5, 11), "mediation-end", NOTICE, started).status == "overdue"
    resolved = status(date(2027, 6, 1), "mediation-end", NOTICE, started, F.DisputeResolved("D-1", date(2027, 4, 1)))
    assert (resolved.status, resolved.met_on) == ("met", date(2027, 4, 1))
    gs = status(date(2027, 6, 1), "mediation-end", NOTICE, started, F.DisputeSubmittedToGs("D-1", "GM0164", date(2027, 5, 20)))
    assert (gs.status, gs.met_on) == ("passed", None)


@pytest.mark.parametrize("as_of", [date(2025, 1, 1), date(2026, 11, 2), date(2027, 6, 1), date(2030, 1, 1)])
def test_every_deadline_has_a_known_status_and_met_on_only_when_done(as_of: date) -> None:
    facts = (NOTICE, F.MediationStarted("D-1", date(2027, 2, 10)), F.EvaluationCompleted(date(2026, 10, 1)))
    for d in evaluate(TWENTE, facts, as_of).deadlines:
        assert d.status in DEADLINE_STATUSES
        assert (d.met_on is not None) == (d.status in ("met", "late"))
        # Contract fields unchanged; status added.
        assert {"procedure", "ref", "step", "date", "articles", "explanation", "status", "met_on"} <= set(d.to_json())
