"""A budget proposal (art. 6 with art. 5 lid 3): the page shows who the budget awaits; once the last
parties consent, the budget of the year is consented on the day of the last consent."""

from __future__ import annotations

import pytest
from browser_helpers import AS_OF, ROLES, log_in
from playwright.sync_api import expect
from test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_the_remaining_parties_consent_and_the_budget_is_consented(page, demo):
    log_in(page, "secretariaat")
    page.goto(page.base_url + f"/voorstellen/?as_of={AS_OF}")
    row = page.locator("tr", has_text="B-2027")
    expect(row).to_contain_text("wacht op instemming van alle partijen")
    row.locator("a >> text=B-2027").click()
    expect(page.locator("h1")).to_contain_text("B-2027")
    outcome = page.locator("#uitkomst")
    expect(outcome).to_contain_text("wacht op instemming van alle partijen")
    expect(outcome).to_contain_text("art. 6")
    expect(outcome).to_contain_text("art. 5 lid 3")
    steps = page.locator("ol.utrecht-ordered-list")
    expect(steps).to_contain_text("Rijssen-Holten (GM1742) stemde niet in")
    expect(steps).to_contain_text("nog geen besluit van Tubbergen (GM0183)")
    assert_accessible(page, "pending budget proposal")
    detail = page.url
    for code in ("GM1742", "GM0183", "GM1700", "GM0189", "PV23"):
        page.fill(f"[name='{code}-decided_on']", "2026-11-27")
        page.select_option(f"[name='{code}-outcome']", "consent")
    page.click("button >> text=Besluiten vastleggen")
    expect(page.locator("#uitkomst strong")).to_have_text("ingestemd")
    expect(page.locator("ol.utrecht-ordered-list")).to_contain_text("Alle 15 partijen stemden in met de begroting voor 2027")
    expect(page.locator("ol.utrecht-ordered-list")).to_contain_text("27 november 2026")
    assert_accessible(page, "consented budget proposal")
    for username in ROLES[1:]:
        page.context.clear_cookies()
        log_in(page, username)
        page.goto(detail)
        expect(page.locator("#uitkomst strong")).to_have_text("ingestemd")
        assert_accessible(page, f"{username}: budget proposal")
