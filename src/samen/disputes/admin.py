"""Disputes are written by samen.disputes.services (pages, API): read-only here."""

from django.contrib import admin

from samen.audit.admin_base import ReadOnlyAdmin
from samen.disputes.models import Dispute, DisputeStep


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "agreement"]


@admin.register(DisputeStep)
class DisputeStepAdmin(ReadOnlyAdmin):
    list_display = ["dispute", "kind"]
