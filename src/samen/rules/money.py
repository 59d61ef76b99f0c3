"""Exact money: Decimal euros in whole cents, rounded half away from zero, splits that add up."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from samen.rules.i18n import current

CENT = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    """`amount` rounded to whole cents, half away from zero (ROUND_HALF_UP acts on the magnitude)."""
    return amount.quantize(CENT, ROUND_HALF_UP)  # positional: about half the cost of the keyword


def to_json(amount: Decimal) -> str:
    """The contract's form of an amount: a string with exactly two decimals, e.g. "9850.00"."""
    text = str(amount)
    # An amount in whole cents already (its text ends in a point and two digits: the exponent is -2, as the rules
    # make amounts) is its own text, without `quantize` (about a thousand instructions, most of it parsing its
    # arguments). `facts._compile_fact_methods` writes the same test into each fact type's `to_json`.
    return text if text[-3:-2] == "." else str(cents(amount))


def euro(amount: Decimal, language: str | None = None) -> str:
    """An amount for people: the Dutch way "€ 9.850,00", in English "€9,850.00" (default: the current language)."""
    # Each amount's text as first written, per language and found by the amount's own text (`str`, which gives back
    # the same Decimal, sign and exponent included): writing one costs about 7,000 instructions (`quantize`, the
    # format spec, three replaces), finding it about 1,500, and an answer of the bench writes about 900, most of them
    # many times in a process. Not by the Decimal itself: its hash costs about as much as writing the text.
    known = _euro_texts.get(language or current())
    if known is None or type(amount) is not Decimal:  # another language (written the Dutch way), or not a Decimal
        return _euro(amount, language)
    key = str(amount)
    text = known.get(key)
    if text is None:
        text = _euro(amount, language)
        if len(known) < _EURO_TEXTS_MAX and len(key) < 20:  # bounded; and far from the context's precision
            known[key] = text
    return text


_euro_texts: dict[str, dict[str, str]] = {"nl": {}, "en": {}}
_EURO_TEXTS_MAX = 8192


def _euro(amount: Decimal, language: str | None) -> str:
    """`euro` written anew."""
    rounded = amount.quantize(CENT, ROUND_HALF_UP)  # cents(amount)
    sign = ""
    if rounded.is_signed():  # not `rounded < 0`, which makes a Decimal of the 0 each time; -0.00 has no sign
        sign = "-" if rounded else ""
        rounded = abs(rounded)
    grouped = f"{rounded:,.2f}"  # "9,850.00": thousands by commas, two decimals (already whole cents)
    if (language or current()) == "en":
        return f"{sign}€{grouped}"
    return f"{sign}€ {grouped.replace(',', ' ').replace('.', ',').replace(' ', '.')}"


def split_equally(total: Decimal, parties_in_order: Sequence[str]) -> dict[str, Decimal]:
    """Split `total` over the parties in equal whole-cent shares that add up to `total` exactly.

    Largest remainder: every party gets the equal share rounded toward zero, and the cents left
    over go one each to the parties in the order given (the agreement's deterministic order), so
    shares differ by at most one cent.
    """
    if not parties_in_order:
        raise ValueError("cannot split over no parties")
    if len(set(parties_in_order)) != len(parties_in_order):
        raise ValueError("parties must be distinct")
    total_cents = int(cents(total) / CENT)
    sign = -1 if total_cents < 0 else 1
    base, leftover = divmod(abs(total_cents), len(parties_in_order))
    # Two values at most, each made once: the parties with the same share get the same (immutable) Decimal.
    low = Decimal(sign * base) * CENT
    high = Decimal(sign * (base + 1)) * CENT if leftover else low
    return {party: high if i < leftover else low for i, party in enumerate(parties_in_order)}
