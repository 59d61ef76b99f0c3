"""Invoices are written by samen.invoicing.services (pages, API, CLI) and never changed: read-only here."""

from django.contrib import admin

from samen.audit.admin_base import ReadOnlyAdmin
from samen.invoicing.models import Counter, Document, Line, Payment


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "party", "amount_kind", "issue_date", "due_date", "total"]


@admin.register(Line)
class LineAdmin(ReadOnlyAdmin):
    list_display = ["document", "position", "description", "amount"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["document", "paid_on", "amount", "reference"]


@admin.register(Counter)
class CounterAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "year", "last"]
