"""Recorded facts are written by records.services.record_fact (pages, API, CLI): read-only here."""

from django.contrib import admin

from samen.audit.admin_base import ReadOnlyAdmin
from samen.records.models import RecordedFact


@admin.register(RecordedFact)
class RecordedFactAdmin(ReadOnlyAdmin):
    list_display = ["kind", "occurred_on", "agreement", "example_figure"]
