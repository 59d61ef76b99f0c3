"""Dispute pages (art. 14): the list of disputes the user may see, with the form for a new notice, and one page
per dispute with its state, next step, deadline, the form for each open step, its costs and its history.

Thin: the services write (each step with its fact in one transaction), the rules decide the state and the
deadlines (`disputes.queries`, through `web.queries.conclusions`); a dispute the user may not see is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from samen.accounts import permissions
from samen.core.errors import NotAllowed, NotFound, ServiceError
from samen.disputes import queries, services
from samen.disputes.forms import STEP_FORMS, GsForm, NoticeForm
from samen.web import queries as web_queries
from samen.web.forms import AccessibleForm, error_summary, put_service_error
from samen.web.views import _as_of, _page

FIELD_NAMES = {
    "date": {
        "notice": "received_on",
        "chair-phase": "on",
        "mediation": "started_on",
        "gs": "submitted_on",
        "resolution": "resolved_on",
        "costs": "on",
    }
}


def _service_error(form: AccessibleForm, e: ServiceError, step: str) -> None:
    """Put a service's error on the field it names, else on the form."""
    put_service_error(form, e, FIELD_NAMES.get(e.field or "", {}).get(step, e.field or ""))


def _parties(agreement: Any) -> list[tuple[str, str]]:
    return [(p.code, p.name) for p in web_queries.definition(agreement).parties]


@login_required
def dispute_list(request: HttpRequest) -> HttpResponse:
    a = web_queries.agreement_for(request.user)
    as_of, query, _bad = _as_of(request)
    may_write = permissions.allows(request.user, "record_dispute")
    form = NoticeForm(parties=_parties(a), prefix="notice")
    status = 200
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        form = NoticeForm(request.POST, parties=_parties(a), prefix="notice")
        if form.is_valid():
            c = form.cleaned_data
            try:
                d = services.notify_dispute(
                    actor=request.user,
                    agreement=a,
                    ref=c["ref"],
                    by=c["by"],
                    against=[x for x in c["against"] if x != c["by"]] or list(c["against"]),
                    received_on=c["received_on"],
                    subject=c["subject"],
                    proposed_solution=c["proposed_solution"],
                )
            except NotAllowed:
                raise PermissionDenied from None
            except ServiceError as e:
                _service_error(form, e, "notice")
            else:
                return redirect(reverse("web:dispute", args=[d.ref]) + query)
        status = 400
    context = {
        "agreement": a,
        "items": queries.visible(request.user, a, as_of),
        "form": form,
        "may_write": may_write,
        "errors": error_summary(form, "notice-form") if form.is_bound else [],
    }
    return _page(request, "disputes/list.html", context, nav="disputes", status=status)


def _step_form(key: str, data: Any, parties: list[tuple[str, str]]) -> AccessibleForm:
    cls = STEP_FORMS[key]
    if cls is GsForm:
        return GsForm(data, parties=parties, prefix=key)
    return cls(data, prefix=key)


def _call(key: str, request: HttpRequest, a: Any, ref: str, c: dict[str, Any]) -> None:
    common = {"actor": request.user, "agreement": a, "ref": ref}
    if key == "chair-phase":
        services.record_chair_phase(**common, chaired_by=c["chaired_by"], on=c["on"], notes=c["notes"])
    elif key == "mediation":
        services.start_mediation(**common, mediator=c["mediator"], started_on=c["started_on"], note=c["note"])
    elif key == "gs":
        services.submit_to_gs(**common, by=c["by"], submitted_on=c["submitted_on"], note=c["note"])
    elif key == "resolution":
        services.resolve(**common, resolved_on=c["resolved_on"], outcome=c["outcome"])
    else:
        services.record_mediation_costs(**common, amount=c["amount"], on=c["on"], note=c["note"])


@login_required
def dispute_detail(request: HttpRequest, ref: str, step: str = "") -> HttpResponse:
    a = web_queries.agreement_for(request.user)
    as_of, query, _bad = _as_of(request)
    found = queries.one(request.user, a, ref, as_of)
    if found is None:
        raise Http404(_("Dit geschil bestaat niet."))
    names = dict(_parties(a))
    involved = [(c, names.get(c, c)) for c in found["involved"]]
    forms = {key: _step_form(key, None, involved) for key in found["steps"]}
    errors: list[tuple[str, str]] = []
    status = 200
    if request.method == "POST":
        if step not in STEP_FORMS:
            raise Http404(_("Deze stap bestaat niet."))
        if not permissions.allows(request.user, "record_dispute"):
            raise PermissionDenied
        form = _step_form(step, request.POST, involved)
        forms[step] = form
        if form.is_valid():
            try:
                _call(step, request, a, ref, form.cleaned_data)
            except NotAllowed:
                raise PermissionDenied from None
            except NotFound:
                raise Http404(_("Dit geschil bestaat niet.")) from None
            except ServiceError as e:
                _service_error(form, e, step)
            else:
                return redirect(reverse("web:dispute", args=[ref]) + query + "#geschiedenis")
        errors = error_summary(form, f"stap-{step}")
        status = 400
    steps = [{"key": k, "title": queries.step_title(k), "form": forms[k], "articles": queries.STEP_ARTICLES[k]} for k in forms]
    context = {"agreement": a, "d": found, "steps": steps, "errors": errors}
    return _page(request, "disputes/detail.html", context, nav="disputes", status=status)
