"""Bodies and members (art. 1 sub e-h, art. 5): the membership services, the chair's election and the facts
the rules read, projected from the memberships."""

from __future__ import annotations

from datetime import date

import pytest

from samen.accounts.models import User
from samen.audit import services as audit_services
from samen.audit.models import AuditEntry
from samen.core.errors import InvalidInput, NotAllowed, Refused
from samen.governance import services
from samen.governance.models import Body, Membership
from samen.parties import services as parties
from samen.parties.models import Person
from samen.records import services as records
from samen.records.queries import evaluate_recorded, membership_facts


def _user(name: str) -> User:
    return User.objects.get(username=name)


def _board(agreement) -> Body:
    return Body.objects.get(agreement=agreement, key="board")


def _core(agreement) -> Body:
    return Body.objects.get(agreement=agreement, key="core-group")


def _member(agreement, code: str) -> Person:
    return Person.objects.filter(agreement=agreement, party__code=code).order_by("pk").first()


def test_the_demo_projects_the_chair_and_the_core_group_from_the_memberships(demo):
    facts = membership_facts(demo)
    assert {"fact": "chair-elected", "party": "GM0153", "date": "2024-12-12"} in facts
    assert {"fact": "core-group-composed", "parties": ["GM0141", "GM0153", "GM0164", "PV23"], "date": "2024-12-12"} in facts


def test_chair_and_core_group_are_no_longer_recorded_as_loose_facts(demo):
    for raw in (
        {"fact": "chair-elected", "party": "GM0164", "date": "2026-01-01"},
        {"fact": "core-group-composed", "parties": ["GM0164", "GM0153", "GM0141"], "date": "2026-01-01"},
    ):
        with pytest.raises(InvalidInput) as e:
            records.record_fact(actor=_user("secretariaat"), agreement=demo, raw=raw)
        assert e.value.code == "fact.own-table"


def test_electing_a_chair_ends_the_previous_one_and_is_audited(demo):
    board = _board(demo)
    hengelo = _member(demo, "GM0164")
    before = AuditEntry.objects.count()
    chair = services.elect_chair(actor=_user("secretariaat"), body=board, person=hengelo, on=date(2026, 2, 12))
    assert chair.role == "chair" and chair.start == date(2026, 2, 12)
    old = Membership.objects.get(body=board, role="chair", person__party__code="GM0153")
    assert old.until == date(2026, 2, 11)
    entries = list(AuditEntry.objects.filter(seq__gt=before).order_by("seq"))
    assert [e.action for e in entries] == ["membership.end", "membership.add"]
    assert entries[0].before["until"] is None and entries[0].after["until"] == "2026-02-11"
    assert entries[1].after["person"] == hengelo.pk
    assert {"fact": "chair-elected", "party": "GM0164", "date": "2026-02-12"} in membership_facts(demo)
    assert audit_services.verify_all().problems == []


def test_art_5_lid_5_refuses_a_chair_who_is_not_a_board_member(demo):
    board = _board(demo)
    staff = Person.objects.get(agreement=demo, name="Secretaris (voorbeeld)")
    before = AuditEntry.objects.count()
    with pytest.raises(Refused) as e:
        services.elect_chair(actor=_user("secretariaat"), body=board, person=staff, on=date(2026, 2, 12))
    assert e.value.code == "art-5.chair-not-from-board"
    assert e.value.field == "person" and e.value.article == "art. 5 lid 5"
    assert AuditEntry.objects.count() == before
    # The Waterschap takes part without a vote: not from the board's midst either.
    waterschap = Person.objects.get(agreement=demo, participant__isnull=False)
    with pytest.raises(Refused):
        services.elect_chair(actor=_user("secretariaat"), body=board, person=waterschap, on=date(2026, 2, 12))
    # A member whose seat had ended by then is not from its midst.
    hengelo = _member(demo, "GM0164")
    seat = Membership.objects.get(body=board, person=hengelo, role="member")
    services.end_membership(actor=_user("secretariaat"), membership=seat, until=date(2026, 1, 31))
    with pytest.raises(Refused):
        services.elect_chair(actor=_user("secretariaat"), body=board, person=hengelo, on=date(2026, 2, 12))
    assert Membership.objects.filter(body=board, role="chair").count() == 1


