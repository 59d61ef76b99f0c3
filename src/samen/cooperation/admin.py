"""The cooperation agenda is recorded on its pages (cooperation.services); the admin only shows it."""

from __future__ import annotations

from django.contrib import admin

from samen.audit.admin_base import ReadOnlyAdmin
from samen.cooperation.models import Assignment, MeetingLink, Pillar, ProgressUpdate, ProjectGroupMember

for model in (Pillar, Assignment, ProjectGroupMember, ProgressUpdate, MeetingLink):
    admin.site.register(model, ReadOnlyAdmin)
