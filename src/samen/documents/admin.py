"""Documents are uploaded on the meeting and proposal pages (documents.services); the admin only shows them."""

from __future__ import annotations

from django.contrib import admin

from samen.audit.admin_base import ReadOnlyAdmin
from samen.documents.models import Document, DocumentVersion

admin.site.register(Document, ReadOnlyAdmin)
admin.site.register(DocumentVersion, ReadOnlyAdmin)
