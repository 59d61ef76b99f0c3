"""Forms of the pages: login, and the what-if sandbox (a form per fact type, or a JSON list of facts).

Forms only validate input; the rules' own parser (`parse_fact`) has the last word on a fact, and
its field errors are shown on the field they name.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import RegexValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samen.core.errors import ServiceError
from samen.rules.definition import Agreement as Definition
from samen.rules.facts import BODIES, DECISIONS, FACT_TYPES, MAX_JSON_DEPTH, PERIODIC_KINDS, ScenarioError, json_depth, parse_fact
from samen.web import labels
from samen.web.fields import date_field
from samen.web.templatetags.samen import parameter_value

# Facts the sandbox offers (all of the rules' facts), in the order a secretary meets them.
SANDBOX_FACTS = (
    "evaluation-completed", "dispute-notified", "dispute-resolved", "mediation-started", "dispute-submitted-to-gs",
    "mediation-costs", "withdrawal-notified", "withdrawal-consented", "withdrawal-obligation-waived",
    "amendment-requested", "amendment-decided", "meeting-held", "meeting-planned", "meeting-cancelled",
    "chair-elected", "core-group-composed",
    "budget-drafted", "budget-decided", "budget-consented", "budget-adopted",
    "cost-per-fte", "capacity-not-supplied", "extra-cost", "disintegration-costs-agreed", "signed",
)  # fmt: skip
_AMOUNT = re.compile(r"^\d{1,12}([.,]\d{1,2})?$")
_DECIMAL = re.compile(r"^\d{1,12}([.,]\d{1,6})?$")
_WHOLE = re.compile(r"^\d{1,9}$")


class AccessibleForm(forms.Form):
    """Utrecht classes on every widget; aria-invalid and aria-describedby on fields with an error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def full_clean(self) -> None:
        super().full_clean()
        _mark_invalid(self)


def _style(form: forms.BaseForm) -> None:
    for name, f in form.fields.items():
        w = f.widget
        css = {
            forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
            forms.Select: "utrecht-select utrecht-select--html-select",
            forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
        }.get(type(w), "utrecht-textbox utrecht-textbox--html-input")
        w.attrs.setdefault("class", css)
        if f.help_text:
            w.attrs["aria-describedby"] = f"{form[name].auto_id}-help"


def _mark_invalid(form: forms.BaseForm) -> None:
    for name in form.errors:
        if name in form.fields:
            w = form.fields[name].widget
            w.attrs["aria-invalid"] = "true"
            w.attrs["class"] = w.attrs.get("class", "") + " utrecht-textbox--invalid utrecht-select--invalid utrecht-textarea--invalid"
            ids = [f"{form[name].auto_id}-error"] + ([f"{form[name].auto_id}-help"] if form.fields[name].help_text else [])
            w.attrs["aria-describedby"] = " ".join(ids)


def error_summary(form: forms.BaseForm, anchor: str) -> list[tuple[str, str]]:
    """(anchor, message) for every error of `form`, for the error summary at the top of the page: a field's error
    links to its field and is prefixed with its label; an error of the whole form links to `anchor` (its id)."""
    out: list[tuple[str, str]] = []
    for name, errs in form.errors.items():
        if name in form.fields:
            out += [(form[name].auto_id, f"{form[name].label}: {e}") for e in errs]
        else:
            out += [(anchor, str(e)) for e in errs]
    return out


def put_service_error(form: forms.BaseForm, e: ServiceError, field: str | None = None) -> None:
    """A service's refusal on the form: on `field` (default: the field the error names) when the form has that field,
    else on the whole form; with its article, and with its code when it is a rule of the agreement (`art-...`), so
    that the user can quote it. The field is marked invalid."""
    name = (e.field or "") if field is None else field
    message = e.message + (f" ({e.article})" if e.article else "")
    if e.code.startswith("art-"):
        message = f"{message} [{e.code}]"
    form.add_error(name if name in form.fields else None, message)
    _mark_invalid(form)


