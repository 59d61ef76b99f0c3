"""API of the cooperation agenda: GET .../assignments (paginated, same permissions as the pages), POST create,
POST .../assignments/{id}/progress; bad input is problem+json naming the field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from samen.audit import services as audit
from samen.cooperation.models import Assignment, ProgressUpdate
from samen.parties.models import Person
from tests.two_factor import log_in

URL = "/api/v1/agreements/twente-vth-2024/assignments"
pytestmark = pytest.mark.django_db


def _body(agreement, **extra):
    principal = Person.objects.filter(agreement=agreement, party__code="GM0164").order_by("pk").first()
    return {
        "pillar": "d",
        "title": "Bodemtoezicht bij graafwerkzaamheden",
        "principal": principal.pk,
        "start": "2026-02-01",
        "planned_end": "2027-01-31",
        "budget": "8000.00",
        "deliverables": "Een gezamenlijk toezichtprotocol.",
        **extra,
    }


def test_every_role_lists_the_assignments_paginated_and_budgets_follow_amount_visibility(client, demo):
    for username, sees_budget in (("hengelo", True), ("waarnemer", False), ("financien", True)):
        log_in(client, username)
        response = client.get(URL + "?pageSize=2")
        assert response.status_code == 200, response.content
        doc = response.json()
        assert doc["totalItems"] == Assignment.objects.filter(agreement=demo).count() and len(doc["items"]) == 2
        assert doc["_links"]["next"]
        first = doc["items"][0]
        assert first["pillar"] == "a" and first["title"] == "Regionaal beleidskader VTH"
        assert first["status"] == "completed" and first["percent"] == 100
        assert [p["status"] for p in first["progress"]] == ["in_progress", "in_progress", "completed"]
        assert first["principal"]["party"] == "GM0153"
        assert {m["party"] for m in first["project_group"]} == {"GM0153", "GM0164", "GM0141"}
        assert [m["note"] for m in first["meetings"]] == ["opdracht verleend", "beleidskader vastgesteld"]
        assert (first["budget"] == "25000.00") if sees_budget else (first["budget"] is None)


def test_the_secretariat_creates_an_assignment_and_records_progress(client, demo):
    log_in(client, "secretariaat")
    created = client.post(URL, _body(demo), content_type="application/json")
    assert created.status_code == 201, created.content
    a = created.json()
    assert (a["pillar"], a["status"], a["budget"], a["progress"]) == ("d", "preparation", "8000.00", [])
    today = date.today()
    progress = client.post(
        f"{URL}/{a['id']}/progress",
        {"date": today.isoformat(), "status": "in_progress", "percent": 35, "milestone": "Protocol in concept"},
        content_type="application/json",
    )
    assert progress.status_code == 201, progress.content
    assert progress.json()["status"] == "in_progress" and progress.json()["percent"] == 35
    assert ProgressUpdate.objects.filter(assignment_id=a["id"], milestone="Protocol in concept").exists()
    assert audit.replay() == []


def test_bad_input_is_a_problem_naming_the_field(client, demo):
    log_in(client, "secretariaat")
    before = (Assignment.objects.count(), ProgressUpdate.objects.count())
    for extra, field in (
        ({"pillar": "z"}, "pillar"),
        ({"budget": "-1"}, "budget"),
        ({"planned_end": "2025-01-01"}, "planned_end"),
        ({"principal": 2**70}, "principal"),
        ({"title": "a\u0000b"}, "title"),
    ):
        bad = client.post(URL, _body(demo, **extra), content_type="application/json")
        assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json", (extra, bad.content)
        assert bad.json()["invalidParams"][0]["name"] == field, extra
    ws = Person.objects.get(agreement=demo, name="Vertegenwoordiger Waterschap Vechtstromen")
    refused = client.post(URL, _body(demo, principal=ws.pk), content_type="application/json").json()
    assert refused["code"] == "art-1.principal-not-bestuurder" and refused["article"] == "art. 1 sub d"
    a = Assignment.objects.filter(agreement=demo).first()
    future = (date.today() + timedelta(days=1)).isoformat()
    bad = client.post(f"{URL}/{a.pk}/progress", {"date": future, "status": "in_progress"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["name"] == "date"
    bad = client.post(f"{URL}/{a.pk}/progress", {"date": "2026-11-01", "status": "klaar"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["name"] == "status"
    missing = client.post(f"{URL}/{2**70}/progress", {"date": "2026-11-01", "status": "in_progress"}, content_type="application/json")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    assert (Assignment.objects.count(), ProgressUpdate.objects.count()) == before


def test_other_roles_may_not_write(client, demo):
    a = Assignment.objects.filter(agreement=demo).first()
    for username in ("voorzitter", "hengelo", "waarnemer"):
        log_in(client, username)
        assert client.post(URL, _body(demo), content_type="application/json").status_code == 403
        progress = {"date": "2026-11-01", "status": "in_progress"}
        assert client.post(f"{URL}/{a.pk}/progress", progress, content_type="application/json").status_code == 403
