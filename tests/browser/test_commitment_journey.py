"""Finance records a commitment beyond its budget line, sees the refusal, then records one within it
(issue 10, must show; art. 4 lid 4)."""

from __future__ import annotations

import pytest
from browser_helpers import log_in
from playwright.sync_api import expect
from test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

LINE = "Werkbudget samenwerkingsagenda"  # demo 2026: 9.000,00 with 7.250,00 committed, 1.750,00 left


def test_finance_records_a_commitment_sees_the_refusal_then_a_valid_one(page, demo):
    log_in(page, "financien")
    page.goto(f"{page.base_url}/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Financiën").click()
    page.get_by_role("navigation", name="Onderdelen van financiën").get_by_role("link", name="Begroting").click()
    expect(page.locator("h1")).to_have_text("Begroting")
    page.get_by_role("link", name="Begroting 2026").click()
    expect(page.locator("#budget-lines")).to_contain_text("1.750,00")
    assert_accessible(page, "budget 2026")
    page.fill("#id_commitment-ref", "V-2026-9")
    page.select_option("#id_commitment-line", LINE)
    page.fill("#id_commitment-counterparty", "Onderzoeksbureau Voorbeeld")
    page.fill("#id_commitment-description", "Onderzoek naar de werkvoorraad")
    page.fill("#id_commitment-amount", "2000,00")
    page.fill("#id_commitment-committed_on", "2026-11-02")
    page.click("#commitment-form button")
    expect(page.locator("#error-summary")).to_contain_text("art-4.commitment-beyond-budget")
    expect(page.locator("#error-summary")).to_contain_text("1.750,00")
    assert_accessible(page, "commitment refused")
    page.fill("#id_commitment-amount", "1500,00")
    page.click("#commitment-form button")
    expect(page.locator("#commitments")).to_contain_text("V-2026-9")
    expect(page.locator("#budget-lines")).to_contain_text("250,00")
