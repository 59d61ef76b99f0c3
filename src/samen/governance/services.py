"""Writes for bodies, memberships and meetings."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q

from samen.accounts import permissions
from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.audit import services as audit
from samen.audit.services import snapshot
from samen.core.errors import InvalidInput, Refused
from samen.governance.models import Body, Meeting, Membership
from samen.parties.models import Person

BOARD = "board"  # the body whose chair art. 5 lid 5 governs (bestuurlijk overleg)


def ensure_bodies(*, actor: Any, agreement: Agreement) -> None:
    """Create the bodies the definition lists and that are missing."""
    d = registry.definition(agreement.slug)
    for position, b in enumerate(d.bodies):
        body, created = Body.objects.get_or_create(
            agreement=agreement, key=b.key, defaults={"name": b.name, "short_name": b.short_name, "kind": b.kind, "position": position}
        )
        if created:
            audit.append(actor=actor, action="body.create", obj=body, after=snapshot(body), agreement=agreement.slug)


@transaction.atomic
def add_membership(*, actor: Any, body: Body, person: Person, role: str, start: date, until: date | None = None) -> Membership:
    """Give `person` a seat in `body` with `role` from `start` (until, inclusive, when given)."""
    permissions.require(actor, "manage_memberships")
    audit.lock_for_write()
    if role not in Membership.Role.values:
        raise InvalidInput("membership.role", f"Onbekende rol {role!r}; kies uit {', '.join(Membership.Role.values)}.", field="role")
    if until is not None and until < start:
        raise InvalidInput("membership.until-before-start", "De einddatum ligt voor de begindatum.", field="until")
    if person.agreement_id != body.agreement_id:
        raise InvalidInput("membership.other-agreement", "Persoon en orgaan horen bij verschillende overeenkomsten.", field="person")
    if role == Membership.Role.CHAIR and body.key == BOARD:
        raise InvalidInput(
            "membership.chair-by-election",
            "De voorzitter van het bestuurlijk overleg wordt gekozen uit zijn midden (art. 5 lid 5): gebruik 'Voorzitter kiezen'.",
            field="role",
            article="art. 5 lid 5",
        )
    return _create(actor=actor, body=body, person=person, role=role, start=start, until=until)


def _create(*, actor: Any, body: Body, person: Person, role: str, start: date, until: date | None = None) -> Membership:
    m = Membership.objects.create(body=body, person=person, role=role, start=start, until=until)
    audit.append(actor=actor, action="membership.add", obj=m, after=snapshot(m), agreement=body.agreement.slug)
    return m


def _active_on(day: date) -> Q:
    return Q(start__lte=day) & (Q(until__isnull=True) | Q(until__gte=day))


@transaction.atomic
def end_membership(*, actor: Any, membership: Membership, until: date) -> Membership:
    """End `membership` on `until` (inclusive: the last day of the seat)."""
    permissions.require(actor, "manage_memberships")
    audit.lock_for_write()
    m = Membership.objects.select_for_update().select_related("body__agreement").get(pk=membership.pk)
    if m.until is not None and m.until < until:
        raise InvalidInput("membership.already-ended", f"Dit lidmaatschap is al beëindigd op {m.until.isoformat()}.", field="until")
    if until < m.start:
        raise InvalidInput("membership.until-before-start", "De einddatum ligt voor de begindatum.", field="until")
    before = snapshot(m)
    m.until = until
    m.save(update_fields=["until"])
    audit.append(actor=actor, action="membership.end", obj=m, before=before, after=snapshot(m), agreement=m.body.agreement.slug)
    return m


@transaction.atomic
def replace_membership(*, actor: Any, membership: Membership, person: Person, start: date) -> Membership:
    """`person` takes over the seat of `membership` from `start`: the old one ends the day before, in one transaction."""
    permissions.require(actor, "manage_memberships")
    audit.lock_for_write()
    old = Membership.objects.select_related("body__agreement").get(pk=membership.pk)
    if person.pk == old.person_id:
        raise InvalidInput("membership.same-person", "De opvolger is dezelfde persoon als het huidige lid.", field="person")
    if start <= old.start:
        raise InvalidInput("membership.start-before-old", "De opvolger begint na de begindatum van het huidige lid.", field="start")
    if old.until is not None and old.until < start - timedelta(days=1):
        raise InvalidInput("membership.already-ended", f"Dit lidmaatschap is al beëindigd op {old.until.isoformat()}.", field="start")
    end_membership(actor=actor, membership=old, until=start - timedelta(days=1))
    if old.role == Membership.Role.CHAIR and old.body.key == BOARD:
        raise InvalidInput(
            "membership.chair-by-election",
            "Een nieuwe voorzitter wordt gekozen (art. 5 lid 5): gebruik 'Voorzitter kiezen'.",
            field="person",
        )
    return add_membership(actor=actor, body=old.body, person=person, role=old.role, start=start)


@transaction.atomic
def elect_chair(*, actor: Any, body: Body, person: Person, on: date) -> Membership:
    """The board elects `person` its chair on `on` (art. 5 lid 5: from its midst, so a voting member of the board).

    The previous chair's seat as chair ends the day before; their seat as member stays.
    """
    permissions.require(actor, "manage_memberships")
    audit.lock_for_write()
    if body.key != BOARD:
        raise InvalidInput(
            "membership.chair-not-board", "Alleen het bestuurlijk overleg kiest een voorzitter (art. 5 lid 5).", field="body"
        )
    if person.agreement_id != body.agreement_id:
        raise InvalidInput("membership.other-agreement", "Persoon en orgaan horen bij verschillende overeenkomsten.", field="person")
    member = Membership.objects.filter(_active_on(on), body=body, person=person, role=Membership.Role.MEMBER)
    if person.party_id is None or not member.exists():
        raise Refused(
            "art-5.chair-not-from-board",
            f"{person.name} is op {on.isoformat()} geen lid van het bestuurlijk overleg namens een partij; "
            "het bestuurlijk overleg kiest uit zijn midden een voorzitter (art. 5 lid 5).",
            field="person",
            article="art. 5 lid 5",
        )
    for current in Membership.objects.filter(_active_on(on), body=body, role=Membership.Role.CHAIR):
        if current.start >= on:
            raise InvalidInput(
                "membership.chair-same-day", f"Op {on.isoformat()} is al een voorzitter gekozen: {current.person.name}.", field="on"
            )
        end_membership(actor=actor, membership=current, until=on - timedelta(days=1))
    return _create(actor=actor, body=body, person=person, role=Membership.Role.CHAIR, start=on)


@transaction.atomic
def record_meeting(*, actor: Any, body: Body, held_on: date, title: str = "") -> Meeting:
    """Record that `body` met on `held_on` (art. 5 lid 4 counts the board's meetings)."""
    permissions.require(actor, "record_meeting")
    meeting = Meeting.objects.create(agreement=body.agreement, body=body, held_on=held_on, title=title)
    audit.append(actor=actor, action="meeting.record", obj=meeting, after=snapshot(meeting), agreement=body.agreement.slug)
    return meeting
