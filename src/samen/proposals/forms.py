"""The forms of the proposal pages (NL Design System patterns through web.forms.AccessibleForm)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.parties.models import Party
from samen.proposals.models import PartyDecision, Proposal
from samen.rules.definition import Agreement as Definition
from samen.web.fields import date_field
from samen.web.forms import AccessibleForm, ParametersField


class ProposalForm(AccessibleForm):
    ref = forms.CharField(
        label=_("Kenmerk"), max_length=64, help_text=_("Letters, cijfers, punt, liggend streepje of koppelteken, bijv. W-2026-1.")
    )
    subject = forms.CharField(label=_("Onderwerp"), max_length=200)
    explanation = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    kind = forms.ChoiceField(label=_("Soort voorstel"), choices=Proposal.Kind.choices)
    proposed_by = forms.ChoiceField(
        label=_("Gevraagd door"), required=False, help_text=_("Bij een wijziging of verlenging: de partij die erom vraagt (art. 12 lid 1).")
    )
    proposed_on = date_field(_("Datum van het voorstel"))
    budget_year = forms.IntegerField(
        label=_("Begrotingsjaar"),
        required=False,
        help_text=_("Alleen bij instemming met de begroting: het jaar waarvoor de begroting geldt, bijv. 2027 (art. 6)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    end_date = date_field(_("Nieuwe einddatum"), required=False, help_text=_("Bij een verlenging: de nieuwe laatste dag van de looptijd."))
    effective_date = date_field(
        _("Ingangsdatum"), required=False, help_text=_("Niet ingevuld: de wijziging geldt vanaf de dag van aanneming.")
    )

    text_ref = forms.ChoiceField(
        label=_("Gewijzigde tekst: artikel of lid"),
        required=False,
        help_text=_("Alleen bij een wijziging van de tekst: het artikel of lid dat een nieuwe tekst krijgt."),
    )
    text_new = forms.CharField(
        label=_("Nieuwe tekst van dat artikel of lid"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De volledige nieuwe tekst; de oude tekst blijft gelden voor de tijd vóór de ingangsdatum."),
    )

    def __init__(self, *args: Any, parties: list[Party], definition: Definition, text_refs: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text_ref"].choices = [("", "—"), *((r, r) for r in text_refs or [])]  # type: ignore[attr-defined]
        self.fields["proposed_by"].choices = [("", "—"), *((p.code, p.name) for p in parties)]  # type: ignore[attr-defined]
        # The same `key = value` lines as the what-if form, checked per line against the agreement's parameters.
        parameters = ParametersField(definition, label=_("Gewijzigde parameters"), required=False)
        parameters.help_text = f"{_('Alleen bij een wijziging.')} {parameters.help_text}"
        self.fields["parameters"] = parameters
        self.order_fields(["ref", "subject", "explanation", "kind", "budget_year", "proposed_by", "proposed_on", "parameters"])
        from samen.web.forms import _style

        _style(self)

    def clean_parameters(self) -> dict[str, Any] | None:
        return self.cleaned_data.get("parameters") or None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ref, text = data.get("text_ref") or "", (data.get("text_new") or "").strip()
        if ref and not text:
            self.add_error("text_new", _("Vul de nieuwe tekst in van %(ref)s.") % {"ref": ref})
        elif text and not ref:
            self.add_error("text_ref", _("Kies het artikel of lid waarvan de tekst wijzigt."))
        data["text_changes"] = [{"ref": ref, "text": text}] if ref and text else None
        return data


class DecisionsForm(AccessibleForm):
    """One form for the whole table: per party a date, an outcome and a document reference; empty rows are skipped."""

    def __init__(self, *args: Any, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = parties
        outcomes = [("", "—"), *PartyDecision.Outcome.choices]
        for p in parties:
            self.fields[f"{p.code}-decided_on"] = date_field(_("Besluitdatum %(party)s") % {"party": p.name}, required=False)
            self.fields[f"{p.code}-outcome"] = forms.ChoiceField(
                label=_("Uitkomst %(party)s") % {"party": p.name}, required=False, choices=outcomes
            )
            self.fields[f"{p.code}-document"] = forms.CharField(
                label=_("Besluitdocument %(party)s") % {"party": p.name}, required=False, max_length=300
            )
        from samen.web.forms import _style

        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.rows: list[dict[str, Any]] = []
        for p in self.parties:
            day, outcome = data.get(f"{p.code}-decided_on"), data.get(f"{p.code}-outcome")
            document = data.get(f"{p.code}-document") or ""
            if not day and not outcome and not document:
                continue
            if not day:
                self.add_error(f"{p.code}-decided_on", _("Vul de datum van het besluit in."))
            if not outcome:
                self.add_error(f"{p.code}-outcome", _("Kies de uitkomst van het besluit."))
            if day and outcome:
                self.rows.append({"party": p.code, "decided_on": day, "outcome": outcome, "document": document})
        if not self.errors and not self.rows:
            raise forms.ValidationError(_("Vul minstens één rij in: datum en uitkomst van het besluit van een partij."))
        return data

    def row_fields(self, party: Party) -> tuple[Any, Any, Any]:
        return self[f"{party.code}-decided_on"], self[f"{party.code}-outcome"], self[f"{party.code}-document"]
