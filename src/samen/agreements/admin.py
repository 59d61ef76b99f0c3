"""Agreements, articles and leden come from the definition and text files (services): read-only here."""

from django.contrib import admin

from samen.agreements.models import Agreement, Article, Lid
from samen.audit.admin_base import ReadOnlyAdmin

admin.site.register(Agreement, ReadOnlyAdmin)
admin.site.register(Article, ReadOnlyAdmin)
admin.site.register(Lid, ReadOnlyAdmin)
