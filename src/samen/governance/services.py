"""Writes for bodies, memberships and meetings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q

from samen.accounts import permissions
from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.audit import services as audit
from samen.audit.services import snapshot
from samen.core.errors import InvalidInput, Refused
from samen.governance.models import AgendaItem, Attendance, Body, Meeting, Membership
from samen.parties.models import Participant, Party, Person
from samen.rules.facts import bad_text

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
    meeting = Meeting.objects.create(agreement=body.agreement, body=body, held_on=held_on, title=title, status=Meeting.Status.HELD)
    audit.append(actor=actor, action="meeting.record", obj=meeting, after=snapshot(meeting), agreement=body.agreement.slug)
    return meeting


# --- meetings with an agenda (art. 5): plan, change the agenda, record held ----------------------------------------

MAX_TITLE = 200
MAX_TEXT = 20_000
MAX_ITEMS = 50


def _text(value: Any, field: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = "" if value is None else str(value).strip()
    if bad_text(text):
        raise InvalidInput("meeting.bad-text", f"{field} bevat tekens die geen tekst zijn (NUL of een losse surrogaat).", field=field)
    if required and not text:
        raise InvalidInput("meeting.required", f"Vul {field} in.", field=field)
    if len(text) > limit:
        raise InvalidInput("meeting.too-long", f"{field} is te lang (ten hoogste {limit} tekens).", field=field)
    return text


def _item_fields(raw: Mapping[str, Any], prefix: str) -> dict[str, str]:
    return {
        "title": _text(raw.get("title"), f"{prefix}title", required=True, limit=MAX_TITLE),
        "explanation": _text(raw.get("explanation"), f"{prefix}explanation"),
        "proposal": _text(raw.get("proposal"), f"{prefix}proposal"),
        "brought_by": _text(raw.get("brought_by"), f"{prefix}brought_by", limit=MAX_TITLE),
    }


def _append_item(actor: Any, meeting: Meeting, position: int, fields: dict[str, str]) -> AgendaItem:
    item = AgendaItem.objects.create(meeting=meeting, position=position, **fields)
    audit.append(actor=actor, action="agenda-item.add", obj=item, after=snapshot(item), agreement=meeting.agreement.slug)
    return item


@transaction.atomic
def plan_meeting(
    *,
    actor: Any,
    body: Body,
    on: date,
    start_time: time | None = None,
    place: str = "",
    title: str = "",
    items: Iterable[Mapping[str, Any]] = (),
    public: bool = False,
) -> Meeting:
    """Plan a meeting of `body` on `on` (art. 5), with its agenda items in the order given (each a mapping with
    title and optionally explanation, proposal, brought_by)."""
    permissions.require(actor, "record_meeting")
    audit.lock_for_write()
    if not isinstance(on, date):
        raise InvalidInput("meeting.date", "Vul een geldige datum in.", field="date")
    if start_time is not None and not isinstance(start_time, time):
        raise InvalidInput("meeting.start-time", "Vul een geldige begintijd in (uu:mm).", field="start_time")
    raw_items = list(items)
    if len(raw_items) > MAX_ITEMS:
        raise InvalidInput("meeting.too-many-items", f"Ten hoogste {MAX_ITEMS} agendapunten.", field="agenda")
    cleaned = [_item_fields(raw, f"agenda[{i}].") for i, raw in enumerate(raw_items)]
    meeting = Meeting.objects.create(
        agreement=body.agreement,
        body=body,
        held_on=on,
        start_time=start_time,
        place=_text(place, "place", limit=MAX_TITLE),
        title=_text(title, "title", limit=MAX_TITLE) or f"{body.short_name} {on:%d-%m-%Y}",
        status=Meeting.Status.PLANNED,
        public=bool(public),
    )
    audit.append(actor=actor, action="meeting.plan", obj=meeting, after=snapshot(meeting), agreement=body.agreement.slug)
    for position, fields in enumerate(cleaned, start=1):
        _append_item(actor, meeting, position, fields)
    return meeting


def ensure_planned(meeting: Meeting) -> None:
    """Refuse a change to a meeting that is no longer planned: its agenda and details are history once held."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise InvalidInput(
            "meeting.cancelled", "Deze vergadering is afgelast; een afgelaste vergadering wijzigt niet meer.", field="status"
        )
    if meeting.status != Meeting.Status.PLANNED:
        raise InvalidInput(
            "meeting.already-held",
            "Deze vergadering is al als gehouden vastgelegd; alleen een geplande vergadering kan worden gewijzigd.",
            field="status",
        )


def _fresh(meeting: Meeting) -> Meeting:
    """The meeting as the database has it now (call after audit.lock_for_write, so no one changes it meanwhile)."""
    return Meeting.objects.select_related("agreement", "body").get(pk=meeting.pk)


