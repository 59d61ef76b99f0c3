"""Procedure pages (issue 9): thin views over `web.procedures` (queries and forms) and `records.services` (writes)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.accounts import permissions
from samen.core.errors import NotAllowed, NotFound, ServiceError
from samen.documents import services as document_services
from samen.documents.forms import UploadForm
from samen.parties.models import Party
from samen.records import services
from samen.records.queries import visible_records
from samen.web import procedures, queries
from samen.web.forms import error_summary, put_service_error
from samen.web.views import _as_of, _page

FIELD_NAMES = {"date": "date", "amount": "amount", "reference": "reference", "text": "text", "agenda_item": "agenda_item", "note": "text"}


def _put_error(form: Any, e: ServiceError) -> None:
    """A service's refusal on the field it names (else on the form), with its article."""
    put_service_error(form, e, FIELD_NAMES.get(e.field or "", ""))


def _summary(form: Any) -> list[tuple[str, str]]:
    """The error summary of a step's form (or the correction form): a form's own error links to the form."""
    return error_summary(form, f"form-{getattr(getattr(form, 'step', None), 'key', 'correctie')}")


PAGE_STEPS = {
    "withdrawal": ("opzegging", "instemming", "desintegratiekosten", "ontheffing"),
    "evaluation": ("evaluatie",),
    "budget": ("opgesteld", "ingestemd", "vastgesteld"),
}


def _record(request: HttpRequest, agreement: Any, page: str, *, party: str | None = None, year: int | None = None) -> tuple[Any, bool]:
    """Handle a posted step of `page`: (the form, whether it was saved). 404 for a step of another page, 403 when
    the role may not take the step."""
    key = request.POST.get("stap", "")
    step = procedures.STEPS.get(key) if key in PAGE_STEPS[page] else None
    if step is None:
        raise Http404(_("Deze stap bestaat niet."))
    if not permissions.allows(request.user, step.action):
        raise PermissionDenied
    form = procedures.StepForm(request.POST, step=step, agreement=agreement)
    if not form.is_valid():
        return form, False
    data = form.cleaned_data
    try:
        services.record_step(
            actor=request.user,
            agreement=agreement,
            raw=procedures.step_raw(step, data, party=party, year=year),
            reference=data.get("reference", ""),
            text=data.get("text", ""),
            agenda_item=form.agenda_item_object() if "agenda_item" in form.fields else None,
        )
    except NotAllowed:
        raise PermissionDenied from None
    except ServiceError as e:
        _put_error(form, e)
        return form, False
    return form, True


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    a = queries.agreement_for(request.user)
    as_of, query, _bad = _as_of(request)
    chosen = request.GET.get("partij")
    if chosen:
        party = Party.objects.filter(agreement=a, code=chosen).first()
        if party is not None:
            return redirect(reverse("web:procedure_withdrawal", args=[party.code]) + query)
    return _page(
        request, "web/procedures/overview.html", {"agreement": a, "o": procedures.overview(request.user, a, as_of)}, nav="procedures"
    )


@login_required
def withdrawal(request: HttpRequest, code: str) -> HttpResponse:
    a = queries.agreement_for(request.user)
    as_of, query, _bad = _as_of(request)
    party = Party.objects.filter(agreement=a, code=code).first()
    if party is None:
        raise Http404(_("Deze partij bestaat niet."))
    posted, status = None, 200
    if request.method == "POST":
        posted, saved = _record(request, a, "withdrawal", party=party.code)
        if saved:
            return redirect(request.path + query)
        status = 400
    context = {"agreement": a, **procedures.withdrawal(request.user, a, party, as_of, posted)}
    context["errors"] = _summary(posted) if posted is not None else []
    return _page(request, "web/procedures/withdrawal.html", context, nav="procedures", status=status)


