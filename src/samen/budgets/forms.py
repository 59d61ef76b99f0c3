"""The forms of the budget pages (NL Design System patterns through web.forms.AccessibleForm); the services validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.documents.forms import _file_field
from samen.web.fields import date_field
from samen.web.forms import AccessibleForm


def _amount(label: Any, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class BudgetForm(AccessibleForm):
    year = forms.IntegerField(
        label=_("Begrotingsjaar"), min_value=1900, max_value=2999, help_text=_("De begroting is voor het volgende kalenderjaar (art. 6).")
    )
    opening_reserve = _amount(_("Stand van de werkbudgetten en reserveringen aan het begin van het jaar"), _("In euro's, bijv. 25000,00."))


class ReserveForm(AccessibleForm):
    opening_reserve = _amount(_("Stand van de werkbudgetten en reserveringen aan het begin van het jaar"), _("In euro's, bijv. 25000,00."))


class LineForm(AccessibleForm):
    name = forms.CharField(label=_("Naam van de begrotingspost"), max_length=200)
    amount = _amount(_("Bedrag"), _("In euro's, bijv. 12500,00."))


class CommitmentForm(AccessibleForm):
    ref = forms.CharField(
        label=_("Kenmerk"), max_length=64, help_text=_("Letters, cijfers, punt, liggend streepje of koppelteken, bijv. V-2026-4.")
    )
    line = forms.ChoiceField(label=_("Begrotingspost"))
    counterparty = forms.CharField(
        label=_("Wederpartij"),
        max_length=200,
        help_text=_("De derde met wie de gastheerorganisatie de overeenkomst aangaat (art. 4 lid 4)."),
    )
    description = forms.CharField(label=_("Omschrijving"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    amount = _amount(_("Bedrag"), _("In euro's, bijv. 2500,00."))
    committed_on = date_field(_("Datum van de verplichting"))
    mandate = forms.CharField(
        label=_("Mandaat"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Alleen als een mandaatregeling toestaat dat de verplichting verder gaat dan de post; zij wacht dan op goedkeuring."),
    )

    def __init__(self, *args: Any, lines: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [("", ""), *((x, x) for x in lines)]  # type: ignore[attr-defined]


class ApproveForm(AccessibleForm):
    approved_on = date_field(_("Goedgekeurd op"))


class CostForm(AccessibleForm):
    amount = _amount(
        _("Kostenniveau per fte inclusief overhead"), _("In euro's, bijv. 104498,65: met loon- en prijscompensatie (art. 7 lid 1, art. 6).")
    )
    title = forms.CharField(label=_("Titel van het brondocument"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field()
        self.fields["file"].label = _("Brondocument")


ROLES = (("chair", _("ambtelijk voorzitter")), ("secretary", _("secretaris")), ("other", _("andere functie")))


class StaffForm(AccessibleForm):
    role = forms.ChoiceField(label=_("Functie"), choices=[("", ""), *ROLES])
    fte = forms.DecimalField(
        label=_("Omvang in fte"),
        max_digits=6,
        decimal_places=4,
        min_value=0,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Bijv. 0,8."),
    )
    scale = forms.IntegerField(
        label=_("Schaal"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("Bijv. 11 voor de ambtelijk voorzitter, 9 voor de secretaris (art. 4 lid 1)."),
    )
    start = date_field(_("In dienst vanaf"))
    until = date_field(_("In dienst tot en met"), required=False)
