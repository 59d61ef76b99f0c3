"""Reads for invoices: what `actor` may see (`permissions.amount_scope`: all, their own party's, or nothing),
paid and open amounts, a year's overview, and the overdue invoices as findings (art. 7 lid 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from samen.accounts import permissions
from samen.agreements.models import Agreement
from samen.invoicing.models import Document

ZERO = Decimal("0.00")


def visible(actor: Any, agreement: Agreement) -> QuerySet[Document]:
    """The invoices and credit notes `actor` may see: all (secretariat, chair, finance), their party's, or none."""
    return _visible(actor, Document.objects.filter(agreement=agreement))


def _visible(actor: Any, docs: QuerySet[Document]) -> QuerySet[Document]:
    """`docs` cut to what `actor` may see (`visible`)."""
    if permissions.is_system(actor):
        return docs
    scope = permissions.amount_scope(actor)
    if scope == "all":
        return docs
    if scope == "own":
        return docs.filter(party=permissions.party_code(actor))
    return docs.none()


def paid(invoice: Document, as_of: date | None = None) -> Decimal:
    payments = invoice.payments.all()
    return sum((p.amount for p in payments if as_of is None or p.paid_on <= as_of), ZERO)


def credited(invoice: Document, as_of: date | None = None) -> Decimal:
    """What a credit note took off `invoice` (its whole amount, from the credit note's date)."""
    try:
        note = invoice.credit_note
    except Document.credit_note.RelatedObjectDoesNotExist:
        return ZERO
    return note.total if as_of is None or note.issue_date <= as_of else ZERO


def open_amount(invoice: Document, as_of: date | None = None) -> Decimal:
    """What is still to be paid on an invoice (a credit note itself: nothing); never below zero."""
    if invoice.kind != Document.Kind.INVOICE:
        return ZERO
    return max(ZERO, invoice.total - credited(invoice, as_of) - paid(invoice, as_of))


def status(invoice: Document, as_of: date) -> str:
    """credit-note, credited, paid, overdue or open."""
    if invoice.kind != Document.Kind.INVOICE:
        return "credit-note"
    if credited(invoice, as_of):
        return "credited"
    if open_amount(invoice, as_of) == 0:
        return "paid"
    return "overdue" if invoice.due_date < as_of else "open"


STATUS_LABELS = {
    "credit-note": _("creditnota"),
    "credited": _("gecrediteerd"),
    "paid": _("betaald"),
    "overdue": _("over tijd"),
    "open": _("open"),
}


def signed_total(doc: Document) -> Decimal:
    """The amount as it counts towards a year: a credit note negative."""
    return -doc.total if doc.kind == Document.Kind.CREDIT_NOTE else doc.total


@dataclass
class Row:
    doc: Document
    amount: Decimal
    paid: Decimal
    open: Decimal
    status: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def year_rows(actor: Any, agreement: Agreement, year: int, as_of: date | None = None) -> list[Row]:
    """Every document of `year` the actor may see, with paid and open as of `as_of` (None: all that is recorded;
    overdue counted from today). With `as_of`, only the documents issued by then: a later credit note counts neither
    in the totals nor against its invoice (`credited`), so the year reads as it stood on that day."""
    docs = visible(actor, agreement).filter(year=year).prefetch_related("payments", "lines")
    if as_of is not None:
        docs = docs.filter(issue_date__lte=as_of)
    out = []
    for d in docs.select_related("credit_note").order_by("number"):
        out.append(Row(d, signed_total(d), paid(d, as_of), open_amount(d, as_of), status(d, as_of or date.today())))
    return out


def years(actor: Any, agreement: Agreement) -> list[int]:
    return sorted(set(visible(actor, agreement).values_list("year", flat=True)), reverse=True)


