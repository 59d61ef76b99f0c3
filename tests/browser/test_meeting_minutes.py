"""The secretariat changes a planned board meeting (date, place, public, reorders and adds agenda items), downloads its
agenda as PDF, records it held, and adopts there the draft minutes of the board's previous meeting; then cancels
another planned meeting. axe finds no violations on the new pages along the way."""

from __future__ import annotations

import io
from datetime import date, timedelta

from browser_helpers import axe_violations, log_in
from playwright.sync_api import expect
from pypdf import PdfReader

from samen.governance.models import Meeting

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")


def _dutch(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _no_violations(page, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{what}: {violations}"


def test_edit_a_planned_meeting_hold_it_and_adopt_the_previous_minutes_there(page, demo):
    today = date.today()
    planned = Meeting.objects.get(agreement=demo, status="planned")
    previous = Meeting.objects.filter(agreement=demo, body__key="board", status="held", held_on__lt=today).order_by("-held_on").first()
    titles = [i.title for i in planned.agenda_items.all()]
    ids = [i.pk for i in planned.agenda_items.all()]
    log_in(page, "secretariaat")
    page.goto(f"{page.base_url}/vergaderingen/{planned.pk}/")
    page.get_by_role("link", name="Vergadering en agenda wijzigen").click()
    expect(page.get_by_role("heading", name="Vergadering en agenda wijzigen")).to_be_visible()
    _no_violations(page, "edit page")

    # Move the meeting to today, elsewhere, public; then reorder and add an item (plain form posts, no JavaScript needed).
    page.fill("#id_date", today.isoformat())
    page.fill("#id_place", "Stadhuis Almelo")
    page.check("#id_public")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.locator("main")).to_contain_text("Stadhuis Almelo")
    page.get_by_role("link", name="Vergadering en agenda wijzigen").click()
    page.locator(f"#item-{ids[0]}").get_by_role("button", name="Omlaag").click()
    agenda = page.locator("ol.samen-agenda > li h3")
    expect(agenda).to_have_text([titles[1], titles[0], titles[2]])
    page.get_by_role("link", name="Agendapunt toevoegen").click()
    page.get_by_role("button", name="Agendapunt toevoegen").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_title")).to_have_attribute("aria-invalid", "true")
    _no_violations(page, "add item with errors")
    page.fill("#id_title", "Rondvraag")
    page.fill("#id_brought_by", "secretariaat")
    page.get_by_role("button", name="Agendapunt toevoegen").click()
    expect(agenda).to_have_text([titles[1], titles[0], titles[2], "Rondvraag"])
    page.locator(f"#item-{ids[2]}").get_by_role("link", name="Wijzigen").click()
    _no_violations(page, "edit item")
    page.get_by_role("link", name="Terug naar de agenda").click()

    # The agenda as PDF: a real PDF with the items in their new order.
    page.goto(f"{page.base_url}/vergaderingen/{planned.pk}/")
    href = page.get_by_role("link", name="Agenda (pdf)").get_attribute("href")
    response = page.request.get(page.base_url + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    at = [text.index(t) for t in (titles[1], titles[0], titles[2], "Rondvraag")]
    assert at == sorted(at) and "Stadhuis Almelo" in text

    # Record it held.
    page.get_by_role("link", name="Vastleggen als gehouden").click()
    for select in page.locator("select[id^=id_att_]").all():
        select.select_option("present")
    for select in page.locator("select[id^=id_outcome_]").all():
        select.select_option("adopted")
    page.get_by_role("button", name="Vastleggen", exact=True).click()
    expect(page.get_by_role("heading", name="Presentielijst")).to_be_visible()
    expect(page.get_by_role("link", name="Vergadering en agenda wijzigen")).to_have_count(0)
    expect(page.get_by_role("link", name="Besluitenlijst (pdf)")).to_be_visible()

    # Draft the minutes of the previous board meeting, and adopt them (with a change) at the meeting just held.
    page.goto(f"{page.base_url}/vergaderingen/{previous.pk}/")
    expect(page.locator("#notulen ~ p").first).to_contain_text("Nog geen notulen opgesteld.")
    page.get_by_role("link", name="Notulen opstellen").click()
    _no_violations(page, "minutes form")
    page.fill("#id_minutes", "De voorzitter opent de vergadering.")
    page.get_by_role("button", name="Conceptnotulen opslaan").click()
    expect(page.locator("main")).to_contain_text("nog niet vastgesteld")
    _no_violations(page, "meeting with draft minutes")
    page.get_by_role("link", name="Notulen vaststellen").click()
    _no_violations(page, "adopt form")
    page.select_option("#id_adopted_at", str(planned.pk))
    page.fill("#id_minutes", "De voorzitter opent de vergadering om 14:00.")
    page.get_by_role("button", name="Notulen vaststellen").click()
    expect(page.locator("main")).to_contain_text(f"Vastgesteld in de vergadering van {_dutch(today)} (met wijzigingen)")
    expect(page.locator("main")).to_contain_text("om 14:00")
    _no_violations(page, "meeting with adopted minutes")
    page.get_by_role("link", name=_dutch(today)).click()
    expect(page.locator("main")).to_contain_text("In deze vergadering vastgesteld:")


def test_cancel_a_planned_meeting_and_changes_are_then_refused(page, demo):
    planned = Meeting.objects.get(agreement=demo, status="planned")
    log_in(page, "voorzitter")
    page.goto(f"{page.base_url}/vergaderingen/{planned.pk}/")
    page.get_by_role("link", name="Vergadering afgelasten").click()
    expect(page.get_by_role("heading", name="Vergadering afgelasten")).to_be_visible()
    _no_violations(page, "cancel confirmation")
    page.get_by_role("button", name="Afgelasten").click()
    expect(page.locator("main")).to_contain_text("afgelast")
    expect(page.get_by_role("link", name="Vergadering en agenda wijzigen")).to_have_count(0)
    page.goto(f"{page.base_url}/vergaderingen/{planned.pk}/wijzigen/")
    expect(page.get_by_role("heading", name="Dit kan niet meer")).to_be_visible()
    expect(page.locator("main")).to_contain_text("afgelast")
    _no_violations(page, "refused page")
    page.goto(f"{page.base_url}/?as_of={(date.today() + timedelta(days=0)).isoformat()}")
    expect(page.locator("#h-board-meetings + p")).to_contain_text("0 gepland")
    _no_violations(page, "dashboard")
