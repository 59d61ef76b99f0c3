"""A proposal to amend gets fifteen decisions, and the agreement page then shows the new version (issue 8, must show)."""

from __future__ import annotations

import re

import pytest
from browser_helpers import ROLES, log_in
from playwright.sync_api import expect
from test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_an_amendment_gets_fifteen_decisions_and_the_agreement_shows_the_new_version(page, demo):
    from samen.parties.models import Party

    codes = list(Party.objects.filter(agreement__slug="twente-vth-2024").order_by("position").values_list("code", flat=True))
    log_in(page, "secretariaat")
    page.goto(page.base_url + "/overeenkomst/")
    page.click("a >> text=Voorstellen aan de partijen en hun besluiten")
    expect(page.locator("h1")).to_have_text("Voorstellen aan de partijen")
    assert_accessible(page, "proposals")
    # A mistake first: the error summary links to the field, which is marked invalid.
    page.fill("#id_ref", "W-2026-1")
    page.fill("#id_subject", "Verlenging tot eind 2030")
    page.select_option("#id_kind", "extension")
    page.select_option("#id_proposed_by", "GM0153")
    page.fill("#id_proposed_on", "2026-03-01")
    page.click("button >> text=Voorstel vastleggen")
    expect(page.locator("#error-summary")).to_contain_text("Nieuwe einddatum")
    expect(page.locator("#id_end_date")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "proposals with an error")
    page.fill("#id_end_date", "2030-12-31")
    page.click("button >> text=Voorstel vastleggen")
    expect(page.locator("h1")).to_contain_text("W-2026-1")
    expect(page.locator("tbody >> th[scope=row]")).to_have_count(15)
    expect(page.locator("#uitkomst")).to_contain_text("in behandeling")
    assert_accessible(page, "proposal")
    for code in codes:
        page.fill(f"[name='{code}-decided_on']", "2026-04-01")
        page.select_option(f"[name='{code}-outcome']", "consent")
        page.fill(f"[name='{code}-document']", f"Collegebesluit {code}")
    page.click("button >> text=Besluiten vastleggen")
    expect(page.locator("#uitkomst")).to_contain_text("aangenomen")
    expect(page.locator("#uitkomst")).to_contain_text("art. 12 lid 2")
    expect(page.locator("#wijzigingen")).to_contain_text("31 december 2030")
    assert_accessible(page, "adopted proposal")
    detail = page.url
    page.goto(page.base_url + "/overeenkomst/")
    version = page.locator(".samen-version", has_text="Gewijzigd door W-2026-1")
    expect(version).to_contain_text("Laatste dag van de looptijd")
    expect(version.locator("td").nth(1)).to_contain_text("31 december 2030")
    expect(page.locator("dd", has_text=re.compile("31 december 2030")).first).to_be_visible()
    assert_accessible(page, "agreement with a new version")
    for username in ROLES[1:]:
        page.context.clear_cookies()
        log_in(page, username)
        for url in ("/voorstellen/", detail):
            page.goto(url if url.startswith("http") else page.base_url + url)
            expect(page.locator("h1")).to_be_visible()
            assert_accessible(page, f"{username}: {url}")
