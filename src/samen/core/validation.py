"""The checks every service makes on free text and amounts, with one wording: each error names its field and keeps
the service's own code (`<prefix>.bad-text`, `<prefix>.required`, `<prefix>.too-long`, `<prefix>.bad-amount`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from samen.core.errors import InvalidInput
from samen.rules.facts import bad_text

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")


def clean_text(value: Any, field: str, *, prefix: str, limit: int, required: bool = False) -> str:
    """`value` stripped: text (None counts as empty), filled in when `required`, at most `limit` characters, with no
    lone surrogate or NUL."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{prefix}.bad-text", "Dit veld is tekst.", field=field)
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{prefix}.required", "Vul dit veld in.", field=field)
    if len(value) > limit:
        raise InvalidInput(f"{prefix}.too-long", f"Hoogstens {limit} tekens (gekregen: {len(value)}).", field=field)
    if bad_text(value):
        raise InvalidInput(f"{prefix}.bad-text", "De tekst bevat een ongeldig teken (een losse surrogaat of NUL).", field=field)
    return value


def clean_amount(value: Any, field: str, *, prefix: str, positive: bool = False) -> Decimal:
    """An amount in euros in whole cents (a Decimal, or a string such as "1250,00"; never a float), not negative
    (with `positive`: above zero), at most MAX_AMOUNT."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", "."))
    except (ArithmeticError, ValueError):
        amount = Decimal("NaN")
    ok = not isinstance(value, (float, bool)) and amount.is_finite()  # NaN is checked first: it cannot be compared
    if not ok or not (amount > 0 if positive else amount >= 0) or amount > MAX_AMOUNT or amount != amount.quantize(CENT):
        least = "groter dan nul" if positive else "niet negatief"
        raise InvalidInput(f"{prefix}.bad-amount", f"Vul een bedrag in euro's in, {least} en in hele centen, bijv. 1250,00.", field=field)
    return amount.quantize(CENT)
