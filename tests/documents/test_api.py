"""The documents API (issue 8): the same services and permissions as the pages; problem+json naming `file`."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from samen.accounts.services import create_api_token
from samen.documents.models import Document
from samen.governance.models import Meeting
from samen.proposals import services as proposals
from tests.documents import files

pytestmark = pytest.mark.django_db
BASE = "/api/v1/agreements/twente-vth-2024/documents"


def _client(username: str) -> tuple[Client, dict[str, str]]:
    _, key = create_api_token(actor="system:test", username=username, label="test")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def meeting(demo):
    return Meeting.objects.get(agreement=demo, status=Meeting.Status.PLANNED)


def test_list_upload_version_and_download(meeting):
    c, auth = _client("secretariaat")
    r = c.get(BASE, **auth)
    assert r.status_code == 200
    body = r.json()
    # The demo's agenda and the source document of the cost per FTE 2027 (samen.budgets).
    assert body["totalItems"] == 2 and sorted(d["kind"] for d in body["items"]) == ["agenda", "other"]
    r = c.post(
        BASE,
        {"title": "Werkplan", "kind": "memo", "meeting": meeting.pk, "agenda_item": 3, "file": files.upload("werkplan.odt", files.odt())},
        **auth,
    )
    assert r.status_code == 201, r.content
    doc = r.json()
    assert (doc["meeting"], doc["agenda_item"], doc["published"]) == (meeting.pk, 3, False)
    assert doc["versions"][0]["content_type"] == "application/vnd.oasis.opendocument.text"
    r = c.post(f"{BASE}/{doc['id']}/versions", {"file": files.upload("werkplan.pdf", files.pdf("twee"))}, **auth)
    assert r.status_code == 201
    doc = r.json()
    assert [v["number"] for v in doc["versions"]] == [1, 2]
    latest = c.get(doc["content_url"], **auth)
    assert latest.status_code == 200 and latest["Content-Type"] == "application/pdf"
    assert latest["X-Content-Type-Options"] == "nosniff" and latest["Content-Disposition"].startswith("attachment;")
    assert b"".join(latest.streaming_content) == files.pdf("twee")
    first = c.get(doc["versions"][0]["content_url"], **auth)
    assert b"".join(first.streaming_content) == files.odt()
    assert c.get(f"{doc['content_url']}?version=3", **auth).status_code == 404


def test_a_refused_file_is_problem_json_naming_file(meeting):
    c, auth = _client("secretariaat")
    r = c.post(BASE, {"title": "x", "kind": "memo", "meeting": meeting.pk, "file": files.upload("x.docx", files.pdf())}, **auth)
    assert r.status_code == 400
    assert r["Content-Type"] == "application/problem+json"
    problem = r.json()
    assert problem["code"] == "document.type-mismatch"
    assert problem["invalidParams"][0]["name"] == "file"
    r = c.post(BASE, {"title": "x", "kind": "memo", "file": files.upload("x.pdf", files.pdf())}, **auth)
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "meeting"


def test_a_representative_reads_but_may_not_upload(meeting):
    c, auth = _client("hengelo")
    assert c.get(BASE, **auth).json()["totalItems"] == 2  # the agenda and the cost per FTE's source document
    r = c.post(BASE, {"title": "x", "kind": "memo", "meeting": meeting.pk, "file": files.upload("x.pdf", files.pdf())}, **auth)
    assert r.status_code == 403
    assert not Document.objects.filter(title="x").exists()


def test_upload_to_a_partys_decision(demo):
    p = proposals.create_proposal(
        actor="system:test", agreement=demo, ref="V-9", subject="Werkplan", kind="other", proposed_on=date(2026, 6, 1)
    )
    proposals.record_decision(actor="system:test", proposal=p, party="GM0164", decided_on=date(2026, 7, 1), outcome="consent")
    c, auth = _client("secretariaat")
    r = c.post(
        BASE,
        {
            "title": "Besluit Hengelo",
            "kind": "party-decision",
            "proposal": str(p.public_id),
            "party": "GM0164",
            "file": files.upload("b.xlsx", files.xlsx()),
        },
        **auth,
    )
    assert r.status_code == 201, r.content
    assert (r.json()["party"], r.json()["decided_on"]) == ("GM0164", "2026-07-01")
    r = c.post(
        BASE,
        {"title": "x", "kind": "memo", "proposal": str(p.public_id), "party": "GM0153", "file": files.upload("b.pdf", files.pdf())},
        **auth,
    )
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "party"


def test_a_document_above_the_json_body_limit_gets_through_to_the_service(meeting, settings):
    settings.SAMEN_API_MAX_BODY_BYTES = 1000
    c, auth = _client("secretariaat")
    big = files.pdf() + b"%" + b"x" * 5000
    r = c.post(BASE, {"title": "Groot", "kind": "memo", "meeting": meeting.pk, "file": files.upload("groot.pdf", big)}, **auth)
    assert r.status_code == 201
    settings.SAMEN_DOCUMENT_MAX_BYTES = 2000
    r = c.post(BASE, {"title": "Groot", "kind": "memo", "meeting": meeting.pk, "file": files.upload("groot.pdf", big)}, **auth)
    assert r.status_code == 400 and r.json()["code"] == "document.too-large"
