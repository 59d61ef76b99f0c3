"""Admin for parties: adding goes through the same service, so art. 8 refuses the same way."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

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
class PartyAdmin(admin.ModelAdmin):
    form = PartyAdminForm
    list_display = ["code", "name", "kind", "agreement"]
    list_filter = ["agreement", "kind"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["agreement", "code", "name"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Party, form: Any, change: bool) -> None:
        if change:
            return  # parties are defined by the agreement; nothing to edit here
        created = services.add_party(actor=request.user, agreement=obj.agreement, code=obj.code, name=obj.name)
        obj.pk = created.pk
        obj.position, obj.kind, obj.name = created.position, created.kind, created.name

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.register(Person)
admin.site.register(Participant)
admin.site.register(ChainPartner)
admin.site.register(Signature)
