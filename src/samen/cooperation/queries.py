"""Read side of the cooperation agenda for the pages and the API: the pillars with their assignments, one
assignment with its project group, progress over time and meetings. Status is derived here, once
(`status_on`), from the progress updates; budgets are shown only to who may see amounts
(`permissions.may_view_assignment_budget`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from samen.accounts import permissions
from samen.agreements.models import Agreement
from samen.cooperation.models import Assignment, MeetingLink, Pillar, ProgressUpdate, ProjectGroupMember, Status

MAX_ID = 2**63 - 1


@dataclass
class Standing:
    """Where an assignment stands on a day: the status of the latest update by then, the latest percentage and
    milestone known by then, and the update it comes from (None: no progress recorded yet, so in preparation)."""

    status: str
    label: str
    percent: int | None
    milestone: str
    since: date | None


def status_on(updates: list[ProgressUpdate], day: date) -> Standing:
    """The one derivation of an assignment's status: the latest update dated on or before `day` (recorded last
    among updates of one date); before any, voorbereiding. `updates` in order of date and recording."""
    upto = [u for u in updates if u.on <= day]
    if not upto:
        return Standing(Status.PREPARATION, str(Status.PREPARATION.label), None, "", None)
    last = upto[-1]
    percent = next((u.percent for u in reversed(upto) if u.percent is not None), None)
    milestone = next((u.milestone for u in reversed(upto) if u.milestone), "")
    return Standing(last.status, str(Status(last.status).label), percent, milestone, last.on)


@dataclass
class Item:
    assignment: Assignment
    standing: Standing
    budget: Decimal | None  # None when there is none or the user may not see it


@dataclass
class PillarItems:
    pillar: Pillar
    items: list[Item] = field(default_factory=list)


def _assignments(agreement: Agreement) -> Any:
    return (
        Assignment.objects.filter(agreement=agreement)
        .select_related("pillar", "principal__party", "civil_principal__party")
        .prefetch_related(Prefetch("updates", queryset=ProgressUpdate.objects.order_by("on", "pk")))
        .order_by("pillar__position", "start", "pk")
    )


def _item(user: Any, a: Assignment, day: date) -> Item:
    return Item(a, status_on(list(a.updates.all()), day), a.budget if permissions.may_view_assignment_budget(user) else None)


def overview(user: Any, agreement: Agreement, day: date) -> list[PillarItems]:
    """Every pillar (a-g) with its assignments and where each stands on `day`."""
    groups = {p.pk: PillarItems(p) for p in Pillar.objects.filter(agreement=agreement).order_by("position")}
    for a in _assignments(agreement):
        groups[a.pillar_id].items.append(_item(user, a, day))
    return list(groups.values())


def assignment_for(agreement: Agreement, pk: int) -> Assignment | None:
    """One assignment of `agreement` with what its page shows, or None."""
    if not 0 < pk <= MAX_ID:
        return None  # not an id a database holds (SQLite would refuse to compare it)
    return detailed(agreement).filter(pk=pk).first()


def detailed(agreement: Agreement) -> Any:
    """The assignments of `agreement` with their progress, project group and meetings, by pillar and start."""
    return _assignments(agreement).prefetch_related(
        Prefetch("members", queryset=ProjectGroupMember.objects.select_related("party").order_by("party__position", "start", "pk")),
        Prefetch(
            "meeting_links",
            queryset=MeetingLink.objects.select_related("meeting__body", "agenda_item").order_by("meeting__held_on", "pk"),
        ),
    )


def detail(user: Any, a: Assignment, day: date) -> dict[str, Any]:
    """An assignment's page: where it stands on `day`, its project group per party (current and earlier members),
    its progress over time and the meetings linked to it."""
    groups: dict[int, dict[str, Any]] = {}
    for m in a.members.all():
        g = groups.setdefault(m.party_id, {"party": m.party, "rows": []})
        g["rows"].append({"m": m, "current": m.start <= day and (m.until is None or m.until >= day), "future": m.start > day})
    updates = list(a.updates.all())
    return {
        "item": _item(user, a, day),
        "groups": sorted(groups.values(), key=lambda g: g["party"].position),
        "timeline": updates,
        "later": [u for u in updates if u.on > day],
        "links": list(a.meeting_links.all()),
        "may_view_budget": permissions.may_view_assignment_budget(user),
    }


def person_label(person: Any) -> str:
    """A person with the party or participant they act for."""
    org = person.party.name if person.party_id else (person.participant.name if person.participant_id else "")
    return f"{person.name} ({org})" if org else person.name
