"""Writes for the cooperation agenda (art. 1 sub d, art. 2): pillars, assignments, project groups, progress, meetings.

Every write: `permissions.require(actor, "manage_cooperation_agenda")` (the secretariat; art. 2 lid 2: the
host facilitates and coordinates), `audit.lock_for_write()` before validating against existing rows, one
transaction, an audit entry with before/after snapshots. Bad input raises InvalidInput naming the field as
the API and the forms call it; what the agreement does not allow raises Refused citing the article.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q

from samen.accounts import permissions
from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.audit import services as audit
from samen.audit.services import snapshot
from samen.cooperation.models import Assignment, MeetingLink, Pillar, ProgressUpdate, ProjectGroupMember, Status
from samen.core.errors import InvalidInput, Refused
from samen.governance.models import AgendaItem, Body, Meeting, Membership
from samen.parties.models import Party, Person
from samen.rules.facts import bad_text

ACTION = "manage_cooperation_agenda"
BOARD = "board"
MAX_TITLE = 200
MAX_NAME = 120
MAX_TEXT = 20_000
MAX_NOTE = 2_000
MAX_BUDGET = Decimal("999999999999.99")
MAX_ID = 2**63 - 1
_AMOUNT = re.compile(r"^\d{1,12}(\.\d{1,2})?$")
CHANGEABLE = frozenset({"pillar", "title", "description", "deliverables", "principal", "civil_principal", "start", "planned_end", "budget"})


def ensure_pillars(*, actor: Any, agreement: Agreement) -> None:
    """Create the pillars the definition lists (art. 2 lid 1 sub a-g) that are missing; existing ones are kept."""
    d = registry.definition(agreement.slug)
    for position, p in enumerate(d.pillars):
        pillar, created = Pillar.objects.get_or_create(agreement=agreement, key=p.key, defaults={"title": p.title, "position": position})
        if created:
            audit.append(actor=actor, action="pillar.create", obj=pillar, after=snapshot(pillar), agreement=agreement.slug)


# --- validation helpers -----------------------------------------------------------------------------------


def _text(value: Any, field: str, *, limit: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput("assignment.bad-text", "Moet tekst zijn.", field=field)
    value = value.strip()
    if bad_text(value):
        raise InvalidInput("assignment.bad-text", "Bevat tekens die geen tekst zijn (NUL of een losse surrogaat).", field=field)
    if required and not value:
        raise InvalidInput("assignment.required", "Vul dit in.", field=field)
    if len(value) > limit:
        raise InvalidInput("assignment.too-long", f"Hoogstens {limit} tekens (gekregen: {len(value)}).", field=field)
    return value


def _date(value: Any, field: str, *, required: bool = True) -> date | None:
    if value is None and not required:
        return None
    if not isinstance(value, date):
        raise InvalidInput("assignment.date", "Vul een geldige datum in (jjjj-mm-dd).", field=field)
    if not date(1900, 1, 1) <= value <= date(2999, 12, 31):
        raise InvalidInput("assignment.date", "Een datum ligt tussen 1900 en 2999.", field=field)
    return value


def budget_amount(value: Any, field: str = "budget") -> Decimal | None:
    """A budget in euros, whole cents (e.g. "12500.00" or Decimal); None or "" for no budget."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        raw = format(value, "f")
    elif isinstance(value, str):
        raw = value.strip().replace(",", ".")
    else:
        raise InvalidInput("assignment.budget", "Geef het budget als bedrag in euro's, bijvoorbeeld 12500.00.", field=field)
    if not _AMOUNT.match(raw):
        raise InvalidInput(
            "assignment.budget", "Geef het budget als bedrag in euro's, hele centen, niet negatief, bijvoorbeeld 12500.00.", field=field
        )
    try:
        amount = Decimal(raw).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise InvalidInput("assignment.budget", "Geen geldig bedrag.", field=field) from None
    if amount > MAX_BUDGET:
        raise InvalidInput("assignment.budget", "Dat bedrag is te groot.", field=field)
    return amount


