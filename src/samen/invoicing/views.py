"""Invoice pages under /financien/facturen/ (art. 7, art. 10, art. 14 lid 6): the list per year with paid and open,
the overdue invoices (findings), one page per invoice with its lines, the rules' explanation, payments, the XML and
PDF, the credit-note and payment forms; the year's XLSX. Thin: services write, queries read; who sees what is
`permissions.amount_scope` (an invoice the user may not see is a 404, the pages without any amounts a 403).
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from samen.accounts import permissions
from samen.core.errors import NotFound, ServiceError
from samen.invoicing import queries, services, ubl
from samen.invoicing.forms import CreateForm, CreditForm, PaymentForm
from samen.invoicing.models import Document
from samen.web import queries as web_queries
from samen.web.forms import AccessibleForm, error_summary, put_service_error
from samen.web.views import _as_of, _page


def _scope(request: HttpRequest) -> None:
    if permissions.amount_scope(request.user) is None:
        raise PermissionDenied


def _shown(request: HttpRequest) -> date | None:
    """The date paid and open are shown as of: the page's "as of" date when one is set, else all that is recorded."""
    as_of, query, _bad = _as_of(request)
    return as_of if query else None


def _year(request: HttpRequest, as_of: date) -> int:
    raw = request.GET.get("jaar", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else as_of.year


@login_required
def invoice_list(request: HttpRequest) -> HttpResponse:
    _scope(request)
    a = web_queries.agreement_for(request.user)
    as_of, query, _bad = _as_of(request)
    year = _year(request, as_of)
    may_write = permissions.allows(request.user, "manage_invoices")
    form = CreateForm(initial={"year": year}, prefix="create")
    errors: list[tuple[str, str]] = []
    report = None
    status = 200
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        form = CreateForm(request.POST, prefix="create")
        if form.is_valid():
            try:
                report = services.create_for_year(
                    actor=request.user, agreement=a, year=form.cleaned_data["year"], as_of=form.cleaned_data["as_of"] or date.today()
                )
                year = form.cleaned_data["year"]
            except ServiceError as e:
                put_service_error(form, e)
        if not form.is_valid() or form.errors:
            errors = error_summary(form, "create-form")
            status = 400
    rows = queries.year_rows(request.user, a, year, _shown(request))
    context = {
        "agreement": a,
        "year": year,
        "years": sorted({*queries.years(request.user, a), as_of.year, year}, reverse=True),
        "rows": rows,
        "parties": queries.per_party(rows),
        "total": sum((r.amount for r in rows), queries.ZERO),
        "paid": sum((r.paid for r in rows), queries.ZERO),
        "open": sum((r.open for r in rows), queries.ZERO),
        "overdue": queries.overdue_findings(request.user, a, as_of, web_queries.rules_language()),
        "may_write": may_write,
        "form": form,
        "errors": errors,
        "report": report,
        "query": query,
    }
    return _page(request, "invoicing/list.html", context, nav="invoices", status=status)


def _document(request: HttpRequest, number: str) -> Document:
    _scope(request)
    a = web_queries.agreement_for(request.user)
    try:
        return services.document_for(request.user, a, number)
    except NotFound:
        raise Http404(_("Deze factuur bestaat niet, of u mag haar niet zien.")) from None


@login_required
def invoice_detail(request: HttpRequest, number: str) -> HttpResponse:
    doc = _document(request, number)
    as_of, query, _bad = _as_of(request)
    may_write = permissions.allows(request.user, "manage_invoices")
    payment = PaymentForm(prefix="payment", initial={"paid_on": as_of})
    credit = CreditForm(prefix="credit")
    errors: list[tuple[str, str]] = []
    status = 200
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        action = request.POST.get("action")
        form: AccessibleForm
        if action == "payment":
            form = payment = PaymentForm(request.POST, prefix="payment")
        elif action == "credit":
            form = credit = CreditForm(request.POST, prefix="credit")
        else:
            raise Http404
        if form.is_valid():
            c = form.cleaned_data
            try:
                if action == "payment":
                    services.record_payment(
                        actor=request.user, invoice=doc, paid_on=c["paid_on"], amount=c["amount"], reference=c["reference"]
                    )
                    return redirect(reverse("web:invoice", args=[doc.number]) + query + "#betalingen")
                note = services.credit(actor=request.user, invoice=doc, reason=c["reason"], on=c["on"])
                return redirect(reverse("web:invoice", args=[note.number]) + query)
            except ServiceError as e:
                put_service_error(form, e)
        errors = error_summary(form, f"{action}-form")
        status = 400
    context = {
        "agreement": doc.agreement,
        **queries.document_context(doc, _shown(request), request.user),
        "may_write": may_write,
        "payment_form": payment,
        "credit_form": credit,
        "errors": errors,
    }
    return _page(request, "invoicing/detail.html", context, nav="invoices", status=status)


@login_required
def invoice_xml(request: HttpRequest, number: str) -> HttpResponse:
    doc = _document(request, number)
    response = HttpResponse(ubl.to_xml(doc), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{doc.number}.xml"'
    return response


@login_required
def invoice_pdf(request: HttpRequest, number: str) -> HttpResponse:
    from samen.invoicing.pdf import render_pdf

    doc = _document(request, number)
    response = HttpResponse(render_pdf(doc, _shown(request), request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{doc.number}.pdf"'
    return response


@login_required
def invoice_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    from samen.invoicing.xlsx import workbook

    _scope(request)
    a = web_queries.agreement_for(request.user)
    data = workbook(request.user, a, year, _shown(request))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="invoices-{year}.xlsx"'
    return response
