"""Pages of the cooperation agenda (art. 1 sub d, art. 2): the overview by pillar, one assignment, and the
secretariat's forms. Thin: cooperation.queries reads, cooperation.services writes; every role of the agreement
reads, only who may `manage_cooperation_agenda` gets a form (others 403)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from samen.accounts import permissions
from samen.cooperation import queries, services
from samen.cooperation.forms import AssignmentForm, EndMemberForm, LinkForm, MemberForm, ProgressForm
from samen.cooperation.models import Assignment, ProjectGroupMember
from samen.core.errors import NotAllowed, ServiceError
from samen.web import queries as web_queries
from samen.web.forms import error_summary
from samen.web.views import _as_of, _page

NAV = "agenda"


def _may_manage(request: HttpRequest) -> bool:
    return permissions.allows(request.user, services.ACTION)


def _assignment(request: HttpRequest, pk: int) -> Assignment:
    a = queries.assignment_for(web_queries.agreement_for(request.user), pk)
    if a is None:
        raise Http404(_("Deze opdracht bestaat niet."))
    return a


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    a = web_queries.agreement_for(request.user)
    as_of, _q, _bad = _as_of(request)
    context = {
        "agreement": a,
        "pillars": queries.overview(request.user, a, as_of),
        "may_manage": _may_manage(request),
        "may_view_budget": permissions.may_view_assignment_budget(request.user),
    }
    return _page(request, "cooperation/overview.html", context, nav=NAV)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assignment(request, pk)
    as_of, _q, _bad = _as_of(request)
    context = {"agreement": a.agreement, "a": a, **queries.detail(request.user, a, as_of), "may_manage": _may_manage(request)}
    return _page(request, "cooperation/detail.html", context, nav=NAV)


def _form_page(
    request: HttpRequest,
    *,
    form: Any,
    submit: Callable[[Any], Any],
    done: Callable[[Any], str],
    heading: str,
    button: str,
    assignment: Assignment | None = None,
    lead: str = "",
) -> HttpResponse:
    """One form on a page of its own (works without JavaScript): a valid POST calls `submit` and redirects to `done`."""
    if request.method == "POST" and form.is_valid():
        try:
            result = submit(form)
        except NotAllowed:
            raise PermissionDenied from None
        except ServiceError as e:
            form.service_error(e)
        else:
            _as, query, _bad = _as_of(request)
            return redirect(done(result) + query)
    errors = error_summary(form, "agenda-form") if form.is_bound else []
    context = {
        "agreement": web_queries.agreement_for(request.user),
        "form": form,
        "errors": errors,
        "heading": heading,
        "button": button,
        "a": assignment,
        "lead": lead,
    }
    return _page(request, "cooperation/form.html", context, nav=NAV, status=400 if errors else 200)


def _manager(request: HttpRequest) -> None:
    if not _may_manage(request):
        raise PermissionDenied(_("Alleen het secretariaat legt de samenwerkingsagenda vast."))


def _detail_url(a: Assignment, anchor: str = "") -> Callable[[Any], str]:
    return lambda _result: reverse("web:assignment", args=[a.pk]) + (f"#{anchor}" if anchor else "")


@login_required
def create(request: HttpRequest) -> HttpResponse:
    _manager(request)
    agreement = web_queries.agreement_for(request.user)
    form = AssignmentForm(request.POST or None, agreement=agreement, initial={"pillar": request.GET.get("pijler", "a")})
    return _form_page(
        request,
        form=form,
        submit=lambda f: services.create_assignment(actor=request.user, agreement=agreement, **f.values()),
        done=lambda a: reverse("web:assignment", args=[a.pk]),
        heading=_("Een bestuurlijke opdracht vastleggen"),
        button=_("Opdracht vastleggen"),
        lead=_("Een opdracht is in voorbereiding tot u voortgang vastlegt; de stand staat op de voortgang."),
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    a = _assignment(request, pk)
    form = AssignmentForm(request.POST or None, agreement=a.agreement, initial=AssignmentForm.initial_for(a))
    return _form_page(
        request,
        form=form,
        submit=lambda f: services.change_assignment(actor=request.user, assignment=a, **f.values()),
        done=_detail_url(a),
        heading=_("Opdracht wijzigen"),
        button=_("Wijzigingen opslaan"),
        assignment=a,
        lead=_("De stand wijzigt u door voortgang vast te leggen."),
    )


@login_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    a = _assignment(request, pk)
    as_of, _q, _bad = _as_of(request)
    form = MemberForm(request.POST or None, agreement=a.agreement, initial={"start": as_of, "role": "member"})
    return _form_page(
        request,
        form=form,
        submit=lambda f: services.add_member(actor=request.user, assignment=a, **f.cleaned_data),
        done=_detail_url(a, "projectgroep"),
        heading=_("Lid van de projectgroep toevoegen"),
        button=_("Lid toevoegen"),
        assignment=a,
        lead=_("Elke partij laat een vertegenwoordiger deelnemen aan de projectgroepen (art. 1 sub h)."),
    )


@login_required
def member_end(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    _manager(request)
    a = _assignment(request, pk)
    m = ProjectGroupMember.objects.filter(assignment=a, pk=member).select_related("party").first()
    if m is None:
        raise Http404(_("Dit lid bestaat niet."))
    as_of, _q, _bad = _as_of(request)
    form = EndMemberForm(request.POST or None, initial={"until": as_of})
    return _form_page(
        request,
        form=form,
        submit=lambda f: services.end_member(actor=request.user, member=m, until=f.cleaned_data["until"]),
        done=_detail_url(a, "projectgroep"),
        heading=_("%(name)s (%(party)s) uit de projectgroep") % {"name": m.name, "party": m.party.name},
        button=_("Lidmaatschap beëindigen"),
        assignment=a,
    )


@login_required
def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    a = _assignment(request, pk)
    as_of, _q, _bad = _as_of(request)
    current = queries.status_on(list(a.updates.all()), as_of)
    form = ProgressForm(request.POST or None, initial={"date": as_of, "status": current.status, "percent": current.percent})
    return _form_page(
        request,
        form=form,
        submit=lambda f: services.add_progress(
            actor=request.user,
            assignment=a,
            on=f.cleaned_data["date"],
            status=f.cleaned_data["status"],
            percent=f.cleaned_data["percent"],
            milestone=f.cleaned_data["milestone"],
            note=f.cleaned_data["note"],
        ),
        done=_detail_url(a, "voortgang"),
        heading=_("Voortgang vastleggen"),
        button=_("Voortgang vastleggen"),
        assignment=a,
    )


@login_required
def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    a = _assignment(request, pk)
    form = LinkForm(request.POST or None, agreement=a.agreement)

    def submit(f: LinkForm) -> Any:
        meeting, item = f.chosen()
        return services.link_meeting(actor=request.user, assignment=a, meeting=meeting, agenda_item=item, note=f.cleaned_data["note"])

    return _form_page(
        request,
        form=form,
        submit=submit,
        done=_detail_url(a, "vergaderingen"),
        heading=_("Vergadering koppelen"),
        button=_("Vergadering koppelen"),
        assignment=a,
    )
