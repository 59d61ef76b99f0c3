"""A dispute walked from notice to resolution, invisible to a representative of a party not involved
(issue 9, must show; art. 14)."""

from __future__ import annotations

import pytest
from browser_helpers import log_in
from playwright.sync_api import expect
from test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

REF = "G-2026-7"


def _goto(page, path: str, as_of: str) -> None:
    page.goto(f"{page.base_url}{path}?as_of={as_of}")


def test_a_dispute_from_notice_to_resolution_hidden_from_a_party_not_involved(page, demo):
    log_in(page, "secretariaat")
    _goto(page, "/geschillen/", "2026-09-10")
    expect(page.locator("h1")).to_have_text("Geschillen")
    assert_accessible(page, "disputes")
    # Notice (art. 14 lid 2): Almelo notified a dispute with Borne; Hengelo is not involved.
    page.fill("#id_notice-ref", REF)
    page.select_option("#id_notice-by", "GM0141")
    page.get_by_role("checkbox", name="Borne").check()
    page.fill("#id_notice-received_on", "2026-09-01")
    page.fill("#id_notice-subject", "Verdeling van de toezichtsuren")
    page.click("button >> text=Melding vastleggen")
    expect(page.locator("#error-summary")).to_contain_text("Mogelijke oplossing")
    assert_accessible(page, "notice with an error")
    page.fill("#id_notice-proposed_solution", "Uren naar rato van de fte-inbreng")
    page.click("button >> text=Melding vastleggen")
    expect(page.locator("h1")).to_have_text(f"Geschil {REF}")
    expect(page.locator("#stand")).to_contain_text("fase voorzitter")
    expect(page.locator("#termijn")).to_contain_text("13 oktober 2026")
    assert_accessible(page, "dispute in the chair phase")
    # Chair phase (art. 14 lid 3): who chairs.
    page.fill("#id_chair-phase-chaired_by", "Voorzitter bestuurlijk overleg")
    page.fill("#id_chair-phase-on", "2026-09-03")
    page.click("#stap-chair-phase button")
    expect(page.locator("#geschiedenis + ol")).to_contain_text("Voorzitter bestuurlijk overleg")
    # Six weeks later without agreement: mediation (art. 14 lid 4).
    _goto(page, f"/geschillen/{REF}/", "2026-10-20")
    expect(page.locator("#stand")).to_contain_text("mediation nog niet gestart")
    expect(page.locator("#volgende-stap")).to_contain_text("mediation")
    page.fill("#id_mediation-mediator", "Mr. J. de Bemiddelaar")
    page.fill("#id_mediation-started_on", "2026-10-19")
    page.click("#stap-mediation button")
    expect(page.locator("#stand")).to_contain_text("mediation")
    expect(page.locator("#termijn")).to_contain_text("19 januari 2027")
    assert_accessible(page, "dispute in mediation")
    # Mediation costs, shared equally by the two parties (art. 14 lid 6).
    page.fill("#id_costs-amount", "2500,00")
    page.fill("#id_costs-on", "2026-10-20")
    page.click("#stap-costs button")
    expect(page.locator("#kosten")).to_contain_text("Almelo")
    expect(page.locator("#kosten")).to_contain_text("1.250,00")
    # Three months without a solution: Almelo puts it to Gedeputeerde Staten (art. 14 lid 5).
    _goto(page, f"/geschillen/{REF}/", "2027-01-25")
    expect(page.locator("#stand")).to_contain_text("mediation zonder oplossing")
    page.select_option("#id_gs-by", "GM0141")
    page.fill("#id_gs-submitted_on", "2027-01-21")
    page.click("#stap-gs button")
    expect(page.locator("#stand")).to_contain_text("bij Gedeputeerde Staten")
    # Resolution with the written outcome (art. 14 lid 3).
    page.fill("#id_resolution-resolved_on", "2027-01-24")
    page.fill("#id_resolution-outcome", "Gedeputeerde Staten besloten: uren naar rato van de fte-inbreng.")
    page.click("#stap-resolution button")
    expect(page.locator("#stand")).to_contain_text("opgelost")
    expect(page.locator("#geschiedenis + ol")).to_contain_text("uren naar rato van de fte-inbreng")
    expect(page.locator("#geschiedenis + ol > li")).to_have_count(6)
    assert_accessible(page, "resolved dispute")
    # WCAG 1.4.10: at 320 CSS px the page does not scroll sideways (the costs table scrolls in its own region).
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})
    detail = f"/geschillen/{REF}/"
    # Hengelo's representative: not a party to this dispute, so neither the list nor the page shows it.
    page.context.clear_cookies()
    log_in(page, "hengelo")
    _goto(page, "/geschillen/", "2027-01-25")
    expect(page.locator("h1")).to_have_text("Geschillen")
    expect(page.locator("main")).not_to_contain_text(REF)
    assert_accessible(page, "disputes for a representative")
    response = page.goto(f"{page.base_url}{detail}?as_of=2027-01-25")
    assert response is not None and response.status == 404
    expect(page.locator("main")).not_to_contain_text("toezichtsuren")
