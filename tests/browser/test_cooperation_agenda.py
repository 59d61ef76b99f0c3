"""The secretariat records an administrative assignment, adds a project group member and a progress update, and
the cooperation agenda shows it under its pillar; axe finds no violations on the pages along the way."""

from __future__ import annotations

from datetime import date

import pytest
from browser_helpers import log_in
from playwright.sync_api import expect
from test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_the_secretariat_records_an_assignment_with_project_group_and_progress(page, demo):
    from samen.parties.models import Person

    principal = Person.objects.filter(agreement__slug="twente-vth-2024", party__code="GM0164").order_by("pk").first()
    today = date.today().isoformat()
    log_in(page, "secretariaat")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Samenwerkingsagenda").click()
    expect(page.locator("h1")).to_have_text("Samenwerkingsagenda")
    expect(page.locator("#pijler-a")).to_contain_text("Werkende beleids- en uitvoeringscyclus")
    assert_accessible(page, "cooperation agenda")

    page.get_by_role("link", name="Een bestuurlijke opdracht vastleggen").click()
    expect(page.locator("h1")).to_have_text("Een bestuurlijke opdracht vastleggen")
    assert_accessible(page, "new assignment form")
    page.get_by_role("button", name="Opdracht vastleggen").click()
    expect(page.locator("#error-summary")).to_contain_text("Titel")
    expect(page.locator("#id_title")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "new assignment form with errors")

    page.select_option("#id_pillar", "c")
    page.fill("#id_title", "Toezicht energiebesparingsplicht")
    page.fill("#id_description", "Samen toezicht houden op de energiebesparingsplicht.")
    page.fill("#id_deliverables", "Een gezamenlijke werkwijze.")
    page.select_option("#id_principal", str(principal.pk))
    page.fill("#id_start", "2026-01-15")
    page.fill("#id_planned_end", "2027-06-30")
    page.fill("#id_budget", "7.500,00")
    page.get_by_role("button", name="Opdracht vastleggen").click()
    expect(page.locator("h1")).to_have_text("Toezicht energiebesparingsplicht")
    expect(page.locator("#stand")).to_contain_text("voorbereiding")
    expect(page.locator("main")).to_contain_text("€\xa07.500,00")
    assert_accessible(page, "assignment")

    page.get_by_role("link", name="Lid van de projectgroep toevoegen").click()
    assert_accessible(page, "project group member form")
    page.select_option("#id_party", "GM0173")
    page.fill("#id_name", "Adviseur handhaving Oldenzaal")
    page.select_option("#id_role", "lead")
    page.fill("#id_start", "2026-01-15")
    page.get_by_role("button", name="Lid toevoegen").click()
    expect(page.locator("#projectgroep-tabel")).to_contain_text("Adviseur handhaving Oldenzaal")
    expect(page.locator("#projectgroep-tabel")).to_contain_text("Oldenzaal")
    expect(page.locator("#projectgroep-tabel")).to_contain_text("trekker")

    page.get_by_role("link", name="Voortgang vastleggen").click()
    assert_accessible(page, "progress form")
    page.fill("#id_date", today)
    page.select_option("#id_status", "in_progress")
    page.fill("#id_percent", "20")
    page.fill("#id_milestone", "Werkwijze in concept")
    page.get_by_role("button", name="Voortgang vastleggen").click()
    expect(page.locator("#voortgang-tabel")).to_contain_text("Werkwijze in concept")
    expect(page.locator("#stand")).to_contain_text("in uitvoering")
    expect(page.locator("#stand")).to_contain_text("20% gereed")
    assert_accessible(page, "assignment with a project group and progress")

    page.get_by_role("link", name="Samenwerkingsagenda", exact=True).first.click()
    pillar_c = page.locator("section[aria-labelledby=pijler-c]")
    expect(pillar_c).to_contain_text("Toezicht energiebesparingsplicht")
    expect(pillar_c).to_contain_text("in uitvoering, 20%")
    expect(page.locator("section[aria-labelledby=pijler-a]")).not_to_contain_text("Toezicht energiebesparingsplicht")
    assert_accessible(page, "cooperation agenda with the new assignment")


@pytest.mark.parametrize("username", ["hengelo", "waarnemer"])
def test_other_roles_see_the_agenda_without_forms(page, demo, username):
    log_in(page, username)
    page.goto(page.base_url + "/samenwerkingsagenda/")
    expect(page.locator("#pijler-a")).to_be_visible()
    expect(page.get_by_role("link", name="Een bestuurlijke opdracht vastleggen")).to_have_count(0)
    page.get_by_role("link", name="Regionaal beleidskader VTH").click()
    expect(page.locator("#voortgang-tabel")).to_contain_text("Beleidskader vastgesteld")
    expect(page.get_by_role("link", name="Voortgang vastleggen")).to_have_count(0)
    assert_accessible(page, f"{username}: assignment")
