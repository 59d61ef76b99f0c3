"""Issue 8, must show, as one journey of the secretary in the browser: plan a board meeting with three agenda items
and a document, record it held with attendance and decisions, see the year's count on the dashboard change; put an
amendment (a parameter and the wording of a lid) to the parties, record fifteen decisions, and find the new version
on the agreement page and its wording on the text page. axe finds no violations along the way."""

from __future__ import annotations

import re
from datetime import date

import pytest
from browser_helpers import axe_violations, log_in
from playwright.sync_api import expect

from samen.documents.pdf import simple_pdf

pytestmark = pytest.mark.browser

NEW_WORDING = "Het bestuurlijk overleg komt in elk geval 5 keer per jaar bij elkaar."


def _no_violations(page, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{what}: {violations}"


def _held(glance_text: str) -> int:
    found = re.search(r"(\d+) gehouden", glance_text)
    assert found, glance_text
    return int(found.group(1))


def test_the_secretary_runs_a_meeting_and_an_amendment(page, demo):
    from samen.parties.models import Party

    today = date.today()
    log_in(page, "secretariaat")

    # The dashboard's board year before.
    page.goto(page.base_url + "/")
    glance = page.locator("#h-board-meetings ~ .samen-glance")
    expect(glance).to_contain_text(f"{today.year}:")
    held_before = _held(glance.inner_text())

    # Plan a board meeting today with three agenda items.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Vergaderingen").click()
    page.get_by_role("link", name="Een vergadering plannen").click()
    page.select_option("#id_body", "board")
    page.fill("#id_date", today.isoformat())
    page.fill("#id_start_time", "10:00")
    page.fill("#id_place", "Stadhuis Enschede")
    for i, title in enumerate(["Opening en mededelingen", "Begroting 2028", "Evaluatie handhavingsstrategie"], start=1):
        page.fill(f"#id_item_{i}_title", title)
    page.fill("#id_item_2_proposal", "Instemmen met de begroting 2028.")
    page.get_by_role("button", name="Vergadering plannen").click()
    expect(page.get_by_role("heading", name="Evaluatie handhavingsstrategie")).to_be_visible()
    meeting_url = page.url

    # A document for the second item.
    page.select_option("#id_doc-attach_to", label="Agendapunt 2. Begroting 2028")
    page.fill("#id_doc-title", "Ontwerpbegroting 2028")
    page.set_input_files(
        "#id_doc-file",
        files=[{"name": "begroting-2028.pdf", "mimeType": "application/pdf", "buffer": simple_pdf(["Ontwerpbegroting 2028"])}],
    )
    page.get_by_role("button", name="Stuk toevoegen").click()
    item = page.locator("ol.samen-agenda > li").nth(1)
    expect(item.get_by_role("link", name="Ontwerpbegroting 2028", exact=True)).to_be_visible()
    _no_violations(page, "planned meeting with a document")

    # Record it held: attendance per party and participant, a decision per item.
    page.get_by_role("link", name="Vastleggen als gehouden").click()
    for select in page.locator("select[id^=id_att_]").all():
        select.select_option("present")
    page.select_option("#id_att_GM0153", "absent")
    outcomes = page.locator("select[id^=id_outcome_]")
    expect(outcomes).to_have_count(3)
    for select, outcome in zip(outcomes.all(), ["noted", "adopted", "postponed"], strict=True):
        select.select_option(outcome)
    page.locator("textarea[id^=id_decision_]").nth(1).fill("Het overleg stemt in met de begroting 2028.")
    _no_violations(page, "record held")
    page.get_by_role("button", name="Vastleggen", exact=True).click()
    expect(page.get_by_role("heading", name="Presentielijst")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Het overleg stemt in met de begroting 2028.")
    expect(page.locator("ol.samen-agenda > li").nth(1).get_by_role("link", name="Ontwerpbegroting 2028", exact=True)).to_be_visible()
    assert page.url == meeting_url

    # The dashboard counts it.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overzicht").click()
    expect(glance).to_contain_text(f"{today.year}: {held_before + 1} gehouden")

    # An amendment to the parties: a parameter and the wording of art. 5 lid 4, from next year.
    page.goto(page.base_url + "/voorstellen/")
    page.fill("#id_ref", "W-JOURNEY-1")
    page.fill("#id_subject", "Vijf vergaderingen per jaar")
    page.select_option("#id_kind", "amendment")
    page.select_option("#id_proposed_by", "GM0153")
    page.fill("#id_proposed_on", today.isoformat())
    page.fill("#id_parameters", "board.meetings_per_year = 5")
    page.fill("#id_effective_date", date(today.year + 1, 1, 1).isoformat())
    page.select_option("#id_text_ref", "art. 5 lid 4")
    page.fill("#id_text_new", NEW_WORDING)
    page.get_by_role("button", name="Voorstel vastleggen").click()
    expect(page.locator("h1")).to_contain_text("W-JOURNEY-1")
    for code in Party.objects.filter(agreement=demo).order_by("position").values_list("code", flat=True):
        page.fill(f"[name='{code}-decided_on']", today.isoformat())
        page.select_option(f"[name='{code}-outcome']", "consent")
    page.get_by_role("button", name="Besluiten vastleggen").click()
    expect(page.locator("#uitkomst")).to_contain_text("aangenomen")
    _no_violations(page, "adopted amendment")

    # The agreement page shows the new version side by side with the old one.
    page.goto(page.base_url + "/overeenkomst/")
    version = page.locator(".samen-version", has_text="Gewijzigd door W-JOURNEY-1")
    expect(version.locator("tr", has_text="board.meetings_per_year")).to_contain_text("4 vergaderingen")
    expect(version.locator("tr", has_text="board.meetings_per_year")).to_contain_text("5 vergaderingen")
    expect(version.locator("tr", has_text="Tekst van art. 5 lid 4")).to_contain_text(NEW_WORDING)
    _no_violations(page, "agreement with the new version")

    # The text page gives the new wording from its effective date, the old one before.
    page.goto(f"{page.base_url}/overeenkomst/tekst/?as_of={today.year + 1}-02-01")
    expect(page.locator("#art-5-lid-4")).to_contain_text(NEW_WORDING)
    expect(page.locator("#art-5-lid-4")).to_contain_text("Tekst gewijzigd door W-JOURNEY-1")
    _no_violations(page, "text with the new wording")
    page.goto(f"{page.base_url}/overeenkomst/tekst/?as_of={today.isoformat()}")
    expect(page.locator("#art-5-lid-4")).not_to_contain_text(NEW_WORDING)