@transaction.atomic
def add_agenda_item(
    *, actor: Any, meeting: Meeting, title: str, explanation: str = "", proposal: str = "", brought_by: str = ""
) -> AgendaItem:
    """Add an item at the end of a planned meeting's agenda."""
    permissions.require(actor, "record_meeting")
    audit.lock_for_write()
    meeting = _fresh(meeting)
    ensure_planned(meeting)
    fields = _item_fields({"title": title, "explanation": explanation, "proposal": proposal, "brought_by": brought_by}, "")
    count = meeting.agenda_items.count()
    if count >= MAX_ITEMS:
        raise InvalidInput("meeting.too-many-items", f"Ten hoogste {MAX_ITEMS} agendapunten.", field="agenda")
    return _append_item(actor, meeting, count + 1, fields)


@transaction.atomic
def reorder_agenda(*, actor: Any, meeting: Meeting, order: list[int]) -> None:
    """Put a planned meeting's agenda items in the order of `order` (every item id exactly once)."""
    permissions.require(actor, "record_meeting")
    audit.lock_for_write()
    meeting = _fresh(meeting)
    ensure_planned(meeting)
    _reorder(actor, meeting, order)


def _reorder(actor: Any, meeting: Meeting, order: list[int]) -> None:
    items = {i.pk: i for i in meeting.agenda_items.all()}
    if sorted(order) != sorted(items):
        raise InvalidInput("meeting.order", "Noem elk agendapunt van deze vergadering precies eenmaal.", field="order")
    for position, pk in enumerate(order, start=1):
        item = items[pk]
        if item.position != position:
            before = snapshot(item)
            item.position = position
            item.save(update_fields=["position"])
            audit.append(
                actor=actor, action="agenda-item.move", obj=item, before=before, after=snapshot(item), agreement=meeting.agreement.slug
            )


@transaction.atomic
def record_held(
    *,
    actor: Any,
    meeting: Meeting,
    attendance: Mapping[str, Mapping[str, Any]],
    decisions: Mapping[int, Mapping[str, Any]],
    held_on: date | None = None,
    today: date | None = None,
) -> Meeting:
    """Record a planned meeting as held: attendance per party and participant (by code: status present, absent or
    represented, with represented_by) and the decision and outcome per agenda item (by id), in one transaction."""
    permissions.require(actor, "record_meeting")
    audit.lock_for_write()
    meeting = _fresh(meeting)
    ensure_planned(meeting)
    day = held_on or meeting.held_on
    if day > (today or date.today()):
        raise InvalidInput(
            "meeting.held-in-future", "Een vergadering kan niet worden vastgelegd als gehouden voor haar datum.", field="held_on"
        )
    parties = {p.code: p for p in Party.objects.filter(agreement=meeting.agreement)}
    participants = {p.code: p for p in Participant.objects.filter(agreement=meeting.agreement)}
    rows: list[Attendance] = []
    for code, raw in attendance.items():
        f = f"attendance[{code}]"
        if code not in parties and code not in participants:
            raise InvalidInput("meeting.attendance-unknown", f"{code} is geen partij of deelnemer van deze overeenkomst.", field=f)
        status = str(raw.get("status", ""))
        if status not in Attendance.Status.values:
            raise InvalidInput("meeting.attendance-status", f"Kies aanwezig, afwezig of vertegenwoordigd voor {code}.", field=f"{f}.status")
        by = _text(raw.get("represented_by"), f"{f}.represented_by", limit=MAX_TITLE)
        if status == Attendance.Status.REPRESENTED and not by:
            raise InvalidInput("meeting.represented-by", f"Vul in door wie {code} werd vertegenwoordigd.", field=f"{f}.represented_by")
        if status != Attendance.Status.REPRESENTED:
            by = ""
        rows.append(
            Attendance(
                meeting=meeting,
                party=parties.get(code),
                participant=None if code in parties else participants[code],
                status=status,
                represented_by=by,
            )
        )
    items = list(meeting.agenda_items.all())
    unknown = set(decisions) - {i.pk for i in items}
    if unknown:
        raise InvalidInput("meeting.decision-unknown", "Een besluit hoort niet bij een agendapunt van deze vergadering.", field="decisions")
    changes: list[tuple[AgendaItem, str, str]] = []
    for item in items:
        raw = decisions.get(item.pk, {})
        f = f"decisions[{item.position}]"
        outcome = str(raw.get("outcome", ""))
        if outcome not in AgendaItem.Outcome.values:
            raise InvalidInput("meeting.outcome", f"Kies de uitkomst van agendapunt {item.position} ({item.title}).", field=f"{f}.outcome")
        changes.append((item, _text(raw.get("decision"), f"{f}.decision"), outcome))
    slug = meeting.agreement.slug
    before = snapshot(meeting)
    meeting.status = Meeting.Status.HELD
    meeting.held_on = day
    meeting.save(update_fields=["status", "held_on"])
    audit.append(actor=actor, action="meeting.held", obj=meeting, before=before, after=snapshot(meeting), agreement=slug)
    for row in rows:
        row.save()
        audit.append(actor=actor, action="attendance.record", obj=row, after=snapshot(row), agreement=slug)
    for item, decision, outcome in changes:
        before = snapshot(item)
        item.decision, item.outcome = decision, outcome
        item.save(update_fields=["decision", "outcome"])
        audit.append(actor=actor, action="agenda-item.decide", obj=item, before=before, after=snapshot(item), agreement=slug)
    return meeting


