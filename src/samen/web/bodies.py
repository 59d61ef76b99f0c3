"""The pages of the bodies (art. 1 sub e-h, art. 5): members over time, the chair, and the secretariat's forms.

Reads are here (`body_overview`); every write goes through `governance.services`. Kept apart from
`views.py` and `queries.py` so that the page of a body is one module.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samen.accounts import permissions
from samen.agreements.models import Agreement
from samen.core.errors import ServiceError
from samen.governance import services
from samen.governance.models import Body, Membership
from samen.parties.models import Person
from samen.web import labels, queries
from samen.web.fields import date_field
from samen.web.forms import AccessibleForm, _mark_invalid

CORE_GROUP_FINDINGS = ("art-1.core-group",)


def _organisation(person: Person) -> str:
    if person.party is not None:
        return person.party.name
    return person.participant.name if person.participant is not None else ""


def _person_label(person: Person) -> str:
    org = _organisation(person)
    return f"{person.name} ({org})" if org else person.name


def _membership_label(m: Membership) -> str:
    return f"{_person_label(m.person)}: {labels.label(labels.MEMBERSHIP_ROLES, m.role)}, {_('vanaf')} {m.start.isoformat()}"


def _active(day: date) -> Q:
    return Q(start__lte=day) & (Q(until__isnull=True) | Q(until__gte=day))


def bodies_of(agreement: Agreement) -> list[Body]:
    return list(Body.objects.filter(agreement=agreement))


def body_of(agreement: Agreement, key: str) -> Body:
    body = Body.objects.filter(agreement=agreement, key=key).first()
    if body is None:
        raise Http404(_("Dit orgaan bestaat niet."))
    return body


def people(agreement: Agreement) -> list[Person]:
    return list(Person.objects.filter(agreement=agreement).select_related("party", "participant").order_by("name", "pk"))


# --- forms ------------------------------------------------------------------------------------------


class _BodyForm(AccessibleForm):
    def submit(self, actor: Any) -> Any:
        raise NotImplementedError

    def __init__(self, *args: Any, body: Body, as_of: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body = body
        self.as_of = as_of
        current = Membership.objects.filter(_active(as_of), body=body).select_related("person__party", "person__participant").order_by("pk")
        for name, field in self.fields.items():
            if name == "membership":
                field.choices = [("", "")] + [(str(m.pk), _membership_label(m)) for m in current]  # type: ignore[attr-defined]
            elif name == "person":
                field.choices = [("", "")] + [(str(p.pk), _person_label(p)) for p in self._people(current)]  # type: ignore[attr-defined]

    def _people(self, current: Any) -> list[Person]:
        return people(self.body.agreement)

    def membership(self) -> Membership:
        return Membership.objects.get(pk=self.cleaned_data["membership"], body=self.body)

    def person(self) -> Person:
        return Person.objects.get(pk=self.cleaned_data["person"], agreement=self.body.agreement)


class AddForm(_BodyForm):
    person = forms.ChoiceField(label=gettext_lazy("Persoon"), error_messages={"required": gettext_lazy("Kies een persoon.")})
    role = forms.ChoiceField(label=gettext_lazy("Rol"), error_messages={"required": gettext_lazy("Kies een rol.")})
    start = date_field(gettext_lazy("Vanaf"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = [r for r in Membership.Role.values if not (self.body.key == services.BOARD and r == Membership.Role.CHAIR)]
        self.fields["role"].choices = [(r, labels.label(labels.MEMBERSHIP_ROLES, r)) for r in roles]  # type: ignore[attr-defined]

    def submit(self, actor: Any) -> Any:
        return services.add_membership(
            actor=actor, body=self.body, person=self.person(), role=self.cleaned_data["role"], start=self.cleaned_data["start"]
        )


class EndForm(_BodyForm):
    membership = forms.ChoiceField(label=gettext_lazy("Lidmaatschap"), error_messages={"required": gettext_lazy("Kies een lid.")})
    until = date_field(gettext_lazy("Tot en met"))

    def submit(self, actor: Any) -> Membership:
        return services.end_membership(actor=actor, membership=self.membership(), until=self.cleaned_data["until"])


class ReplaceForm(_BodyForm):
    membership = forms.ChoiceField(label=gettext_lazy("Huidig lid"), error_messages={"required": gettext_lazy("Kies een lid.")})
    person = forms.ChoiceField(label=gettext_lazy("Opvolger"), error_messages={"required": gettext_lazy("Kies een persoon.")})
    start = date_field(gettext_lazy("Opvolger vanaf"))

    def submit(self, actor: Any) -> Membership:
        return services.replace_membership(
            actor=actor, membership=self.membership(), person=self.person(), start=self.cleaned_data["start"]
        )


class ChairForm(_BodyForm):
    person = forms.ChoiceField(
        label=gettext_lazy("Gekozen lid"),
        help_text=gettext_lazy("Het bestuurlijk overleg kiest uit zijn midden een voorzitter (art. 5 lid 5)."),
        error_messages={"required": gettext_lazy("Kies een persoon.")},
    )
    on = date_field(gettext_lazy("Gekozen op"))

    def _people(self, current: Any) -> list[Person]:
        # Everyone may be chosen in the form; the service refuses who is not a member (art-5.chair-not-from-board).
        return people(self.body.agreement)

    def submit(self, actor: Any) -> Membership:
        return services.elect_chair(actor=actor, body=self.body, person=self.person(), on=self.cleaned_data["on"])


class PersonForm(_BodyForm):
    """A new person (a successor, say), recorded through parties.services.add_person before they get a seat."""

    name = forms.CharField(label=gettext_lazy("Naam"), max_length=120, error_messages={"required": gettext_lazy("Vul de naam in.")})
    function = forms.CharField(label=gettext_lazy("Functie"), max_length=120, required=False)
    organisation = forms.ChoiceField(
        label=gettext_lazy("Namens"),
        help_text=gettext_lazy("De partij of deelnemer die de persoon vertegenwoordigt, of de gastheerorganisatie."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        a = self.body.agreement
        choices = [(f"party:{p.pk}", p.name) for p in a.parties.order_by("position")]
        choices += [(f"participant:{p.pk}", f"{p.name} ({_('deelnemer zonder stem')})") for p in a.participants.all()]
        choices.append(("host:", str(_("Gastheerorganisatie (ambtelijk)"))))
        self.fields["organisation"].choices = choices  # type: ignore[attr-defined]

    def submit(self, actor: Any) -> Person:
        from samen.parties import services as parties

        kind, _sep, pk = self.cleaned_data["organisation"].partition(":")
        a = self.body.agreement
        return parties.add_person(
            actor=actor,
            agreement=a,
            name=self.cleaned_data["name"],
            function=self.cleaned_data.get("function") or "",
            party=a.parties.get(pk=pk) if kind == "party" else None,
            participant=a.participants.get(pk=pk) if kind == "participant" else None,
        )


FORMS: dict[str, type[_BodyForm]] = {"add": AddForm, "end": EndForm, "replace": ReplaceForm, "chair": ChairForm, "person": PersonForm}
FIELD_OF = {
    "until": "until", "start": "start", "person": "person", "role": "role", "on": "on", "membership": "membership",
    "name": "name", "party": "organisation", "participant": "organisation",
}  # fmt: skip


# --- the page's data --------------------------------------------------------------------------------


def body_overview(user: Any, agreement: Agreement, body: Body, as_of: date) -> dict[str, Any]:
    """Members over time per party (and participant), the chair and how they were elected, the body's findings."""
    d = queries.definition(agreement)
    spec = next((x for x in d.bodies if x.key == body.key), None)
    rows = list(
        Membership.objects.filter(body=body)
        .select_related("person__party", "person__participant")
        .order_by("person__party__position", "person__participant__name", "start", "pk")
    )
    groups: dict[str, dict[str, Any]] = {}
    for m in rows:
        p = m.person
        key = p.party.code if p.party else (p.participant.code if p.participant else "")
        name = _organisation(p) or _("Gastheerorganisatie (ambtelijk)")
        order = (0, p.party.position) if p.party else ((1, 0) if p.participant else (2, 0))
        group = groups.setdefault(key, {"name": name, "order": order, "participant": p.participant is not None, "rows": []})
        group["rows"].append(
            {
                "m": m,
                "role": labels.label(labels.MEMBERSHIP_ROLES, m.role),
                "current": m.start <= as_of and (m.until is None or m.until >= as_of),
                "future": m.start > as_of,
            }
        )
    chairs = [m for m in rows if m.role == Membership.Role.CHAIR]
    chair = next((m for m in chairs if m.start <= as_of and (m.until is None or m.until >= as_of)), None)
    answer = queries.conclusions(user, agreement, as_of)
    findings = [f for f in answer["findings"] if body.key == "core-group" and f["code"].startswith(CORE_GROUP_FINDINGS)]
    core_parties = sorted(
        {
            m.person.party.code
            for m in rows
            if body.key == "core-group"
            and m.role == Membership.Role.MEMBER
            and m.person.party
            and m.start <= as_of
            and (m.until is None or m.until >= as_of)
        }
    )
    minimum = d.int_parameter("core_group.min_parties", on=as_of) if body.key == "core-group" else None
    return {
        "body": body,
        "articles": list(spec.articles) if spec else [],
        "groups": sorted(groups.values(), key=lambda g: g["order"]),
        "chair": chair,
        "chairs": chairs,
        "is_board": body.key == services.BOARD,
        "is_core_group": body.key == "core-group",
        "findings": findings,
        "core_count": len(core_parties),
        "core_minimum": minimum,
        "may_manage": permissions.allows(user, "manage_memberships"),
    }


