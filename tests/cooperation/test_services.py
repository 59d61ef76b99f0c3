"""The cooperation agenda (art. 1 sub d, art. 2): pillars from the agreement, assignments, project groups, progress
over time and linked meetings; every write permitted, validated (nothing half-written) and audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from samen import cli
from samen.accounts.models import User
from samen.agreements.models import Article
from samen.audit import services as audit
from samen.audit.models import AuditEntry
from samen.cooperation import queries, services
from samen.cooperation.models import Assignment, MeetingLink, Pillar, ProgressUpdate, ProjectGroupMember, Status
from samen.core.errors import InvalidInput, NotAllowed, Refused
from samen.governance.models import Body, Meeting
from samen.parties.models import Person
from tests.conftest import SEED_TEXT


def _secretary():
    return User.objects.get(username="secretariaat")


def _person(agreement, code):
    return Person.objects.filter(agreement=agreement, party__code=code).order_by("pk").first()


def _new(agreement, **extra):
    args = {
        "actor": _secretary(),
        "agreement": agreement,
        "pillar": "c",
        "title": "Regionale aanpak energiebesparingsplicht",
        "principal": _person(agreement, "GM0164"),
        "start": date(2026, 1, 15),
        "planned_end": date(2026, 12, 31),
        "budget": "12500.50",
        "description": "Toezicht op de energiebesparingsplicht samen oppakken.",
        "deliverables": "Werkwijze en planning.",
    }
    return services.create_assignment(**{**args, **extra})


def _counts():
    return (
        Assignment.objects.count(),
        ProgressUpdate.objects.count(),
        ProjectGroupMember.objects.count(),
        MeetingLink.objects.count(),
        AuditEntry.objects.count(),
    )


def test_the_pillars_are_those_of_art_2_lid_1_a_to_g(twente):
    from samen.agreements.services import import_text

    import_text(actor="system:test", agreement=twente, text=SEED_TEXT.read_text(encoding="utf-8"))
    pillars = list(Pillar.objects.filter(agreement=twente))
    assert [p.key for p in pillars] == list("abcdefg")
    assert pillars[5].title == "Wet Kwaliteitsborging voor het bouwen"
    assert pillars[0].article == "art. 2 lid 1 sub a"
    lid_1 = Article.objects.get(agreement=twente, number="2").leden.get(number="1").text
    for p in pillars:
        assert f"{p.key}. {p.title}" in " ".join(lid_1.split()), p.title
    assert audit.replay() == []


def test_loading_the_definition_again_keeps_the_pillars(twente):
    from samen.agreements.services import load_definition

    before = list(Pillar.objects.values_list("pk", "key", "title"))
    load_definition(actor="system:test", slug=twente.slug)
    assert list(Pillar.objects.values_list("pk", "key", "title")) == before


def test_creating_an_assignment_is_audited_and_it_is_in_preparation_until_progress_is_recorded(demo):
    entries = AuditEntry.objects.count()
    a = _new(demo)
    assert a.budget == Decimal("12500.50") and a.pillar.key == "c"
    assert AuditEntry.objects.count() == entries + 1
    standing = queries.status_on(list(a.updates.all()), date(2026, 6, 1))
    assert (standing.status, standing.percent, standing.since) == (Status.PREPARATION, None, None)
    assert audit.replay() == []
    assert cli.main(["audit", "verify"]) == 0


def test_the_status_over_time_follows_the_progress_updates(demo):
    a = _new(demo)
    secretary = _secretary()
    services.add_progress(actor=secretary, assignment=a, on=date(2026, 2, 1), status="in_progress", percent=10, today=date(2026, 11, 29))
    services.add_progress(
        actor=secretary, assignment=a, on=date(2026, 5, 1), status="in_progress", milestone="Werkwijze klaar", today=date(2026, 11, 29)
    )
    services.add_progress(actor=secretary, assignment=a, on=date(2026, 9, 1), status="completed", percent=100, today=date(2026, 11, 29))
    updates = list(a.updates.order_by("on", "pk"))

    def on(day):
        s = queries.status_on(updates, day)
        return s.status, s.percent, s.milestone

    assert on(date(2026, 1, 31)) == ("preparation", None, "")
    assert on(date(2026, 2, 1)) == ("in_progress", 10, "")
    assert on(date(2026, 6, 1)) == ("in_progress", 10, "Werkwijze klaar")  # the latest percentage known by then
    assert on(date(2026, 9, 1)) == ("completed", 100, "Werkwijze klaar")
    assert audit.replay() == []


def test_bad_input_names_the_field_and_writes_nothing(demo):
    before = _counts()
    cases = [
        ({"pillar": "h"}, "pillar"),
        ({"title": "  "}, "title"),
        ({"title": "x\x00y"}, "title"),
        ({"planned_end": date(2025, 12, 31)}, "planned_end"),
        ({"budget": "-5"}, "budget"),
        ({"budget": "12,345"}, "budget"),
        ({"budget": "1e5"}, "budget"),
        ({"principal": 999_999}, "principal"),
        ({"civil_principal": _person(demo, "GM0164")}, "civil_principal"),
        ({"description": "x" * 20_001}, "description"),
    ]
    for extra, field in cases:
        with pytest.raises(InvalidInput) as e:
            _new(demo, **extra)
        assert e.value.field == field, extra
    assert _counts() == before


def test_the_principal_is_a_bestuurder_on_the_board(demo):
    """Art. 1 sub d: the bestuurders steer as principal; the Waterschap's observer and the secretary are not."""
    for name in ("Vertegenwoordiger Waterschap Vechtstromen", "Secretaris (voorbeeld)"):
        with pytest.raises(Refused) as e:
            _new(demo, principal=Person.objects.get(agreement=demo, name=name))
        assert (e.value.code, e.value.field, e.value.article) == ("art-1.principal-not-bestuurder", "principal", "art. 1 sub d")
    # The board's chair (elected from its midst) may be the principal, and a civil-service principal may be anyone.
    a = _new(demo, principal=_person(demo, "GM0153"), civil_principal=Person.objects.get(agreement=demo, name="Secretaris (voorbeeld)"))
    assert a.civil_principal.name == "Secretaris (voorbeeld)"


