"""A withdrawal walked from notice to exit (art. 9, art. 10): the notice letter, the board's consent linked to its
decision, the exit date and what the party still owes per year, each amount with its explanation."""

from __future__ import annotations

import pytest
from browser_helpers import log_in
from playwright.sync_api import expect
from test_accessibility import assert_accessible
from tests.procedure_helpers import held_board_decision

pytestmark = pytest.mark.browser


def test_a_withdrawal_from_notice_to_exit_with_the_amounts_owed(page, demo):
    item = held_board_decision(demo)
    log_in(page, "secretariaat")
    page.goto(page.base_url + "/?as_of=2026-02-10")
    page.click("nav >> text=Procedures")
    page.select_option("#id_partij", "GM0164")
    page.click("button >> text=Openen")
    expect(page.locator("h1")).to_contain_text("Uittreding van")
    expect(page.locator("#withdrawal-state")).to_contain_text("geen opzegging vastgelegd")
    assert_accessible(page, "withdrawal: no notice")

    page.fill("#id_opzegging-date", "2026-01-15")
    page.fill("#id_opzegging-reference", "Brief 2026-001")
    page.click("#form-opzegging button")
    expect(page.locator("#withdrawal-state")).to_contain_text("art. 9 lid 1")
    expect(page.locator("main")).to_contain_text("Brief 2026-001")
    # The notice letter itself, attached to the notice.
    page.fill("#id_doc-title", "Opzeggingsbrief Hengelo")
    page.select_option("#id_doc-kind", "other")
    letter = {"name": "opzegging.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"}
    page.set_input_files("#id_doc-file", files=[letter])
    page.click("#document-form button")
    expect(page.get_by_role("link", name="Opzeggingsbrief Hengelo", exact=True)).to_be_visible()

    page.goto(page.base_url + "/?as_of=2026-02-10")
    todo = page.locator("#todo")
    expect(todo).to_contain_text("Instemming met de uittreding")
    todo.locator("a", has_text="Instemming met de uittreding").click()

    page.fill("#id_instemming-date", "2026-02-01")
    page.select_option("#id_instemming-agenda_item", str(item.pk))
    page.click("#form-instemming button")
    expect(page.locator("#withdrawal-exit")).to_contain_text("1 februari 2028")
    expect(page.locator("main")).to_contain_text("Uittreding Hengelo")
    amounts = page.locator("#withdrawal-amounts")
    expect(amounts).to_contain_text("2026")
    expect(amounts.locator("a", has_text="Uitleg").first).to_be_visible()
    assert_accessible(page, "withdrawal: consented")

    page.fill("#id_desintegratiekosten-date", "2026-03-01")
    page.fill("#id_desintegratiekosten-amount", "12500,00")
    page.click("#form-desintegratiekosten button")
    expect(page.locator("main")).to_contain_text("12.500,00")

    page.goto(page.url.split("?")[0] + "?as_of=2028-03-01")
    expect(page.locator("#withdrawal-state")).to_contain_text("uitgetreden")
    amounts.locator("a", has_text="Uitleg").first.click()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("main")).to_contain_text("art.")