def _pillar(agreement: Agreement, key: Any) -> Pillar:
    pillar = Pillar.objects.filter(agreement=agreement, key=key).first() if isinstance(key, str) and not bad_text(key) else None
    if pillar is None:
        keys = ", ".join(Pillar.objects.filter(agreement=agreement).values_list("key", flat=True))
        raise InvalidInput("assignment.pillar", f"Onbekende pijler {key!r}; kies uit {keys} (art. 2 lid 1).", field="pillar")
    return pillar


def _id(value: Any) -> int | None:
    """`value` as a row id, or None when it cannot be one (not an int, a bool, or out of the database's range)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID:
        return value
    return None


def _person(agreement: Agreement, value: Any, field: str) -> Person:
    if isinstance(value, Person):
        person: Person | None = value if value.agreement_id == agreement.pk else None
    elif _id(value) is not None:
        person = Person.objects.filter(agreement=agreement, pk=value).first()
    else:
        person = None
    if person is None:
        raise InvalidInput("assignment.unknown-person", "Geen persoon van deze overeenkomst.", field=field)
    return person


def _sits_on_board(person: Person, start: date, end: date | None) -> bool:
    """Whether `person` has a seat on the board as member or chair at some time during [start, end]."""
    seats = Membership.objects.filter(
        body__agreement_id=person.agreement_id,
        body__key=BOARD,
        person=person,
        role__in=(Membership.Role.MEMBER, Membership.Role.CHAIR),
    ).filter(Q(until__isnull=True) | Q(until__gte=start))
    if end is not None:
        seats = seats.filter(start__lte=end)
    return seats.exists()


def _assignment_fields(agreement: Agreement, raw: dict[str, Any]) -> dict[str, Any]:
    """The checked fields of an assignment (create and change share them)."""
    pillar = _pillar(agreement, raw.get("pillar"))
    title = _text(raw.get("title"), "title", limit=MAX_TITLE, required=True)
    description = _text(raw.get("description"), "description", limit=MAX_TEXT)
    deliverables = _text(raw.get("deliverables"), "deliverables", limit=MAX_TEXT)
    start = _date(raw.get("start"), "start")
    assert start is not None
    planned_end = _date(raw.get("planned_end"), "planned_end", required=False)
    if planned_end is not None and planned_end < start:
        raise InvalidInput("assignment.end-before-start", "De geplande einddatum ligt voor de startdatum.", field="planned_end")
    budget = budget_amount(raw.get("budget"))
    principal = _person(agreement, raw.get("principal"), "principal")
    if not _sits_on_board(principal, start, planned_end):
        board = Body.objects.filter(agreement=agreement, key=BOARD).first()
        raise Refused(
            "art-1.principal-not-bestuurder",
            f"{principal.name} heeft in de looptijd van de opdracht geen zetel (lid of voorzitter) in "
            f"{board.short_name if board else 'het bestuurlijk overleg'}; bestuurders sturen als opdrachtgever (art. 1 sub d).",
            field="principal",
            article="art. 1 sub d",
        )
    civil = raw.get("civil_principal")
    civil_principal = None if civil in (None, "") else _person(agreement, civil, "civil_principal")
    if civil_principal is not None and civil_principal.pk == principal.pk:
        raise InvalidInput(
            "assignment.same-principal",
            "De ambtelijk opdrachtgever (art. 1 sub e) is een ander dan de bestuurlijk opdrachtgever.",
            field="civil_principal",
        )
    return {
        "pillar": pillar,
        "title": title,
        "description": description,
        "deliverables": deliverables,
        "start": start,
        "planned_end": planned_end,
        "budget": budget,
        "principal": principal,
        "civil_principal": civil_principal,
    }


# --- assignments ------------------------------------------------------------------------------------------


@transaction.atomic
def create_assignment(
    *,
    actor: Any,
    agreement: Agreement,
    pillar: str,
    title: str,
    principal: Person | int,
    start: date,
    description: str = "",
    deliverables: str = "",
    civil_principal: Person | int | None = None,
    planned_end: date | None = None,
    budget: Decimal | str | None = None,
) -> Assignment:
    """Record an administrative assignment under pillar `pillar` (a-g). It is in preparation until progress is recorded."""
    permissions.require(actor, ACTION)
    audit.lock_for_write()
    fields = _assignment_fields(
        agreement,
        {
            "pillar": pillar,
            "title": title,
            "description": description,
            "deliverables": deliverables,
            "start": start,
            "planned_end": planned_end,
            "budget": budget,
            "principal": principal,
            "civil_principal": civil_principal,
        },
    )
    assignment = Assignment.objects.create(agreement=agreement, **fields)
    audit.append(actor=actor, action="assignment.create", obj=assignment, after=snapshot(assignment), agreement=agreement.slug)
    return assignment


@transaction.atomic
def change_assignment(*, actor: Any, assignment: Assignment, **changes: Any) -> Assignment:
    """Change an assignment's fields (pillar, title, description, deliverables, principal, civil_principal, start,
    planned_end, budget); fields not given keep their value. Its status changes only by a progress update."""
    permissions.require(actor, ACTION)
    audit.lock_for_write()
    a = Assignment.objects.select_for_update().select_related("agreement", "pillar").get(pk=assignment.pk)
    unknown = set(changes) - CHANGEABLE
    if unknown:
        raise InvalidInput("assignment.unknown-field", f"Onbekend veld {sorted(unknown)[0]!r}.", field=sorted(unknown)[0])
    current = {
        "pillar": a.pillar.key,
        "title": a.title,
        "description": a.description,
        "deliverables": a.deliverables,
        "start": a.start,
        "planned_end": a.planned_end,
        "budget": a.budget,
        "principal": a.principal_id,
        "civil_principal": a.civil_principal_id,
    }
    fields = _assignment_fields(a.agreement, {**current, **changes})
    first = a.updates.order_by("on").values_list("on", flat=True).first()
    if first is not None and fields["start"] > first:
        raise InvalidInput(
            "assignment.start-after-progress",
            f"Er is al voortgang vastgelegd op {first.isoformat()}; de startdatum ligt niet later.",
            field="start",
        )
    before = snapshot(a)
    for name, value in fields.items():
        setattr(a, name, value)
    a.save()
    audit.append(actor=actor, action="assignment.change", obj=a, before=before, after=snapshot(a), agreement=a.agreement.slug)
    return a


# --- project group --------------------------------------------------------------------------------------------


@transaction.atomic
def add_member(
    *, actor: Any, assignment: Assignment, party: Party | str, name: str, role: str, start: date, until: date | None = None
) -> ProjectGroupMember:
    """Add a member of the assignment's project group on behalf of `party` (art. 1 sub h) from `start`."""
    permissions.require(actor, ACTION)
    audit.lock_for_write()
    agreement = assignment.agreement
    if isinstance(party, Party):
        found: Party | None = party if party.agreement_id == agreement.pk else None
    else:
        found = Party.objects.filter(agreement=agreement, code=party).first() if isinstance(party, str) and not bad_text(party) else None
    if found is None:
        raise InvalidInput("member.unknown-party", f"Geen partij {party!s} van deze overeenkomst.", field="party")
    name = _text(name, "name", limit=MAX_NAME, required=True)
    if role not in ProjectGroupMember.Role.values:
        raise InvalidInput("member.role", f"Kies een rol: {', '.join(ProjectGroupMember.Role.values)}.", field="role")
    start_day = _date(start, "start")
    assert start_day is not None
    until_day = _date(until, "until", required=False)
    if until_day is not None and until_day < start_day:
        raise InvalidInput("member.until-before-start", "De einddatum ligt voor de begindatum.", field="until")
    overlapping = ProjectGroupMember.objects.filter(assignment=assignment, party=found, name__iexact=name).filter(
        Q(until__isnull=True) | Q(until__gte=start_day)
    )
    if until_day is not None:
        overlapping = overlapping.filter(start__lte=until_day)
    if overlapping.exists():
        raise InvalidInput("member.duplicate", f"{name} zit in die periode al in de projectgroep namens {found.name}.", field="name")
    member = ProjectGroupMember.objects.create(assignment=assignment, party=found, name=name, role=role, start=start_day, until=until_day)
    audit.append(actor=actor, action="project-member.add", obj=member, after=snapshot(member), agreement=agreement.slug)
    return member