def test_the_board_chair_cannot_be_added_as_a_plain_membership(demo):
    with pytest.raises(InvalidInput) as e:
        services.add_membership(
            actor=_user("secretariaat"), body=_board(demo), person=_member(demo, "GM0164"), role="chair", start=date(2026, 1, 1)
        )
    assert e.value.field == "role" and e.value.article == "art. 5 lid 5"


@pytest.mark.parametrize("username", ["voorzitter", "hengelo", "waarnemer", "financien"])
def test_only_the_secretariat_manages_memberships(demo, username):
    board = _board(demo)
    seat = Membership.objects.filter(body=board, role="member").first()
    before = AuditEntry.objects.count()
    with pytest.raises(NotAllowed):
        services.end_membership(actor=_user(username), membership=seat, until=date(2026, 1, 1))
    with pytest.raises(NotAllowed):
        services.elect_chair(actor=_user(username), body=board, person=_member(demo, "GM0164"), on=date(2026, 1, 1))
    with pytest.raises(NotAllowed):
        services.replace_membership(actor=_user(username), membership=seat, person=_member(demo, "GM0164"), start=date(2026, 1, 1))
    assert AuditEntry.objects.count() == before


def test_replacing_a_member_ends_the_seat_and_adds_the_successor_in_one_go(demo):
    board = _board(demo)
    seat = Membership.objects.get(body=board, role="member", person__party__code="GM0164")
    new = parties.add_person(actor=_user("secretariaat"), agreement=demo, name="Nieuwe wethouder", party=seat.person.party)
    successor = services.replace_membership(actor=_user("secretariaat"), membership=seat, person=new, start=date(2026, 4, 1))
    seat.refresh_from_db()
    assert seat.until == date(2026, 3, 31)
    assert (successor.role, successor.start, successor.until, successor.body) == ("member", date(2026, 4, 1), None, board)


def test_a_replacement_that_fails_writes_nothing(demo):
    board = _board(demo)
    seat = Membership.objects.get(body=board, role="member", person__party__code="GM0164")
    before = AuditEntry.objects.count()
    with pytest.raises(InvalidInput) as e:
        services.replace_membership(actor=_user("secretariaat"), membership=seat, person=seat.person, start=date(2026, 4, 1))
    assert e.value.field == "person"
    with pytest.raises(InvalidInput) as e:
        services.replace_membership(actor=_user("secretariaat"), membership=seat, person=_member(demo, "GM0153"), start=seat.start)
    assert e.value.field == "start"
    seat.refresh_from_db()
    assert seat.until is None and AuditEntry.objects.count() == before


def test_ending_a_membership_before_it_started_names_the_field(demo):
    seat = Membership.objects.filter(body=_board(demo), role="member").first()
    with pytest.raises(InvalidInput) as e:
        services.end_membership(actor=_user("secretariaat"), membership=seat, until=date(2020, 1, 1))
    assert e.value.field == "until"


def test_a_core_group_left_with_two_parties_is_a_finding_citing_art_1_sub_g(demo):
    core = _core(demo)
    for code in ("GM0141", "GM0164"):
        seat = Membership.objects.get(body=core, role="member", person__party__code=code)
        services.end_membership(actor=_user("secretariaat"), membership=seat, until=date(2026, 5, 31))
    assert {"fact": "core-group-composed", "parties": ["GM0153", "PV23"], "date": "2026-06-01"} in membership_facts(demo)
    before = evaluate_recorded(demo, as_of=date(2026, 5, 31))
    assert not [f for f in before.findings if f.code == "art-1.core-group-too-small"]
    after = evaluate_recorded(demo, as_of=date(2026, 6, 1))
    found = [f for f in after.findings if f.code == "art-1.core-group-too-small"]
    assert found and found[0].articles == ("art. 1 sub g",)


def test_a_core_group_whose_last_party_seat_ended_is_too_small_not_an_inconsistent_record(demo):
    core = _core(demo)
    for seat in Membership.objects.filter(body=core, role="member"):
        services.end_membership(actor=_user("secretariaat"), membership=seat, until=date(2026, 5, 31))
    assert {"fact": "core-group-composed", "parties": [], "date": "2026-06-01"} in membership_facts(demo)
    codes = {f.code for f in evaluate_recorded(demo, as_of=date(2026, 6, 1)).findings}
    assert "art-1.core-group-too-small" in codes
    assert "records.inconsistent" not in codes
