"""The forms of the cooperation agenda's pages (NL Design System patterns through web.forms.AccessibleForm).

Forms only check the shape of the input; the services (cooperation.services) decide, and their errors are
put on the field they name (`service_error`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.agreements.models import Agreement
from samen.cooperation.models import Assignment, Pillar, ProjectGroupMember, Status
from samen.cooperation.queries import person_label
from samen.core.errors import ServiceError
from samen.governance.models import Meeting
from samen.parties.models import Party, Person
from samen.web.fields import date_field
from samen.web.forms import AccessibleForm, _mark_invalid


class _ServiceForm(AccessibleForm):
    # service field name -> form field name, where they differ
    FIELDS: dict[str, str] = {}

    def service_error(self, e: ServiceError) -> None:
        """Show a service's refusal on the field it names (else above the form), citing the article."""
        name = self.FIELDS.get(e.field or "", e.field or "")
        message = e.message + (f" ({e.article})" if e.article and e.article not in e.message else "")
        self.add_error(name if name in self.fields else None, message)
        _mark_invalid(self)


class AssignmentForm(_ServiceForm):
    pillar = forms.ChoiceField(label=_("Pijler"), help_text=_("De inhoudelijke pijlers van de samenwerking (art. 2 lid 1 a-g)."))
    title = forms.CharField(label=_("Titel"), max_length=200, error_messages={"required": _("Vul de titel in.")})
    description = forms.CharField(
        label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Wat de opdracht inhoudt.")
    )
    deliverables = forms.CharField(
        label=_("Resultaten"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Wat de opdracht oplevert.")
    )
    principal = forms.ChoiceField(
        label=_("Bestuurlijk opdrachtgever"),
        help_text=_("Een bestuurder met een zetel in het bestuurlijk overleg; de bestuurders sturen als opdrachtgever (art. 1 sub d)."),
        error_messages={"required": _("Kies de bestuurlijk opdrachtgever.")},
    )
    civil_principal = forms.ChoiceField(
        label=_("Ambtelijk opdrachtgever"),
        required=False,
        help_text=_("Vertegenwoordiger namens de Kring van gemeentesecretarissen (art. 1 sub e)."),
    )
    start = date_field(_("Startdatum"), help_text=_("De dag waarop de opdracht is gegeven."))
    planned_end = date_field(_("Geplande einddatum"), required=False)
    budget = forms.CharField(
        label=_("Budget"), required=False, max_length=20, help_text=_("In euro's, bijvoorbeeld 12500,00. Leeg: geen eigen budget.")
    )

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pillar"].choices = [  # type: ignore[attr-defined]
            (p.key, f"{p.key}. {p.title}") for p in Pillar.objects.filter(agreement=agreement).order_by("position")
        ]
        people = list(Person.objects.filter(agreement=agreement).select_related("party", "participant").order_by("name", "pk"))
        bestuurders = [p for p in people if p.party_id]
        self.fields["principal"].choices = [("", _("— kies —")), *((str(p.pk), person_label(p)) for p in bestuurders)]  # type: ignore[attr-defined]
        self.fields["civil_principal"].choices = [("", "—"), *((str(p.pk), person_label(p)) for p in people)]  # type: ignore[attr-defined]

    def clean_budget(self) -> str:
        """Dutch notation as people type it (€ 12.500,50) to the service's form (12500.50); the service checks it."""
        raw = (self.cleaned_data.get("budget") or "").replace("€", "").replace("\xa0", "").replace(" ", "")
        if "," in raw:
            raw = raw.replace(".", "").replace(",", ".")
        return raw

    @classmethod
    def initial_for(cls, a: Assignment) -> dict[str, Any]:
        return {
            "pillar": a.pillar.key,
            "title": a.title,
            "description": a.description,
            "deliverables": a.deliverables,
            "principal": str(a.principal_id),
            "civil_principal": str(a.civil_principal_id or ""),
            "start": a.start,
            "planned_end": a.planned_end,
            "budget": f"{a.budget:.2f}".replace(".", ",") if a.budget is not None else "",
        }

    def values(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "pillar": c["pillar"],
            "title": c["title"],
            "description": c["description"],
            "deliverables": c["deliverables"],
            "principal": int(c["principal"]),
            "civil_principal": int(c["civil_principal"]) if c.get("civil_principal") else None,
            "start": c["start"],
            "planned_end": c.get("planned_end"),
            "budget": c.get("budget") or None,
        }


class MemberForm(_ServiceForm):
    party = forms.ChoiceField(label=_("Namens partij"), error_messages={"required": _("Kies de partij.")})
    name = forms.CharField(label=_("Naam"), max_length=120, error_messages={"required": _("Vul de naam in.")})
    role = forms.ChoiceField(label=_("Rol"), choices=ProjectGroupMember.Role.choices)
    start = date_field(_("Vanaf"))

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parties = Party.objects.filter(agreement=agreement).order_by("position")
        self.fields["party"].choices = [("", _("— kies —")), *((p.code, p.name) for p in parties)]  # type: ignore[attr-defined]


class EndMemberForm(_ServiceForm):
    until = date_field(_("Tot en met"), help_text=_("De laatste dag in de projectgroep."))


class ProgressForm(_ServiceForm):
    date = date_field(_("Datum"), help_text=_("De dag waarop de opdracht zo stond (niet in de toekomst)."))
    status = forms.ChoiceField(label=_("Stand"), choices=Status.choices)
    percent = forms.IntegerField(
        label=_("Voortgang in procenten"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Een heel getal van 0 tot en met 100."),
        error_messages={
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Ten minste 0."),
            "max_value": _("Ten hoogste 100."),
        },
    )
    milestone = forms.CharField(
        label=_("Mijlpaal"), required=False, max_length=200, help_text=_("Bijvoorbeeld: concept vastgesteld in de kerngroep.")
    )
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class LinkForm(_ServiceForm):
    FIELDS = {"meeting": "target", "agenda_item": "target"}
    target = forms.ChoiceField(
        label=_("Vergadering of agendapunt"),
        help_text=_("De vergadering die over de opdracht besloot of haar besprak, of één agendapunt daarvan."),
        error_messages={"required": _("Kies een vergadering.")},
    )
    note = forms.CharField(label=_("Wat er gebeurde"), required=False, max_length=200, help_text=_("Bijvoorbeeld: opdracht verleend."))

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[Any] = [("", _("— kies —"))]
        meetings = Meeting.objects.filter(agreement=agreement).select_related("body").prefetch_related("agenda_items")
        for m in meetings.order_by("-held_on", "-pk"):
            label = f"{m.title or m.body.short_name} ({m.held_on:%d-%m-%Y})"
            options = [(f"meeting-{m.pk}", _("De hele vergadering: %(label)s") % {"label": label})]
            options += [(f"item-{i.pk}", f"{i.position}. {i.title}") for i in m.agenda_items.all()]
            choices.append((label, options))
        self.fields["target"].choices = choices  # type: ignore[attr-defined]

    def chosen(self) -> tuple[int, int | None]:
        """(meeting id, agenda item id or None) of the chosen option."""
        from samen.governance.models import AgendaItem

        kind, _sep, pk = self.cleaned_data["target"].partition("-")
        if kind == "item":
            item = AgendaItem.objects.get(pk=int(pk))
            return item.meeting_id, item.pk
        return int(pk), None
