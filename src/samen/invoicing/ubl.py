"""Each invoice or credit note as an SI-UBL 2.0 document (the Dutch CIUS of EN 16931 on UBL 2.1), built with lxml.

An invoice is a UBL `Invoice` with type code 380; a credit note a UBL `CreditNote` with type code 381 (BR-NL-8:
381 must use the CreditNote scheme) that refers to the invoice it credits (BillingReference). The contributions
are outside the scope of VAT: category "O" with the exemption reason text of the data file, no VAT identifiers
(BR-O-02), VAT amount 0.00 (docs/readings.md, "Invoices and VAT"). The seller and buyer are identified by their
OIN (scheme 0190; BR-NL-1, BR-NL-10); the buyer reference (BR-NL-2) is the party's code; payment by SEPA credit
transfer (code 58; BR-NL-11, BR-NL-12) to the host's IBAN with the invoice number as payment reference.

Validated in the tests against the UBL 2.1 XSD and the SI-UBL 2.0 schematron (../shared/einvoice/).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lxml import etree

from samen.invoicing.models import Document

CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
ROOT_NS = {
    "invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "credit-note": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
}
OIN_SCHEME = "0190"
SEPA_CREDIT_TRANSFER = "58"


def _cbc(parent: etree._Element, name: str, text: Any, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{CBC}}}{name}", attrs)
    el.text = str(text)
    return el


def _cac(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{CAC}}}{name}")


def _money(parent: etree._Element, name: str, amount: Decimal, currency: str) -> etree._Element:
    return _cbc(parent, name, f"{amount:.2f}", currencyID=currency)


def _party(parent: etree._Element, org: dict[str, Any], *, seller: bool) -> None:
    party = _cac(parent, "Party")
    _cbc(party, "EndpointID", org["oin"], schemeID=OIN_SCHEME)
    ident = _cac(party, "PartyIdentification")
    _cbc(ident, "ID", org["oin"], schemeID=OIN_SCHEME)
    _cbc(_cac(party, "PartyName"), "Name", org["name"])
    address = _cac(party, "PostalAddress")
    _cbc(address, "StreetName", org["street"])
    _cbc(address, "CityName", org["city"])
    _cbc(address, "PostalZone", org["postal_zone"])
    _cbc(_cac(address, "Country"), "IdentificationCode", org["country"])
    legal = _cac(party, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", org["name"])
    _cbc(legal, "CompanyID", org["oin"], schemeID=OIN_SCHEME)
    if seller and (org.get("contact_name") or org.get("contact_email")):
        contact = _cac(party, "Contact")
        for key, name in (("contact_name", "Name"), ("contact_phone", "Telephone"), ("contact_email", "ElectronicMail")):
            if org.get(key):
                _cbc(contact, name, org[key])


def build(doc: Document) -> etree._Element:
    """The SI-UBL 2.0 document of `doc` as an lxml element."""
    credit = doc.kind == Document.Kind.CREDIT_NOTE
    ns = ROOT_NS[doc.kind]
    p = doc.parties
    currency = p["currency"]
    root = etree.Element(f"{{{ns}}}{'CreditNote' if credit else 'Invoice'}", nsmap={None: ns, "cac": CAC, "cbc": CBC})
    _cbc(root, "CustomizationID", CUSTOMIZATION)
    _cbc(root, "ProfileID", PROFILE)
    _cbc(root, "ID", doc.number)
    _cbc(root, "IssueDate", doc.issue_date.isoformat())
    if not credit:
        _cbc(root, "DueDate", doc.due_date.isoformat())
    _cbc(root, "CreditNoteTypeCode" if credit else "InvoiceTypeCode", "381" if credit else "380")
    articles = sorted({a for line in doc.lines.all() for a in line.articles})
    note = f"Samenwerkingsovereenkomst VTH Twente ({', '.join(articles)})"
    if credit and doc.reason:
        note += f". Creditering: {doc.reason}"
    _cbc(root, "Note", note)
    _cbc(root, "DocumentCurrencyCode", currency)
    _cbc(root, "BuyerReference", doc.party)
    # The contribution year the amounts are for (BG-14), whatever the day of issue.
    period = _cac(root, "InvoicePeriod")
    _cbc(period, "StartDate", f"{doc.year:04d}-01-01")
    _cbc(period, "EndDate", f"{doc.year:04d}-12-31")
    if credit and doc.credits is not None:
        ref = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(ref, "ID", doc.credits.number)
    _party(_cac(root, "AccountingSupplierParty"), p["seller"], seller=True)
    _party(_cac(root, "AccountingCustomerParty"), p["buyer"], seller=False)
    if not credit:  # a credit note asks no payment of the party: no means of payment, no terms
        means = _cac(root, "PaymentMeans")
        _cbc(means, "PaymentMeansCode", SEPA_CREDIT_TRANSFER)
        _cbc(means, "PaymentID", doc.number)
        _cbc(_cac(means, "PayeeFinancialAccount"), "ID", p["seller"]["iban"])
        terms = _cac(root, "PaymentTerms")
        once = ", in één termijn (art. 7 lid 2)" if doc.amount_kind == "annual-contribution" else ""
        _cbc(terms, "Note", f"Betalen binnen {p['payment_term_days']} dagen na de factuurdatum{once}.")
    lines = list(doc.lines.all())
    total = sum((line.amount for line in lines), Decimal("0.00"))
    tax = _cac(root, "TaxTotal")
    _money(tax, "TaxAmount", Decimal("0.00"), currency)
    sub = _cac(tax, "TaxSubtotal")
    _money(sub, "TaxableAmount", total, currency)
    _money(sub, "TaxAmount", Decimal("0.00"), currency)
    category = _cac(sub, "TaxCategory")
    _cbc(category, "ID", p["vat_category"])
    _cbc(category, "TaxExemptionReason", p["vat_exemption_reason"])
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")
    sums = _cac(root, "LegalMonetaryTotal")
    for name in ("LineExtensionAmount", "TaxExclusiveAmount", "TaxInclusiveAmount", "PayableAmount"):
        _money(sums, name, total, currency)
    for line in lines:
        el = _cac(root, "CreditNoteLine" if credit else "InvoiceLine")
        _cbc(el, "ID", line.position)
        _cbc(el, "Note", ", ".join(line.articles))
        _cbc(el, "CreditedQuantity" if credit else "InvoicedQuantity", "1", unitCode="C62")
        _money(el, "LineExtensionAmount", line.amount, currency)
        item = _cac(el, "Item")
        _cbc(item, "Description", f"{line.description} ({', '.join(line.articles)})")
        _cbc(item, "Name", line.description[:100])
        tax_category = _cac(item, "ClassifiedTaxCategory")
        _cbc(tax_category, "ID", p["vat_category"])
        _cbc(_cac(tax_category, "TaxScheme"), "ID", "VAT")
        _money(_cac(el, "Price"), "PriceAmount", line.amount, currency)
    return root


def to_xml(doc: Document) -> bytes:
    """The SI-UBL 2.0 XML of `doc` (UTF-8, with declaration)."""
    return etree.tostring(build(doc), xml_declaration=True, encoding="UTF-8", pretty_print=True)
