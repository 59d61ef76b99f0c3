"""Meetings on the pages (art. 5): the list per body with the year at a glance, a meeting, and the forms to plan
one and to record it held. Reads here; every write goes through samen.governance.services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.core.errors import ServiceError
from samen.governance.models import AgendaItem, Attendance, Body, Meeting
from samen.parties.models import Participant, Party
from samen.rules.meetings import minimum, term_months_in_year
from samen.web.fields import date_field
from samen.web.forms import AccessibleForm

ITEM_ROWS = 5  # agenda rows the plan form offers (without JavaScript); empty rows are skipped


@dataclass
class YearGlance:
    year: int
    held: int
    planned: int
    minimum: int | None  # only the board has a minimum (art. 5 lid 4)


@dataclass
class BodyMeetings:
    body: Body
    glance: YearGlance
    meetings: list[Meeting] = field(default_factory=list)


def board_minimum(agreement: Agreement, year: int) -> int | None:
    """The board's minimum number of meetings in `year` (art. 5 lid 4), or None outside the term."""
    d = registry.definition(agreement.slug)
    end = d.end_date()
    months = term_months_in_year(d.start, end, year)
    if months == 0:
        return None
    per_year = d.int_parameter("board.meetings_per_year", on=max(d.start, date(year, 1, 1)))
    return minimum(per_year, months, d.reading("board_meetings_count"))


def year_glance(agreement: Agreement, body: Body, meetings: list[Meeting], as_of: date) -> YearGlance:
    """The count of the year of `as_of` for `body` from its `meetings`, as the rules count it (art. 5 lid 4): held
    by `as_of`, planned and still to come on `as_of` (a cancelled meeting counts for neither, nor does a planned
    date that passed without being held), and for the board the minimum. The one place where the meetings page
    and the dashboard count them."""
    year = as_of.year
    in_year = [m for m in meetings if m.body_id == body.pk and m.held_on.year == year]
    return YearGlance(
        year=year,
        held=sum(1 for m in in_year if m.status == Meeting.Status.HELD and m.held_on <= as_of),
        planned=sum(1 for m in in_year if m.status == Meeting.Status.PLANNED and m.held_on >= as_of),
        minimum=board_minimum(agreement, year) if body.key == "board" else None,
    )


def overview(agreement: Agreement, as_of: date) -> list[BodyMeetings]:
    """Every body with its meetings (latest first) and the count of the year of `as_of`: held, planned, minimum."""
    meetings = list(Meeting.objects.filter(agreement=agreement).select_related("body").order_by("-held_on", "-pk"))
    out = []
    for body in Body.objects.filter(agreement=agreement).order_by("position"):
        mine = [m for m in meetings if m.body_id == body.pk]
        out.append(BodyMeetings(body, year_glance(agreement, body, mine, as_of), mine))
    return out


def board_glance(agreement: Agreement, as_of: date) -> YearGlance | None:
    """The board's count of the year of `as_of` (art. 5 lid 4) for the dashboard, or None without a board."""
    board = Body.objects.filter(agreement=agreement, key="board").first()
    if board is None:
        return None
    return year_glance(agreement, board, list(Meeting.objects.filter(body=board, held_on__year=as_of.year)), as_of)


def meeting_for(agreement: Agreement, pk: int) -> Meeting | None:
    """One meeting of `agreement`, with its agenda and attendance, or None (also for an id no bigint holds)."""
    if not 0 < pk < 2**63:
        return None
    return (
        Meeting.objects.filter(agreement=agreement, pk=pk)
        .select_related("body", "agreement", "minutes_adopted_at")
        .prefetch_related("agenda_items", "attendances__party", "attendances__participant", "adopted_minutes")
        .first()
    )


def attendees(agreement: Agreement) -> list[tuple[str, str]]:
    """(code, name) of every party and participant, the parties first in their order."""
    parties = [(p.code, p.name) for p in Party.objects.filter(agreement=agreement).order_by("position", "code")]
    return parties + [(p.code, p.name) for p in Participant.objects.filter(agreement=agreement).order_by("code")]


