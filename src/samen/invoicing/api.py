"""The API for invoices (art. 7, art. 10, art. 14 lid 6): list and get the invoices the caller may see (their own
party's for a representative, none for the observer: 403), the SI-UBL 2.0 XML and the PDF, create a year's
invoices, a credit note, payments. The same services and queries as the pages and `samen invoices`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from samen.accounts import permissions
from samen.agreements.models import Agreement
from samen.api_support import PagePagination
from samen.core.errors import InvalidInput, NotAllowed, NotFound
from samen.invoicing import queries, services, ubl
from samen.invoicing.models import Document

router = Router(tags=["Facturen (art. 7)"])

# Status codes beyond the ones every operation can answer (samen.api.EXTRA_ERRORS): a second credit note is a Conflict.
EXTRA_ERRORS = {"/api/v1/agreements/{slug}/invoices/{number}/credit-note": {"post": [409]}}

_NUMBER = r"^\d{4}-\d{4}$"
_AMOUNT = r"^\d{1,12}(\.\d{1,2})?$"
_BINARY = {"schema": {"type": "string", "format": "binary"}}


class LineOut(Schema):
    position: int
    description: str
    articles: list[str]
    amount: str  # euros with two decimals
    amount_id: str  # the id of the rules' amount this line invoices
    explanation: str  # the rules' explanation of the amount, as invoiced


class PaymentOut(Schema):
    paid_on: date
    amount: str
    reference: str


class InvoiceOut(Schema):
    number: str
    kind: str  # invoice or credit-note
    credits: str | None  # the invoice a credit note credits
    credited_by: str | None  # the credit note that credits this invoice
    year: int
    party: str  # the buyer's party code
    amount_kind: str  # annual-contribution, capacity-contribution, variable-contribution, disintegration-costs, mediation-costs
    issue_date: date
    due_date: date
    total: str
    paid: str
    open: str
    status: str  # open, overdue, paid, credited, credit-note
    lines: list[LineOut]
    payments: list[PaymentOut]


class CreateIn(Schema):
    year: int = Field(ge=2000, le=2100, description="Het jaar van de bijdragen")
    as_of: date | None = Field(default=None, description="Peildatum en factuurdatum (standaard vandaag)")


class CreateOut(Schema):
    created: list[str]  # the numbers created
    skipped: list[str]  # the rules' amount ids not invoiced now, each with why ("id: why")
    changed: list[str]  # invoices whose amount the rules now say otherwise ("number: invoiced -> now")


class CreditIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)
    on: date | None = None


class PaymentIn(Schema):
    paid_on: date
    amount: str = Field(pattern=_AMOUNT, description="Euro's, bijv. 1250.00")
    reference: str = Field(default="", max_length=200)


def _agreement(request: HttpRequest, slug: str) -> Agreement:
    found = Agreement.objects.filter(slug=slug).first()
    user: Any = request.user
    if found is None or (user.agreement_id and user.agreement_id != found.pk):
        raise NotFound("agreement.unknown", f"Geen overeenkomst {slug!r}.", field="slug")
    permissions.require(user, "view_agreement")
    if permissions.amount_scope(user) is None:
        raise NotAllowed("auth.forbidden", "Uw rol ziet geen bedragen (facturen).")
    return found


def _out(d: Document) -> dict[str, Any]:
    try:
        credited_by: str | None = d.credit_note.number
    except Document.credit_note.RelatedObjectDoesNotExist:
        credited_by = None
    return {
        "number": d.number,
        "kind": d.kind,
        "credits": d.credits.number if d.credits else None,
        "credited_by": credited_by,
        "year": d.year,
        "party": d.party,
        "amount_kind": d.amount_kind,
        "issue_date": d.issue_date,
        "due_date": d.due_date,
        "total": f"{d.total:.2f}",
        "paid": f"{queries.paid(d):.2f}",
        "open": f"{queries.open_amount(d):.2f}",
        "status": queries.status(d, date.today()),
        "lines": [
            {
                "position": x.position,
                "description": x.description,
                "articles": x.articles,
                "amount": f"{x.amount:.2f}",
                "amount_id": x.amount_id,
                "explanation": x.explanation,
            }
            for x in d.lines.all()
        ],
        "payments": [{"paid_on": p.paid_on, "amount": f"{p.amount:.2f}", "reference": p.reference} for p in d.payments.all()],
    }


def _one(request: HttpRequest, slug: str, number: str) -> Document:
    return services.document_for(request.user, _agreement(request, slug), number)


@router.get(
    "/agreements/{slug}/invoices", response=list[InvoiceOut], summary="Facturen en creditnota's die u mag zien (art. 7)", by_alias=True
)
@paginate(PagePagination)
def list_invoices(request: HttpRequest, slug: str, year: int | None = None) -> Any:
    """Every invoice and credit note the caller may see (a representative: their own party's), by number; `year`
    narrows to one year."""
    docs = queries.visible(request.user, _agreement(request, slug)).prefetch_related("lines", "payments").select_related("credits")
    if year is not None:
        docs = docs.filter(year=year)
    return [_out(d) for d in docs.order_by("year", "number")]


@router.get("/agreements/{slug}/invoices/{number}", response=InvoiceOut, summary="Eén factuur of creditnota met regels en betalingen")
def get_invoice(request: HttpRequest, slug: str, number: str) -> Any:
    return _out(_one(request, slug, number))


@router.get(
    "/agreements/{slug}/invoices/{number}/xml",
    summary="De e-factuur (SI-UBL 2.0, XML)",
    openapi_extra={
        "responses": {200: {"description": "SI-UBL 2.0 (UBL 2.1 Invoice of CreditNote)", "content": {"application/xml": _BINARY}}}
    },
)
def invoice_xml(request: HttpRequest, slug: str, number: str) -> Any:
    d = _one(request, slug, number)
    response = HttpResponse(ubl.to_xml(d), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{d.number}.xml"'
    return response


@router.get(
    "/agreements/{slug}/invoices/{number}/pdf",
    summary="De factuur als PDF",
    openapi_extra={"responses": {200: {"description": "De factuur als PDF", "content": {"application/pdf": _BINARY}}}},
)
def invoice_pdf(request: HttpRequest, slug: str, number: str) -> Any:
    from samen.invoicing.pdf import render_pdf

    d = _one(request, slug, number)
    response = HttpResponse(render_pdf(d), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{d.number}.pdf"'
    return response


@router.post("/agreements/{slug}/invoices", response={201: CreateOut}, summary="De facturen van een jaar maken uit de regels")
def create_invoices(request: HttpRequest, slug: str, payload: CreateIn) -> Any:
    """Each amount the rules give for `year` as of `as_of` that is not yet invoiced becomes an invoice (one per
    party, year and kind); calling again creates nothing twice. Finance and the secretariat."""
    outcome = services.create_for_year(actor=request.user, agreement=_agreement(request, slug), year=payload.year, as_of=payload.as_of)
    return 201, {
        "created": [d.number for d in outcome.created],
        "skipped": [f"{i}: {why}" for i, why in outcome.skipped],
        "changed": [f"{d.number}: {before:.2f} -> {now:.2f}" for d, before, now in outcome.changed],
    }


@router.post("/agreements/{slug}/invoices/{number}/credit-note", response={201: InvoiceOut}, summary="Een factuur crediteren")
def credit_note(request: HttpRequest, slug: str, number: str, payload: CreditIn) -> Any:
    """A credit note for the whole invoice (which itself never changes); once per invoice (409 after)."""
    note = services.credit(actor=request.user, invoice=_one(request, slug, number), reason=payload.reason, on=payload.on)
    return 201, _out(note)


@router.post("/agreements/{slug}/invoices/{number}/payments", response={201: InvoiceOut}, summary="Een betaling vastleggen")
def record_payment(request: HttpRequest, slug: str, number: str, payload: PaymentIn) -> Any:
    """A payment received (part or whole); more than is still open is refused (invoice.overpayment)."""
    try:
        amount = Decimal(payload.amount).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise InvalidInput("invoice.bad-amount", "Vul een bedrag in euro's in, bijv. 1250.00.", field="amount") from None
    d = _one(request, slug, number)
    services.record_payment(actor=request.user, invoice=d, paid_on=payload.paid_on, amount=amount, reference=payload.reference)
    return 201, _out(Document.objects.get(pk=d.pk))
