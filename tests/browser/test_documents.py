"""The secretariat adds a PDF to an agenda item and then a new version of it: the stable link serves the latest,
the first version stays downloadable; axe finds no violations on the meeting page and the document's page."""

from __future__ import annotations

import pytest
from browser_helpers import axe_violations, log_in
from playwright.sync_api import expect

from samen.documents.pdf import simple_pdf

pytestmark = pytest.mark.browser


def _no_violations(page, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{what}: {violations}"


def test_upload_a_pdf_to_an_agenda_item_and_a_new_version(page, demo):
    from samen.governance.models import Meeting

    meeting = Meeting.objects.get(agreement=demo, status=Meeting.Status.PLANNED)
    first, second = simple_pdf(["Werkplan 2027", "concept"]), simple_pdf(["Werkplan 2027", "definitief"])
    log_in(page, "secretariaat")
    page.goto(f"{page.base_url}/vergaderingen/{meeting.pk}/")
    expect(page.get_by_role("heading", name="Stukken")).to_be_visible()
    _no_violations(page, "meeting page with documents")

    # A file that is not a PDF by its content: the error summary names the field.
    page.select_option("#id_doc-attach_to", label="Agendapunt 3. Werkplan 2027 samenwerkingsagenda")
    page.fill("#id_doc-title", "Werkplan 2027")
    page.select_option("#id_doc-kind", "memo")
    page.set_input_files("#id_doc-file", files=[{"name": "werkplan.pdf", "mimeType": "application/pdf", "buffer": b"geen pdf"}])
    page.get_by_role("button", name="Stuk toevoegen").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_doc-file")).to_have_attribute("aria-invalid", "true")
    _no_violations(page, "upload with errors")

    page.select_option("#id_doc-attach_to", label="Agendapunt 3. Werkplan 2027 samenwerkingsagenda")
    page.fill("#id_doc-title", "Werkplan 2027")
    page.set_input_files("#id_doc-file", files=[{"name": "werkplan.pdf", "mimeType": "application/pdf", "buffer": first}])
    page.get_by_role("button", name="Stuk toevoegen").click()
    item = page.locator("ol.samen-agenda > li").nth(2)
    expect(item.get_by_role("link", name="Werkplan 2027", exact=True)).to_be_visible()
    expect(item).to_contain_text("versie 1")
    stable = item.get_by_role("link", name="Werkplan 2027", exact=True).get_attribute("href")

    item.get_by_role("link", name="Versies van Werkplan 2027").click()
    expect(page.get_by_role("heading", name="Werkplan 2027", level=1)).to_be_visible()
    _no_violations(page, "document page")
    page.set_input_files("#id_doc-file", files=[{"name": "werkplan-definitief.pdf", "mimeType": "application/pdf", "buffer": second}])
    page.get_by_role("button", name="Versie toevoegen").click()
    expect(page.locator("#versions tbody tr")).to_have_count(2)
    expect(page.locator("#latest-link")).to_contain_text("nu versie 2")
    _no_violations(page, "document page with two versions")

    latest = page.request.get(page.base_url + stable)
    assert latest.status == 200 and latest.headers["content-type"] == "application/pdf"
    assert latest.body() == second
    old = page.request.get(page.base_url + stable + "versies/1/")
    assert old.body() == first

    page.goto(f"{page.base_url}/vergaderingen/{meeting.pk}/")
    expect(page.locator("ol.samen-agenda > li").nth(2)).to_contain_text("versie 2")


@pytest.mark.parametrize("username", ["hengelo", "waarnemer", "voorzitter"])
def test_the_document_page_for_other_roles(page, demo, username):
    from samen.documents.models import Document

    d = Document.objects.get(agreement=demo, kind="agenda")
    log_in(page, username)
    page.goto(f"{page.base_url}/vergaderingen/{d.meeting_id}/")
    page.get_by_role("link", name=f"Versies van {d.title}").click()
    expect(page.get_by_role("heading", name=d.title, level=1)).to_be_visible()
    expect(page.locator("#versions tbody tr")).to_have_count(1)
    # The chair records meetings, so may add a version; the others only read.
    expect(page.get_by_role("button", name="Versie toevoegen")).to_have_count(1 if username == "voorzitter" else 0)
    _no_violations(page, f"document page ({username})")