@transaction.atomic
def end_member(*, actor: Any, member: ProjectGroupMember, until: date) -> ProjectGroupMember:
    """End a project group member's seat on `until` (inclusive: the last day)."""
    permissions.require(actor, ACTION)
    audit.lock_for_write()
    m = ProjectGroupMember.objects.select_for_update().select_related("assignment__agreement").get(pk=member.pk)
    day = _date(until, "until")
    assert day is not None
    if m.until is not None and m.until < day:
        raise InvalidInput("member.already-ended", f"Dit lid is al uit de projectgroep sinds {m.until.isoformat()}.", field="until")
    if day < m.start:
        raise InvalidInput("member.until-before-start", "De einddatum ligt voor de begindatum.", field="until")
    before = snapshot(m)
    m.until = day
    m.save(update_fields=["until"])
    audit.append(actor=actor, action="project-member.end", obj=m, before=before, after=snapshot(m), agreement=m.assignment.agreement.slug)
    return m


# --- progress -------------------------------------------------------------------------------------------------


@transaction.atomic
def add_progress(
    *,
    actor: Any,
    assignment: Assignment,
    on: date,
    status: str,
    percent: int | None = None,
    milestone: str = "",
    note: str = "",
    today: date | None = None,
) -> ProgressUpdate:
    """Record the assignment's progress on `on`: its status from then on, a percentage and/or milestone, a note."""
    permissions.require(actor, ACTION)
    audit.lock_for_write()
    a = Assignment.objects.select_related("agreement").get(pk=assignment.pk)
    day = _date(on, "date")
    assert day is not None
    if day > (today or date.today()):
        raise InvalidInput("progress.future", "Voortgang wordt vastgelegd als zij er is: de datum ligt niet in de toekomst.", field="date")
    if day < a.start:
        raise InvalidInput(
            "progress.before-start", f"De datum ligt voor de startdatum van de opdracht ({a.start.isoformat()}).", field="date"
        )
    if status not in Status.values:
        raise InvalidInput("progress.status", f"Kies een stand: {', '.join(Status.values)}.", field="status")
    if percent is not None and (isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100):
        raise InvalidInput("progress.percent", "Een percentage is een heel getal van 0 tot en met 100.", field="percent")
    if status == Status.COMPLETED and percent is not None and percent != 100:
        raise InvalidInput("progress.completed-percent", "Een afgeronde opdracht staat op 100%.", field="percent")
    update = ProgressUpdate.objects.create(
        assignment=a,
        on=day,
        status=status,
        percent=percent,
        milestone=_text(milestone, "milestone", limit=MAX_TITLE),
        note=_text(note, "note", limit=MAX_NOTE),
    )
    audit.append(actor=actor, action="progress.add", obj=update, after=snapshot(update), agreement=a.agreement.slug)
    return update


