"""Budget lines, commitments within them (art. 4 lid 4, art. 6) and staffing against funding (art. 4 lid 1)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from samen.rules.facts import ScenarioError, parse_fact, parse_scenario
from samen.rules.scenario import evaluate_scenario

from .conftest import TWENTE

AGREEMENTS = {TWENTE.slug: TWENTE}
ADOPTED = {"fact": "budget-adopted", "year": 2026, "date": "2025-11-13", "lines": {"Personeel": "180000.00", "Werkbudget": "20000.00"}}


def commitment(ref: str, amount: str, day: str, line: str = "Werkbudget", **extra: Any) -> dict[str, Any]:
    return {"fact": "commitment-made", "ref": ref, "year": 2026, "line": line, "amount": amount, "date": day, "counterparty": "X", **extra}


def answer(facts: list[dict[str, Any]], as_of: str = "2026-06-30", language: str = "nl") -> dict[str, Any]:
    doc = {"as_of": as_of, "language": language, "facts": facts}
    return evaluate_scenario(parse_scenario(doc, AGREEMENTS, today=date(2026, 6, 30))).to_json()


def art4(a: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(f["code"], f["severity"], f.get("ref", "")) for f in a["findings"] if f["code"].startswith("art-4.commitment")]


def test_left_per_line_and_the_commitment_beyond_it() -> None:
    a = answer([ADOPTED, commitment("V-1", "15000.00", "2026-02-01"), commitment("V-2", "5000.01", "2026-03-01")])
    (budget,) = a["budgets"]
    assert budget["lines"] == [
        {"line": "Personeel", "adopted": "180000.00", "committed": "0.00", "left": "180000.00"},
        {"line": "Werkbudget", "adopted": "20000.00", "committed": "20000.01", "left": "-0.01"},
    ]
    assert budget["articles"] == ["art. 6", "art. 4 lid 4"]
    assert art4(a) == [("art-4.commitment-beyond-budget", "error", "V-2")]
    (finding,) = [f for f in a["findings"] if f["code"] == "art-4.commitment-beyond-budget"]
    assert "Werkbudget" in finding["message"] and "€ 5.000,00" in finding["message"] and "€ 5.000,01" in finding["message"]
    assert finding["articles"] == ["art. 4 lid 4"]


def test_exactly_what_is_left_is_within_the_line() -> None:
    a = answer([ADOPTED, commitment("V-1", "15000.00", "2026-02-01"), commitment("V-2", "5000.00", "2026-03-01")])
    assert art4(a) == []
    assert a["budgets"][0]["left"] == "180000.00"


def test_date_order_decides_which_commitment_goes_beyond() -> None:
    # Listed in the other order: the earlier one is within, the later one beyond.
    a = answer([ADOPTED, commitment("V-2", "15000.00", "2026-03-01"), commitment("V-1", "15000.00", "2026-02-01")])
    assert art4(a) == [("art-4.commitment-beyond-budget", "error", "V-2")]


def test_an_unknown_line_or_a_year_without_adopted_lines_has_nothing_left() -> None:
    no_lines = {"fact": "budget-adopted", "year": 2026, "date": "2025-11-13"}
    assert art4(answer([no_lines, commitment("V-1", "1.00", "2026-02-01")])) == [("art-4.commitment-beyond-budget", "error", "V-1")]
    assert answer([no_lines])["budgets"] == []
    assert art4(answer([ADOPTED, commitment("V-1", "1.00", "2026-02-01", line="Reizen")])) == [
        ("art-4.commitment-beyond-budget", "error", "V-1")
    ]
    # A commitment made before the budget was adopted: nothing was adopted yet.
    assert art4(answer([ADOPTED, commitment("V-1", "1.00", "2025-11-01")])) == [("art-4.commitment-beyond-budget", "error", "V-1")]


def test_a_mandate_turns_the_error_into_a_warning_until_approved() -> None:
    mandated = commitment("V-1", "25000.00", "2026-02-01", mandate="Mandaatregeling Enschede 2024, art. 3")
    assert art4(answer([ADOPTED, mandated])) == [("art-4.commitment-awaiting-approval", "warning", "V-1")]
    approved = {**mandated, "approved": "2026-02-10"}
    assert art4(answer([ADOPTED, approved])) == [("art-4.commitment-approved-under-mandate", "info", "V-1")]
    # Approved after the date of evaluation: still awaiting.
    assert art4(answer([ADOPTED, approved], as_of="2026-02-05")) == [("art-4.commitment-awaiting-approval", "warning", "V-1")]


def test_commitments_after_as_of_are_not_committed_yet() -> None:
    a = answer([ADOPTED, commitment("V-1", "15000.00", "2026-08-01")])
    assert a["budgets"][0]["committed"] == "0.00"


def test_bad_lines_name_the_line() -> None:
    with pytest.raises(ScenarioError) as e:
        parse_fact({**ADOPTED, "lines": {"Werkbudget": 20000.0}}, TWENTE, 3)
    assert [(x.field, x.code) for x in e.value.errors] == [("facts[3].lines.Werkbudget", "scenario.float-amount")]
    with pytest.raises(ScenarioError) as e:
        parse_fact({**ADOPTED, "lines": {" ": "1.00"}}, TWENTE, 0)
    assert e.value.errors[0].field == "facts[0].lines. "
    with pytest.raises(ScenarioError) as e:
        parse_fact({**ADOPTED, "lines": ["Werkbudget"]}, TWENTE, 0)
    assert e.value.errors[0].field == "facts[0].lines"


def test_a_commitment_ref_is_unique_and_approval_needs_a_mandate() -> None:
    with pytest.raises(ScenarioError) as e:
        parse_scenario(
            {"facts": [commitment("V-1", "1.00", "2026-02-01"), commitment("V-1", "2.00", "2026-02-02")]},
            AGREEMENTS,
            today=date(2026, 6, 1),
        )
    assert [(x.field, x.code) for x in e.value.errors] == [("facts[1].ref", "scenario.duplicate-ref")]
    with pytest.raises(ScenarioError) as e:
        parse_fact(commitment("V-1", "1.00", "2026-02-01", approved="2026-02-02"), TWENTE, 0)
    assert e.value.errors[0].code == "scenario.missing-field"
    with pytest.raises(ScenarioError) as e:
        parse_fact(commitment("V-1", "1.00", "2026-02-01", mandate="M", approved="2026-01-02"), TWENTE, 0)
    assert e.value.errors[0].code == "scenario.date-order"


CHAIR = {"fact": "staff-employed", "role": "chair", "fte": "1.0", "scale": 11, "date": "2024-11-01", "until": "2027-10-31"}
SECRETARY = {"fact": "staff-employed", "role": "secretary", "fte": "0.5", "scale": 9, "date": "2024-11-01", "until": "2027-10-31"}


def test_funded_against_staffed_fte_per_year() -> None:
    a = answer([CHAIR, SECRETARY], as_of="2026-06-30")
    years = {x["year"]: (x["funded_fte"], x["staffed_fte"]) for x in a["staffing"]}
    # 15 x 0.1 fte funds 1.5 in every year of the term: the annual contribution is for the whole calendar year, also
    # 2024 and 2027, which lie only partly in the term. The positions count by their days: from 1 November 2024
    # (61 of 366 days) to 31 October 2027 (304 of 365).
    assert years == {2024: ("1.50", "0.25"), 2025: ("1.50", "1.50"), 2026: ("1.50", "1.50"), 2027: ("1.50", "1.25")}
    # A gap only for a year that has started: 2024 (a full year paid for two months employed), not 2027 yet.
    assert [f["ref"] for f in a["findings"] if f["code"] == "art-4.staffing-gap"] == ["2024"]


def test_a_staffing_gap_says_both_numbers() -> None:
    a = answer([CHAIR, {**SECRETARY, "fte": "0.8"}], as_of="2026-06-30", language="en")
    gaps = [f for f in a["findings"] if f["code"] == "art-4.staffing-gap"]
    assert [g["ref"] for g in gaps] == ["2024", "2025", "2026"]  # 2027 has not started yet
    assert "1.50" in gaps[1]["message"] and "1.80" in gaps[1]["message"]
    assert gaps[1]["severity"] == "warning" and gaps[1]["articles"] == ["art. 4 lid 1", "art. 7 lid 1"]


def test_no_staffing_without_positions() -> None:
    a = answer([], as_of="2026-06-30")
    assert a["staffing"] == [] and not [f for f in a["findings"] if f["code"] == "art-4.staffing-gap"]
