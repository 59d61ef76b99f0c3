"""The account page: a representative chooses the weekly digest for reminders (samen.reminders); axe on the way."""

from __future__ import annotations

import pytest
from browser_helpers import axe_violations, log_in
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_representative_chooses_the_weekly_digest(page, demo):
    log_in(page, "hengelo")
    page.goto(page.base_url + "/account/")
    expect(page.get_by_role("heading", name="Herinneringen per e-mail")).to_be_visible()
    expect(page.get_by_text("hengelo@samen.example")).to_be_visible()
    expect(page.get_by_label("Elke herinnering meteen, in een eigen e-mail")).to_be_checked()
    assert axe_violations(page) == []

    page.get_by_label("Eén weekoverzicht per week").check()
    page.get_by_role("button", name="Keuze opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Uw keuze voor herinneringen is opgeslagen.")
    expect(page.get_by_label("Eén weekoverzicht per week")).to_be_checked()
    assert axe_violations(page) == []
