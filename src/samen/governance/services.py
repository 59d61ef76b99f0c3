"""Writes for bodies, memberships and meetings."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from samen.accounts import permissions
from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.audit import services as audit
from samen.audit.services import snapshot
from samen.core.errors import InvalidInput
from samen.governance.models import Body, Meeting, Membership
from samen.parties.models import Person


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
    m = Membership.objects.create(body=body, person=person, role=role, start=start, until=until)
    audit.append(actor=actor, action="membership.add", obj=m, after=snapshot(m), agreement=body.agreement.slug)
    return m


@transaction.atomic
def record_meeting(*, actor: Any, body: Body, held_on: date, title: str = "") -> Meeting:
    """Record that `body` met on `held_on` (art. 5 lid 4 counts the board's meetings)."""
    permissions.require(actor, "record_meeting")
    meeting = Meeting.objects.create(agreement=body.agreement, body=body, held_on=held_on, title=title)
    audit.append(actor=actor, action="meeting.record", obj=meeting, after=snapshot(meeting), agreement=body.agreement.slug)
    return meeting
