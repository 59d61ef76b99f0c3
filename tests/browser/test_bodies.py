"""A secretary replaces a board member and the board elects the new member its chair, through the pages; axe on the way."""

from __future__ import annotations

import pytest
from browser_helpers import axe_violations, log_in
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_secretariat_replaces_a_member_and_elects_a_chair(page, demo):
    from samen.governance.models import Membership
    from samen.parties.models import Party, Person

    hengelo = Party.objects.get(agreement=demo, code="GM0164")
    seat = Membership.objects.get(body__key="board", role="member", person__party=hengelo)
    staff = Person.objects.get(agreement=demo, name="Secretaris (voorbeeld)")

    log_in(page, "secretariaat")
    page.goto(page.base_url + "/overeenkomst/")
    page.get_by_role("link", name="Organen: leden in de tijd, voorzitter en samenstelling").click()
    page.get_by_role("link", name="Portefeuillehoudersoverleg beleid Uitvoering & Handhaving Omgevingsrecht").click()
    expect(page.locator("h1")).to_have_text("Portefeuillehoudersoverleg beleid Uitvoering & Handhaving Omgevingsrecht")
    assert axe_violations(page) == []

    # Record the successor, then replace Hengelo's member.
    page.fill("#id_person-name", "Mevrouw Nieuw (Hengelo)")
    page.fill("#id_person-function", "wethouder")
    page.select_option("#id_person-organisation", f"party:{hengelo.pk}")
    page.click("#form-person button[type=submit]")
    expect(page.locator("#id_replace-person")).to_contain_text("Mevrouw Nieuw (Hengelo)")
    successor = Person.objects.get(agreement=demo, name="Mevrouw Nieuw (Hengelo)")
    page.select_option("#id_replace-membership", str(seat.pk))
    page.select_option("#id_replace-person", str(successor.pk))
    page.fill("#id_replace-start", "2026-03-01")
    page.click("#form-replace button[type=submit]")
    expect(page.locator("#leden")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Mevrouw Nieuw (Hengelo)")

    # Someone from outside the board's midst: refused, with the article, on the field.
    page.select_option("#id_chair-person", str(staff.pk))
    page.fill("#id_chair-on", "2026-03-12")
    page.click("#form-chair button[type=submit]")
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("art. 5 lid 5")
    expect(page.locator("#id_chair-person")).to_have_attribute("aria-invalid", "true")
    assert axe_violations(page) == []

    # The successor, a board member since 1 March, is elected chair.
    page.select_option("#id_chair-person", str(successor.pk))
    page.fill("#id_chair-on", "2026-03-12")
    page.click("#form-chair button[type=submit]")
    expect(page.locator("#h-chair + p")).to_contain_text("Mevrouw Nieuw (Hengelo) (Hengelo), gekozen op 12 maart 2026")
    assert axe_violations(page) == []
    assert Membership.objects.filter(body__key="board", role="chair", person=successor).exists()