def test_progress_bad_input(demo):
    a = _new(demo)
    s = _secretary()
    before = _counts()
    cases = [
        ({"on": date(2026, 12, 1)}, "date"),  # after today
        ({"on": date(2026, 1, 14)}, "date"),  # before the start
        ({"status": "klaar"}, "status"),
        ({"percent": 101}, "percent"),
        ({"percent": -1}, "percent"),
        ({"status": "completed", "percent": 50}, "percent"),
        ({"milestone": "m" * 201}, "milestone"),
        ({"note": "\ud800"}, "note"),
    ]
    for extra, field in cases:
        args = {"actor": s, "assignment": a, "on": date(2026, 3, 1), "status": "in_progress", "today": date(2026, 11, 29), **extra}
        with pytest.raises(InvalidInput) as e:
            services.add_progress(**args)
        assert e.value.field == field, extra
    assert _counts() == before


def test_changing_an_assignment_is_audited_and_keeps_its_history_consistent(demo):
    a = _new(demo)
    s = _secretary()
    services.add_progress(actor=s, assignment=a, on=date(2026, 2, 1), status="in_progress", today=date(2026, 11, 29))
    services.change_assignment(actor=s, assignment=a, title="Energiebesparing: regionale aanpak", budget=None, pillar="d")
    a.refresh_from_db()
    assert (a.title, a.budget, a.pillar.key, a.start) == ("Energiebesparing: regionale aanpak", None, "d", date(2026, 1, 15))
    entry = AuditEntry.objects.filter(action="assignment.change").latest("seq")
    assert entry.before["budget"] == "12500.50" and entry.after["budget"] is None
    with pytest.raises(InvalidInput) as e:
        services.change_assignment(actor=s, assignment=a, start=date(2026, 3, 1))
    assert e.value.field == "start"
    with pytest.raises(InvalidInput) as e:
        services.change_assignment(actor=s, assignment=a, status="completed")
    assert e.value.field == "status"
    assert audit.replay() == []


