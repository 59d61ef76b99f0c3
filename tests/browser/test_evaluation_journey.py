"""An evaluation recorded (art. 3 lid 3, art. 11 lid 2): the finding that it is due goes, the outcome stays."""

from __future__ import annotations

import pytest
from browser_helpers import log_in
from playwright.sync_api import expect
from test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_an_evaluation_recorded_and_its_finding_gone(page, demo):
    log_in(page, "secretariaat")
    page.goto(page.base_url + "/?as_of=2026-10-15")
    todo = page.locator("#todo")
    expect(todo).to_contain_text("De evaluatie vastleggen")
    todo.locator("a", has_text="De evaluatie vastleggen").click()
    expect(page.locator("h1")).to_have_text("Evaluatie en verlenging")
    findings = page.locator("#evaluation-findings")
    expect(findings).to_contain_text("De evaluatie moet uiterlijk op 1 november 2026 plaatsvinden")
    assert_accessible(page, "evaluation due")

    page.fill("#id_evaluatie-date", "2026-10-01")
    page.fill("#id_evaluatie-reference", "Evaluatierapport VTH Twente 2026")
    page.fill("#id_evaluatie-text", "De samenwerking werkt; voorstel tot verlenging met drie jaar.")
    page.click("#form-evaluatie button")
    expect(page.locator("#evaluation-state")).to_contain_text("uitgevoerd op 1 oktober 2026")
    expect(findings).not_to_contain_text("De evaluatie moet uiterlijk")
    expect(page.locator("main")).to_contain_text("voorstel tot verlenging met drie jaar")
    expect(page.locator("#form-evaluatie")).to_have_count(0)
    expect(page.locator("a", has_text="Een voorstel tot verlenging maken")).to_be_visible()
    assert_accessible(page, "evaluation recorded")

    page.goto(page.base_url + "/?as_of=2026-10-15")
    expect(page.locator("#todo")).not_to_contain_text("De evaluatie vastleggen")
