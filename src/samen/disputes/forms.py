"""The forms of the dispute pages (NL Design System patterns through web.forms.AccessibleForm); the services validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.web.fields import date_field, text_area
from samen.web.forms import AccessibleForm


class NoticeForm(AccessibleForm):
    ref = forms.CharField(
        label=_("Kenmerk"), max_length=64, help_text=_("Letters, cijfers, punt, liggend streepje of koppelteken, bijv. G-2026-1.")
    )
    by = forms.ChoiceField(label=_("Gemeld door"), help_text=_("De partij die het geschil schriftelijk meldde (art. 14 lid 2)."))
    against = forms.MultipleChoiceField(
        label=_("Met"), widget=forms.CheckboxSelectMultiple, help_text=_("De partij of partijen met wie het geschil is.")
    )
    received_on = date_field(
        _("Datum van ontvangst van de melding"), help_text=_("De zes weken van de voorzitter lopen vanaf de ontvangst (art. 14 lid 3).")
    )
    subject = text_area(_("Omschrijving van het geschil"), required=True)
    proposed_solution = text_area(_("Mogelijke oplossing volgens de melder"), required=True)

    def __init__(self, *args: Any, parties: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["by"].choices = [("", ""), *parties]  # type: ignore[attr-defined]
        self.fields["against"].choices = parties  # type: ignore[attr-defined]


class ChairPhaseForm(AccessibleForm):
    chaired_by = forms.CharField(
        label=_("Voorzitter van het overleg"),
        max_length=200,
        help_text=_("Wie het overleg met de betrokken partijen leidt (art. 14 lid 3)."),
    )
    on = date_field(_("Begonnen op"))
    notes = text_area(_("Aantekeningen over het overleg"))


class MediationForm(AccessibleForm):
    mediator = forms.CharField(
        label=_("Mediator"),
        max_length=200,
        help_text=_("De erkend mediator aan wie de gastheerorganisatie het geschil voordroeg (art. 14 lid 4)."),
    )
    started_on = date_field(_("Aanvang van de mediation"), help_text=_("De drie maanden van art. 14 lid 5 lopen vanaf deze dag."))
    note = text_area(_("Notitie"), rows=2)


class GsForm(AccessibleForm):
    by = forms.ChoiceField(
        label=_("Voorgelegd door"),
        help_text=_("De partij die het geschil aan Gedeputeerde Staten van Overijssel voorlegde (art. 14 lid 5)."),
    )
    submitted_on = date_field(_("Datum van voorleggen"))
    note = text_area(_("Notitie"), rows=2)

    def __init__(self, *args: Any, parties: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["by"].choices = [("", ""), *parties]  # type: ignore[attr-defined]


class ResolutionForm(AccessibleForm):
    resolved_on = date_field(_("Datum van de oplossing"))
    outcome = text_area(
        _("Schriftelijke uitkomst"), required=True, rows=6,
        help_text=_(
            "Wordt per e-mail gestuurd aan de vertegenwoordigers van de betrokken partijen, de voorzitter en het secretariaat "
            "(art. 14 lid 3)."
        ),
    )  # fmt: skip


class CostsForm(AccessibleForm):
    amount = forms.DecimalField(
        label=_("Bedrag (euro)"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        localize=True,
        help_text=_("Bijv. 1250,00; de betrokken partijen delen het gelijk (art. 14 lid 6)."),
    )
    on = date_field(_("Datum"))
    note = text_area(_("Notitie"), rows=2)


STEP_FORMS: dict[str, type[AccessibleForm]] = {
    "chair-phase": ChairPhaseForm,
    "mediation": MediationForm,
    "gs": GsForm,
    "resolution": ResolutionForm,
    "costs": CostsForm,
}
