"""Admin for parties, people and signatures: adding goes through the services (art. 8 refuses the same way); no changes here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from samen.audit.admin_base import ReadOnlyAdmin, ServiceCreateAdmin
from samen.core.errors import ServiceError
from samen.parties import services
from samen.parties.models import ChainPartner, Participant, Party, Person, Signature


class PartyAdminForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = ["agreement", "code", "name"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        agreement, code = data.get("agreement"), (data.get("code") or "").strip().upper()
        if self.instance.pk is None and agreement is not None and code:
            try:
                services.check_may_join(agreement=agreement, code=code)
            except ServiceError as e:
                raise forms.ValidationError(f"{e.code}: {e.message}", code=e.code) from None
        return data


@admin.register(Party)
class PartyAdmin(ServiceCreateAdmin):
    form = PartyAdminForm
    list_display = ["code", "name", "kind", "agreement"]
    list_filter = ["agreement", "kind"]

    def create(self, request: HttpRequest, data: dict[str, Any]) -> models.Model:
        return services.add_party(actor=request.user, agreement=data["agreement"], code=data["code"], name=data.get("name") or "")


@admin.register(Person)
class PersonAdmin(ServiceCreateAdmin):
    fields = ["agreement", "name", "function", "party", "participant"]
    list_display = ["name", "function", "party", "participant"]

    def create(self, request: HttpRequest, data: dict[str, Any]) -> models.Model:
        return services.add_person(
            actor=request.user,
            agreement=data["agreement"],
            name=data["name"],
            function=data.get("function") or "",
            party=data.get("party"),
            participant=data.get("participant"),
        )


@admin.register(Signature)
class SignatureAdmin(ServiceCreateAdmin):
    fields = ["party", "signed_on", "signed_by"]
    list_display = ["party", "signed_on", "signed_by"]

    def create(self, request: HttpRequest, data: dict[str, Any]) -> models.Model:
        return services.record_signature(
            actor=request.user, party=data["party"], signed_on=data["signed_on"], signed_by=data.get("signed_by")
        )


admin.site.register(Participant, ReadOnlyAdmin)
admin.site.register(ChainPartner, ReadOnlyAdmin)
