"""Exact money: whole cents, half away from zero, splits that add up (art. 7 lid 4, art. 14 lid 6)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samen.rules.money import cents, euro, split_equally, to_json

from .conftest import TWENTE


def test_rounding_is_half_away_from_zero() -> None:
    assert cents(Decimal("0.005")) == Decimal("0.01")
    assert cents(Decimal("-0.005")) == Decimal("-0.01")
    assert cents(Decimal("9849.994")) == Decimal("9849.99")


def test_art_7_1_annual_contribution_is_a_tenth_of_the_cost_per_fte() -> None:
    assert to_json(cents(Decimal("0.1") * Decimal("98500.00"))) == "9850.00"


def test_art_7_4_split_of_1000_over_15_parties_adds_up_with_leftover_cents_in_agreement_order() -> None:
    shares = split_equally(Decimal("1000.00"), TWENTE.party_codes)
    assert sum(shares.values()) == Decimal("1000.00")
    assert list(shares.values()) == [Decimal("66.67")] * 10 + [Decimal("66.66")] * 5
    assert shares["GM0141"] == Decimal("66.67") and shares["PV23"] == Decimal("66.66")


def test_split_of_zero_gives_zero_shares() -> None:
    assert set(split_equally(Decimal("0"), ["A", "B"]).values()) == {Decimal("0.00")}


def test_split_over_no_parties_is_refused() -> None:
    with pytest.raises(ValueError):
        split_equally(Decimal("1"), [])


def test_euro_is_written_the_dutch_way() -> None:
    assert euro(Decimal("9850")) == "€ 9.850,00"
    assert euro(Decimal("1234567.891")) == "€ 1.234.567,89"
    assert euro(Decimal("-5.5")) == "-€ 5,50"
    # Rounded to whole cents first: what rounds to nothing has no minus sign, whatever the sign of the zero.
    assert [euro(Decimal(x)) for x in ("-0.004", "-0.00", "-0", "0.004")] == ["€ 0,00"] * 4
    assert [euro(Decimal(x), "en") for x in ("-0.005", "-0.004", "1234.5")] == ["-€0.01", "€0.00", "€1,234.50"]


amounts = st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("1000000"), places=2, allow_nan=False, allow_infinity=False)
party_lists = st.lists(st.text(alphabet="ABCDEFGHIJ0123456789", min_size=1, max_size=6), min_size=1, max_size=40, unique=True)


@given(amounts, party_lists)
def test_a_split_adds_up_exactly_and_shares_differ_by_at_most_one_cent(total: Decimal, parties: list[str]) -> None:
    shares = split_equally(total, parties)
    assert list(shares) == parties
    assert sum(shares.values()) == total
    assert max(shares.values()) - min(shares.values()) <= Decimal("0.01")
    assert all(s == cents(s) for s in shares.values())


@given(amounts, party_lists)
def test_leftover_cents_go_to_the_first_parties_in_order(total: Decimal, parties: list[str]) -> None:
    values = [abs(v) for v in split_equally(total, parties).values()]
    assert values == sorted(values, reverse=True)


@pytest.mark.parametrize("value", ["1.005", "2", "12.34", "-0.00", "-0.05", "1.23E+5", "1.00E+3", "1E-2", "0.015", "-1E+3", "98500.00"])
def test_to_json_is_the_amount_rounded_to_cents_half_away_from_zero(value):
    # An amount already in whole cents is written as its own text (without quantize): the same text either way.
    assert to_json(Decimal(value)) == str(Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP))


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=Decimal("-1e12"), max_value=Decimal("1e12")))
def test_euro_kept_per_text_gives_what_writing_it_anew_gives(amount: Decimal) -> None:
    # `euro` keeps each amount's text by `str(amount)`; asked again (and for an equal amount written otherwise) it
    # must give what `_euro` writes.
    from samen.rules.money import _euro

    for language in ("nl", "en"):
        for value in (amount, amount, Decimal(str(amount)), amount.normalize(), -amount):
            assert euro(value, language) == _euro(value, language)


def test_euro_kept_texts_tell_zeros_and_exponents_apart() -> None:
    from samen.rules.money import _euro

    values = ["0", "-0", "0.00", "-0.00", "-0.004", "-0.005", "1E+3", "1000", "1E-7", "12.345", "12.3450", "-1234567.891"]
    for language in ("nl", "en", "de"):
        first = [euro(Decimal(x), language) for x in values]
        assert first == [euro(Decimal(x), language) for x in values] == [_euro(Decimal(x), language) for x in values]
