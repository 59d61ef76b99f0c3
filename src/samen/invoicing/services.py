"""Writes for invoices (art. 7, art. 10, art. 14 lid 6): create a year's invoices from the rules, credit an invoice,
record a payment. Each in one `transaction.atomic` with its audit entries; nothing half-written.

Grouping (docs/readings.md, "Invoices"): one invoice per party, year, kind of amount (and dispute, for mediation
costs), with one line per amount of the rules; so 2027's annual contributions are 15 invoices. Numbering: one
gapless series per agreement and year (`Counter`, locked with select_for_update in the transaction), shared by
invoices and credit notes, "<year>-<4 digits>".

An invoice is never changed. When the rules' amount for an invoice changes later, `create_for_year` reports it
(`changed`) and creates nothing for it; finance credits the invoice (`credit`: a credit note for its whole
amount) and the next `create_for_year` invoices the amount as the rules then say it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from samen.accounts import permissions
from samen.agreements.models import Agreement
from samen.audit import services as audit
from samen.audit.services import snapshot
from samen.core.errors import Conflict, InvalidInput, NotFound, Refused
from samen.core.validation import clean_amount, clean_text
from samen.invoicing import details as invoicing_details
from samen.invoicing.models import Counter, Document, Line, Payment
from samen.rules.money import euro

# What a line says, in the invoice's language (Dutch), and the article it cites (art. 7 lid 2: one instalment).
DESCRIPTIONS = {
    "annual-contribution": "Jaarbijdrage {year}, in één termijn",
    "capacity-contribution": "Bijdrage {year} voor niet geleverde personele capaciteit",
    "variable-contribution": "Variabele bijdrage {year} (extra kosten van de gastheer, achteraf berekend)",
    "disintegration-costs": "Desintegratiekosten bij uittreding ({year})",
    "mediation-costs": "Aandeel in de kosten van mediation, geschil {ref} ({year})",
}
# Variable contributions are calculated afterwards (art. 7 lid 4): invoiced only once their year is over.
AFTER_THE_YEAR = frozenset({"variable-contribution"})


@dataclass
class Outcome:
    """What `create_for_year` did: the documents created, and the amounts skipped or changed, each with why."""

    created: list[Document] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (amount id, why)
    changed: list[tuple[Document, Decimal, Decimal]] = field(default_factory=list)  # (invoice, invoiced, the rules now)


def _user(actor: Any) -> Any:
    return actor if hasattr(actor, "pk") else None


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 2000 <= value <= 2100:
        raise InvalidInput("invoice.bad-year", "Vul een jaar in (2000-2100).", field="year")
    return value


def next_number(actor: Any, agreement: Agreement, year: int) -> str:
    """The next number of `year`'s series: the counter row is locked until the transaction ends (no gaps, no twice)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the writing service's transaction")
    counter, _created = Counter.objects.get_or_create(agreement=agreement, year=year)
    counter = Counter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    audit.append(actor=actor, action="invoice.number", obj=counter, after=snapshot(counter), agreement=agreement.slug)
    return f"{year}-{counter.last:04d}"


def invoiceable(agreement: Agreement, year: int, as_of: date) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """The rules' amounts of `year` that may be invoiced as of `as_of`, and those not yet (with why)."""
    from samen.records.answers import answer_json

    answer = answer_json(agreement, as_of=as_of)
    ready: list[dict[str, Any]] = []
    later: list[tuple[str, str]] = []
    for a in answer["amounts"]:
        if a["year"] != year or Decimal(a["amount"]) <= 0:
            continue
        if a["kind"] in AFTER_THE_YEAR and as_of <= date(year, 12, 31):
            later.append((a["id"], f"variabele bijdrage: pas na afloop van {year} (art. 7 lid 4)"))
            continue
        ready.append(a)
    return ready, later


def _group_key(a: dict[str, Any]) -> tuple[str, int, str, str]:
    return (a["party"], a["year"], a["kind"], a.get("ref", ""))


def standing(agreement: Agreement) -> dict[str, Document]:
    """The invoices that stand (not credited), by the id of each amount they invoice."""
    out: dict[str, Document] = {}
    docs = Document.objects.filter(agreement=agreement, kind=Document.Kind.INVOICE, credit_note__isnull=True).prefetch_related("lines")
    for d in docs:
        for line in d.lines.all():
            out[line.amount_id] = d
    return out


