"""The dispute pages through the Django test client (issue 9, art. 14)."""

from __future__ import annotations

import pytest

from samen.disputes.models import Dispute, DisputeStep
from tests.web.web_helpers import client_for, load_demo

pytestmark = pytest.mark.django_db

NOTICE = {
    "notice-ref": "G-2026-1",
    "notice-by": "GM0141",
    "notice-against": ["GM0147"],
    "notice-received_on": "2026-03-02",
    "notice-subject": "Verdeling van de inzet op toezicht",
    "notice-proposed_solution": "Verdeling naar fte zoals in 2025",
}


@pytest.fixture
def agreement(db):
    return load_demo(with_text=False)


def test_secretariat_walks_a_dispute_through_the_pages(agreement, mailoutbox):
    c = client_for("secretariaat")
    assert "/geschillen/" in c.get("/").content.decode()
    r = c.post("/geschillen/", NOTICE)
    assert r.status_code == 302, r.content.decode()[:3000]
    assert r["Location"] == "/geschillen/G-2026-1/"
    page = c.get("/geschillen/G-2026-1/?as_of=2026-03-10").content.decode()
    assert "Verdeling van de inzet op toezicht" in page
    assert "fase voorzitter" in page
    assert 'id="stap-chair-phase"' in page and 'id="stap-mediation"' in page
    assert "13 april 2026" in page  # six weeks after receipt (art. 14 lid 3)
    r = c.post("/geschillen/G-2026-1/stap/chair-phase/", {"chair-phase-chaired_by": "Voorzitter BO", "chair-phase-on": "2026-03-05"})
    assert r.status_code == 302
    r = c.post("/geschillen/G-2026-1/stap/mediation/", {"mediation-mediator": "Mr. Bemiddelaar", "mediation-started_on": "2026-05-01"})
    assert r.status_code == 302
    r = c.post("/geschillen/G-2026-1/stap/costs/", {"costs-amount": "1000,01", "costs-on": "2026-06-01"})
    assert r.status_code == 302, r.content.decode()[:3000]
    page = c.get("/geschillen/G-2026-1/?as_of=2026-06-02").content.decode()
    assert "Mr. Bemiddelaar" in page
    assert 'id="kosten"' in page and "500,01" in page and "500,00" in page
    r = c.post(
        "/geschillen/G-2026-1/stap/resolution/", {"resolution-resolved_on": "2026-07-01", "resolution-outcome": "Verdeling naar fte."}
    )
    assert r.status_code == 302
    page = c.get("/geschillen/G-2026-1/?as_of=2026-07-02").content.decode()
    assert "opgelost" in page and "Verdeling naar fte." in page
    assert not DisputeStep.objects.filter(kind="gs").exists()


def test_errors_are_shown_on_the_field_with_a_summary(agreement):
    c = client_for("secretariaat")
    r = c.post("/geschillen/", {**NOTICE, "notice-against": ["GM0141"]})
    assert r.status_code == 400
    page = r.content.decode()
    assert 'id="error-summary"' in page and "art. 14 lid 1" in page
    assert not Dispute.objects.exists()
    c.post("/geschillen/", NOTICE)
    r = c.post("/geschillen/G-2026-1/stap/mediation/", {"mediation-mediator": "M", "mediation-started_on": "2026-03-01"})
    assert r.status_code == 400
    page = r.content.decode()
    assert 'href="#id_mediation-started_on"' in page
    assert 'aria-invalid="true"' in page


def test_a_representative_not_involved_sees_nothing(agreement):
    client_for("secretariaat").post("/geschillen/", NOTICE)
    c = client_for("hengelo")
    page = c.get("/geschillen/").content.decode()
    assert "G-2026-1" not in page
    assert "Melding van een geschil vastleggen" not in page
    assert c.get("/geschillen/G-2026-1/").status_code == 404
    assert c.post(
        "/geschillen/G-2026-1/stap/resolution/", {"resolution-resolved_on": "2026-07-01", "resolution-outcome": "x"}
    ).status_code in (
        403,
        404,
    )
    assert c.post("/geschillen/", NOTICE).status_code == 403
    assert client_for("waarnemer").get("/geschillen/G-2026-1/").status_code == 404
    assert client_for("financien").get("/geschillen/G-2026-1/").status_code == 404


def test_an_involved_representative_reads_without_forms(agreement):
    client_for("secretariaat").post("/geschillen/", {**NOTICE, "notice-against": ["GM0164"]})
    c = client_for("hengelo")
    assert "G-2026-1" in c.get("/geschillen/").content.decode()
    page = c.get("/geschillen/G-2026-1/").content.decode()
    assert "Verdeling van de inzet op toezicht" in page
    assert '<form method="post" action="/geschillen/' not in page


def test_english_page(agreement):
    c = client_for("secretariaat")
    c.post("/geschillen/", NOTICE)
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    r = c.get("/geschillen/G-2026-1/?as_of=2026-03-10")
    assert r.status_code == 200
    page = r.content.decode()
    assert "All disputes" in page and "Record the consultation led by the chair" in page


def _pdf():
    from tests.documents.files import pdf

    return pdf("Melding")


def test_a_disputes_documents_are_seen_as_the_dispute_is(agreement):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from samen.documents.models import Document

    sec = client_for("secretariaat")
    sec.post("/geschillen/", NOTICE)
    upload = SimpleUploadedFile("melding.pdf", _pdf(), content_type="application/pdf")
    d = Dispute.objects.get()
    r = sec.post(
        "/geschillen/G-2026-1/stukken/",
        {"doc-title": "Brief met de melding", "doc-kind": "other", "doc-attach_to": f"dispute:{d.pk}", "doc-file": upload},
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    doc = Document.objects.get(dispute__isnull=False)
    assert doc.dispute == d
    assert "Brief met de melding" in sec.get("/geschillen/G-2026-1/").content.decode()
    assert sec.get(f"/documenten/{doc.public_id}/").status_code == 200
    assert "Geschil G-2026-1" in sec.get(f"/documenten/{doc.public_id}/versies/").content.decode().replace("geschil", "Geschil")
    hengelo = client_for("hengelo")
    assert hengelo.get(f"/documenten/{doc.public_id}/").status_code == 404
    assert hengelo.get(f"/documenten/{doc.public_id}/versies/").status_code == 404
    api = hengelo.get("/api/v1/agreements/twente-vth-2024/documents")
    assert api.status_code == 200 and str(doc.public_id) not in api.content.decode()
    assert str(doc.public_id) in sec.get("/api/v1/agreements/twente-vth-2024/documents").content.decode()
    upload = SimpleUploadedFile("x.pdf", _pdf(), content_type="application/pdf")
    r = hengelo.post(
        "/geschillen/G-2026-1/stukken/", {"doc-title": "x", "doc-kind": "other", "doc-attach_to": f"dispute:{d.pk}", "doc-file": upload}
    )
    assert r.status_code == 404
    from samen.audit import services as audit

    assert audit.replay() == []


def test_the_explanation_link_works_for_who_may_see_the_dispute(agreement):
    import re

    sec = client_for("secretariaat")
    sec.post("/geschillen/", NOTICE)
    page = sec.get("/geschillen/G-2026-1/?as_of=2026-03-10").content.decode()
    link = re.search(r'href="(/uitleg/[^"]+)"', page)
    assert link is not None
    url = link.group(1).replace("&amp;", "&")
    r = sec.get(url)
    assert r.status_code == 200 and "art. 14 lid 3" in r.content.decode()
    assert client_for("hengelo").get(url).status_code == 404
