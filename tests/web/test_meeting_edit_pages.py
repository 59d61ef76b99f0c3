"""Pages to change a planned meeting and its agenda, cancel it, draft and adopt minutes; the printed agenda and decision
list (PDF from the same includes); the board's year at a glance on the dashboard. 403 for roles that may not record."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from tests.web.web_helpers import ROLES, client_for

from samen.accounts.models import User
from samen.audit import services as audit
from samen.governance import services
from samen.governance.models import AgendaItem, Body, Meeting

pytestmark = pytest.mark.django_db


def _planned(demo):
    return Meeting.objects.get(agreement=demo, status="planned")


def _titles(m):
    return [i.title for i in AgendaItem.objects.filter(meeting=m).order_by("position")]


def _hold(m, on):
    actor = User.objects.get(username="secretariaat")
    decisions = {i.pk: {"decision": f"Besluit over {i.title}", "outcome": "adopted"} for i in m.agenda_items.all()}
    services.record_held(actor=actor, meeting=m, attendance={"GM0164": {"status": "present"}}, decisions=decisions, held_on=on)


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_edit_the_meeting_details_and_the_agenda_without_javascript(demo):
    m = _planned(demo)
    c = client_for("secretariaat")
    page = c.get(f"/vergaderingen/{m.pk}/wijzigen/")
    assert page.status_code == 200 and 'name="public"' in page.content.decode()
    data = {
        "date": "2026-12-11",
        "start_time": "15:30",
        "place": "Stadhuis Almelo",
        "title": "Bestuurlijk overleg december",
        "public": "on",
    }
    assert c.post(f"/vergaderingen/{m.pk}/wijzigen/", data).status_code == 302
    m.refresh_from_db()
    assert (m.held_on, m.place, m.public) == (date(2026, 12, 11), "Stadhuis Almelo", True)
    first, second, third = m.agenda_items.all()
    assert c.post(f"/vergaderingen/{m.pk}/agendapunten/{third.pk}/verplaatsen/", {"direction": "up"}).status_code == 302
    assert _titles(m) == [first.title, third.title, second.title]
    added = c.post(f"/vergaderingen/{m.pk}/agendapunten/toevoegen/", {"title": "Rondvraag", "brought_by": "secretariaat"})
    assert added.status_code == 302
    edited = c.post(f"/vergaderingen/{m.pk}/agendapunten/{first.pk}/", {"title": "Opening en mededelingen"})
    assert edited.status_code == 302
    assert c.post(f"/vergaderingen/{m.pk}/agendapunten/{second.pk}/verwijderen/").status_code == 302
    assert _titles(m) == ["Opening en mededelingen", third.title, "Rondvraag"]
    detail = c.get(f"/vergaderingen/{m.pk}/").content.decode()
    assert "Stadhuis Almelo" in detail and "Rondvraag" in detail and f"/vergaderingen/{m.pk}/wijzigen/" in detail
    assert audit.replay() == []


def test_errors_are_summarised_and_marked(demo):
    m = _planned(demo)
    c = client_for("secretariaat")
    bad = c.post(f"/vergaderingen/{m.pk}/wijzigen/", {"date": "2026-02-31", "place": "x"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert 'id="error-summary"' in html and 'href="#id_date"' in html and 'aria-invalid="true"' in html
    bad = c.post(f"/vergaderingen/{m.pk}/agendapunten/toevoegen/", {"title": "", "proposal": "iets"})
    assert bad.status_code == 400 and 'href="#id_title"' in bad.content.decode()
    m.refresh_from_db()
    assert m.place == "Gemeentehuis Hengelo, raadzaal" and m.agenda_items.count() == 3


def test_a_held_meeting_refuses_the_edit_pages_with_a_clear_message(demo):
    m = _planned(demo)
    _hold(m, date(2026, 11, 27))
    c = client_for("secretariaat")
    for url in (f"/vergaderingen/{m.pk}/wijzigen/", f"/vergaderingen/{m.pk}/afgelasten/", f"/vergaderingen/{m.pk}/agendapunten/toevoegen/"):
        page = c.get(url)
        assert page.status_code == 409 and "alleen een geplande vergadering kan worden gewijzigd" in page.content.decode()
    item = m.agenda_items.first()
    assert c.post(f"/vergaderingen/{m.pk}/agendapunten/{item.pk}/verwijderen/").status_code == 409
    assert m.agenda_items.count() == 3
    assert f"/vergaderingen/{m.pk}/wijzigen/" not in c.get(f"/vergaderingen/{m.pk}/").content.decode()


def test_cancel_a_meeting_from_its_page(demo):
    m = _planned(demo)
    c = client_for("secretariaat")
    confirm = c.get(f"/vergaderingen/{m.pk}/afgelasten/")
    assert confirm.status_code == 200 and "art. 5 lid 4" in confirm.content.decode()
    assert c.post(f"/vergaderingen/{m.pk}/afgelasten/").status_code == 302
    m.refresh_from_db()
    assert m.status == "cancelled"
    assert "afgelast" in c.get(f"/vergaderingen/{m.pk}/").content.decode()
    listing = c.get("/vergaderingen/?as_of=2026-11-29").content.decode()
    assert "2026: 3 gehouden, 0 gepland, minimaal 4" in listing and "afgelast" in listing


def test_draft_and_adopt_minutes_from_the_pages(demo):
    board = Body.objects.get(agreement=demo, key="board")
    a = Meeting.objects.filter(body=board, status="held").order_by("-held_on").first()
    m = _planned(demo)
    c = client_for("secretariaat")
    page = c.get(f"/vergaderingen/{a.pk}/").content.decode()
    assert "Nog geen notulen opgesteld." in page and f"/vergaderingen/{a.pk}/notulen/" in page
    assert c.post(f"/vergaderingen/{a.pk}/notulen/", {"minutes": ""}).status_code == 400
    assert c.post(f"/vergaderingen/{a.pk}/notulen/", {"minutes": "De voorzitter opent de vergadering."}).status_code == 302
    page = c.get(f"/vergaderingen/{a.pk}/").content.decode()
    assert "Concept" in page and "De voorzitter opent de vergadering." in page
    adopt = c.get(f"/vergaderingen/{a.pk}/notulen/vaststellen/").content.decode()
    assert "Er is nog geen latere gehouden vergadering" in adopt  # the next one is only planned
    _hold(m, date(2026, 11, 28))
    form = c.get(f"/vergaderingen/{a.pk}/notulen/vaststellen/").content.decode()
    assert f'value="{m.pk}"' in form
    data = {"adopted_at": str(m.pk), "minutes": "De voorzitter opent de vergadering om 14:00."}
    assert c.post(f"/vergaderingen/{a.pk}/notulen/vaststellen/", data).status_code == 302
    page = c.get(f"/vergaderingen/{a.pk}/").content.decode()
    assert "Vastgesteld" in page and "28 november 2026" in page and "met wijzigingen" in page
    assert f'href="/vergaderingen/{m.pk}/"' in page
    later = c.get(f"/vergaderingen/{m.pk}/").content.decode()
    assert f'href="/vergaderingen/{a.pk}/#notulen"' in later
    assert c.get(f"/vergaderingen/{a.pk}/notulen/").status_code == 409  # adopted: no longer changed
    assert audit.replay() == []


def test_others_get_403_on_every_form_but_see_the_meeting_and_its_pdf(demo):
    m = _planned(demo)
    item = m.agenda_items.first()
    held = Meeting.objects.filter(agreement=demo, status="held").first()
    for role in ("waarnemer", "financien", "hengelo"):
        c = client_for(role)
        for url in (
            f"/vergaderingen/{m.pk}/wijzigen/",
            f"/vergaderingen/{m.pk}/afgelasten/",
            f"/vergaderingen/{m.pk}/agendapunten/toevoegen/",
            f"/vergaderingen/{m.pk}/agendapunten/{item.pk}/",
            f"/vergaderingen/{held.pk}/notulen/",
            f"/vergaderingen/{held.pk}/notulen/vaststellen/",
        ):
            assert c.get(url).status_code == 403, url
            assert c.post(url, {"title": "x", "minutes": "x"}).status_code == 403, url
        assert c.post(f"/vergaderingen/{m.pk}/agendapunten/{item.pk}/verplaatsen/", {"direction": "down"}).status_code == 403
        assert c.post(f"/vergaderingen/{m.pk}/agendapunten/{item.pk}/verwijderen/").status_code == 403
        detail = c.get(f"/vergaderingen/{m.pk}/").content.decode()
        assert f"/vergaderingen/{m.pk}/agenda.pdf" in detail and "/wijzigen/" not in detail
        assert c.get(f"/vergaderingen/{m.pk}/agenda.pdf").status_code == 200
    m.refresh_from_db()
    assert m.status == "planned" and m.agenda_items.count() == 3


def test_the_agenda_pdf_holds_the_agreement_body_date_and_items_in_order(demo):
    m = _planned(demo)
    response = client_for("waarnemer").get(f"/vergaderingen/{m.pk}/agenda.pdf")
    text = _pdf_text(response)
    assert demo.citation_title.split()[0] in text and "Bestuurlijk overleg" in text
    assert "10 december 2026" in text and "14:00" in text and "Gemeentehuis Hengelo" in text
    titles = _titles(m)
    positions = [text.index(t) for t in titles]
    assert positions == sorted(positions)
    assert "Besluit" not in text.split("Agendapunten", 1)[1]  # an agenda, not a decision list
    assert client_for("waarnemer").get(f"/vergaderingen/{m.pk}/besluitenlijst.pdf").status_code == 404  # not held yet


def test_the_decision_list_pdf_holds_decisions_outcomes_and_attendance(demo):
    m = _planned(demo)
    _hold(m, date(2026, 11, 27))
    page = client_for("hengelo").get(f"/vergaderingen/{m.pk}/").content.decode()
    assert f"/vergaderingen/{m.pk}/besluitenlijst.pdf" in page
    text = _pdf_text(client_for("hengelo").get(f"/vergaderingen/{m.pk}/besluitenlijst.pdf"))
    for title in _titles(m):
        assert f"Besluit over {title}" in text
    assert "aangenomen" in text and "Presentielijst" in text and "Hengelo" in text


def test_the_dashboard_shows_the_boards_year_and_changes_when_a_meeting_is_held(demo):
    c = client_for("waarnemer")
    before = c.get("/?as_of=2026-11-29").content.decode()
    assert "2026: 3 gehouden, 1 gepland, minimaal 4" in before
    m = _planned(demo)
    _hold(m, date(2026, 11, 27))
    after = c.get("/?as_of=2026-11-29").content.decode()
    assert "2026: 4 gehouden, 0 gepland, minimaal 4" in after


def test_the_dashboard_warns_with_a_link_to_the_meetings_counted(demo):
    c = client_for("secretariaat")
    # On 1 June 2026 two board meetings were held and one is planned: four cannot be reached.
    page = c.get("/?as_of=2026-06-01").content.decode()
    section = page.split('id="h-board-meetings"', 1)[1].split("</section>", 1)[0]
    assert "2026: 2 gehouden, 1 gepland, minimaal 4" in section
    assert "Uitleg: de getelde vergaderingen" in section
    link = section.split("Uitleg: de getelde vergaderingen")[0].rsplit('href="', 1)[1].split('"')[0]
    explanation = c.get(link.replace("&amp;", "&")).content.decode()
    assert "Geteld: gehouden" in explanation and "10 december 2026" in explanation
    quiet = c.get("/?as_of=2026-11-29").content.decode().split('id="h-board-meetings"', 1)[1].split("</section>", 1)[0]
    assert "Uitleg: de getelde vergaderingen" not in quiet


def test_every_role_sees_the_year_at_a_glance_on_the_dashboard(demo):
    for role in ROLES:
        assert "minimaal 4" in client_for(role).get("/?as_of=2026-11-29").content.decode()
