"""The invoice pages (/financien/facturen/) through the Django test client: create a year, open one, pay it, credit
it, download XML, PDF and XLSX; who sees what."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest

from samen.invoicing.models import Document
from samen.records.queries import evaluate_recorded
from tests.invoicing.conftest import AS_OF
from tests.web.web_helpers import client_for

pytestmark = pytest.mark.django_db


def test_finance_creates_the_year_opens_one_pays_and_credits(agreement2027):
    c = client_for("financien")
    assert "/financien/facturen/" in c.get("/").content.decode()
    r = c.post("/financien/facturen/?jaar=2027", {"create-year": "2027", "create-as_of": AS_OF.isoformat()})
    assert r.status_code == 200, r.content.decode()[:2000]
    page = r.content.decode()
    assert "15 facturen gemaakt" in page or "facturen gemaakt" in page
    assert Document.objects.filter(year=2027, amount_kind="annual-contribution").count() == 15
    doc = Document.objects.get(year=2027, party="GM0164", amount_kind="annual-contribution")
    page = c.get(f"/financien/facturen/{doc.number}/").content.decode()
    assert "Gemeente Hengelo" in page and "voorbeeldwaarde" in page
    assert "art. 7 lid 1" in page and "Toelichting van de regels" in page
    r = c.post(f"/financien/facturen/{doc.number}/", {"action": "payment", "payment-paid_on": "2027-01-20", "payment-amount": "100,00"})
    assert r.status_code == 302
    r = c.post(
        f"/financien/facturen/{doc.number}/", {"action": "payment", "payment-paid_on": "2027-01-20", "payment-amount": "99999999,00"}
    )
    assert r.status_code == 400 and "error-summary" in r.content.decode()
    assert doc.payments.count() == 1
    xml = c.get(f"/financien/facturen/{doc.number}.xml")
    assert xml.status_code == 200 and xml["Content-Type"] == "application/xml" and b"<cbc:ID>" + doc.number.encode() in xml.content
    pdf = c.get(f"/financien/facturen/{doc.number}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # A paid invoice is not credited (its payments would be lost): the page says so instead of offering the form.
    page = c.get(f"/financien/facturen/{doc.number}/").content.decode()
    assert 'id="credit-form"' not in page and "samen crediteert alleen een onbetaalde factuur" in page
    r = c.post(f"/financien/facturen/{doc.number}/?as_of=2027-01-20", {"action": "credit", "credit-reason": "Verkeerde partij"})
    assert r.status_code == 400 and "error-summary" in r.content.decode() and "is betaald" in r.content.decode()
    assert not Document.objects.filter(credits=doc).exists()
    unpaid = Document.objects.get(year=2027, party="GM0141", amount_kind="annual-contribution")
    r = c.post(
        f"/financien/facturen/{unpaid.number}/", {"action": "credit", "credit-reason": "Verkeerde partij", "credit-on": "2027-01-20"}
    )
    assert r.status_code == 302
    note = Document.objects.get(credits=unpaid)
    assert note.kind == "credit-note" and note.issue_date == date(2027, 1, 20)  # the date given, not the page's peildatum


def test_hengelo_sees_only_hengelos_invoices_everywhere(agreement2027, invoices2027):
    from openpyxl import load_workbook

    c = client_for("hengelo")
    page = c.get("/financien/facturen/?jaar=2027").content.decode()
    own = Document.objects.get(year=2027, party="GM0164", amount_kind="annual-contribution")
    other = Document.objects.get(year=2027, party="GM0141", amount_kind="annual-contribution")
    assert own.number in page and other.number not in page
    assert "Facturen van een jaar maken" not in page
    assert c.get(f"/financien/facturen/{other.number}/").status_code == 404
    assert c.get(f"/financien/facturen/{other.number}.xml").status_code == 404
    assert c.get(f"/financien/facturen/{other.number}.pdf").status_code == 404
    assert c.get(f"/financien/facturen/{own.number}/").status_code == 200
    assert c.post(f"/financien/facturen/{own.number}/", {"action": "credit", "credit-reason": "x"}).status_code == 403
    assert c.post("/financien/facturen/", {"create-year": "2027"}).status_code == 403
    wb = load_workbook(BytesIO(c.get("/financien/facturen/invoices-2027.xlsx").content))
    numbers = {row[0] for row in wb.worksheets[0].iter_rows(min_row=2, values_only=True)} - {"Totaal"}
    assert numbers == {own.number}
    w = client_for("waarnemer")
    assert w.get("/financien/facturen/").status_code == 403
    assert "/financien/facturen/" not in w.get("/").content.decode()


def test_the_xlsx_totals_equal_the_rules_total_to_the_cent(agreement2027, invoices2027):
    from openpyxl import load_workbook

    from samen.invoicing import services

    first = invoices2027.created[0]
    services.record_payment(actor=None, invoice=first, paid_on=AS_OF, amount=Decimal("1000.01"))
    c = client_for("financien")
    r = c.get("/financien/facturen/invoices-2027.xlsx")
    assert r.status_code == 200 and r["Content-Disposition"].endswith('invoices-2027.xlsx"')
    wb = load_workbook(BytesIO(r.content))
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    total_row = rows[-1]
    assert total_row[0] == "Totaal"
    rules = sum(
        (Decimal(a["amount"]) for a in evaluate_recorded(agreement2027, as_of=AS_OF).to_json()["amounts"] if a["year"] == 2027),
        Decimal("0"),
    )
    as_cents = lambda v: Decimal(str(v)).quantize(Decimal("0.01"))  # noqa: E731
    assert as_cents(total_row[10]) == rules
    assert as_cents(sum(Decimal(str(r[10])) for r in rows[:-1])) == rules
    assert as_cents(total_row[11]) == Decimal("1000.01")
    assert as_cents(total_row[12]) == rules - Decimal("1000.01")
    assert ws.cell(row=2, column=11).number_format == "#,##0.00"
    assert isinstance(ws.cell(row=2, column=11).value, int | float)
    parties = wb.worksheets[1]
    assert len(list(parties.iter_rows(min_row=2, values_only=True))) == 16  # 15 parties and the total


def test_an_overdue_invoice_shows_on_the_dashboard_and_the_finance_page(agreement2027, invoices2027):
    hengelo_doc = next(d for d in invoices2027.created if d.party == "GM0164")
    for username in ("hengelo", "financien", "secretariaat"):
        c = client_for(username)
        page = c.get("/?as_of=2027-03-01").content.decode()
        assert f"Factuur {hengelo_doc.number} aan Gemeente Hengelo" in page, username
        finance = c.get("/financien/facturen/?jaar=2027&as_of=2027-03-01").content.decode()
        assert "Over tijd" in finance and f"Factuur {hengelo_doc.number}" in finance
    explained = client_for("hengelo").get(f"/uitleg/finding.art-7.invoice-overdue.{hengelo_doc.number}/?as_of=2027-03-01")
    assert explained.status_code == 200 and "art. 7 lid 2" in explained.content.decode()
    other = next(d for d in invoices2027.created if d.party == "GM0141")
    assert f"Factuur {other.number} aan" not in client_for("hengelo").get("/?as_of=2027-03-01").content.decode()
    assert "invoice-overdue" not in client_for("waarnemer").get("/?as_of=2027-03-01").content.decode()


def test_the_list_shows_paid_and_open_per_party(agreement2027, invoices2027):
    from samen.invoicing import services

    doc = next(d for d in invoices2027.created if d.party == "GM0164")
    services.record_payment(actor=None, invoice=doc, paid_on=AS_OF, amount=Decimal("449.87"))
    page = client_for("voorzitter").get("/financien/facturen/?jaar=2027&as_of=2027-01-20").content.decode()
    row = page[page.index('id="per-partij"') :]
    row = row[row.index("Gemeente Hengelo") :]
    row = row[: row.index("</tr>")]
    assert "449,87" in row and "10.000,00" in row
    assert "Facturen van een jaar maken" not in page  # the chair sees all, writes nothing
