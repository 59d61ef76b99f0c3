"""The shared checks of free text and amounts (samen.core.validation), and the money services that use them: bad
input names its field, keeps the service's code, and writes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from samen.audit.models import AuditEntry
from samen.core.errors import InvalidInput
from samen.core.validation import clean_amount, clean_text


@pytest.mark.parametrize(
    ("value", "code"),
    [(12, "x.bad-text"), ("", "x.required"), ("   ", "x.required"), ("a" * 11, "x.too-long"), ("a\x00b", "x.bad-text")],
)
def test_bad_text_names_its_field_and_code(value, code):
    with pytest.raises(InvalidInput) as e:
        clean_text(value, "note", prefix="x", limit=10, required=True)
    assert (e.value.code, e.value.field) == (code, "note")


def test_text_is_stripped_and_none_is_empty():
    assert clean_text("  ja  ", "note", prefix="x", limit=10) == "ja"
    assert clean_text(None, "note", prefix="x", limit=10) == ""


@pytest.mark.parametrize("value", [1.5, True, "abc", "1.234", "-1.00", "NaN", "Infinity", "1000000000000.00", Decimal("0.001")])
def test_bad_amounts_are_refused_naming_the_field(value):
    with pytest.raises(InvalidInput) as e:
        clean_amount(value, "amount", prefix="x")
    assert (e.value.code, e.value.field) == ("x.bad-amount", "amount")


def test_amounts_in_whole_cents_from_a_string_or_a_decimal():
    assert clean_amount("1250,5", "amount", prefix="x") == Decimal("1250.50")
    assert clean_amount(Decimal("0"), "amount", prefix="x") == Decimal("0.00")
    with pytest.raises(InvalidInput):
        clean_amount("0.00", "amount", prefix="x", positive=True)


@pytest.mark.django_db
def test_money_services_refuse_bad_input_and_write_nothing(demo):
    from samen.accounts.models import User
    from samen.budgets import services as budgets
    from samen.budgets.models import Budget
    from samen.invoicing import services as invoicing
    from samen.invoicing.models import Document

    finance = User.objects.get(username="financien")
    budget = Budget.objects.get(agreement=demo, year=2027)
    invoice = Document.objects.filter(agreement=demo, year=2026, kind=Document.Kind.INVOICE).first()
    before = AuditEntry.objects.count()
    attempts = [
        (lambda: budgets.add_line(actor=finance, budget=budget, name="", amount="10.00"), "budget.required", "name"),
        (lambda: budgets.add_line(actor=finance, budget=budget, name="Post", amount="10.001"), "budget.bad-amount", "amount"),
        (
            lambda: invoicing.record_payment(
                actor=finance, invoice=invoice, paid_on=date(2026, 3, 1), amount=Decimal("1.00"), reference="x" * 201
            ),
            "invoice.too-long",
            "reference",
        ),
        (lambda: invoicing.credit(actor=finance, invoice=invoice, reason=" "), "invoice.required", "reason"),
    ]
    for call, code, field in attempts:
        with pytest.raises(InvalidInput) as e:
            call()
        assert (e.value.code, e.value.field) == (code, field)
    assert AuditEntry.objects.count() == before
