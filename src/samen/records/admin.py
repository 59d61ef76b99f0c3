"""Recorded facts are written by records.services.record_fact (pages, API, CLI): read-only here."""

from django.contrib import admin

from samen.audit.admin_base import ReadOnlyAdmin
from samen.records.models import FactCorrection, RecordedFact, StepDetail


@admin.register(RecordedFact)
class RecordedFactAdmin(ReadOnlyAdmin):
    list_display = ["kind", "occurred_on", "agreement", "example_figure"]


@admin.register(FactCorrection)
class FactCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["fact", "corrected_at", "corrected_by"]


@admin.register(StepDetail)
class StepDetailAdmin(ReadOnlyAdmin):
    list_display = ["fact", "reference", "agenda_item"]
