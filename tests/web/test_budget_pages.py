"""The budget pages under /financien/begroting/ (art. 6, art. 4 lid 1 and 4, art. 7 lid 1) through the test client."""

from __future__ import annotations

import pytest
from tests.web.web_helpers import client_for, load_demo

from samen.budgets.models import Commitment
from samen.records.models import RecordedFact

pytestmark = pytest.mark.django_db

LINE = "Werkbudget samenwerkingsagenda"
COMMITMENT = {
    "commitment-ref": "V-WEB-1",
    "commitment-line": LINE,
    "commitment-counterparty": "Leverancier",
    "commitment-description": "Onderzoek",
    "commitment-amount": "1750,01",
    "commitment-committed_on": "2026-11-01",
}


@pytest.fixture
def agreement(db):
    return load_demo(with_text=False)


def test_finance_sees_what_is_left_per_line_per_year(agreement):
    c = client_for("financien")
    assert "/financien/begroting/" in c.get("/financien/facturen/").content.decode()  # the tab beside the invoices
    page = c.get("/financien/begroting/").content.decode()
    assert "/financien/begroting/2026/" in page and "/financien/begroting/2027/" in page
    page = c.get("/financien/begroting/2026/").content.decode()
    assert 'id="budget-lines"' in page
    # Werkbudget 2026: 9.000,00 adopted, 7.250,00 committed, 1.750,00 left.
    assert "9.000,00" in page and "7.250,00" in page and "1.750,00" in page
    assert "V-2026-1" in page and 'id="commitment-form"' in page
    assert "/procedures/begroting/2026/" in page
    assert 'id="line-form"' not in page  # adopted: the lines no longer change
    assert 'id="line-form"' in c.get("/financien/begroting/2027/").content.decode()
    page = c.get("/financien/begroting/2027/").content.decode()
    assert "104.498,65" in page and "Kostenniveau per fte 2027 (voorbeeld)" in page


def test_a_commitment_beyond_the_line_shows_the_refusal_and_writes_nothing(agreement):
    c = client_for("financien")
    r = c.post("/financien/begroting/2026/commitment/", COMMITMENT)
    assert r.status_code == 400
    page = r.content.decode()
    assert 'id="error-summary"' in page and "art-4.commitment-beyond-budget" in page and "art. 4 lid 4" in page
    assert not Commitment.objects.filter(ref="V-WEB-1").exists()
    r = c.post("/financien/begroting/2026/commitment/", {**COMMITMENT, "commitment-mandate": "Mandaatregeling 2024"})
    assert r.status_code == 302
    page = c.get("/financien/begroting/2026/").content.decode()
    assert "Wacht op goedkeuring" in page
    chair = client_for("voorzitter")
    r = chair.post("/financien/begroting/2026/goedkeuren/V-WEB-1/", {"approve-approved_on": "2026-11-02"})
    assert r.status_code == 302
    assert Commitment.objects.get(ref="V-WEB-1").approved_at is not None


def test_hengelo_sees_only_its_own_contribution_and_the_totals(agreement):
    c = client_for("hengelo")
    page = c.get("/financien/begroting/2026/").content.decode()
    assert "Hengelo" in page and 'id="budget-totals"' in page
    assert "Almelo" not in page and "Enschede</th>" not in page
    assert 'id="budget-lines"' not in page and "V-2026-1" not in page and 'id="commitment-form"' not in page
    assert c.post("/financien/begroting/2026/commitment/", COMMITMENT).status_code == 403
    assert client_for("waarnemer").get("/financien/begroting/2026/").status_code == 403
    # The menu's "Financiën" leads to the invoices, whose tabs lead to the budget: a representative gets both.
    assert 'href="/financien/facturen/"' in c.get("/").content.decode()
    assert 'href="/financien/begroting/"' in c.get("/financien/facturen/").content.decode()
    assert "/financien/" not in client_for("waarnemer").get("/").content.decode()


def test_funded_against_staffed_fte_with_the_gap_flagged(agreement):
    page = client_for("secretariaat").get("/financien/begroting/2026/").content.decode()
    assert 'id="staffing"' in page and "1,50 fte" in page and "1,80 fte" in page
    assert 'id="staffing-gap"' in page and "art. 4 lid 1" in page


def test_finance_records_a_position_and_a_line(agreement):
    c = client_for("financien")
    r = c.post(
        "/financien/begroting/2027/staff/",
        {"staff-role": "other", "staff-fte": "0,2", "staff-start": "2027-01-01", "staff-until": "2027-06-30"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    assert RecordedFact.objects.filter(kind="staff-employed", payload__fte="0.2").exists()
    r = c.post("/financien/begroting/2027/line/", {"line-name": "Reiskosten", "line-amount": "500,00"})
    assert r.status_code == 302
    r = c.post("/financien/begroting/2026/line/", {"line-name": "Reiskosten", "line-amount": "500,00"})
    assert r.status_code == 400  # the form is not on the page of an adopted budget; the service refuses it too
    assert "art-6.budget-adopted" in r.content.decode()


def test_the_budget_page_and_its_refusal_in_english(agreement):
    c = client_for("financien")
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = c.get("/financien/begroting/2026/").content.decode()
    assert "Budget lines" in page and "Commitments" in page and "Staffing: funded against staffed" in page
    r = c.post("/financien/begroting/2026/commitment/", {**COMMITMENT, "commitment-amount": "1750.01"})
    assert r.status_code == 400
    assert "goes beyond what is left" in r.content.decode()
