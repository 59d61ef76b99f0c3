from django.contrib import admin

from samen.records.models import RecordedFact


@admin.register(RecordedFact)
class RecordedFactAdmin(admin.ModelAdmin):
    list_display = ["kind", "occurred_on", "agreement", "example_figure"]
    readonly_fields = ["agreement", "kind", "payload", "occurred_on", "recorded_at", "recorded_by"]
