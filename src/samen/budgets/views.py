"""Budget pages under /financien/begroting/ (art. 6, art. 4 lid 1 and 4, art. 7 lid 1): the years with a budget, and
one page per year with its lines (adopted, committed, left), contributions, reserves, staffing, commitments and the
forms finance records them with. Thin: the services write, the rules decide (`budgets.queries`).

Who sees what (`permissions.amount_scope`): the host's staff everything; a representative the totals and their own
party's contribution; the observer no budget page. A refusal by the rules shows as an error summary (status 400).
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
from samen.budgets import queries, services
from samen.budgets.forms import ApproveForm, BudgetForm, CommitmentForm, CostForm, LineForm, ReserveForm, StaffForm
from samen.core.errors import NotAllowed, NotFound, ServiceError
from samen.web import queries as web_queries
from samen.web.forms import AccessibleForm, error_summary, put_service_error
from samen.web.views import _as_of, _page

# A service's field name -> the form's field name, where they differ.
FIELD_NAMES = {"date": "committed_on", "opening_reserve": "opening_reserve", "start": "start"}
ACTIONS = ("line", "reserve", "commitment", "approve", "cost", "staff")


def _service_error(form: AccessibleForm, e: ServiceError) -> None:
    put_service_error(form, e, FIELD_NAMES.get(e.field or "", e.field or ""))


def _require_view(request: HttpRequest) -> None:
    if not queries.may_view(request.user):
        raise PermissionDenied


@login_required
def budget_list(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    a = web_queries.agreement_for(request.user)
    _day, query, _bad = _as_of(request)
    may_write = permissions.allows(request.user, "record_budget")
    form = BudgetForm(prefix="budget")
    status = 200
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        form = BudgetForm(request.POST, prefix="budget")
        if form.is_valid():
            c = form.cleaned_data
            try:
                b = services.create_budget(actor=request.user, agreement=a, year=c["year"], opening_reserve=c["opening_reserve"])
            except NotAllowed:
                raise PermissionDenied from None
            except ServiceError as e:
                _service_error(form, e)
            else:
                return redirect(reverse("web:budget", args=[b.year]) + query)
        status = 400
    context = {
        "agreement": a,
        "items": queries.years(request.user, a),
        "form": form,
        "may_write": may_write,
        "errors": error_summary(form, "budget-form") if form.is_bound else [],
    }
    return _page(request, "budgets/list.html", context, nav="budgets", status=status)


def _forms(view: queries.YearView, data: Any = None, files: Any = None, action: str = "") -> dict[str, AccessibleForm]:
    lines = [x.name for x in view.lines]

    def bound(key: str) -> tuple[Any, Any]:
        return (data, files) if key == action else (None, None)

    return {
        "line": LineForm(bound("line")[0], prefix="line"),
        "reserve": ReserveForm(bound("reserve")[0], prefix="reserve", initial={"opening_reserve": view.opening_reserve}),
        "commitment": CommitmentForm(bound("commitment")[0], prefix="commitment", lines=lines),
        "approve": ApproveForm(bound("approve")[0], prefix="approve"),
        "cost": CostForm(*bound("cost"), prefix="cost"),
        "staff": StaffForm(bound("staff")[0], prefix="staff"),
    }


def _call(action: str, request: HttpRequest, a: Any, year: int, c: dict[str, Any], ref: str) -> None:
    actor = request.user
    if action == "line":
        services.add_line(actor=actor, budget=services.budget_of(a, year), name=c["name"], amount=c["amount"])
    elif action == "reserve":
        services.set_opening_reserve(actor=actor, budget=services.budget_of(a, year), opening_reserve=c["opening_reserve"])
    elif action == "commitment":
        services.record_commitment(
            actor=actor,
            agreement=a,
            ref=c["ref"],
            year=year,
            line=c["line"],
            counterparty=c["counterparty"],
            description=c["description"],
            amount=c["amount"],
            committed_on=c["committed_on"],
            mandate=c["mandate"],
            language=web_queries.rules_language(),
        )
    elif action == "approve":
        services.approve_commitment(actor=actor, commitment=services.commitment_by_ref(a, ref), approved_on=c["approved_on"])
    elif action == "cost":
        services.record_cost_per_fte(actor=actor, agreement=a, year=year, amount=c["amount"], file=c["file"], title=c["title"])
    else:
        services.record_staff(
            actor=actor, agreement=a, role=c["role"], fte=c["fte"].normalize(), scale=c["scale"], start=c["start"], until=c["until"]
        )


ANCHORS = {
    "line": "posten",
    "reserve": "reserves",
    "commitment": "verplichtingen",
    "approve": "verplichtingen",
    "cost": "kostenniveau",
    "staff": "formatie",
}


@login_required
def budget_year(request: HttpRequest, year: int, action: str = "", ref: str = "") -> HttpResponse:
    if ref:
        action = "approve"
    _require_view(request)
    if not 1900 <= year <= 2999:
        raise Http404(_("Dit jaar bestaat niet."))
    a = web_queries.agreement_for(request.user)
    as_of, query, _bad = _as_of(request)
    view = queries.year_view(request.user, a, year, as_of, language=web_queries.rules_language())
    forms = _forms(view)
    errors: list[tuple[str, str]] = []
    status = 200
    if request.method == "POST":
        if action not in ACTIONS:
            raise Http404(_("Deze stap bestaat niet."))
        if not view.detail:
            raise PermissionDenied
        forms = _forms(view, request.POST, request.FILES, action)
        form = forms[action]
        if form.is_valid():
            try:
                _call(action, request, a, year, form.cleaned_data, ref)
            except NotAllowed:
                raise PermissionDenied from None
            except NotFound as e:
                if e.code in ("commitment.unknown",):
                    raise Http404(e.message) from None
                _service_error(form, e)
            except ServiceError as e:
                _service_error(form, e)
            else:
                return redirect(reverse("web:budget", args=[year]) + query + "#" + ANCHORS[action])
        errors = error_summary(form, ANCHORS[action])
        if action == "approve":  # one small form per commitment: the summary points at the list
            errors = [(ANCHORS[action], message) for _anchor, message in errors]
        status = 400
    user = request.user
    context = {
        "agreement": a,
        "year": year,
        "v": view,
        "forms": forms,
        "errors": errors,
        "may_budget": permissions.allows(user, "record_budget") and view.detail,
        "may_commit": permissions.allows(user, "record_commitment") and view.detail,
        "may_approve": permissions.allows(user, "approve_commitment") and view.detail,
        "may_finance": permissions.allows(user, "record_finance_fact") and view.detail,
    }
    return _page(request, "budgets/year.html", context, nav="budgets", status=status)
