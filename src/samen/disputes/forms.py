"""The forms of the dispute pages (NL Design System patterns through web.forms.AccessibleForm); the services validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.web.forms import AccessibleForm


def _date(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label, help_text=help_text, widget=forms.DateInput(attrs={"type": "date"}), input_formats=["%Y-%m-%d", "%d-%m-%Y"]
    )


def _text(label: Any, *, required: bool = False, help_text: Any = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, max_length=20000, widget=forms.Textarea(attrs={"rows": rows})
    )


class NoticeForm(AccessibleForm):
    ref = forms.CharField(
        label=_("Kenmerk"), max_length=64, help_text=_("Letters, cijfers, punt, liggend streepje of koppelteken, bijv. G-2026-1.")
    )
    by = forms.ChoiceField(label=_("Gemeld door"), help_text=_("De partij die het geschil schriftelijk meldde (art. 14 lid 2)."))
    against = forms.MultipleChoiceField(
        label=_("Met"), widget=forms.CheckboxSelectMultiple, help_text=_("De partij of partijen met wie het geschil is.")
    )
    received_on = _date(
        _("Datum van ontvangst van de melding"), _("De zes weken van de voorzitter lopen vanaf de ontvangst (art. 14 lid 3).")
    )
    subject = _text(_("Omschrijving van het geschil"), required=True)
    proposed_solution = _text(_("Mogelijke oplossing volgens de melder"), required=True)

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
    on = _date(_("Begonnen op"))
    notes = _text(_("Aantekeningen over het overleg"))


class MediationForm(AccessibleForm):
    mediator = forms.CharField(
        label=_("Mediator"),
        max_length=200,
        help_text=_("De erkend mediator aan wie de gastheerorganisatie het geschil voordroeg (art. 14 lid 4)."),
    )
    started_on = _date(_("Aanvang van de mediation"), _("De drie maanden van art. 14 lid 5 lopen vanaf deze dag."))
    note = _text(_("Notitie"), rows=2)


class GsForm(AccessibleForm):
    by = forms.ChoiceField(
        label=_("Voorgelegd door"),
        help_text=_("De partij die het geschil aan Gedeputeerde Staten van Overijssel voorlegde (art. 14 lid 5)."),
    )
    submitted_on = _date(_("Datum van voorleggen"))
    note = _text(_("Notitie"), rows=2)

    def __init__(self, *args: Any, parties: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["by"].choices = [("", ""), *parties]  # type: ignore[attr-defined]


class ResolutionForm(AccessibleForm):
    resolved_on = _date(_("Datum van de oplossing"))
    outcome = _text(
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
    on = _date(_("Datum"))
    note = _text(_("Notitie"), rows=2)


STEP_FORMS: dict[str, type[AccessibleForm]] = {
    "chair-phase": ChairPhaseForm,
    "mediation": MediationForm,
    "gs": GsForm,
    "resolution": ResolutionForm,
    "costs": CostsForm,
}
