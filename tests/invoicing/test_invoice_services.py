"""Invoices from the rules' amounts (art. 7, art. 10, art. 14 lid 6): creation, numbering, credit notes, payments,
the SI-UBL 2.0 XML against the official XSD and schematron, the overdue finding, who sees what."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from samen.core.errors import Conflict, InvalidInput, NotAllowed, Refused
from samen.invoicing import queries, services, ubl
from samen.invoicing.models import Counter, Document, Payment
from samen.records.queries import evaluate_recorded
from tests.invoicing.conftest import AS_OF

pytestmark = pytest.mark.django_db


def _user(username):
    from samen.accounts.models import User

    return User.objects.get(username=username)


def _annual_total(agreement, as_of=AS_OF):
    amounts = evaluate_recorded(agreement, as_of=as_of).to_json()["amounts"]
    return sum((Decimal(a["amount"]) for a in amounts if a["year"] == 2027 and a["kind"] == "annual-contribution"), Decimal("0"))


def test_fifteen_annual_invoices_for_2027_numbered_without_gaps(agreement2027, invoices2027):
    created = invoices2027.created
    annual = [d for d in created if d.amount_kind == "annual-contribution"]
    assert len(annual) == 15
    assert {d.party for d in annual} == {p.code for p in agreement2027.parties.all()}
    numbers = sorted(d.number for d in created)
    assert numbers == [f"2027-{i:04d}" for i in range(1, len(created) + 1)]
    assert Counter.objects.get(agreement=agreement2027, year=2027).last == len(created)
    assert sum(d.total for d in annual) == _annual_total(agreement2027)
    d = annual[0]
    assert d.issue_date == AS_OF and d.due_date == date(2027, 2, 14)  # 30 days (the data file's payment term)
    assert d.parties["seller"]["name"] == "Gemeente Enschede"
    line = d.lines.get()
    assert line.articles and line.articles[0].startswith("art. 7")
    assert line.explanation and line.steps


def test_running_again_creates_nothing_twice(agreement2027, invoices2027):
    again = services.create_for_year(actor=None, agreement=agreement2027, year=2027, as_of=AS_OF)
    assert again.created == []
    assert len([s for s in again.skipped if "al gefactureerd" in s[1]]) == len(invoices2027.created)
    assert Document.objects.filter(year=2027).count() == len(invoices2027.created)


def test_every_invoice_passes_the_ubl_xsd_and_the_si_ubl_schematron(invoices2027, einvoice):
    assert len(invoices2027.created) >= 15
    for d in invoices2027.created:
        xml = ubl.to_xml(d)
        assert einvoice.schema_errors(xml) == [], d.number
        assert einvoice.fatal_asserts(xml) == [], d.number


def test_a_changed_amount_is_reported_then_credited_and_invoiced_anew(agreement2027, invoices2027, einvoice):
    from samen.records.models import RecordedFact
    from samen.records.services import correct_fact, record_fact

    fact = RecordedFact.objects.get(agreement=agreement2027, kind="cost-per-fte", payload__year=2027)
    correct_fact(actor=None, record=fact, reason="Verkeerd kostenniveau")
    record_fact(actor=None, agreement=agreement2027, raw={"fact": "cost-per-fte", "year": 2027, "amount": "105000.00"}, example_figure=True)
    outcome = services.create_for_year(actor=None, agreement=agreement2027, year=2027, as_of=AS_OF)
    assert outcome.created == []
    changed = [c for c in outcome.changed if c[0].amount_kind == "annual-contribution"]
    assert len(changed) == 15
    invoice, before, now = changed[0]
    assert before != now
    note = services.credit(actor=None, invoice=invoice, reason="Kostenniveau 2027 gecorrigeerd", on=AS_OF)
    assert note.kind == "credit-note" and note.credits == invoice and note.total == invoice.total
    xml = ubl.to_xml(note)
    assert b"<CreditNote" in xml and b"381" in xml
    assert einvoice.schema_errors(xml) == []
    assert einvoice.fatal_asserts(xml) == []
    invoice.refresh_from_db()
    assert invoice.total == before  # the invoice itself never changes
    with pytest.raises(Conflict):
        services.credit(actor=None, invoice=invoice, reason="nog eens", on=AS_OF)
    renewed = services.create_for_year(actor=None, agreement=agreement2027, year=2027, as_of=AS_OF)
    assert [(d.party, d.total) for d in renewed.created] == [(invoice.party, now)]
    assert queries.status(invoice, AS_OF) == "credited"


def test_a_paid_invoice_is_not_credited_so_its_payments_are_never_lost(invoices2027):
    d = invoices2027.created[0]
    services.record_payment(actor=None, invoice=d, paid_on=date(2027, 1, 20), amount=Decimal("100.00"), reference="deel 1")
    before = Document.objects.count()
    with pytest.raises(Refused) as e:
        services.credit(actor=None, invoice=d, reason="bedrag gewijzigd", on=date(2027, 1, 21))
    assert e.value.code == "invoice.has-payments" and d.number in e.value.message
    assert Document.objects.count() == before
    assert queries.open_amount(d, date(2027, 1, 21)) == d.total - Decimal("100.00")


def test_a_year_as_of_a_day_counts_only_the_documents_issued_by_then(invoices2027):
    d = invoices2027.created[0]
    note = services.credit(actor=None, invoice=d, reason="verkeerde partij", on=date(2027, 3, 1))
    before = {r.doc.number: (r.amount, r.open) for r in queries.year_rows(None, d.agreement, 2027, date(2027, 2, 1))}
    assert note.number not in before and before[d.number] == (d.total, d.total)
    after = {r.doc.number: (r.amount, r.open) for r in queries.year_rows(None, d.agreement, 2027, date(2027, 3, 1))}
    assert after[note.number] == (-d.total, Decimal("0.00")) and after[d.number] == (d.total, Decimal("0.00"))


def test_an_invoiced_amount_the_rules_no_longer_give_is_reported_as_changed_to_nothing(agreement2027, invoices2027):
    from samen.records.models import RecordedFact
    from samen.records.services import correct_fact

    fact = RecordedFact.objects.get(agreement=agreement2027, kind="cost-per-fte", payload__year=2027)
    correct_fact(actor=None, record=fact, reason="Verkeerd jaar ingevoerd")
    outcome = services.create_for_year(actor=None, agreement=agreement2027, year=2027, as_of=AS_OF)
    annual = [c for c in outcome.changed if c[0].amount_kind == "annual-contribution"]
    assert len(annual) == 15 and {now for _, _, now in annual} == {Decimal("0.00")}
    assert outcome.created == []


def test_an_invoice_paid_in_two_parts_shows_as_paid(invoices2027):
    d = invoices2027.created[0]
    half = (d.total / 2).quantize(Decimal("0.01"))
    services.record_payment(actor=None, invoice=d, paid_on=date(2027, 1, 20), amount=half, reference="deel 1")
    assert queries.status(d, date(2027, 1, 21)) == "open"
    assert queries.open_amount(d) == d.total - half
    with pytest.raises(Refused) as e:
        services.record_payment(actor=None, invoice=d, paid_on=date(2027, 1, 25), amount=d.total, reference="te veel")
    assert e.value.code == "invoice.overpayment"
    services.record_payment(actor=None, invoice=d, paid_on=date(2027, 2, 1), amount=d.total - half, reference="deel 2")
    assert queries.status(d, date(2027, 3, 1)) == "paid"
    assert queries.open_amount(d) == 0
    assert Payment.objects.filter(document=d).count() == 2
    with pytest.raises(InvalidInput) as e2:
        services.record_payment(actor=None, invoice=d, paid_on=date(2027, 2, 1), amount=Decimal("0"), reference="")
    assert e2.value.field == "amount"


def test_one_past_due_is_a_finding_seen_by_its_party_not_by_another(agreement2027, invoices2027):
    from samen.records.findings import gather

    hengelo = next(d for d in invoices2027.created if d.party == "GM0164" and d.amount_kind == "annual-contribution")
    for d in invoices2027.created:
        if d != hengelo:
            services.record_payment(actor=None, invoice=d, paid_on=date(2027, 2, 1), amount=d.total)
    day = date(2027, 3, 1)
    found = [f for f in gather(None, agreement2027, day) if f["code"] == "art-7.invoice-overdue"]
    assert len(found) == 1
    f = found[0]
    assert f["invoice"] == hengelo.number and f["party"] == "GM0164" and f["due_date"] == "2027-02-14"
    assert f["open"] == f"{hengelo.total:.2f}" and f["articles"] == ["art. 7 lid 2", "art. 7 lid 1"]
    assert hengelo.number in f["message"] and "14 februari 2027" in f["message"] and "€ 10.449,87" in f["message"]
    (en,) = [x for x in gather(None, agreement2027, day, "en") if x["code"] == "art-7.invoice-overdue"]
    assert en["message"].startswith(f"Invoice {hengelo.number}") and "14 February 2027" in en["message"] and "€10,449.87" in en["message"]
    assert [x["invoice"] for x in gather(_user("hengelo"), agreement2027, day)] == [hengelo.number]
    assert [x["invoice"] for x in gather(_user("secretariaat"), agreement2027, day)] == [hengelo.number]
    assert gather(_user("waarnemer"), agreement2027, day) == []
    assert gather(None, agreement2027, date(2027, 2, 14)) == []  # due that day: not yet overdue


def test_hengelo_sees_only_hengelos_invoices_and_may_not_write(agreement2027, invoices2027):
    hengelo = _user("hengelo")
    seen = queries.visible(hengelo, agreement2027)
    assert seen.count() >= 1 and set(seen.values_list("party", flat=True)) == {"GM0164"}
    assert queries.visible(_user("voorzitter"), agreement2027).filter(year=2027).count() == len(invoices2027.created)
    assert queries.visible(_user("waarnemer"), agreement2027).count() == 0
    with pytest.raises(NotAllowed):
        services.create_for_year(actor=hengelo, agreement=agreement2027, year=2027, as_of=AS_OF)
    with pytest.raises(NotAllowed):
        services.record_payment(actor=_user("voorzitter"), invoice=seen.first(), paid_on=AS_OF, amount=Decimal("1.00"))
    assert services.create_for_year(actor=_user("financien"), agreement=agreement2027, year=2027, as_of=AS_OF).created == []


def test_variable_contributions_only_after_the_year(agreement2027):
    from samen.records.services import record_fact

    record_fact(actor=None, agreement=agreement2027, raw={"fact": "extra-cost", "year": 2027, "category": "a", "amount": "1500.00"})
    during = services.create_for_year(actor=None, agreement=agreement2027, year=2027, as_of=date(2027, 6, 1))
    assert not [d for d in during.created if d.amount_kind == "variable-contribution"]
    assert any("art. 7 lid 4" in why for _id, why in during.skipped)
    after = services.create_for_year(actor=None, agreement=agreement2027, year=2027, as_of=date(2028, 1, 10))
    variable = [d for d in after.created if d.amount_kind == "variable-contribution"]
    assert len(variable) == 15
    assert sum(d.total for d in variable) == Decimal("1500.00")


def test_the_audit_chain_vouches_for_the_invoices(invoices2027):
    from samen.audit import services as audit

    assert audit.verify().intact
    assert audit.replay() == []


def test_the_demo_has_2026_invoiced_and_paid_hengelo_in_two_parts(demo):
    docs = Document.objects.filter(agreement=demo, year=2026, amount_kind="annual-contribution")
    assert docs.count() == 15
    assert {queries.status(d, date(2026, 3, 1)) for d in docs} == {"paid"}
    assert docs.get(party="GM0164").payments.count() == 2
    from samen.records.findings import gather

    assert gather(None, demo, date(2026, 12, 1)) == []