# --- views ------------------------------------------------------------------------------------------


@login_required
def bodies(request: HttpRequest) -> HttpResponse:
    from samen.web.views import _page

    a = queries.agreement_for(request.user)
    as_of, _q, _bad = queries_as_of(request)
    rows = []
    for b in bodies_of(a):
        current = Membership.objects.filter(_active(as_of), body=b).count()
        rows.append({"body": b, "current": current})
    return _page(request, "web/bodies.html", {"agreement": a, "rows": rows}, nav="agreement")


def queries_as_of(request: HttpRequest) -> tuple[date, str, bool]:
    from samen.web.views import _as_of

    return _as_of(request)


@login_required
def body(request: HttpRequest, key: str) -> HttpResponse:
    """One body; a POST (the secretariat only, else 403) runs one of the forms through the services."""
    from samen.web.views import _page

    a = queries.agreement_for(request.user)
    b = body_of(a, key)
    as_of, query, _bad = queries_as_of(request)
    bound: _BodyForm | None = None
    status = 200
    if request.method == "POST":
        if not permissions.allows(request.user, "manage_memberships"):
            raise PermissionDenied(_("Alleen het secretariaat wijzigt leden."))
        action = request.POST.get("action", "")
        if action not in FORMS or (action == "chair" and b.key != services.BOARD):
            raise Http404(_("Onbekende handeling."))
        bound = FORMS[action](request.POST, body=b, as_of=as_of, prefix=action)
        if bound.is_valid():
            try:
                bound.submit(request.user)
            except ServiceError as e:
                field = FIELD_OF.get(e.field or "")
                message = f"{e.message}" + (f" ({e.article})" if e.article and e.article not in e.message else "")
                bound.add_error(field if field in bound.fields else None, message)
                _mark_invalid(bound)
            else:
                return redirect(reverse("web:body", args=[b.key]) + query + "#leden")
        status = 400
    forms_ = {}
    if permissions.allows(request.user, "manage_memberships"):
        for name, cls in FORMS.items():
            if name == "chair" and b.key != services.BOARD:
                continue
            if name == "person" and not permissions.allows(request.user, "manage_parties"):
                continue
            forms_[name] = bound if bound is not None and bound.prefix == name else cls(body=b, as_of=as_of, prefix=name)
    errors = _errors(bound) if bound is not None else []
    context = {"agreement": a, **body_overview(request.user, a, b, as_of), "forms": forms_, "errors": errors}
    return _page(request, "web/body.html", context, nav="agreement", status=status)


def _errors(form: _BodyForm) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, errs in form.errors.items():
        if name in form.fields:
            out += [(form[name].auto_id, f"{form[name].label}: {e}") for e in errs]
        else:
            out += [(f"form-{form.prefix}", str(e)) for e in errs]
    return out
