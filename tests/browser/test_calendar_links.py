"""The account page offers the calendar feed (.ics and webcal:) and a reset that retires the old link; axe on the way."""

from __future__ import annotations

import icalendar
import pytest
from browser_helpers import axe_violations, log_in
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_representative_subscribes_and_resets_the_calendar_link(page, demo):
    log_in(page, "hengelo")
    page.goto(page.base_url + "/account/")
    expect(page.get_by_role("heading", name="Vergaderingen in uw agenda")).to_be_visible()
    ics_link = page.get_by_role("link", name="Agendabestand downloaden (.ics)")
    webcal_link = page.get_by_role("link", name="Abonneren in uw agenda-app (webcal)")
    expect(ics_link).to_be_visible()
    old = ics_link.get_attribute("href")
    assert old.startswith(page.base_url + "/kalender/") and old.endswith(".ics")
    assert webcal_link.get_attribute("href") == "webcal://" + old.split("://", 1)[1]
    expect(page.get_by_label("Link om in uw agenda-app te plakken")).to_have_value(old)
    assert axe_violations(page) == []

    feed = page.request.get(old)
    assert feed.status == 200 and feed.headers["content-type"] == "text/calendar; charset=utf-8"
    assert icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")

    page.get_by_role("button", name="Nieuwe agendalink maken").click()
    expect(page.get_by_role("status")).to_contain_text("De oude link werkt niet meer")
    new = page.get_by_role("link", name="Agendabestand downloaden (.ics)").get_attribute("href")
    assert new != old
    expect(page.get_by_label("Link om in uw agenda-app te plakken")).to_have_value(new)
    assert axe_violations(page) == []
    assert page.request.get(old).status == 404
    assert page.request.get(new).status == 200
