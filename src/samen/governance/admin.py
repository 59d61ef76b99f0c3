"""Bodies come from the definition (read-only); memberships and meetings are added through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from samen.audit.admin_base import ReadOnlyAdmin, ServiceCreateAdmin
from samen.governance import services
from samen.governance.models import Body, Meeting, Membership

admin.site.register(Body, ReadOnlyAdmin)


@admin.register(Membership)
class MembershipAdmin(ServiceCreateAdmin):
    fields = ["body", "person", "role", "start", "until"]
    list_display = ["person", "body", "role", "start", "until"]

    def create(self, request: HttpRequest, data: dict[str, Any]) -> models.Model:
        return services.add_membership(
            actor=request.user, body=data["body"], person=data["person"], role=data["role"], start=data["start"], until=data.get("until")
        )


@admin.register(Meeting)
class MeetingAdmin(ServiceCreateAdmin):
    fields = ["body", "held_on", "title"]
    list_display = ["body", "held_on", "title"]

    def create(self, request: HttpRequest, data: dict[str, Any]) -> models.Model:
        return services.record_meeting(actor=request.user, body=data["body"], held_on=data["held_on"], title=data.get("title") or "")