# --- change a planned meeting, cancel it; minutes (notulen) drafted after it and adopted at a later meeting -------

MAX_MINUTES = 200_000
EDITABLE = ("on", "start_time", "place", "title", "public")
ITEM_FIELDS = ("title", "explanation", "proposal", "brought_by")


@transaction.atomic
def update_meeting(*, actor: Any, meeting: Meeting, changes: Mapping[str, Any]) -> Meeting:
    """Change a planned meeting's date (`on`), start time, place, title or `public` (openbaar); the keys left out of
    `changes` stay as they are. Refused once the meeting is held or cancelled."""
    permissions.require(actor, "record_meeting")
    audit.lock_for_write()
    m = _fresh(meeting)
    ensure_planned(m)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput("meeting.field-unknown", f"Onbekend veld {unknown[0]!r}.", field=unknown[0])
    before = snapshot(m)
    if "on" in changes:
        on = changes["on"]
        if not isinstance(on, date):
            raise InvalidInput("meeting.date", "Vul een geldige datum in.", field="date")
        m.held_on = on
    if "start_time" in changes:
        start_time = changes["start_time"]
        if start_time is not None and not isinstance(start_time, time):
            raise InvalidInput("meeting.start-time", "Vul een geldige begintijd in (uu:mm).", field="start_time")
        m.start_time = start_time
    if "place" in changes:
        m.place = _text(changes["place"], "place", limit=MAX_TITLE)
    if "title" in changes:
        m.title = _text(changes["title"], "title", limit=MAX_TITLE) or f"{m.body.short_name} {m.held_on:%d-%m-%Y}"
    if "public" in changes:
        m.public = bool(changes["public"])
    after = snapshot(m)
    if after != before:
        m.save(update_fields=["held_on", "start_time", "place", "title", "public"])
        audit.append(actor=actor, action="meeting.update", obj=m, before=before, after=after, agreement=m.agreement.slug)
    return m


@transaction.atomic
def cancel_meeting(*, actor: Any, meeting: Meeting) -> Meeting:
    """Cancel (afgelasten) a planned meeting: it stays visible with its agenda as "afgelast", but counts for nothing
    (it is projected as no fact, so art. 5 lid 4 neither counts it as held nor as planned)."""
    permissions.require(actor, "record_meeting")
    audit.lock_for_write()
    m = _fresh(meeting)
    ensure_planned(m)
    before = snapshot(m)
    m.status = Meeting.Status.CANCELLED
    m.save(update_fields=["status"])
    audit.append(actor=actor, action="meeting.cancel", obj=m, before=before, after=snapshot(m), agreement=m.agreement.slug)
    return m


def _item_of_planned(item: AgendaItem) -> AgendaItem:
    fresh = AgendaItem.objects.select_related("meeting__agreement", "meeting__body").get(pk=item.pk)
    ensure_planned(fresh.meeting)
    return fresh


@transaction.atomic
def update_agenda_item(*, actor: Any, item: AgendaItem, changes: Mapping[str, Any]) -> AgendaItem:
    """Change an item of a planned meeting's agenda (title, explanation, proposal, brought_by; keys left out stay)."""
    permissions.require(actor, "record_meeting")
    audit.lock_for_write()
    it = _item_of_planned(item)
    unknown = sorted(set(changes) - set(ITEM_FIELDS))
    if unknown:
        raise InvalidInput("meeting.field-unknown", f"Onbekend veld {unknown[0]!r}.", field=unknown[0])
    merged = {name: changes.get(name, getattr(it, name)) for name in ITEM_FIELDS}
    fields = _item_fields(merged, "")
    before = snapshot(it)
    for name, value in fields.items():
        setattr(it, name, value)
    after = snapshot(it)
    if after != before:
        it.save(update_fields=list(ITEM_FIELDS))
        audit.append(actor=actor, action="agenda-item.update", obj=it, before=before, after=after, agreement=it.meeting.agreement.slug)
    return it


