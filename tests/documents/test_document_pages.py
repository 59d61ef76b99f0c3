"""Document pages (issue 8): upload from the meeting and proposal pages, the document's page with its versions,
downloads with their headers, and who may do what (403 for a representative, anonymous only public ones)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from samen.documents import services
from samen.documents.models import Document
from samen.governance import services as governance
from samen.governance.models import Meeting
from samen.proposals import services as proposals
from tests.documents import files
from tests.two_factor import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(demo):
    return Meeting.objects.get(agreement=demo, status=Meeting.Status.PLANNED)


def _post(client, url, name, data, **fields):
    payload = {"doc-title": "Notitie werkplan", "doc-kind": "memo", "doc-file": files.upload(name, data)}
    payload.update({f"doc-{k}": v for k, v in fields.items()})
    return client.post(url, payload)


def test_secretariat_uploads_to_an_agenda_item_and_the_meeting_page_shows_it(client, meeting):
    log_in(client, "secretariaat")
    item = meeting.agenda_items.get(position=3)
    r = _post(client, f"/vergaderingen/{meeting.pk}/stukken/", "werkplan.pdf", files.pdf(), attach_to=f"agenda_item:{item.pk}")
    assert r.status_code == 302 and r["Location"].endswith(f"/vergaderingen/{meeting.pk}/#stukken")
    d = Document.objects.get(title="Notitie werkplan")
    assert d.agenda_item == item and d.meeting is None
    page = client.get(f"/vergaderingen/{meeting.pk}/").content.decode()
    assert f'href="/documenten/{d.public_id}/"' in page
    assert "versie 1" in page
    # Listed under its agenda item (after the item's title, before the meeting's own section).
    assert page.index("Werkplan 2027 samenwerkingsagenda") < page.index("Notitie werkplan") < page.index('id="stukken"')


def test_a_refused_file_shows_the_error_summary_and_marks_the_field(client, meeting):
    log_in(client, "secretariaat")
    r = _post(client, f"/vergaderingen/{meeting.pk}/stukken/", "notitie.pdf", b"gewoon tekst", attach_to=f"meeting:{meeting.pk}")
    assert r.status_code == 400
    page = r.content.decode()
    assert 'id="error-summary"' in page and 'href="#id_doc-file"' in page
    assert "geen PDF, ODT, DOCX of XLSX" in page
    assert 'aria-invalid="true"' in page.split('id="id_doc-file"')[0].rsplit("<input", 1)[1]
    assert not Document.objects.filter(title="Notitie werkplan").exists()


def test_an_agenda_item_of_another_meeting_is_not_a_choice(client, meeting, demo):
    other = governance.plan_meeting(actor="system:test", body=meeting.body, on=date(2027, 2, 1), items=[{"title": "Elders"}])
    log_in(client, "secretariaat")
    r = _post(client, f"/vergaderingen/{meeting.pk}/stukken/", "a.pdf", files.pdf(), attach_to=f"agenda_item:{other.agenda_items.get().pk}")
    assert r.status_code == 400
    assert not Document.objects.filter(title="Notitie werkplan").exists()


def test_a_representative_sees_and_downloads_but_may_not_upload(client, meeting):
    log_in(client, "hengelo")
    page = client.get(f"/vergaderingen/{meeting.pk}/").content.decode()
    assert "Agenda bestuurlijk overleg" in page
    assert "Stuk toevoegen" not in page
    r = _post(client, f"/vergaderingen/{meeting.pk}/stukken/", "a.pdf", files.pdf(), attach_to=f"meeting:{meeting.pk}")
    assert r.status_code == 403
    d = Document.objects.get(kind="agenda")
    assert client.get(f"/documenten/{d.public_id}/").status_code == 200
    page = client.get(f"/documenten/{d.public_id}/versies/").content.decode()
    assert "Nieuwe versie toevoegen" not in page
    assert client.post(f"/documenten/{d.public_id}/versies/", {"doc-file": files.upload("a.pdf", files.pdf())}).status_code == 403


def test_download_headers(client, meeting):
    log_in(client, "secretariaat")
    d = services.add_document(
        actor="system:test",
        target=meeting,
        title="x",
        kind="memo",
        file=files.upload('Notitie "concept" <1>.docx', files.docx(), "text/html"),
    )
    r = client.get(f"/documenten/{d.public_id}/")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"  # not the browser's
    assert r["Content-Disposition"] == 'attachment; filename="Notitie _concept_ _1.docx"'
    assert r["X-Content-Type-Options"] == "nosniff"
    assert b"".join(r.streaming_content) == files.docx()


def test_a_new_version_keeps_the_link_and_the_old_one_stays(client, meeting):
    log_in(client, "secretariaat")
    d = Document.objects.get(kind="agenda")
    page = client.get(f"/documenten/{d.public_id}/versies/").content.decode()
    assert "Nieuwe versie toevoegen" in page
    r = client.post(f"/documenten/{d.public_id}/versies/", {"doc-file": files.upload("agenda-v2.pdf", files.pdf("herzien"))})
    assert r.status_code == 302
    latest = client.get(f"/documenten/{d.public_id}/")
    assert b"".join(latest.streaming_content) == files.pdf("herzien")
    assert latest["Content-Disposition"] == 'attachment; filename="agenda-v2-v2.pdf"'
    first = client.get(f"/documenten/{d.public_id}/versies/1/")
    assert b"".join(first.streaming_content).startswith(b"%PDF-") and b"herzien" not in b"".join(
        client.get(f"/documenten/{d.public_id}/versies/1/").streaming_content
    )
    page = client.get(f"/documenten/{d.public_id}/versies/").content.decode()
    assert f"/documenten/{d.public_id}/versies/1/" in page and f"/documenten/{d.public_id}/versies/2/" in page
    assert client.get(f"/documenten/{d.public_id}/versies/3/").status_code == 404
    bad = client.post(f"/documenten/{d.public_id}/versies/", {"doc-file": files.upload("agenda.pdf", files.docx())})
    assert bad.status_code == 400 and 'id="error-summary"' in bad.content.decode()


def test_anonymous_downloads_only_public_documents_of_public_meetings(meeting, demo):
    anonymous = Client()
    closed = governance.plan_meeting(actor="system:test", body=meeting.body, on=date(2027, 2, 1), items=[{"title": "Punt"}])
    assert not closed.public

    def add(target, title, public):
        return services.add_document(
            actor="system:test", target=target, title=title, kind="memo", public=public, file=files.upload("o.pdf", files.pdf())
        )

    marked_public = add(closed, "Openbaar", True)
    r = anonymous.get(f"/documenten/{marked_public.public_id}/")
    assert r.status_code == 302 and "/inloggen/" in r["Location"]  # the meeting is not public
    open_meeting = governance.plan_meeting(
        actor="system:test", body=meeting.body, on=date(2027, 3, 1), public=True, items=[{"title": "Punt"}]
    )
    published = add(open_meeting.agenda_items.get(), "Gepubliceerd", True)
    secret = add(open_meeting, "Vertrouwelijk", False)
    r = anonymous.get(f"/documenten/{published.public_id}/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert anonymous.get(f"/documenten/{published.public_id}/versies/1/").status_code == 200
    assert anonymous.get(f"/documenten/{secret.public_id}/").status_code == 302
    assert anonymous.get(f"/documenten/{published.public_id}/versies/").status_code == 302  # the page is for users
    # The demo's agenda of its public meeting is public.
    agenda = Document.objects.get(kind="agenda")
    assert meeting.public and anonymous.get(f"/documenten/{agenda.public_id}/").status_code == 200


def test_upload_to_a_proposal_and_a_partys_decision(client, demo):
    p = proposals.create_proposal(
        actor="system:test", agreement=demo, ref="V-2027", subject="Werkplan 2027", kind="other", proposed_on=date(2026, 6, 1)
    )
    decision = proposals.record_decision(actor="system:test", proposal=p, party="GM0164", decided_on=date(2026, 7, 1), outcome="consent")
    log_in(client, "secretariaat")
    page = client.get(f"/voorstellen/{p.public_id}/").content.decode()
    assert f'value="party_decision:{decision.pk}"' in page
    r = _post(
        client,
        f"/voorstellen/{p.public_id}/stukken/",
        "besluit.pdf",
        files.pdf(),
        attach_to=f"party_decision:{decision.pk}",
        kind="party-decision",
    )
    assert r.status_code == 302, r.content
    d = Document.objects.get(title="Notitie werkplan")
    assert d.party_decision == decision
    page = client.get(f"/voorstellen/{p.public_id}/").content.decode()
    assert f"/documenten/{d.public_id}/" in page and "Besluit van Hengelo" in page
    chair = Client()
    log_in(chair, "voorzitter")
    assert _post(chair, f"/voorstellen/{p.public_id}/stukken/", "b.pdf", files.pdf(), attach_to=f"proposal:{p.pk}").status_code == 403