@transaction.atomic
def create_for_year(*, actor: Any, agreement: Agreement, year: int, as_of: date | None = None) -> Outcome:
    """Create `year`'s invoices from the rules as of `as_of` (default today): each amount not yet invoiced.

    Running it again creates nothing twice: an amount whose invoice stands is skipped, or reported as
    `changed` when the rules now say another amount, or none (credit that invoice, then run this again).
    """
    permissions.require(actor, "manage_invoices")
    audit.lock_for_write()
    year = _year(year)
    as_of = as_of or date.today()
    if not isinstance(as_of, date):
        raise InvalidInput("invoice.bad-date", "Vul een datum in (JJJJ-MM-DD).", field="as_of")
    found = invoicing_details.load(agreement.slug)
    ready, later = invoiceable(agreement, year, as_of)
    outcome = Outcome(skipped=list(later))
    done = standing(agreement)
    groups: dict[tuple[str, int, str, str], list[dict[str, Any]]] = {}
    for a in ready:
        invoice = done.get(a["id"])
        if invoice is not None:
            line = next(x for x in invoice.lines.all() if x.amount_id == a["id"])
            if line.amount != Decimal(a["amount"]):
                outcome.changed.append((invoice, line.amount, Decimal(a["amount"])))
            else:
                outcome.skipped.append((a["id"], f"al gefactureerd: {invoice.number}"))
            continue
        groups.setdefault(_group_key(a), []).append(a)
    # An invoiced amount the rules no longer give (a corrected fact, a release under art. 9 lid 2) is a change to
    # nothing: reported like any other change, so that finance credits the invoice.
    given = {a["id"] for a in ready} | {amount_id for amount_id, _ in later}
    for amount_id, invoice in sorted(done.items(), key=lambda kv: kv[1].number):
        if invoice.year == year and amount_id not in given:
            line = next(x for x in invoice.lines.all() if x.amount_id == amount_id)
            outcome.changed.append((invoice, line.amount, Decimal("0.00")))
    for (party, y, kind, ref), amounts in sorted(
        groups.items(), key=lambda kv: (_kind_order(kv[0][2]), _party_order(agreement, kv[0][0]), kv[0][3])
    ):
        outcome.created.append(_create(actor, agreement, found, party, y, kind, ref, amounts, as_of))
    return outcome


def _kind_order(kind: str) -> int:
    order = list(DESCRIPTIONS)
    return order.index(kind) if kind in order else len(order)


def _party_order(agreement: Agreement, code: str) -> int:
    from samen.agreements import registry

    codes = list(registry.definition(agreement.slug).party_codes)
    return codes.index(code) if code in codes else len(codes)


def _create(
    actor: Any,
    agreement: Agreement,
    found: invoicing_details.Details,
    party: str,
    year: int,
    kind: str,
    ref: str,
    amounts: list[dict[str, Any]],
    as_of: date,
) -> Document:
    buyer = found.buyers.get(party)
    if buyer is None:
        raise InvalidInput("invoicing.bad-details", f"buyers.{party}: ontbreekt.", field=f"buyers.{party}")
    total = sum((Decimal(a["amount"]) for a in amounts), Decimal("0.00"))
    doc = Document.objects.create(
        agreement=agreement,
        kind=Document.Kind.INVOICE,
        number=next_number(actor, agreement, year),
        year=year,
        party=party,
        amount_kind=kind,
        ref=ref,
        issue_date=as_of,
        due_date=as_of + timedelta(days=found.payment_term_days),
        total=total,
        parties=_parties(found, party),
        created_by=_user(actor),
    )
    audit.append(actor=actor, action="invoice.create", obj=doc, after=snapshot(doc), agreement=agreement.slug)
    for i, a in enumerate(amounts, start=1):
        line = Line.objects.create(
            document=doc,
            position=i,
            amount_id=a["id"],
            description=DESCRIPTIONS.get(kind, kind).format(year=year, ref=ref),
            articles=list(a["articles"]),
            amount=Decimal(a["amount"]),
            explanation=a["explanation"],
            steps=a["steps"],
        )
        audit.append(actor=actor, action="invoice.line", obj=line, after=snapshot(line), agreement=agreement.slug)
    return doc


def _parties(found: invoicing_details.Details, party: str) -> dict[str, Any]:
    return {
        "seller": found.seller.to_json(),
        "buyer": {**found.buyers[party].to_json(), "party": party},
        "payment_term_days": found.payment_term_days,
        "currency": found.currency,
        "vat_category": found.vat_category,
        "vat_exemption_reason": found.vat_exemption_reason,
    }