class PlanForm(AccessibleForm):
    """Plan a meeting: body, date, time, place, and up to ITEM_ROWS agenda items in order."""

    body = forms.ChoiceField(label=_("Orgaan"))
    date = date_field(_("Datum"))
    start_time = forms.TimeField(
        label=_("Begintijd"),
        required=False,
        help_text=_("Bijvoorbeeld 14:00."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Vul een geldige tijd in, bijvoorbeeld 14:00.")},
    )
    place = forms.CharField(label=_("Plaats"), required=False, max_length=200)
    title = forms.CharField(label=_("Titel"), required=False, max_length=200, help_text=_("Leeg: orgaan en datum."))

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(b.key, b.name) for b in Body.objects.filter(agreement=agreement).order_by("position")]
        self.fields["body"].error_messages["required"] = _("Kies het orgaan.")
        for i in range(1, ITEM_ROWS + 1):
            self.fields[f"item_{i}_title"] = forms.CharField(label=_("Titel"), required=False, max_length=200)
            self.fields[f"item_{i}_brought_by"] = forms.CharField(
                label=_("Ingebracht door"), required=False, max_length=200, help_text=_("Een partij, het secretariaat of de kerngroep.")
            )
            self.fields[f"item_{i}_explanation"] = forms.CharField(
                label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"item_{i}_proposal"] = forms.CharField(
                label=_("Voorstel"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        from samen.web.forms import _style

        _style(self)

    def item_rows(self) -> list[list[Any]]:
        names = ("title", "brought_by", "explanation", "proposal")
        return [[self[f"item_{i}_{n}"] for n in names] for i in range(1, ITEM_ROWS + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for i in range(1, ITEM_ROWS + 1):
            rest = any(data.get(f"item_{i}_{n}") for n in ("brought_by", "explanation", "proposal"))
            if rest and not (data.get(f"item_{i}_title") or "").strip():
                self.add_error(f"item_{i}_title", _("Vul de titel van agendapunt %(n)s in.") % {"n": i})
        return data

    def items(self) -> list[dict[str, str]]:
        d = self.cleaned_data
        return [
            {n: d.get(f"item_{i}_{n}", "") for n in ("title", "brought_by", "explanation", "proposal")}
            for i in range(1, ITEM_ROWS + 1)
            if (d.get(f"item_{i}_title") or "").strip()
        ]

    def service_error(self, e: ServiceError) -> None:
        """Show a service's refusal on the field it names."""
        name = e.field or ""
        if name.startswith("agenda["):
            index = name[len("agenda[") : name.index("]")]
            filled = [i for i in range(1, ITEM_ROWS + 1) if (self.cleaned_data.get(f"item_{i}_title") or "").strip()]
            name = f"item_{filled[int(index)]}_{name.split('.')[-1]}" if index.isdigit() and int(index) < len(filled) else ""
        self.add_error(name if name in self.fields else None, e.message)


class HeldForm(AccessibleForm):
    """Record a planned meeting held: the date, attendance per party and participant, decision and outcome per item."""

    held_on = date_field(_("Gehouden op"))

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"held_on": meeting.held_on})
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.people = attendees(meeting.agreement)
        self.items = list(meeting.agenda_items.all())
        statuses = [("", _("— kies —")), *Attendance.Status.choices]
        outcomes = [("", _("— kies —")), *AgendaItem.Outcome.choices]
        for code, name in self.people:
            self.fields[f"att_{code}"] = forms.ChoiceField(
                label=_("Aanwezigheid van %(name)s") % {"name": name},
                choices=statuses,
                error_messages={"required": _("Kies of %(name)s aanwezig was.") % {"name": name}},
            )
            self.fields[f"rep_{code}"] = forms.CharField(
                label=_("Vertegenwoordigd door (%(name)s)") % {"name": name}, required=False, max_length=200
            )
        for item in self.items:
            self.fields[f"decision_{item.pk}"] = forms.CharField(
                label=_("Besluit bij %(n)s. %(title)s") % {"n": item.position, "title": item.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"outcome_{item.pk}"] = forms.ChoiceField(
                label=_("Uitkomst van %(n)s. %(title)s") % {"n": item.position, "title": item.title},
                choices=outcomes,
                error_messages={"required": _("Kies de uitkomst van agendapunt %(n)s.") % {"n": item.position}},
            )
        from samen.web.forms import _style

        _style(self)

    def attendance_rows(self) -> list[tuple[str, Any, Any]]:
        return [(name, self[f"att_{code}"], self[f"rep_{code}"]) for code, name in self.people]

    def item_rows(self) -> list[tuple[AgendaItem, Any, Any]]:
        return [(i, self[f"decision_{i.pk}"], self[f"outcome_{i.pk}"]) for i in self.items]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for code, name in self.people:
            if data.get(f"att_{code}") == Attendance.Status.REPRESENTED and not (data.get(f"rep_{code}") or "").strip():
                self.add_error(f"rep_{code}", _("Vul in door wie %(name)s werd vertegenwoordigd.") % {"name": name})
        return data

    def attendance(self) -> dict[str, dict[str, str]]:
        d = self.cleaned_data
        return {code: {"status": d[f"att_{code}"], "represented_by": d.get(f"rep_{code}", "")} for code, _n in self.people}

    def decisions(self) -> dict[int, dict[str, str]]:
        d = self.cleaned_data
        return {i.pk: {"decision": d.get(f"decision_{i.pk}", ""), "outcome": d[f"outcome_{i.pk}"]} for i in self.items}

    def service_error(self, e: ServiceError) -> None:
        """Show a service's refusal on the field it names."""
        name = e.field or ""
        if name.startswith("attendance["):
            code = name[len("attendance[") : name.index("]")]
            name = f"rep_{code}" if name.endswith("represented_by") else f"att_{code}"
        elif name.startswith("decisions["):
            pos = name[len("decisions[") : name.index("]")]
            pk = next((i.pk for i in self.items if str(i.position) == pos), None)
            name = f"{name.split('.')[-1]}_{pk}"
        self.add_error(name if name in self.fields else None, e.message)


# --- change a planned meeting; minutes ----------------------------------------------------------------------------


class EditForm(AccessibleForm):
    """Change a planned meeting: date, start time, place, title and whether it is public (openbaar)."""

    date = date_field(_("Datum"))
    start_time = forms.TimeField(
        label=_("Begintijd"),
        required=False,
        help_text=_("Bijvoorbeeld 14:00."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Vul een geldige tijd in, bijvoorbeeld 14:00.")},
    )
    place = forms.CharField(label=_("Plaats"), required=False, max_length=200)
    title = forms.CharField(label=_("Titel"), required=False, max_length=200, help_text=_("Leeg: orgaan en datum."))
    public = forms.BooleanField(
        label=_("Openbaar"),
        required=False,
        help_text=_("Een openbare vergadering wordt met agenda en besluiten gepubliceerd."),
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )

    @classmethod
    def for_meeting(cls, data: Any, meeting: Meeting) -> EditForm:
        initial = {
            "date": meeting.held_on,
            "start_time": meeting.start_time,
            "place": meeting.place,
            "title": meeting.title,
            "public": meeting.public,
        }
        return cls(data, initial=initial)

    def changes(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"on": d["date"], "start_time": d["start_time"], "place": d["place"], "title": d["title"], "public": d["public"]}

    def service_error(self, e: ServiceError) -> None:
        name = e.field or ""
        self.add_error(name if name in self.fields else None, e.message)


class ItemForm(AccessibleForm):
    """One agenda item: title, who brings it, explanation and proposal."""

    title = forms.CharField(label=_("Titel"), max_length=200, error_messages={"required": _("Vul de titel van het agendapunt in.")})
    brought_by = forms.CharField(
        label=_("Ingebracht door"), required=False, max_length=200, help_text=_("Een partij, het secretariaat of de kerngroep.")
    )
    explanation = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    proposal = forms.CharField(label=_("Voorstel"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def fields_for_service(self) -> dict[str, str]:
        return {n: self.cleaned_data.get(n, "") for n in ("title", "brought_by", "explanation", "proposal")}

    def service_error(self, e: ServiceError) -> None:
        name = e.field or ""
        self.add_error(name if name in self.fields else None, e.message)


class MinutesForm(AccessibleForm):
    """The draft minutes (conceptnotulen) of a held meeting."""

    minutes = forms.CharField(
        label=_("Notulen"),
        widget=forms.Textarea(attrs={"rows": 16}),
        error_messages={"required": _("Vul de notulen in.")},
        help_text=_("Het verslag van de vergadering; het blijft een concept tot een volgende vergadering het vaststelt."),
    )

    def service_error(self, e: ServiceError) -> None:
        name = e.field or ""
        self.add_error(name if name in self.fields else None, e.message)


def adopting_meetings(meeting: Meeting) -> list[Meeting]:
    """The held meetings of the same body after `meeting`: where its minutes can be adopted, earliest first."""
    return list(
        Meeting.objects.filter(body=meeting.body, status=Meeting.Status.HELD, held_on__gt=meeting.held_on).order_by("held_on", "pk")
    )


class AdoptForm(AccessibleForm):
    """Record that a meeting's minutes were adopted at a later held meeting of the same body, possibly changed."""

    adopted_at = forms.TypedChoiceField(
        label=_("Vastgesteld in de vergadering van"), coerce=int, error_messages={"required": _("Kies de vergadering.")}
    )
    minutes = forms.CharField(
        label=_("Vastgestelde notulen"),
        widget=forms.Textarea(attrs={"rows": 16}),
        error_messages={"required": _("Vul de notulen in.")},
        help_text=_("Pas de tekst aan als de notulen met wijzigingen zijn vastgesteld."),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"minutes": meeting.minutes})
        super().__init__(*args, **kwargs)
        self.candidates = {m.pk: m for m in adopting_meetings(meeting)}
        self.fields["adopted_at"].choices = [("", _("— kies —"))] + [
            (m.pk, f"{m.held_on:%d-%m-%Y} {m.title}") for m in self.candidates.values()
        ]

    def service_error(self, e: ServiceError) -> None:
        name = e.field or ""
        self.add_error(name if name in self.fields else None, e.message)