@transaction.atomic
def remove_agenda_item(*, actor: Any, item: AgendaItem) -> None:
    """Take an item off a planned meeting's agenda; the items after it move up one place."""
    permissions.require(actor, "record_meeting")
    audit.lock_for_write()
    it = _item_of_planned(item)
    meeting = it.meeting
    audit.append(actor=actor, action="agenda-item.remove", obj=it, before=snapshot(it), after=None, agreement=meeting.agreement.slug)
    it.delete()
    _reorder(actor, meeting, [i.pk for i in meeting.agenda_items.all()])


@transaction.atomic
def move_agenda_item(*, actor: Any, item: AgendaItem, direction: str) -> None:
    """Move an item of a planned meeting's agenda one place "up" or "down" (at the top or bottom nothing changes)."""
    permissions.require(actor, "record_meeting")
    audit.lock_for_write()
    if direction not in ("up", "down"):
        raise InvalidInput("meeting.direction", "Kies omhoog (up) of omlaag (down).", field="direction")
    it = _item_of_planned(item)
    order = [i.pk for i in it.meeting.agenda_items.all()]
    at = order.index(it.pk)
    to = at - 1 if direction == "up" else at + 1
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
        _reorder(actor, it.meeting, order)


@transaction.atomic
def draft_minutes(*, actor: Any, meeting: Meeting, text: str) -> Meeting:
    """Write (or rewrite) the draft minutes (conceptnotulen) of a held meeting; refused once they are adopted."""
    permissions.require(actor, "record_meeting")
    audit.lock_for_write()
    m = _fresh(meeting)
    if m.status != Meeting.Status.HELD:
        raise InvalidInput("minutes.not-held", "Notulen horen bij een gehouden vergadering; deze is nog niet gehouden.", field="minutes")
    if m.minutes_status == Meeting.MinutesStatus.ADOPTED:
        raise InvalidInput("minutes.adopted", "De notulen van deze vergadering zijn al vastgesteld en wijzigen niet meer.", field="minutes")
    before = snapshot(m)
    m.minutes = _text(text, "minutes", required=True, limit=MAX_MINUTES)
    m.minutes_status = Meeting.MinutesStatus.DRAFT
    m.save(update_fields=["minutes", "minutes_status"])
    audit.append(actor=actor, action="meeting.minutes-draft", obj=m, before=before, after=snapshot(m), agreement=m.agreement.slug)
    return m


@transaction.atomic
def adopt_minutes(*, actor: Any, meeting: Meeting, at: Meeting, text: str | None = None) -> Meeting:
    """Record that the draft minutes of `meeting` were adopted (vastgesteld) at the later held meeting `at` of the same
    body; with `text` when they were adopted with changes (the adopted text replaces the draft)."""
    permissions.require(actor, "record_meeting")
    audit.lock_for_write()
    m = _fresh(meeting)
    b = Meeting.objects.filter(pk=at.pk).select_related("body").first()
    if m.status != Meeting.Status.HELD or m.minutes_status != Meeting.MinutesStatus.DRAFT:
        raise InvalidInput(
            "minutes.no-draft",
            "Alleen conceptnotulen van een gehouden vergadering kunnen worden vastgesteld; "
            + ("deze zijn al vastgesteld." if m.minutes_status == Meeting.MinutesStatus.ADOPTED else "er zijn nog geen conceptnotulen."),
            field="minutes",
        )
    if b is None or b.agreement_id != m.agreement_id or b.body_id != m.body_id:
        raise InvalidInput(
            "minutes.other-body", "De notulen worden vastgesteld in een vergadering van hetzelfde orgaan.", field="adopted_at"
        )
    if b.status != Meeting.Status.HELD:
        raise InvalidInput(
            "minutes.at-not-held", "Leg eerst vast dat de vergadering waarin de notulen zijn vastgesteld is gehouden.", field="adopted_at"
        )
    if b.held_on <= m.held_on:
        raise InvalidInput(
            "minutes.at-not-later",
            f"De notulen worden vastgesteld in een latere vergadering (na {m.held_on.isoformat()}).",
            field="adopted_at",
        )
    before = snapshot(m)
    if text is not None:
        adopted = _text(text, "minutes", required=True, limit=MAX_MINUTES)
        if adopted != m.minutes:
            m.minutes, m.minutes_amended = adopted, True
    m.minutes_status = Meeting.MinutesStatus.ADOPTED
    m.minutes_adopted_at = b
    m.save(update_fields=["minutes", "minutes_status", "minutes_adopted_at", "minutes_amended"])
    audit.append(actor=actor, action="meeting.minutes-adopt", obj=m, before=before, after=snapshot(m), agreement=m.agreement.slug)
    return m