def per_party(rows: list[Row]) -> list[dict[str, Any]]:
    """Per party: invoiced (credit notes off), paid and still open."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        x = out.setdefault(
            r.doc.party, {"party": r.doc.party, "name": r.doc.parties["buyer"]["name"], "amount": ZERO, "paid": ZERO, "open": ZERO}
        )
        x["amount"] += r.amount
        x["paid"] += r.paid
        x["open"] += r.open
    return list(out.values())


def overdue_many(actor: Any, agreements: list[Agreement], as_of: date) -> dict[int, list[Row]]:
    """The invoices the actor may see that are unpaid after their due date, as of `as_of`, of each of `agreements`,
    by agreement id, in a fixed number of queries (an agreement without an overdue invoice is left out)."""
    docs = _visible(actor, Document.objects.filter(agreement_id__in=[a.pk for a in agreements]))
    docs = docs.filter(kind=Document.Kind.INVOICE, due_date__lt=as_of)
    # Paid in full by then: never overdue, so not even loaded (most invoices, on every dashboard). The sum in SQL
    # only narrows; `status` below decides, in Decimal, for the invoices left.
    paid_by = Coalesce(Sum("payments__amount", filter=Q(payments__paid_on__lte=as_of)), Value(ZERO), output_field=DecimalField())
    docs = docs.annotate(paid_by=paid_by).filter(paid_by__lt=F("total")).prefetch_related("payments", "lines")
    out: dict[int, list[Row]] = {}
    for d in docs.select_related("credit_note").order_by("due_date", "number"):
        if status(d, as_of) == "overdue":
            out.setdefault(d.agreement_id, []).append(Row(d, d.total, paid(d, as_of), open_amount(d, as_of), "overdue"))
    return out


def overdue_findings(actor: Any, agreement: Agreement, as_of: date, language: str = "nl") -> list[dict[str, Any]]:
    """Each overdue invoice of `agreement` as a finding `art-7.invoice-overdue` (`overdue_findings_many`)."""
    return overdue_findings_many(actor, [agreement], as_of, language).get(agreement.pk, [])


def overdue_findings_many(actor: Any, agreements: list[Agreement], as_of: date, language: str = "nl") -> dict[int, list[dict[str, Any]]]:
    """Each overdue invoice as a finding `art-7.invoice-overdue`, in the rules' JSON form, in `language`, by agreement id.

    It cites the articles of the invoice's lines (disintegration costs: art. 10; ...), for the annual contribution
    first art. 7 lid 2 (paid in one instalment); the due date itself is the payment term of the invoicing details.
    A finding provider (`samen.records.findings.FINDING_PROVIDERS`): shown where the compliance overview shows
    findings (dashboard, `samen check`, the API's check), to whoever may see the invoice.
    """
    from django.utils import formats, translation

    from samen.rules.conclusions import Finding
    from samen.rules.explain import Explanation, Step
    from samen.rules.money import euro

    out: dict[int, list[dict[str, Any]]] = {}
    with translation.override(language):
        for key, r in ((key, r) for key, rows in overdue_many(actor, agreements, as_of).items() for r in rows):
            d = r.doc
            # The annual contribution is paid in one instalment (art. 7 lid 2); every invoice cites its lines' articles.
            first = ("art. 7 lid 2",) if d.amount_kind == "annual-contribution" else ()
            articles = tuple(dict.fromkeys([*first, *(a for line in d.lines.all() for a in line.articles)])) or ("art. 7",)
            due, day = formats.date_format(d.due_date, "j F Y"), formats.date_format(as_of, "j F Y")
            values = {"number": d.number, "buyer": d.parties["buyer"]["name"], "party": d.party, "due": due}
            message = translation.gettext(
                "Factuur %(number)s aan %(buyer)s (%(party)s) moest uiterlijk op %(due)s betaald zijn; er staat nog %(open)s open."
            ) % {**values, "open": euro(r.open, language)}
            why = translation.gettext("Op %(day)s is %(paid)s van %(total)s betaald; de vervaldatum was %(due)s") % {
                "day": day,
                "paid": euro(r.paid, language),
                "total": euro(d.total, language),
                "due": due,
            }
            explanation = Explanation.of(
                Step(articles[0], why, parameters={"factuur": d.number, "vervaldatum": d.due_date.isoformat(), "open": str(r.open)})
            )
            finding = Finding("art-7.invoice-overdue", "warning", message, articles, explanation, ref=d.number)
            out.setdefault(key, []).append(
                {**finding.to_json(), "invoice": d.number, "party": d.party, "due_date": d.due_date.isoformat(), "open": str(r.open)}
            )
    return out


def _org(org: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(label, value, is example value) for each detail of a seller or buyer that the invoice shows."""
    labels = [
        ("name", _("Naam")),
        ("street", _("Adres")),
        ("postal_zone", _("Postcode")),
        ("city", _("Plaats")),
        ("oin", _("OIN")),
        ("kvk", _("KvK-nummer")),
        ("iban", _("IBAN")),
        ("contact_name", _("Contact")),
        ("contact_email", _("E-mail")),
        ("contact_phone", _("Telefoon")),
    ]
    examples = set(org.get("examples", []))
    return [(str(label), str(org[key]), key in examples) for key, label in labels if org.get(key)]


def document_context(doc: Document, as_of: date | None = None, actor: Any = None) -> dict[str, Any]:
    """What the invoice page and its PDF show (one template, `invoicing/_invoice.html`).

    Each line's explanation is the rules' explanation as invoiced (in Dutch, the invoice's language). A page in
    another language (`actor` given) shows the rules' explanation of the same amount as of the issue date in that
    language, when the rules still give the amount invoiced; otherwise the one stored.
    """
    from samen.web.queries import _party_names, conclusions, explained_steps, rules_language

    names = _party_names(doc.agreement)
    current: dict[str, dict[str, Any]] = {}
    if actor is not None and rules_language() != "nl":
        current = {a["id"]: a for a in conclusions(actor, doc.agreement, doc.issue_date)["amounts"]}
    lines = []
    for line in doc.lines.all():
        now = current.get(line.amount_id)
        if now is not None and Decimal(now["amount"]) == line.amount:
            lines.append({"line": line, "explanation": now["explanation"], "steps": explained_steps(now["steps"], names)})
        else:
            lines.append({"line": line, "explanation": line.explanation, "steps": explained_steps(line.steps, names)})
    try:
        note = doc.credit_note
    except Document.credit_note.RelatedObjectDoesNotExist:
        note = None
    return {
        "doc": doc,
        "lines": lines,
        "seller": _org(doc.parties["seller"]),
        "buyer": _org(doc.parties["buyer"]),
        "payments": [p for p in doc.payments.all() if as_of is None or p.paid_on <= as_of],
        "paid": paid(doc, as_of),
        "open": open_amount(doc, as_of),
        "status": status(doc, as_of or date.today()),
        "status_label": str(STATUS_LABELS[status(doc, as_of or date.today())]),
        "credit_note": note,
        "vat_reason": doc.parties["vat_exemption_reason"],
    }