@transaction.atomic
def credit(*, actor: Any, invoice: Document, reason: str, on: date | None = None) -> Document:
    """A credit note for the whole of `invoice` (which stays as it was); once per invoice."""
    permissions.require(actor, "manage_invoices")
    audit.lock_for_write()
    reason = clean_text(reason, "reason", prefix="invoice", limit=2000, required=True)
    on = on or date.today()
    invoice = Document.objects.select_for_update().get(pk=invoice.pk)
    if invoice.kind != Document.Kind.INVOICE:
        raise Refused("invoice.credit-a-credit-note", "Een creditnota wordt niet gecrediteerd.", field="invoice")
    if Document.objects.filter(credits=invoice).exists():
        raise Conflict("invoice.already-credited", f"Factuur {invoice.number} is al gecrediteerd.", field="invoice")
    if on < invoice.issue_date:
        raise InvalidInput("invoice.date-order", "De creditnota kan niet vóór de factuur liggen.", field="on")
    if invoice.payments.exists():
        # The payments would stay on a cancelled invoice and the new one would ask for the whole amount again.
        raise Refused(
            "invoice.has-payments",
            f"Op factuur {invoice.number} is betaald; samen crediteert alleen een onbetaalde factuur, anders staat het "
            "betaalde nergens meer. Spreek de terugbetaling of verrekening met de partij af.",
            field="invoice",
        )
    found = invoicing_details.load(invoice.agreement.slug)
    note = Document.objects.create(
        agreement=invoice.agreement,
        kind=Document.Kind.CREDIT_NOTE,
        number=next_number(actor, invoice.agreement, invoice.year),
        year=invoice.year,
        party=invoice.party,
        amount_kind=invoice.amount_kind,
        ref=invoice.ref,
        issue_date=on,
        due_date=on + timedelta(days=found.payment_term_days),
        total=invoice.total,
        credits=invoice,
        reason=reason,
        parties=invoice.parties,
        created_by=_user(actor),
    )
    audit.append(actor=actor, action="invoice.credit", obj=note, after=snapshot(note), agreement=invoice.agreement.slug)
    for line in invoice.lines.all():
        copy = Line.objects.create(
            document=note,
            position=line.position,
            amount_id=line.amount_id,
            description=f"Creditering van {invoice.number}: {line.description}",
            articles=line.articles,
            amount=line.amount,
            explanation=line.explanation,
            steps=line.steps,
        )
        audit.append(actor=actor, action="invoice.line", obj=copy, after=snapshot(copy), agreement=invoice.agreement.slug)
    return note


@transaction.atomic
def record_payment(*, actor: Any, invoice: Document, paid_on: date, amount: Decimal, reference: str = "") -> Payment:
    """Record a payment received on `invoice` (part or whole).

    Refused: a payment on a credit note or a credited invoice, and more than is still open (an overpayment is
    not booked here: the host returns the surplus; docs/readings.md, "Payments").
    """
    from samen.invoicing.queries import open_amount

    permissions.require(actor, "manage_invoices")
    audit.lock_for_write()
    amount = clean_amount(amount, "amount", prefix="invoice", positive=True)
    if not isinstance(paid_on, date):
        raise InvalidInput("invoice.bad-date", "Vul een datum in (JJJJ-MM-DD).", field="paid_on")
    reference = clean_text(reference, "reference", prefix="invoice", limit=200)
    invoice = Document.objects.select_for_update().get(pk=invoice.pk)
    if invoice.kind != Document.Kind.INVOICE or Document.objects.filter(credits=invoice).exists():
        raise Refused(
            "invoice.not-payable",
            f"{invoice.number} is een creditnota of gecrediteerd: er staat niets open.",
            field="invoice",
        )
    if paid_on < invoice.issue_date:
        raise InvalidInput("invoice.date-order", "De betaling kan niet vóór de factuurdatum liggen.", field="paid_on")
    still = open_amount(invoice)
    if amount > still:
        raise Refused(
            "invoice.overpayment",
            f"Er staat nog {euro(still)} open op {invoice.number}; een hoger bedrag wordt niet geboekt (het teveel gaat terug).",
            field="amount",
        )
    p = Payment.objects.create(document=invoice, paid_on=paid_on, amount=amount, reference=reference, recorded_by=_user(actor))
    audit.append(actor=actor, action="invoice.payment", obj=p, after=snapshot(p), agreement=invoice.agreement.slug)
    return p


def document_for(actor: Any, agreement: Agreement, number: str) -> Document:
    """The document `number` if `actor` may see it (amount_scope: all, or their own party's); else NotFound."""
    from samen.invoicing.queries import visible

    found = visible(actor, agreement).filter(number=number).first()
    if found is None:
        raise NotFound("invoice.unknown", f"Factuur {number} bestaat niet.", field="number")
    return found
