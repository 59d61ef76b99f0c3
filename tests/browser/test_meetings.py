"""The secretariat plans a board meeting with three agenda items, records it held, and the year's count changes;
axe finds no violations on the meeting pages along the way."""

from __future__ import annotations

from datetime import date

from browser_helpers import axe_violations, log_in
from playwright.sync_api import expect


def _no_violations(page, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{what}: {violations}"


def test_plan_a_board_meeting_and_record_it_held(page, demo):
    year = date.today().year
    log_in(page, "secretariaat")
    page.goto(page.base_url + "/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Vergaderingen").click()
    glance = page.locator("#body-board + p")
    expect(glance).to_contain_text(f"{year}:")
    before = glance.inner_text()
    _no_violations(page, "meetings")

    page.get_by_role("link", name="Een vergadering plannen").click()
    expect(page.get_by_role("heading", name="Een vergadering plannen")).to_be_visible()
    page.get_by_role("button", name="Vergadering plannen").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_date")).to_have_attribute("aria-invalid", "true")
    _no_violations(page, "plan form with errors")

    page.select_option("#id_body", "board")
    page.fill("#id_date", date.today().isoformat())
    page.fill("#id_start_time", "14:00")
    page.fill("#id_place", "Gemeentehuis Almelo")
    for i, title in enumerate(["Opening", "Verslag vorige vergadering", "Werkplan 2027"], start=1):
        page.fill(f"#id_item_{i}_title", title)
    page.fill("#id_item_3_proposal", "Instemmen met het werkplan.")
    page.get_by_role("button", name="Vergadering plannen").click()
    expect(page.get_by_role("heading", name="Werkplan 2027")).to_be_visible()
    _no_violations(page, "planned meeting")

    page.get_by_role("link", name="Vastleggen als gehouden").click()
    expect(page.get_by_role("heading", name="Vastleggen als gehouden")).to_be_visible()
    _no_violations(page, "record-held form")
    for select in page.locator("select[id^=id_att_]").all():
        select.select_option("present")
    page.select_option("#id_att_GM0164", "represented")
    page.fill("#id_rep_GM0164", "wethouder Hengelo")
    outcomes = page.locator("select[id^=id_outcome_]")
    expect(outcomes).to_have_count(3)
    for i, select in enumerate(outcomes.all()):
        select.select_option("adopted" if i < 2 else "postponed")
    page.locator("textarea[id^=id_decision_]").first.fill("De vergadering is geopend.")
    page.get_by_role("button", name="Vastleggen", exact=True).click()
    expect(page.get_by_role("heading", name="Presentielijst")).to_be_visible()
    expect(page.locator("main")).to_contain_text("wethouder Hengelo")
    expect(page.locator("main")).to_contain_text("aangehouden")
    _no_violations(page, "held meeting")

    page.get_by_role("link", name="Alle vergaderingen").click()
    expect(glance).not_to_have_text(before)
    held_before = int(before.split(":")[1].split("gehouden")[0])
    expect(glance).to_contain_text(f"{year}: {held_before + 1} gehouden")
