"""Meetings (art. 5): plan with an agenda, reorder, record held; audited, permitted, bad input names the field."""

from __future__ import annotations

from datetime import date, time

import pytest

from samen.accounts.models import User
from samen.audit import services as audit
from samen.audit.models import AuditEntry
from samen.core.errors import InvalidInput, NotAllowed
from samen.governance import services
from samen.governance.models import AgendaItem, Attendance, Body, Meeting
from samen.records.queries import recorded_facts
from tests.two_factor import log_in

ITEMS = [{"title": "Opening"}, {"title": "Verslag", "proposal": "Vaststellen."}, {"title": "Werkplan", "brought_by": "kerngroep"}]
URL = "/api/v1/agreements/twente-vth-2024/meetings"


def _board(agreement):
    return Body.objects.get(agreement=agreement, key="board")


def _held(agreement):
    return [f for f in recorded_facts(agreement) if f["fact"] == "meeting-held"]


def test_planning_a_meeting_is_audited_and_projects_no_meeting_held_fact(demo):
    secretary = User.objects.get(username="secretariaat")
    facts_before = _held(demo)
    entries = AuditEntry.objects.count()
    m = services.plan_meeting(
        actor=secretary, body=_board(demo), on=date(2026, 12, 17), start_time=time(10, 0), place="Enschede", items=ITEMS
    )
    assert m.status == Meeting.Status.PLANNED
    assert [i.title for i in m.agenda_items.all()] == ["Opening", "Verslag", "Werkplan"]
    assert AuditEntry.objects.count() == entries + 4
    assert _held(demo) == facts_before
    assert audit.replay() == []


def test_recording_held_writes_attendance_and_decisions_and_projects_the_fact(demo):
    secretary = User.objects.get(username="secretariaat")
    m = services.plan_meeting(actor=secretary, body=_board(demo), on=date(2026, 11, 26), items=ITEMS)
    items = list(m.agenda_items.all())
    services.record_held(
        actor=secretary,
        meeting=m,
        attendance={
            "GM0153": {"status": "present"},
            "GM0164": {"status": "represented", "represented_by": "wethouder Hengelo"},
            "WS-VECHTSTROMEN": {"status": "absent"},
        },
        decisions={i.pk: {"decision": f"Besluit {i.position}", "outcome": "adopted"} for i in items},
        today=date(2026, 11, 29),
    )
    m.refresh_from_db()
    assert m.status == Meeting.Status.HELD
    assert Attendance.objects.filter(meeting=m, status="represented", represented_by="wethouder Hengelo").exists()
    assert Attendance.objects.get(meeting=m, participant__code="WS-VECHTSTROMEN").status == "absent"
    assert set(AgendaItem.objects.filter(meeting=m).values_list("outcome", flat=True)) == {"adopted"}
    assert {"fact": "meeting-held", "body": "board", "date": "2026-11-26"} in _held(demo)
    assert audit.replay() == []


def test_bad_input_names_the_field_and_writes_nothing(demo):
    secretary = User.objects.get(username="secretariaat")
    before = (Meeting.objects.count(), AuditEntry.objects.count())
    with pytest.raises(InvalidInput) as e:
        services.plan_meeting(actor=secretary, body=_board(demo), on=date(2026, 12, 17), items=[{"title": "ok"}, {"title": "  "}])
    assert e.value.field == "agenda[1].title"
    assert (Meeting.objects.count(), AuditEntry.objects.count()) == before
    m = services.plan_meeting(actor=secretary, body=_board(demo), on=date(2026, 11, 26), items=ITEMS)
    items = list(m.agenda_items.all())
    decisions = {i.pk: {"decision": "x", "outcome": "adopted"} for i in items}
    with pytest.raises(InvalidInput) as e:
        services.record_held(
            actor=secretary, meeting=m, attendance={"GM0164": {"status": "represented"}}, decisions=decisions, today=date(2026, 11, 29)
        )
    assert e.value.field == "attendance[GM0164].represented_by"
    decisions[items[2].pk] = {"decision": "x", "outcome": "maybe"}
    with pytest.raises(InvalidInput) as e:
        services.record_held(actor=secretary, meeting=m, attendance={}, decisions=decisions, today=date(2026, 11, 29))
    assert e.value.field == "decisions[3].outcome"
    with pytest.raises(InvalidInput) as e:
        services.record_held(actor=secretary, meeting=m, attendance={}, decisions=decisions, today=date(2026, 11, 1))
    assert e.value.field == "held_on"
    m.refresh_from_db()
    assert m.status == Meeting.Status.PLANNED and not m.attendances.exists()


