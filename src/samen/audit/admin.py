"""The audit chain and its checkpoints in the admin: read-only."""

from django.contrib import admin

from samen.audit.admin_base import ReadOnlyAdmin
from samen.audit.models import AuditEntry, Checkpoint


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "actor", "action", "object_type", "object_id"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ["seq", "head", "made_at", "key_fingerprint"]
    readonly_fields = [f.name for f in Checkpoint._meta.fields]
