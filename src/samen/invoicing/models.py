"""Invoices and credit notes to the parties (art. 7, art. 10, art. 14 lid 6), their lines and payments.

An invoice is created from the rules' amounts (`records.queries.evaluate_recorded`), never typed, and never
changed once created: a wrong or changed amount is corrected by a credit note (a `Document` of kind
credit-note that `credits` the invoice) and, where the rules still say an amount is owed, a new invoice.
The seller's and buyer's details are copied into `parties` when the document is created (what was sent stays
what it was when the data file changes later). Numbers run without gaps per year (`Counter`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.agreements.models import Agreement


class Counter(models.Model):
    """The last number given in a year, per agreement; locked (select_for_update) while numbering."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agreement", "year"], name="invoice_counter_per_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Document(models.Model):
    """An invoice or a credit note; immutable once created."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("factuur")
        CREDIT_NOTE = "credit-note", _("creditnota")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="invoices")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    number = models.CharField(max_length=32)
    year = models.PositiveIntegerField(help_text="Het jaar van de bedragen (en van de nummering)")
    party = models.CharField(max_length=32, help_text="De code van de partij die koper is")
    amount_kind = models.CharField(max_length=32, help_text="annual-contribution, capacity-contribution, ...")
    ref = models.CharField(max_length=64, blank=True, help_text="Het geschil bij mediationkosten")
    issue_date = models.DateField()
    due_date = models.DateField()
    total = models.DecimalField(max_digits=14, decimal_places=2)
    credits = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="credit_note")
    reason = models.TextField(blank=True, help_text="Waarom gecrediteerd (bij een creditnota)")
    parties = models.JSONField(help_text="Verkoper en koper zoals bij het maken van het document")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["agreement", "year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="invoice_number_unique"),
            models.CheckConstraint(
                condition=models.Q(kind="invoice", credits__isnull=True) | models.Q(kind="credit-note", credits__isnull=False),
                name="invoice_credit_note_credits_one",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE


class Line(models.Model):
    """One line: one amount of the rules (its id), the article it cites and the rules' explanation as invoiced."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField()
    amount_id = models.CharField(max_length=200, help_text="Het id van het bedrag in de regels")
    description = models.CharField(max_length=300)
    articles = models.JSONField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    explanation = models.TextField(blank=True)
    steps = models.JSONField(default=list)

    class Meta:
        ordering = ["document", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "position"], name="invoice_line_position")]

    def __str__(self) -> str:
        return f"{self.document.number}/{self.position}"


class Payment(models.Model):
    """A payment received on an invoice (part or whole)."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    reference = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["document", "paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.document.number} {self.paid_on} {self.amount}"


__all__ = ["Counter", "Document", "Line", "Payment"]
