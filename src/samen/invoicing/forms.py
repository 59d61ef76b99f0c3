"""The forms of the invoice pages (web.forms.AccessibleForm); the services validate."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.web.fields import date_field, text_area
from samen.web.forms import AccessibleForm


class CreateForm(AccessibleForm):
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100, help_text=_("Het jaar van de bijdragen, bijv. 2027."))
    as_of = date_field(
        _("Factuurdatum"),
        help_text=_(
            "De peildatum van de regels en de datum op de facturen; leeg: vandaag. Variabele bijdragen pas na afloop van het jaar."
        ),
        required=False,
    )


class PaymentForm(AccessibleForm):
    paid_on = date_field(_("Ontvangen op"))
    amount = forms.DecimalField(
        label=_("Bedrag (euro)"), max_digits=14, decimal_places=2, localize=True, help_text=_("Bijv. 1250,00; een deel mag.")
    )
    reference = forms.CharField(label=_("Kenmerk van de betaling"), max_length=200, required=False)


class CreditForm(AccessibleForm):
    reason = text_area(
        _("Reden"),
        required=True,
        rows=3,
        max_length=2000,
        help_text=_("Waarom deze factuur wordt gecrediteerd, bijv. een gewijzigd bedrag."),
    )
    on = date_field(_("Datum van de creditnota"), required=False, help_text=_("Leeg: vandaag. Niet vóór de factuurdatum."))
