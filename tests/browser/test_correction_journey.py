"""A correction withdraws a wrong fact: both stay visible (the list, the history), the wrong one no longer counts."""

from __future__ import annotations

import pytest
from browser_helpers import log_in
from playwright.sync_api import expect
from test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_a_correction_that_withdraws_a_wrong_fact(page, demo):
    log_in(page, "secretariaat")
    page.goto(page.base_url + "/procedures/evaluatie/?as_of=2026-10-15")
    page.fill("#id_evaluatie-date", "2026-10-01")
    page.click("#form-evaluatie button")
    expect(page.locator("#evaluation-state")).to_contain_text("uitgevoerd op 1 oktober 2026")

    page.goto(page.base_url + "/procedures/feiten/?as_of=2026-10-15")
    row = page.locator("li", has_text="Evaluatie").first
    row.locator("a", has_text="Corrigeren").click()
    expect(page.locator("h1")).to_have_text("Feit corrigeren")
    page.click("#form-correctie button")
    expect(page.locator("#error-summary")).to_contain_text("Geef de reden van de correctie")
    assert_accessible(page, "correction: error summary")
    page.fill("textarea[name=reason]", "De evaluatie is niet op 1 oktober gehouden; verkeerd ingevoerd.")
    page.click("#form-correctie button")

    expect(page.locator("h1")).to_have_text("Vastgelegde feiten")
    withdrawn = page.locator("li", has_text="verkeerd ingevoerd")
    expect(withdrawn).to_contain_text("Ingetrokken")
    expect(withdrawn.locator("del")).to_contain_text("1 oktober 2026")
    assert_accessible(page, "facts with a withdrawn one")

    page.goto(page.base_url + "/procedures/evaluatie/?as_of=2026-10-15")
    expect(page.locator("#evaluation-state")).to_contain_text("nog niet vastgelegd")
    expect(page.locator("#evaluation-findings")).to_contain_text("De evaluatie moet uiterlijk")
    expect(page.locator("main")).to_contain_text("verkeerd ingevoerd")
