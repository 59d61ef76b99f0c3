"""The agreement as data: agreements/*.toml, validated on load with errors that name the key."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from samen.rules.definition import DefinitionError, load_agreement, load_all, parse_agreement

ROOT = Path(__file__).resolve().parents[2]
TWENTE = ROOT / "agreements" / "twente-vth-2024.toml"
MADE_UP = ROOT / "tests" / "fixtures" / "agreements" / "made-up-2025.toml"

EXPECTED_PARTIES = {
    "GM0141": "Almelo", "GM0147": "Borne", "GM1774": "Dinkelland", "GM0153": "Enschede", "GM0158": "Haaksbergen",
    "GM0163": "Hellendoorn", "GM0164": "Hengelo", "GM1735": "Hof van Twente", "GM0168": "Losser", "GM0173": "Oldenzaal",
    "GM1742": "Rijssen-Holten", "GM0183": "Tubbergen", "GM1700": "Twenterand", "GM0189": "Wierden", "PV23": "Provincie Overijssel",
}  # fmt: skip


def twente_data() -> dict:
    return tomllib.loads(TWENTE.read_text(encoding="utf-8"))


def test_art_15_citation_title_and_art_11_term():
    a = load_agreement(TWENTE)
    assert a.citation_title == "Samenwerkingsovereenkomst Beleid Uitvoering en Handhaving Omgevingsrecht Twente"
    assert a.start == date(2024, 11, 1)
    assert a.term_years == 3
    assert a.end_date() == date(2027, 10, 31)
    assert a.host == "GM0153"


def test_preamble_lists_the_fifteen_parties_with_codes_and_representatives():
    a = load_agreement(TWENTE)
    assert {p.code: p.name for p in a.parties} == EXPECTED_PARTIES
    hengelo = a.party("GM0164")
    assert (hengelo.representative, hengelo.function) == ("de heer Jan Eshuis", "gemeentesecretaris")
    assert a.party("PV23").kind == "province"
    assert a.party("PV23").function == "provinciesecretaris"


def test_bodies_pillars_chain_partners_and_articles():
    a = load_agreement(TWENTE)
    assert a.body("board").participants == ("WS-VECHTSTROMEN",)
    assert not a.is_party("WS-VECHTSTROMEN")
    assert {b.key for b in a.bodies} == {"board", "core-group", "policy-meeting", "project-group", "secretaries-circle"}
    assert [p.key for p in a.pillars] == list("abcdefg")
    assert {c.name for c in a.chain_partners} >= {"Omgevingsdienst Twente", "GGD", "Veiligheidsregio Twente", "Politie"}
    assert [art.number for art in a.articles] == [str(n) for n in range(1, 16)]
    assert a.article("14").leden == tuple(str(n) for n in range(1, 8))


def test_parameters_are_dated_values():
    a = load_agreement(TWENTE)
    on = date(2026, 1, 1)
    assert a.decimal_parameter("contribution.fte_per_party", on=on) == Decimal("0.1")
    assert a.decimal_parameter("capacity.contribution_amount", on=on) == Decimal("10000.00")
    assert a.int_parameter("withdrawal.notice_months", on=on) == 24
    assert a.int_parameter("dispute.chair_phase_weeks", on=on) == 6
    assert a.int_parameter("dispute.mediation_months", on=on) == 3
    assert a.int_parameter("evaluation.within_years", on=on) == 2
    assert a.int_parameter("board.meetings_per_year", on=on) == 4


def test_a_later_dated_value_applies_from_its_date_only():
    data = twente_data()
    data["parameters"]["withdrawal.notice_months"]["values"].append({"valid_from": date(2027, 1, 1), "value": 12})
    a = parse_agreement(data)
    assert a.int_parameter("withdrawal.notice_months", on=date(2026, 12, 31)) == 24
    assert a.int_parameter("withdrawal.notice_months", on=date(2027, 1, 1)) == 12


def test_readings_are_settings_with_defaults():
    a = load_agreement(TWENTE)
    assert a.reading("roll_forward") is False
    assert a.reading("roll_forward", {"roll_forward": True}) is True
    assert a.reading("annual_contribution_payers") == "all-parties"


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d["term"].pop("start"), "term.start"),
        (lambda d: d["term"].__setitem__("start", "1 november 2024"), "term.start"),
        (lambda d: d["parties"][3].__setitem__("kind", "waterschap"), "parties[3].kind"),
        (lambda d: d["parties"][1].__setitem__("code", "GM0141"), "parties[1].code"),
        (lambda d: d["host"].__setitem__("party", "GM0344"), "host.party"),
        (
            lambda d: d["parameters"]["capacity.contribution_amount"]["values"][0].__setitem__("value", 10000.0),
            "parameters.capacity.contribution_amount.values[0].value",
        ),
        (lambda d: d["parameters"].pop("withdrawal.notice_months"), "parameters.withdrawal.notice_months"),
        (lambda d: d["readings"]["chair_is_party"].__setitem__("default", "sometimes"), "readings.chair_is_party.default"),
        (lambda d: d["bodies"][0].__setitem__("participants", ["NOBODY"]), "bodies[0].participants"),
    ],
)
def test_an_invalid_definition_names_the_key(change, key):
    data = twente_data()
    change(data)
    with pytest.raises(DefinitionError) as e:
        parse_agreement(data)
    assert e.value.key == key
    assert key in str(e.value)


def test_a_second_agreement_is_a_second_file():
    made_up = load_agreement(MADE_UP)
    assert made_up.party_codes == ("GM9001", "GM9002", "PV99")
    assert made_up.end_date() == date(2027, 2, 28)
    assert made_up.int_parameter("withdrawal.notice_months", on=date(2026, 1, 1)) == 12
    both = load_all(MADE_UP.parent) | load_all()
    assert set(both) == {"made-up-2025", "twente-vth-2024"}


def test_file_name_must_match_slug(tmp_path):
    wrong = tmp_path / "other-name.toml"
    wrong.write_text(MADE_UP.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DefinitionError) as e:
        load_agreement(wrong)
    assert e.value.key == "slug"


def test_every_parameter_declares_its_range_and_its_values_lie_in_it():
    for agreement in (load_agreement(TWENTE), load_agreement(MADE_UP)):
        for p in agreement.parameters.values():
            assert type(p.minimum) is type(p.values[0].value) and p.minimum <= p.maximum, p.key
            assert all(p.in_range(v.value) for v in p.values), p.key
    weeks = load_agreement(TWENTE).parameters["dispute.chair_phase_weeks"]
    assert (weeks.minimum, weeks.maximum) == (1, 52)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d["parameters"]["dispute.chair_phase_weeks"].pop("max"), "parameters.dispute.chair_phase_weeks.max"),
        (lambda d: d["parameters"]["dispute.chair_phase_weeks"].pop("min"), "parameters.dispute.chair_phase_weeks.min"),
        (lambda d: d["parameters"]["dispute.chair_phase_weeks"].__setitem__("max", "52"), "parameters.dispute.chair_phase_weeks.max"),
        (lambda d: d["parameters"]["dispute.chair_phase_weeks"].__setitem__("min", 60), "parameters.dispute.chair_phase_weeks.max"),
        (lambda d: d["parameters"]["contribution.fte_per_party"].__setitem__("min", 0.01), "parameters.contribution.fte_per_party.min"),
        (
            lambda d: d["parameters"]["dispute.chair_phase_weeks"].__setitem__("max", 5),
            "parameters.dispute.chair_phase_weeks.values[0].value",
        ),
        (
            lambda d: d["parameters"]["capacity.contribution_amount"].__setitem__("max", "9999.99"),
            "parameters.capacity.contribution_amount.values[0].value",
        ),
    ],
)
def test_a_parameter_range_that_is_missing_wrong_or_excludes_a_value_names_the_key(change, key):
    data = twente_data()
    change(data)
    with pytest.raises(DefinitionError) as e:
        parse_agreement(data)
    assert e.value.key == key