class LoginForm(AuthenticationForm):
    """Django's login form with accessible attributes and Dutch messages."""

    error_messages = {
        "invalid_login": _("De gebruikersnaam of het wachtwoord klopt niet. Let op hoofdletters en kleine letters."),
        "inactive": _("Dit account is niet actief."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam")
        self.fields["password"].label = _("Wachtwoord")
        self.fields["username"].error_messages["required"] = _("Vul uw gebruikersnaam in.")
        self.fields["password"].error_messages["required"] = _("Vul uw wachtwoord in.")
        self.fields["username"].widget.attrs.pop("autofocus", None)
        _style(self)

    def full_clean(self) -> None:
        super().full_clean()
        _mark_invalid(self)


class ParametersField(forms.CharField):
    """New values of the agreement's parameters (art. 12): one `key = value` a line, checked per line.

    Cleans to a dict of parameter key -> value as the scenario format writes it (an int for whole
    numbers, a text such as "12000.00" for amounts and decimals); the rules' parser checks it again.
    """

    widget = forms.Textarea

    def __init__(self, definition: Definition, **kwargs: Any) -> None:
        self.definition = definition
        known = "; ".join(
            f"{key} ({parameter_value(p.values[0].value, p.unit)}, {p.article})" for key, p in sorted(definition.parameters.items())
        )
        kwargs.setdefault(
            "help_text",
            _(
                "Eén wijziging per regel als sleutel = nieuwe waarde, bijvoorbeeld withdrawal.notice_months = 12 of "
                "capacity.contribution_amount = 12000,00. Sleutels (met de waarde in de overeenkomst): %(known)s."
            )
            % {"known": known},
        )
        super().__init__(**kwargs)
        self.widget.attrs.update({"rows": 3, "spellcheck": "false", "autocomplete": "off"})

    def to_python(self, value: Any) -> dict[str, int | str]:  # type: ignore[override]
        text = super().to_python(value)
        out: dict[str, int | str] = {}
        errors: list[forms.ValidationError] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                key, parsed = self._line(line, out)
            except forms.ValidationError as e:
                errors.append(
                    forms.ValidationError(_("Regel %(n)s: %(msg)s"), params={"n": number, "msg": " ".join(e.messages)}, code=e.code)
                )
                continue
            out[key] = parsed
        if errors:
            raise forms.ValidationError(errors)
        return out

    def _line(self, line: str, seen: dict[str, int | str]) -> tuple[str, int | str]:
        key, sep, raw = line.partition("=")
        key, raw = key.strip(), raw.strip()
        if not sep or not key or not raw:
            raise forms.ValidationError(_("schrijf sleutel = waarde, bijvoorbeeld withdrawal.notice_months = 12."), code="syntax")
        parameter = self.definition.parameters.get(key)
        if parameter is None:
            known = ", ".join(sorted(self.definition.parameters))
            raise forms.ValidationError(
                _("onbekende parameter %(key)s; kies uit %(known)s."), params={"key": key, "known": known}, code="unknown"
            )
        if key in seen:
            raise forms.ValidationError(_("%(key)s staat er al eerder."), params={"key": key}, code="duplicate")
        unit = labels.label(labels.UNITS, parameter.unit)
        if isinstance(parameter.values[0].value, int):
            if not _WHOLE.match(raw) or int(raw) <= 0:
                raise forms.ValidationError(
                    _("%(key)s moet een positief geheel getal zijn (%(unit)s), bijvoorbeeld %(example)s."),
                    params={"key": key, "unit": unit, "example": parameter.values[0].value},
                    code="whole",
                )
            return key, int(raw)
        if parameter.unit == "EUR":
            if not _AMOUNT.match(raw):
                raise forms.ValidationError(
                    _("%(key)s moet een bedrag in euro zijn met hoogstens twee decimalen, bijvoorbeeld 12000,00."),
                    params={"key": key},
                    code="amount",
                )
            return key, str(Decimal(raw.replace(",", ".")).quantize(Decimal("0.01")))
        if not _DECIMAL.match(raw):
            raise forms.ValidationError(
                _("%(key)s moet een getal zijn (%(unit)s), bijvoorbeeld %(example)s."),
                params={"key": key, "unit": unit, "example": str(parameter.values[0].value).replace(".", ",")},
                code="decimal",
            )
        return key, raw.replace(",", ".")


def _field_for(name: str, typ: str, required: bool, d: Definition) -> forms.Field:
    label = labels.label(labels.FIELDS, name)
    party_choices = [(p.code, f"{p.name} ({p.code})") for p in d.parties]
    if typ == "date":
        return date_field(label, required=required)
    if typ == "party":
        return forms.ChoiceField(label=label, required=required, choices=[("", _("— kies een partij —")), *party_choices])
    if typ in ("parties", "party-set"):
        # A party set may be empty (a core group without parties): then the field is not required.
        return forms.MultipleChoiceField(
            label=label, required=required and typ == "parties", choices=party_choices, widget=forms.CheckboxSelectMultiple
        )
    if typ == "ref":
        return forms.CharField(
            label=label,
            required=required,
            max_length=64,
            help_text=_("Een kort kenmerk, bijvoorbeeld G-1 of W-2026-1 (letters, cijfers, punt, streepje)."),
            validators=[RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", _("Gebruik alleen letters, cijfers, punt en streepje."))],
        )
    if typ == "amount":
        return forms.CharField(
            label=label,
            required=required,
            help_text=_("In euro met hoogstens twee decimalen, bijvoorbeeld 12500,00."),
            validators=[RegexValidator(_AMOUNT, _("Vul een bedrag in euro in, bijvoorbeeld 12500,00."))],
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        )
    if typ == "year":
        return forms.IntegerField(
            label=label, required=required, min_value=2000, max_value=2100, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
        )
    if typ == "body":
        return forms.ChoiceField(label=label, required=required, choices=[(b, labels.label(labels.BODIES, b)) for b in BODIES])
    if typ == "decision":
        return forms.ChoiceField(label=label, required=required, choices=[(x, labels.label(labels.DECISIONS, x)) for x in DECISIONS])
    if typ == "parameters":
        return ParametersField(d, label=label, required=required)
    if typ == "years":
        return forms.CharField(
            label=label,
            required=required,
            help_text=_("Jaartallen gescheiden door komma's, bijvoorbeeld 2027 of 2026, 2027."),
            validators=[RegexValidator(r"^\s*\d{4}(\s*,\s*\d{4})*\s*$", _("Vul jaartallen in, gescheiden door komma's."))],
        )
    if typ == "periodic-kinds":
        return forms.MultipleChoiceField(
            label=label,
            required=required,
            choices=[(k, labels.label(labels.KINDS, k)) for k in PERIODIC_KINDS],
            widget=forms.CheckboxSelectMultiple,
        )
    if typ == "category":
        english = get_language() == "en"
        choices = [(c.key, f"{c.key}. {c.title_en if english and c.title_en else c.title}") for c in d.extra_cost_categories]
        return forms.ChoiceField(label=label, required=required, choices=choices)
    return forms.CharField(label=label, required=required)


def fact_form(kind: str, d: Definition, data: Any = None) -> AccessibleForm:
    """A form with one field per field of fact type `kind`, prefixed so it can share a page."""
    cls = FACT_TYPES[kind]
    fields = {name: _field_for(name, typ, required, d) for name, typ, required in cls.FIELDS}
    form_class = type(
        f"FactForm_{kind.replace('-', '_')}", (AccessibleForm,), {**fields, "kind": kind, "definition": d, "clean": _clean_fact}
    )
    return form_class(data=data, prefix="feit")


def _clean_fact(self: Any) -> dict[str, Any]:
    """Build the scenario dict and let the rules' parser check it; its errors go to the field they name."""
    cleaned = forms.Form.clean(self)
    if self.errors:
        return cleaned
    raw: dict[str, Any] = {"fact": self.kind}
    for name, typ, _required in FACT_TYPES[self.kind].FIELDS:
        v = cleaned.get(name)
        if v in (None, "", [], {}) and not (typ == "party-set" and v in (None, [])):
            continue
        if typ == "party-set" and v is None:
            v = []
        if isinstance(v, date):
            v = v.isoformat()
        elif typ == "years":
            v = [int(y) for y in str(v).split(",")]
        elif name == "amount":
            v = str(Decimal(v.replace(",", ".")).quantize(Decimal("0.01")))
        raw[name] = v
    try:
        parse_fact(raw, self.definition)
    except ScenarioError as e:
        for err in e.errors:
            # "fact.date", or "fact.parameters.<key>" for one parameter of an amendment.
            name, _sep, sub = err.field.removeprefix("fact.").partition(".")
            message = f"{sub}: {err.message}" if sub else err.message
            self.add_error(name if name in self.fields else None, message)
        return cleaned
    self.raw_fact = raw
    return cleaned


class SandboxForm(AccessibleForm):
    """The hypothetical facts as a JSON list in the scenario format (or a whole scenario document)."""

    facts = forms.CharField(
        label=_("Hypothetische feiten (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_(
            'Een lijst van feiten in het scenarioformaat, bijvoorbeeld [{"fact": "evaluation-completed", "date": "2026-10-15"}]. '
            "Wat u hierboven per feit toevoegt, komt hier bij."
        ),
    )

    def __init__(self, *args: Any, definition: Definition, **kwargs: Any) -> None:
        self.definition = definition
        super().__init__(*args, **kwargs)
        self.parsed: list[dict[str, Any]] = []

    def clean_facts(self) -> str:
        text = (self.cleaned_data.get("facts") or "").strip()
        if not text:
            self.parsed = []
            return ""
        if json_depth(text) > MAX_JSON_DEPTH:
            # Checked before parsing: the rules take no deeper JSON, and json.loads would recurse on it.
            raise forms.ValidationError(
                _("Dit is te diep genest: hoogstens %(max)s lijsten en objecten in elkaar."), params={"max": MAX_JSON_DEPTH}
            )
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            raise forms.ValidationError(
                _("Dit is geen geldige JSON (regel %(line)s, kolom %(col)s): %(msg)s."),
                params={"line": e.lineno, "col": e.colno, "msg": e.msg},
            ) from None
        if isinstance(doc, dict) and "facts" in doc:
            doc = doc["facts"]
        if isinstance(doc, dict):
            doc = [doc]
        if not isinstance(doc, list):
            raise forms.ValidationError(_("Verwacht een lijst van feiten: [ {...}, {...} ]."))
        problems = []
        for i, raw in enumerate(doc):
            try:
                parse_fact(raw, self.definition, i)
            except ScenarioError as e:
                problems += [
                    forms.ValidationError("%(field)s: %(msg)s", params={"field": err.field, "msg": err.message}) for err in e.errors
                ]
        if problems:
            raise forms.ValidationError(problems)
        self.parsed = doc
        return text


def facts_json(facts: list[dict[str, Any]]) -> str:
    """The facts as the sandbox's textarea shows them: one fact a line."""
    if not facts:
        return ""
    return "[\n" + ",\n".join("  " + json.dumps(f, ensure_ascii=False) for f in facts) + "\n]"


def fact_choices() -> list[tuple[str, str]]:
    kinds = [k for k in SANDBOX_FACTS if k in FACT_TYPES] + [k for k in FACT_TYPES if k not in SANDBOX_FACTS]
    return [(k, f"{labels.label(labels.FACTS, k)} ({', '.join(FACT_TYPES[k].articles)})") for k in kinds]
