"""A yearly parameter changed from a day inside a year (issue 9): the explanation says which value was used and why."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from samen.rules import facts as F  # noqa: N812 - F reads as a namespace of fact types
from samen.rules.scenario import Answer, evaluate

from .conftest import TWENTE

CODES = TWENTE.party_codes


def amended(effective: date) -> list[F.Fact]:
    return [
        F.AmendmentRequested(
            "W-FTE",
            "GM0153",
            date(2027, 1, 10),
            effective_date=effective,
            parameters=(("contribution.fte_per_party", Decimal("0.2")), ("capacity.contribution_amount", Decimal("12000.00"))),
        ),
        *(F.AmendmentDecided("W-FTE", p, "consent", date(2027, 2, 1)) for p in CODES),
        F.CostPerFte(2027, Decimal("98500.00")),
        F.CostPerFte(2028, Decimal("100000.00")),
        F.CapacityNotSupplied("GM0147", 2027),
    ]


def run(*facts: F.Fact, language: str = "nl", **settings: str) -> Answer:
    return evaluate(TWENTE, facts, date(2027, 9, 1), settings or None, language=language)


def amount(answer: Answer, kind: str, year: int = 2027, party: str = "GM0147") -> tuple[Decimal, str]:
    [a] = [a for a in answer.amounts if a.party == party and a.kind == kind and a.year == year]
    return a.amount, a.explanation.text()


def test_default_the_value_on_1_january_counts_for_the_year_and_the_explanation_says_so() -> None:
    answer = run(*amended(date(2027, 7, 1)))
    value, text = amount(answer, "annual-contribution")
    assert value == Decimal("9850.00")
    assert "wijzigde in de loop van 2027: 0.2 vanaf 1 juli 2027 (wijziging W-FTE)" in text
    assert "de nieuwe waarde telt vanaf 2028" in text and "mid_year_parameter = value-on-1-january" in text
    assert amount(answer, "capacity-contribution")[0] == Decimal("10000.00")


def test_the_next_year_takes_the_new_value_without_a_mid_year_step() -> None:
    facts = [
        F.AmendmentRequested(
            "W-26",
            "GM0153",
            date(2026, 1, 10),
            effective_date=date(2026, 7, 1),
            parameters=(("contribution.fte_per_party", Decimal("0.2")),),
        ),
        *(F.AmendmentDecided("W-26", p, "consent", date(2026, 2, 1)) for p in CODES),
        F.CostPerFte(2026, Decimal("97000.00")),
        F.CostPerFte(2027, Decimal("98500.00")),
    ]
    answer = run(*facts)
    value, text = amount(answer, "annual-contribution", 2026)
    assert value == Decimal("9700.00") and "in de loop van 2026" in text
    value, text = amount(answer, "annual-contribution", 2027)
    assert value == Decimal("19700.00")
    assert "in de loop van" not in text and "wijziging W-26" in text


def test_reading_prorated_by_day_weighs_each_value_by_its_days() -> None:
    answer = run(*amended(date(2027, 7, 1)), mid_year_parameter="prorated-by-day")
    # 0.1 for 181 days and 0.2 for 184 days of 365: 0.150410958... x 98,500.00 = 14,815.48
    value, text = amount(answer, "annual-contribution")
    assert value == Decimal("14815.48")
    assert "181 dagen" in text and "184 dagen" in text and "mid_year_parameter = prorated-by-day" in text
    assert amount(answer, "capacity-contribution")[0] == Decimal("11008.22")


def test_a_change_from_1_january_is_no_mid_year_change() -> None:
    answer = run(*amended(date(2027, 1, 1)))
    value, text = amount(answer, "annual-contribution")
    assert value == Decimal("19700.00") and "in de loop van" not in text


def test_the_mid_year_step_in_english() -> None:
    _value, text = amount(run(*amended(date(2027, 7, 1)), language="en"), "annual-contribution")
    assert "changed during 2027: 0.2 from 1 July 2027 (amendment W-FTE)" in text


def test_the_meetings_minimum_names_a_mid_year_change_and_keeps_the_value_on_1_january() -> None:
    facts = [
        F.AmendmentRequested(
            "W-M6", "GM0153", date(2026, 1, 10), effective_date=date(2026, 7, 1), parameters=(("board.meetings_per_year", 6),)
        ),
        *(F.AmendmentDecided("W-M6", p, "consent", date(2026, 2, 1)) for p in CODES),
        F.MeetingHeld("board", date(2026, 2, 10)),
    ]
    answer = evaluate(TWENTE, facts, date(2027, 1, 5))
    [f] = [f for f in answer.findings if f.code == "art-5.board-meetings-below-minimum" and f.ref == "2026"]
    assert "het minimum was 4" in f.message
    assert "board.meetings_per_year wijzigde in de loop van 2026: 6 vanaf 1 juli 2026 (wijziging W-M6)" in f.explanation.text()
