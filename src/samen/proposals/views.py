"""Proposal pages: the list (with the form for a new proposal) and one proposal with its table of fifteen decisions.

Thin: the services write, the rules decide the outcome (`records.queries.evaluate_recorded`, through
`web.queries.conclusions`); nothing here computes an outcome.
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
from samen.core.errors import NotAllowed, ServiceError
from samen.parties.models import Party
from samen.proposals import queries, services
from samen.proposals.forms import DecisionsForm, ProposalForm
from samen.proposals.models import Proposal
from samen.web import labels
from samen.web import queries as web_queries
from samen.web.forms import error_summary
from samen.web.views import _as_of, _page


def _service_error(form: Any, e: ServiceError, mapping: dict[str, str]) -> None:
    """Put a service's error on the field it names (and mark it invalid), else on the form."""
    name = mapping.get(e.field or "", e.field or "")
    if name.startswith("text_changes"):
        name = "text_ref" if name.endswith(".ref") else "text_new"
    message = e.message + (f" ({e.article})" if getattr(e, "article", None) else "")
    if name not in form.fields and name.split(".", 1)[0] in form.fields:
        name, sub = name.split(".", 1)  # parameters.withdrawal.notice_months: the parameters field, naming the key
        message = f"{sub}: {message}"
    if name in form.fields:
        form.add_error(name, message)
    else:
        form.add_error(None, message)
    from samen.web.forms import _mark_invalid

    _mark_invalid(form)


def _parties(agreement: Any) -> list[Party]:
    return list(Party.objects.filter(agreement=agreement).order_by("position"))


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    a = web_queries.agreement_for(request.user)
    as_of, query, _bad = _as_of(request)
    may_write = permissions.allows(request.user, "record_proposal")
    parties = _parties(a)
    form = ProposalForm(parties=parties, definition=web_queries.definition(a), text_refs=list(services.text_refs(a)))
    status = 200
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        form = ProposalForm(request.POST, parties=parties, definition=web_queries.definition(a), text_refs=list(services.text_refs(a)))
        if form.is_valid():
            c = form.cleaned_data
            try:
                p = services.create_proposal(
                    actor=request.user,
                    agreement=a,
                    ref=c["ref"],
                    subject=c["subject"],
                    kind=c["kind"],
                    proposed_on=c["proposed_on"],
                    explanation=c["explanation"],
                    proposed_by=c["proposed_by"] or None,
                    parameters=c["parameters"],
                    end_date=c["end_date"],
                    effective_date=c["effective_date"],
                    text_changes=c["text_changes"],
                    budget_year=c["budget_year"],
                )
            except NotAllowed:
                raise PermissionDenied from None
            except ServiceError as e:
                _service_error(form, e, {})
            else:
                return redirect(reverse("web:proposal", args=[p.public_id]) + query)
        status = 400
    answer = web_queries.conclusions(request.user, a, as_of)
    items = []
    for p in Proposal.objects.filter(agreement=a).order_by("-proposed_on", "-pk"):
        proc = queries.procedure(answer, p)
        items.append({"proposal": p, "state": labels.state_label(proc["procedure"], proc["state"]) if proc else ""})
    context = {
        "agreement": a,
        "items": items,
        "form": form,
        "may_write": may_write,
        "errors": error_summary(form, "decisions-form" if isinstance(form, DecisionsForm) else "proposal-form") if form.is_bound else [],
    }
    return _page(request, "proposals/list.html", context, status=status)


@login_required
def proposal_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    a = web_queries.agreement_for(request.user)
    as_of, query, _bad = _as_of(request)
    proposal = Proposal.objects.filter(agreement=a, public_id=public_id).select_related("proposed_by").first()
    if proposal is None:
        raise Http404(_("Dit voorstel bestaat niet."))
    may_write = permissions.allows(request.user, "record_proposal")
    parties = _parties(a)
    form = DecisionsForm(parties=parties)
    status = 200
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        form = DecisionsForm(request.POST, parties=parties)
        if form.is_valid():
            try:
                services.record_decisions(actor=request.user, proposal=proposal, rows=form.rows)
            except NotAllowed:
                raise PermissionDenied from None
            except ServiceError as e:
                mapping = {}
                if e.field and e.field.startswith("decisions["):
                    index = int(e.field[len("decisions[") : e.field.index("]")])
                    mapping[e.field] = f"{form.rows[index]['party']}-{e.field.split('.', 1)[1]}"
                elif e.field and len(form.rows) == 1:
                    mapping[e.field] = f"{form.rows[0]['party']}-{e.field}"
                _service_error(form, e, mapping)
            else:
                return redirect(reverse("web:proposal", args=[proposal.public_id]) + query + "#besluiten")
        status = 400
    answer = web_queries.conclusions(request.user, a, as_of)
    proc = queries.procedure(answer, proposal)
    table = [{"row": r, "fields": form.row_fields(r.party)} for r in queries.rows(proposal)]
    context = {
        "agreement": a,
        "proposal": proposal,
        "procedure": proc,
        "state_label": labels.state_label(proc["procedure"], proc["state"]) if proc else "",
        "changes": queries.changes(answer, proposal),
        "table": table,
        "form": form,
        "may_write": may_write,
        "errors": error_summary(form, "decisions-form" if isinstance(form, DecisionsForm) else "proposal-form") if form.is_bound else [],
    }
    return _page(request, "proposals/detail.html", context, status=status)
