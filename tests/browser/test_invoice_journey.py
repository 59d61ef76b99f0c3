"""Finance creates a year's invoices from the rules, opens one and records a payment (issue 10, art. 7)."""

from __future__ import annotations

import pytest
from browser_helpers import log_in
from playwright.sync_api import expect
from test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_finance_creates_the_years_invoices_opens_one_and_records_a_payment(page, demo):
    log_in(page, "financien")
    page.goto(f"{page.base_url}/financien/facturen/?jaar=2027&as_of=2027-02-01")
    expect(page.locator("h1")).to_have_text("Facturen 2027")
    page.fill("#id_create-year", "2027")
    page.fill("#id_create-as_of", "2027-01-15")
    page.click("#create-form button")
    expect(page.locator("[role=status]")).to_contain_text("15 facturen gemaakt")
    assert_accessible(page, "the year's invoices")
    page.get_by_role("link", name="2027-0007").click()
    expect(page.locator("h1")).to_have_text("Factuur 2027-0007")
    expect(page.locator("#h-buyer + dl")).to_contain_text("Gemeente Hengelo")
    expect(page.get_by_text("voorbeeldwaarde").first).to_be_visible()
    page.fill("#id_payment-paid_on", "2027-02-01")
    page.fill("#id_payment-amount", "100,00")
    page.fill("#id_payment-reference", "Hengelo deel 1")
    page.click("#payment-form button")
    expect(page.locator("#betalingen + div table")).to_contain_text("Hengelo deel 1")
    expect(page.locator("#payment-form")).to_contain_text("open")
    assert_accessible(page, "an invoice with a payment")