@login_required
def evaluation(request: HttpRequest) -> HttpResponse:
    a = queries.agreement_for(request.user)
    as_of, query, _bad = _as_of(request)
    posted, status = None, 200
    if request.method == "POST":
        posted, saved = _record(request, a, "evaluation")
        if saved:
            return redirect(request.path + query)
        status = 400
    context = {"agreement": a, **procedures.evaluation(request.user, a, as_of, posted)}
    context["errors"] = _summary(posted) if posted is not None else []
    return _page(request, "web/procedures/evaluation.html", context, nav="procedures", status=status)


@login_required
def budget(request: HttpRequest, year: int) -> HttpResponse:
    a = queries.agreement_for(request.user)
    as_of, query, _bad = _as_of(request)
    if not 1900 <= year <= 2999:
        raise Http404(_("Dit jaar bestaat niet."))
    posted, status = None, 200
    if request.method == "POST":
        posted, saved = _record(request, a, "budget", year=year)
        if saved:
            return redirect(request.path + query)
        status = 400
    context = {"agreement": a, **procedures.budget(request.user, a, year, as_of, posted)}
    context["errors"] = _summary(posted) if posted is not None else []
    return _page(request, "web/procedures/budget.html", context, nav="procedures", status=status)


@login_required
def facts(request: HttpRequest) -> HttpResponse:
    a = queries.agreement_for(request.user)
    return _page(request, "web/procedures/facts.html", {"agreement": a, "facts": procedures.fact_list(request.user, a)}, nav="procedures")


@login_required
def correct(request: HttpRequest, public_id: str) -> HttpResponse:
    a = queries.agreement_for(request.user)
    _day, query, _bad = _as_of(request)
    try:
        record = services.fact_by_id(a, public_id)
    except NotFound:
        raise Http404(_("Dit feit bestaat niet.")) from None
    rows = [f for f in procedures.fact_list(request.user, a) if f["record"].pk == record.pk]
    if not rows:
        raise Http404(_("Dit feit bestaat niet."))
    form, status = procedures.CorrectionForm(), 200
    if request.method == "POST":
        if not rows[0]["may_correct"]:
            raise PermissionDenied
        form = procedures.CorrectionForm(request.POST)
        if form.is_valid():
            try:
                services.correct_fact(actor=request.user, record=record, reason=form.cleaned_data["reason"])
            except NotAllowed:
                raise PermissionDenied from None
            except ServiceError as e:
                form.add_error("reason" if e.field == "reason" else None, e.message)
            else:
                return redirect(reverse("web:procedure_facts") + query + f"#feit-{record.public_id}")
        status = 400
    context = {"agreement": a, "fact": rows[0], "form": form, "errors": _summary(form) if form.is_bound else []}
    return _page(request, "web/procedures/correct.html", context, nav="procedures", status=status)


@login_required
@require_POST
def document(request: HttpRequest) -> HttpResponse:
    """Attach a document (the notice letter, the evaluation report, the budget) to a recorded step."""
    a = queries.agreement_for(request.user)
    _day, query, _bad = _as_of(request)
    value = request.POST.get("doc-attach_to", "")
    kind, _sep, public_id = value.partition(":")
    try:
        fact = services.fact_by_id(a, public_id) if kind == "fact" else None
    except NotFound:
        fact = None
    if fact is None or not visible_records(request.user, [fact]):
        raise Http404(_("Dit feit bestaat niet."))
    if not document_services.may_upload(request.user, fact):
        raise PermissionDenied
    back = procedures.page_of(fact)
    form = UploadForm(request.POST, request.FILES, choices=[(value, value)], show_public=False, prefix="doc")
    if form.is_valid():
        c = form.cleaned_data
        try:
            document_services.add_document(actor=request.user, target=fact, title=c["title"], kind=c["kind"], file=c["file"])
        except NotAllowed:
            raise PermissionDenied from None
        except ServiceError as e:
            form.service_error(e)
        else:
            return redirect(back + query + f"#feit-{fact.public_id}")
    context = {"agreement": a, "owner": procedures.STEPS_BY_FACT.get(fact.kind, fact.kind), "owner_url": back + query, "form": form}
    context |= {"errors": error_summary(form, "document-form"), "action": request.path}
    return _page(request, "documents/upload.html", context, nav="procedures", status=400)