def test_project_group_members_per_party_added_and_ended(demo):
    a = _new(demo)
    s = _secretary()
    m = services.add_member(actor=s, assignment=a, party="GM0173", name="Adviseur Oldenzaal", role="lead", start=date(2026, 1, 15))
    with pytest.raises(InvalidInput) as e:
        services.add_member(actor=s, assignment=a, party="GM0173", name="adviseur oldenzaal", role="member", start=date(2026, 2, 1))
    assert e.value.field == "name"
    for extra, field in (({"party": "WS-VECHTSTROMEN"}, "party"), ({"role": "baas"}, "role"), ({"name": ""}, "name")):
        args = {"actor": s, "assignment": a, "party": "GM0141", "name": "X", "role": "member", "start": date(2026, 1, 15), **extra}
        with pytest.raises(InvalidInput) as e:
            services.add_member(**args)
        assert e.value.field == field
    with pytest.raises(InvalidInput):
        services.end_member(actor=s, member=m, until=date(2026, 1, 1))
    services.end_member(actor=s, member=m, until=date(2026, 6, 30))
    with pytest.raises(InvalidInput) as e:
        services.end_member(actor=s, member=m, until=date(2026, 7, 31))
    assert e.value.code == "member.already-ended"
    # After the seat ended, the same person may come back.
    services.add_member(actor=s, assignment=a, party="GM0173", name="Adviseur Oldenzaal", role="member", start=date(2026, 9, 1))
    assert ProjectGroupMember.objects.filter(assignment=a).count() == 2
    assert audit.replay() == []
    assert cli.main(["audit", "verify"]) == 0


def test_linking_meetings_and_agenda_items(demo):
    a = _new(demo)
    s = _secretary()
    board = Body.objects.get(agreement=demo, key="board")
    held = Meeting.objects.filter(body=board, status="held").order_by("held_on").first()
    planned = Meeting.objects.get(agreement=demo, status="planned")
    item = planned.agenda_items.order_by("position").last()
    services.link_meeting(actor=s, assignment=a, meeting=held, note="opdracht verleend")
    services.link_meeting(actor=s, assignment=a, meeting=planned, agenda_item=item)
    with pytest.raises(InvalidInput) as e:
        services.link_meeting(actor=s, assignment=a, meeting=held)
    assert e.value.code == "link.duplicate"
    with pytest.raises(InvalidInput) as e:
        services.link_meeting(actor=s, assignment=a, meeting=held, agenda_item=item.pk)  # the item of another meeting
    assert e.value.field == "agenda_item"
    with pytest.raises(InvalidInput) as e:
        services.link_meeting(actor=s, assignment=a, meeting=10**9)
    assert e.value.field == "meeting"
    assert [(lk.meeting_id, lk.agenda_item_id) for lk in a.meeting_links.all()] == [(held.pk, None), (planned.pk, item.pk)]
    assert audit.replay() == []


@pytest.mark.parametrize("username", ["voorzitter", "hengelo", "financien", "waarnemer"])
def test_only_the_secretariat_records_the_agenda(demo, username):
    a = Assignment.objects.filter(agreement=demo).first()
    user = User.objects.get(username=username)
    before = _counts()
    with pytest.raises(NotAllowed):
        _new(demo, actor=user)
    with pytest.raises(NotAllowed):
        services.add_progress(actor=user, assignment=a, on=date(2026, 11, 1), status="in_progress")
    with pytest.raises(NotAllowed):
        services.add_member(actor=user, assignment=a, party="GM0164", name="X", role="member", start=date(2026, 11, 1))
    with pytest.raises(NotAllowed):
        services.change_assignment(actor=user, assignment=a, title="Anders")
    assert _counts() == before


def test_budgets_are_visible_to_who_sees_amounts(demo):
    day = date(2026, 11, 28)
    seen = {}
    for username in ("secretariaat", "voorzitter", "hengelo", "financien", "waarnemer"):
        items = [i for g in queries.overview(User.objects.get(username=username), demo, day) for i in g.items]
        seen[username] = any(i.budget is not None for i in items)
    assert seen == {"secretariaat": True, "voorzitter": True, "hengelo": True, "financien": True, "waarnemer": False}


def test_the_demo_agenda_spans_pillars_and_leaves_the_check_unchanged(demo):
    from samen.records.queries import evaluate_recorded, recorded_facts

    assignments = Assignment.objects.filter(agreement=demo)
    assert assignments.count() >= 4
    assert len({a.pillar.key for a in assignments}) >= 4
    assert ProgressUpdate.objects.filter(assignment__agreement=demo).exists()
    assert ProjectGroupMember.objects.filter(assignment__agreement=demo).exists()
    assert MeetingLink.objects.filter(assignment__agreement=demo).exists()
    day = date(2026, 11, 28)
    with_agenda = evaluate_recorded(demo, as_of=day).to_json()
    facts = recorded_facts(demo)
    MeetingLink.objects.all().delete()
    ProgressUpdate.objects.all().delete()
    ProjectGroupMember.objects.all().delete()
    Assignment.objects.all().delete()
    assert recorded_facts(demo) == facts
    assert evaluate_recorded(demo, as_of=day).to_json() == with_agenda