# --- meetings -------------------------------------------------------------------------------------------------


@transaction.atomic
def link_meeting(
    *, actor: Any, assignment: Assignment, meeting: Meeting | int, agenda_item: AgendaItem | int | None = None, note: str = ""
) -> MeetingLink:
    """Link a meeting (and optionally one of its agenda items) that decided on or discussed the assignment."""
    permissions.require(actor, ACTION)
    audit.lock_for_write()
    agreement = assignment.agreement
    pk = meeting.pk if isinstance(meeting, Meeting) else meeting
    found = Meeting.objects.filter(agreement=agreement, pk=pk).first() if _id(pk) is not None else None
    if found is None:
        raise InvalidInput("link.unknown-meeting", "Geen vergadering van deze overeenkomst.", field="meeting")
    item = None
    if agenda_item not in (None, ""):
        item_pk = agenda_item.pk if isinstance(agenda_item, AgendaItem) else agenda_item
        item = AgendaItem.objects.filter(meeting=found, pk=item_pk).first() if _id(item_pk) is not None else None
        if item is None:
            raise InvalidInput("link.unknown-item", "Dat agendapunt hoort niet bij deze vergadering.", field="agenda_item")
    note = _text(note, "note", limit=MAX_TITLE)
    if MeetingLink.objects.filter(assignment=assignment, meeting=found, agenda_item=item).exists():
        raise InvalidInput("link.duplicate", "Deze vergadering is al aan de opdracht gekoppeld.", field="meeting")
    link = MeetingLink.objects.create(assignment=assignment, meeting=found, agenda_item=item, note=note)
    audit.append(actor=actor, action="assignment.link-meeting", obj=link, after=snapshot(link), agreement=agreement.slug)
    return link
