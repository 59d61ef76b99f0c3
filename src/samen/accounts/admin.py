from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from samen.accounts.models import SecurityEvent, User


@admin.register(User)
class SamenUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "role", "party", "is_staff"]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("samen", {"fields": ("role", "agreement", "party")}))


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Security events, read-only: they are recorded by the login flow and the services (docs/security.md)."""

    list_display = ["at", "kind", "username", "address", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "address"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
