"""Base classes for every ModelAdmin: the admin writes only through the services, or not at all.

- `ReadOnlyAdmin`: view only (no add, change or delete).
- `ServiceCreateAdmin`: adding calls a service (`create`), which checks permissions, writes in
  one transaction and appends exactly one audit entry; changing and deleting are not possible.

A service's refusal (ServiceError) is shown as an error message on the add page, never half-written.
tests/foundation/test_admin_writes.py checks that every registered ModelAdmin is one of these
(or overrides save_model/delete_model itself).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from samen.core.errors import ServiceError


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Records that only services write: the admin shows them and changes nothing."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        raise PermissionError("records are written only through the services")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        raise PermissionError("records are deleted only through the services")

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        raise PermissionError("records are deleted only through the services")


class ServiceCreateAdmin(ReadOnlyAdmin):
    """Adding goes through a service (one audit entry); changing and deleting are not possible."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin.ModelAdmin.has_add_permission(self, request)

    def create(self, request: HttpRequest, data: dict[str, Any]) -> models.Model:
        """Call the service that creates the record from the form's cleaned data."""
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            raise PermissionError("records are changed only through the services")
        created = self.create(request, form.cleaned_data)
        obj.pk = created.pk
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None  # the service wrote everything there is

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceError as e:  # the admin's transaction rolled back: nothing was written
            self.message_user(request, f"{e.code}: {e.message}" + (f" [veld: {e.field}]" if e.field else ""), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
