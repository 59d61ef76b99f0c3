"""Accounts in the admin: created with accounts.services.create_account, roles changed with change_role.

Each change is one audit entry. Only superusers add or change accounts here; nothing else about an
account (status, staff, superuser, groups, password) is changed through the admin, and nothing is
deleted (deactivating and passwords have their own services and pages).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from samen.accounts import services
from samen.accounts.models import SecurityEvent, User
from samen.audit.admin_base import ReadOnlyAdmin
from samen.core.errors import ServiceError


@admin.register(User)
class SamenUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "role", "party", "is_staff"]
    fieldsets = (
        (None, {"fields": ("username",)}),
        ("samen", {"fields": ("role", "party", "agreement")}),
        ("status", {"fields": ("first_name", "last_name", "email", "is_active", "is_staff", "is_superuser", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2", "role", "agreement", "party")}),
    )
    readonly_fields = [
        "username",
        "agreement",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
    ]
    filter_horizontal = ()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else []

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_superuser", False))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "is_superuser", False))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            created = services.create_account(
                actor=request.user,
                username=data["username"],
                role=data["role"],
                agreement=data.get("agreement"),
                password=data.get("password1") or None,  # type: ignore[arg-type]  # None: no usable password
                party=data.get("party"),
            )
            obj.pk = created.pk
            obj._state.adding = False
        elif {"role", "party"} & set(form.changed_data):
            services.change_role(actor=request.user, user=User.objects.get(pk=obj.pk), role=data["role"], party=data.get("party"))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None  # groups and permissions are not edited here

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        raise PermissionDenied

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        raise PermissionDenied

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        raise PermissionDenied  # passwords change through the accounts' own pages, not here

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceError as e:
            self.message_user(request, f"{e.code}: {e.message}" + (f" [veld: {e.field}]" if e.field else ""), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    """Security events, read-only: they are recorded by the login flow and the services (docs/security.md)."""

    list_display = ["at", "kind", "username", "address", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "address"]
