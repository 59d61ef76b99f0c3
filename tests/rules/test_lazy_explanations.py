"""Explanations are built when first asked for, in the answer's language, and then kept (issue 11)."""

from __future__ import annotations

import copy
import pickle
from datetime import date
from decimal import Decimal

from samen.rules import facts as F  # noqa: N812 - F reads as a namespace of fact types
from samen.rules.explain import Explanation, Step
from samen.rules.i18n import current, use
from samen.rules.scenario import Answer, evaluate, render_text

from .conftest import TWENTE

CODES = TWENTE.party_codes
AS_OF = date(2027, 6, 1)


def _facts() -> list[F.Fact]:
    """A dispute in mediation with its costs, contributions and extra costs: the conclusions that explain lazily."""
    signed = [F.Signed(p, date(2024, 10, 1)) for p in CODES]
    return [
        *signed,
        F.DisputeNotified("D-1", CODES[0], (CODES[1], CODES[2]), date(2026, 11, 2)),
        F.MediationStarted("D-1", date(2027, 4, 1)),
        F.MediationCosts("D-1", Decimal("3000.00"), date(2027, 5, 1)),
        F.CostPerFte(2027, Decimal("98500.00")),
        F.CapacityNotSupplied(CODES[3], 2027),
        F.ExtraCost(2027, "a", Decimal("1234.56")),
        F.WithdrawalNotified(CODES[4], date(2026, 1, 15)),
        F.WithdrawalConsented(CODES[4], date(2026, 3, 31)),
        F.DisintegrationCostsAgreed(CODES[4], Decimal("500.00"), date(2027, 2, 1)),
    ]


def _items(answer: Answer) -> list:
    return [*answer.deadlines, *answer.procedures, *answer.amounts, *answer.findings, *answer.budgets, *answer.staffing]


def test_evaluate_builds_no_lazy_explanation_until_asked() -> None:
    answer = evaluate(TWENTE, _facts(), AS_OF)
    dispute = next(p for p in answer.procedures if p.procedure == "dispute")
    amounts = {a.kind: a for a in answer.amounts}
    lazy = [dispute, *(d for d in answer.deadlines if d.procedure == "dispute"), *amounts.values()]
    assert {"annual-contribution", "capacity-contribution", "variable-contribution", "mediation-costs", "disintegration-costs"} <= set(
        amounts
    )
    assert lazy and not any(x.explanation.built for x in lazy)
    # Dates, amounts and states are there without any explanation.
    assert dispute.state == "mediation" and amounts["mediation-costs"].amount == Decimal("1000.00")
    assert not any(x.explanation.built for x in lazy)
    steps = dispute.explanation.steps
    assert dispute.explanation.built and steps and dispute.explanation.steps is steps  # built once, then kept
    assert not amounts["mediation-costs"].explanation.built


def test_lazily_built_explanations_are_in_the_answers_language_after_evaluate() -> None:
    english = evaluate(TWENTE, _facts(), AS_OF, language="en")
    dutch = evaluate(TWENTE, _facts(), AS_OF, language="nl")
    assert current() == "nl"
    with use("nl"):  # asked for inside another language: still the answer's
        mediation = next(a for a in english.amounts if a.kind == "mediation-costs").explanation
        text = mediation.text()
    assert all(s.language == "en" for s in mediation.steps)
    assert "Mediation costs" in text or "mediation costs" in text
    with use("en"):
        dutch_text = next(a for a in dutch.amounts if a.kind == "mediation-costs").explanation.text()
    assert "Mediationkosten" in dutch_text
    # Asked for lazily (outside evaluate) equals asked for in the same order as before: the JSON as a whole.
    assert english.to_json() == evaluate(TWENTE, _facts(), AS_OF, language="en").to_json()
    assert render_text(english).startswith(english.agreement.citation_title)


def test_answer_is_the_same_whether_its_explanations_are_read_before_or_after_to_json() -> None:
    first = evaluate(TWENTE, _facts(), AS_OF)
    for item in reversed(_items(first)):  # every explanation asked for, in another order than to_json's
        item.explanation.text()
    second = evaluate(TWENTE, _facts(), AS_OF)
    assert first.to_json() == second.to_json() == second.to_json()


def test_copied_and_pickled_answers_carry_their_built_explanations() -> None:
    answer = evaluate(TWENTE, _facts(), AS_OF, language="en")
    expected = evaluate(TWENTE, _facts(), AS_OF, language="en").to_json()
    assert pickle.loads(pickle.dumps(answer)).to_json() == expected
    assert copy.deepcopy(answer).to_json() == expected


def test_lazy_and_given_explanations_compare_by_their_steps() -> None:
    step = Step("art. 7 lid 4", "Tekst")
    calls = []

    def build() -> tuple[Step, ...]:
        calls.append(1)
        return (step,)

    lazy = Explanation.later(build)
    assert not lazy.built and calls == []
    assert lazy == Explanation.of(step) and lazy.articles == ("art. 7 lid 4",)
    assert (lazy + Explanation.of(step)).steps == (step, step)
    assert lazy.then(step).steps == (step, step)
    assert calls == [1]
