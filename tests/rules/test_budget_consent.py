"""Art. 6 with art. 5 lid 3: the budget is consented when every party's latest decision is consent
(reading `budget_consent_by` = `parties`), on the date of the last consent; a recorded
`budget-consented` stays valid and the earliest consent counts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from samen.rules import facts as F  # noqa: N812 - F reads as a namespace of fact types
from samen.rules.facts import ScenarioError, parse_scenario
from samen.rules.scenario import Answer, evaluate

from .conftest import TWENTE

CODES = TWENTE.party_codes


def run(as_of: date, *facts: F.Fact, **settings_: Any) -> Answer:
    return evaluate(TWENTE, facts, as_of, settings_ or None)


def budget(answer: Answer, year: int) -> dict[str, Any]:
    [p] = [p.to_json() for p in answer.procedures if p.procedure == "budget" and p.ref == str(year)]
    return p


def findings(answer: Answer, year: int) -> dict[str, Any]:
    return {f.code: f for f in answer.findings if f.ref == str(year)}


def consents(year: int, day: date, parties: tuple[str, ...] = CODES) -> list[F.BudgetDecided]:
    return [F.BudgetDecided(year, p, "consent", day) for p in parties]


def test_all_parties_consent_gives_consent_on_the_date_of_the_last_consent() -> None:
    decisions = [F.BudgetDecided(2027, p, "consent", date(2026, 10, 1 + i)) for i, p in enumerate(CODES)]
    answer = run(date(2026, 12, 1), *decisions)
    p = budget(answer, 2027)
    assert (p["state"], p["consented_on"], p["consented_by"]) == ("consented", "2026-10-15", "parties")
    assert p["articles"] == ["art. 6", "art. 5 lid 3"]
    [d] = [d for d in answer.deadlines if d.step == "budget-consent-due" and d.ref == "2027"]
    assert d.status == "met"
    # The explanation names the reading and cites the decisions it counted.
    reading_steps = [s for s in p["steps"] if s.get("reading")]
    assert reading_steps[0]["article"] == "art. 5 lid 3" and reading_steps[0]["reading"]["key"] == "budget_consent_by"
    [result] = [s for s in p["steps"] if "Alle 15 partijen stemden in" in s["text"]]
    assert "15 oktober 2026" in result["text"] and len(result["facts"]) == 15
    assert findings(answer, 2027) == {}


def test_fourteen_consents_are_not_a_consent_and_the_pending_budget_names_who_is_awaited() -> None:
    answer = run(date(2026, 11, 1), *consents(2027, date(2026, 10, 20), CODES[:14]))
    p = budget(answer, 2027)
    assert p["state"] == "pending" and p["since"] == "2026-10-20"
    assert p["awaiting"] == ["PV23"] and p["refused"] == [] and len(p["consented"]) == 14
    assert p["next_deadline"]["step"] == "budget-consent-due"
    f = findings(answer, 2027)
    assert f["art-6.budget-decisions-awaited"].severity == "info"
    assert "Provincie Overijssel (PV23)" in f["art-6.budget-decisions-awaited"].message
    assert "art-6.budget-consent-due" in f


def test_one_refusal_as_latest_decision_means_no_consent_and_an_error_after_1_january() -> None:
    facts = [*consents(2027, date(2026, 11, 2), CODES[:14]), F.BudgetDecided(2027, "PV23", "refuse", date(2026, 11, 20))]
    before = run(date(2026, 12, 31), *facts)
    assert budget(before, 2027)["state"] == "pending"
    assert "art-6.budget-not-consented" not in findings(before, 2027)
    answer = run(date(2027, 1, 1), *facts)
    p = budget(answer, 2027)
    assert (p["state"], p["consented_on"], p["refused"], p["awaiting"]) == ("pending", None, ["PV23"], [])
    error = findings(answer, 2027)["art-6.budget-not-consented"]
    assert error.severity == "error" and error.articles == ("art. 6", "art. 5 lid 3")
    text = error.explanation.text()
    assert "Provincie Overijssel (PV23) stemde niet in" in text and "(art. 5 lid 3)" in text


def test_a_later_consent_replaces_a_refusal_and_the_explanation_names_the_replaced_decision() -> None:
    facts = [
        *consents(2027, date(2026, 11, 2), CODES[:14]),
        F.BudgetDecided(2027, "PV23", "refuse", date(2026, 11, 20)),
        F.BudgetDecided(2027, "PV23", "consent", date(2026, 12, 10)),
    ]
    p = budget(run(date(2027, 1, 5), *facts), 2027)
    assert (p["state"], p["consented_on"], p["refused"]) == ("consented", "2026-12-10", [])
    assert any("is vervangen door een later besluit" in s["text"] and s["facts"][0]["decision"] == "refuse" for s in p["steps"])
    # Before the new decision the refusal stood.
    assert budget(run(date(2026, 12, 9), *facts), 2027)["state"] == "pending"


def test_a_refusal_after_the_consent_does_not_undo_it() -> None:
    facts = [*consents(2027, date(2026, 11, 2)), F.BudgetDecided(2027, "GM0141", "refuse", date(2026, 11, 30))]
    p = budget(run(date(2026, 12, 15), *facts), 2027)
    assert (p["state"], p["consented_on"]) == ("consented", "2026-11-02")
    assert any("telt niet mee" in s["text"] for s in p["steps"])


def test_a_recorded_consent_and_the_parties_decisions_the_earliest_counts_and_the_explanation_says_which() -> None:
    recorded = F.BudgetConsented(2026, date(2025, 12, 20))
    earlier_parties = run(date(2026, 3, 1), recorded, *consents(2026, date(2025, 11, 10)))
    p = budget(earlier_parties, 2026)
    assert (p["consented_on"], p["consented_by"]) == ("2025-11-10", "parties")
    assert any("de vroegste instemming telt: de instemming van alle partijen op 10 november 2025" in s["text"] for s in p["steps"])
    later_parties = run(date(2026, 3, 1), recorded, *consents(2026, date(2026, 1, 15)))
    p = budget(later_parties, 2026)
    assert (p["consented_on"], p["consented_by"]) == ("2025-12-20", "board")
    assert "art-6.budget-consented-late" not in findings(later_parties, 2026)
    assert any("de vastgelegde instemming van de gremia op 20 december 2025" in s["text"] for s in p["steps"])


def test_a_recorded_consent_alone_still_counts_for_the_years_before_samen() -> None:
    p = budget(run(date(2025, 6, 1), F.BudgetConsented(2025, date(2024, 12, 12))), 2025)
    assert (p["state"], p["consented_by"], p["awaiting"], p["articles"]) == ("consented", "board", None, ["art. 6"])


def test_a_late_consent_of_the_parties_is_a_warning() -> None:
    answer = run(date(2027, 2, 1), *consents(2027, date(2027, 1, 20)))
    assert budget(answer, 2027)["consented_on"] == "2027-01-20"
    assert findings(answer, 2027)["art-6.budget-consented-late"].severity == "warning"


def test_a_party_that_left_before_the_year_does_not_decide_on_its_budget() -> None:
    # GM0168 leaves: notice 2024-12-01, consent 2024-12-15, exit 24 months later (2026-12-15), before 2027.
    exit_facts = (F.WithdrawalNotified("GM0168", date(2024, 12, 1)), F.WithdrawalConsented("GM0168", date(2024, 12, 15)))
    others = tuple(p for p in CODES if p != "GM0168")
    p = budget(run(date(2027, 3, 1), *exit_facts, *consents(2027, date(2026, 11, 1), others)), 2027)
    assert p["state"] == "consented"
    # For 2026 it was still a party: its consent is needed.
    p2026 = budget(run(date(2026, 3, 1), *exit_facts, *consents(2026, date(2025, 11, 1), others)), 2026)
    assert (p2026["state"], p2026["awaiting"]) == ("pending", ["GM0168"])


def test_with_the_reading_board_the_parties_decisions_do_not_count() -> None:
    answer = run(date(2027, 1, 5), *consents(2027, date(2026, 10, 1)), budget_consent_by="board")
    assert budget(answer, 2027)["state"] == "missing"
    assert "art-6.budget-not-consented" in findings(answer, 2027)
    assert any("budget_consent_by = board" in n for n in answer.notes)


def test_two_decisions_of_one_party_on_one_day_are_refused() -> None:
    doc = {
        "as_of": "2026-11-01",
        "facts": [
            {"fact": "budget-decided", "year": 2027, "party": "GM0141", "decision": "consent", "date": "2026-10-01"},
            {"fact": "budget-decided", "year": 2027, "party": "GM0141", "decision": "refuse", "date": "2026-10-01"},
        ],
    }
    with pytest.raises(ScenarioError) as e:
        parse_scenario(doc, {TWENTE.slug: TWENTE}, today=date(2026, 11, 1))
    assert [(x.code, x.field) for x in e.value.errors] == [("scenario.duplicate-fact", "facts[1].date")]


def test_english_texts_for_the_parties_consent() -> None:
    facts = [*consents(2027, date(2026, 11, 2), CODES[:14]), F.BudgetDecided(2027, "PV23", "refuse", date(2026, 11, 20))]
    answer = evaluate(TWENTE, facts, date(2027, 1, 5), language="en")
    p = budget(answer, 2027)
    assert "14 of the 15 parties consented to the budget for 2027" in p["explanation"]
    assert (
        "Refused consent to the budget for 2027: Provincie Overijssel (PV23)."
        in findings(answer, 2027)["art-6.budget-decisions-awaited"].message
    )