def test_reordering_and_adding_agenda_items(demo):
    secretary = User.objects.get(username="secretariaat")
    m = services.plan_meeting(actor=secretary, body=_board(demo), on=date(2026, 12, 17), items=ITEMS)
    services.add_agenda_item(actor=secretary, meeting=m, title="Rondvraag")
    ids = [i.pk for i in m.agenda_items.all()]
    services.reorder_agenda(actor=secretary, meeting=m, order=[ids[3], *ids[:3]])
    assert [i.title for i in m.agenda_items.all()] == ["Rondvraag", "Opening", "Verslag", "Werkplan"]
    with pytest.raises(InvalidInput) as e:
        services.reorder_agenda(actor=secretary, meeting=m, order=ids[:2])
    assert e.value.field == "order"
    assert audit.replay() == []


def test_only_secretariat_and_chair_may_plan(demo):
    for username in ("waarnemer", "financien"):
        with pytest.raises(NotAllowed):
            services.plan_meeting(actor=User.objects.get(username=username), body=_board(demo), on=date(2026, 12, 17))
    services.plan_meeting(actor=User.objects.get(username="voorzitter"), body=_board(demo), on=date(2026, 12, 17))


def test_demo_has_held_meetings_and_one_planned_board_meeting(demo):
    planned = Meeting.objects.filter(agreement=demo, status=Meeting.Status.PLANNED)
    assert planned.count() == 1 and planned[0].body.key == "board" and planned[0].agenda_items.count() == 3
    assert len(_held(demo)) == Meeting.objects.filter(agreement=demo, status=Meeting.Status.HELD).count()


def test_api_lists_the_demo_meetings_with_their_agenda(client, demo):
    log_in(client, "waarnemer")
    response = client.get(URL + "?pageSize=100")
    assert response.status_code == 200, response.content
    meetings = response.json()["items"]
    assert len(meetings) == Meeting.objects.filter(agreement=demo).count()
    planned = [m for m in meetings if m["status"] == "planned"]
    assert len(planned) == 1 and len(planned[0]["agenda"]) == 3 and planned[0]["start_time"] == "14:00"


def test_api_plans_a_meeting_and_refuses_bad_input_and_observers(client, demo):
    body = {"body": "board", "date": "2026-12-17", "start_time": "10:00", "place": "Almelo", "agenda": [{"title": "Opening"}]}
    log_in(client, "waarnemer")
    assert client.post(URL, body, content_type="application/json").status_code == 403
    log_in(client, "secretariaat")
    ok = client.post(URL, body, content_type="application/json")
    assert ok.status_code == 201, ok.content
    assert ok.json()["status"] == "planned" and ok.json()["agenda"][0]["title"] == "Opening"
    bad = client.post(URL, {**body, "body": "nope"}, content_type="application/json")
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    assert bad.json()["invalidParams"][0]["name"] == "body"
    blank = client.post(URL, {**body, "agenda": [{"title": " "}]}, content_type="application/json")
    assert blank.status_code == 400 and blank.json()["invalidParams"][0]["name"] == "agenda[0].title"


def test_a_planned_meeting_is_projected_as_meeting_planned_and_feeds_the_warning(demo):
    from samen.records.queries import evaluate_recorded

    def codes(day):
        return [f.code for f in evaluate_recorded(demo, as_of=day).findings]

    assert {"fact": "meeting-planned", "body": "board", "date": "2026-12-10"} in recorded_facts(demo)
    assert "art-5.board-meetings-short-of-minimum" not in codes(date(2026, 11, 29))  # 3 held + 1 planned = 4
    assert "art-5.board-meetings-short-of-minimum" in codes(date(2026, 6, 1))  # 2 held + 1 planned < 4
    services.plan_meeting(actor=User.objects.get(username="secretariaat"), body=_board(demo), on=date(2026, 12, 17))
    assert "art-5.board-meetings-short-of-minimum" not in codes(date(2026, 6, 1))


def test_meeting_planned_cannot_be_stored_as_a_fact(demo):
    from samen.core.errors import ServiceError
    from samen.records.services import record_fact

    with pytest.raises(ServiceError):
        record_fact(actor="system:test", agreement=demo, raw={"fact": "meeting-planned", "body": "board", "date": "2026-12-20"})


def test_api_refuses_text_that_is_not_text_naming_the_field(client, demo):
    log_in(client, "secretariaat")
    body = {"body": "board", "date": "2026-12-17", "agenda": [{"title": "Ope\u0000ning"}]}
    bad = client.post(URL, body, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["name"] == "agenda[0].title"
    bad_body = client.post(URL, {**body, "body": "bo\u0000ard"}, content_type="application/json")
    assert bad_body.status_code == 400 and bad_body.json()["invalidParams"][0]["name"] == "body"
