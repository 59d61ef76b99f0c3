"""Procedures as guided paths (issue 9): withdrawal (art. 9, 10), the evaluation (art. 3 lid 3, art. 11), the
budget of a year (art. 6), and the list of recorded facts with their corrections.

What the pages show comes from the rules' answer (`web.queries.conclusions`, so `records.queries`
applies the permissions): the state, the next deadline, the exit date, the amounts. Nothing is
computed here that the rules decide; this module only chooses which form is the next step for the
state the rules give, and gathers the recorded steps (facts, with their `StepDetail`) for the history.
Every step is written by `records.services.record_step` (the fact and its detail, one transaction).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samen.accounts import permissions
from samen.agreements.models import Agreement
from samen.documents import queries as document_queries
from samen.documents import services as document_services
from samen.documents.forms import UploadForm
from samen.governance.models import AgendaItem, Meeting
from samen.parties.models import Party
from samen.proposals.models import Proposal
from samen.records.models import RecordedFact
from samen.records.queries import visible_records
from samen.rules.facts import PERIODIC_KINDS
from samen.web import labels, queries
from samen.web.fields import date_field
from samen.web.forms import AccessibleForm


@dataclass(frozen=True)
class StepKind:
    """One step a page offers: the fact it records, its title, the form's fields and the permission it needs."""

    key: str
    fact: str
    title: Any
    fields: tuple[str, ...]
    articles: tuple[str, ...]
    reference_label: Any = ""
    text_label: Any = ""

    @property
    def action(self) -> str:
        return "record_finance_fact" if self.fact in permissions.FINANCE_FACTS else "record_fact"


STEPS: dict[str, StepKind] = {
    s.key: s
    for s in (
        StepKind(
            "opzegging", "withdrawal-notified", _("Opzegging ontvangen"), ("date", "reference", "text"), ("art. 9 lid 1",),
            _("Kenmerk of titel van de opzeggingsbrief"), _("Toelichting"),
        ),
        StepKind(
            "instemming", "withdrawal-consented", _("Instemming van het bestuurlijk overleg"), ("date", "agenda_item", "text"),
            ("art. 9 lid 1", "art. 9 lid 3"), "", _("Toelichting"),
        ),
        StepKind(
            "desintegratiekosten", "disintegration-costs-agreed", _("Desintegratiekosten overeengekomen"), ("date", "amount", "text"),
            ("art. 10 lid 1", "art. 10 lid 2"), "", _("Toelichting"),
        ),
        StepKind(
            "ontheffing", "withdrawal-obligation-waived", _("Ontheffing van de financiële verplichtingen"),
            ("date", "years", "kinds", "agenda_item", "text"), ("art. 9 lid 2",), "", _("Toelichting"),
        ),
        StepKind(
            "evaluatie", "evaluation-completed", _("Evaluatie uitgevoerd"), ("date", "reference", "text"),
            ("art. 3 lid 3", "art. 11 lid 2"),
            _("Kenmerk of titel van het evaluatierapport"), _("Uitkomst van de evaluatie"),
        ),
        StepKind(
            "opgesteld", "budget-drafted", _("Begroting opgesteld"), ("date", "reference", "text"), ("art. 6",),
            _("Kenmerk of titel van de begroting"), _("Toelichting"),
        ),
        StepKind(
            "ingestemd", "budget-consented", _("Instemming van de gremia (van vóór samen)"), ("date", "text"), ("art. 6",),
            "", _("Toelichting"),
        ),
        StepKind(
            "vastgesteld", "budget-adopted", _("Opgenomen in de vastgestelde programmabegroting"), ("date", "reference", "text"),
            ("art. 6",), _("Kenmerk van het raadsbesluit"), _("Toelichting"),
        ),
    )
}  # fmt: skip


STEPS_BY_FACT = {s.fact: s.title for s in STEPS.values()}


class StepForm(AccessibleForm):
    """The form of one step: the date, and where the step has them the reference, the text, the board's decision
    (an agenda item of a held board meeting) or the amount. The rules' parser has the last word on the fact."""

    date = date_field(_("Datum"))
    amount = forms.RegexField(
        label=_("Bedrag in euro"),
        regex=r"^\d{1,12}([.,]\d{1,2})?$",
        help_text=_("Bijvoorbeeld 12500,00."),
        error_messages={"required": _("Vul het bedrag in."), "invalid": _("Vul een bedrag in euro in, met hoogstens twee decimalen.")},
    )
    # The release decision (art. 9 lid 2): which years and which contributions it releases (empty: all of both).
    years = forms.RegexField(
        label=_("Vrijgestelde jaren"),
        required=False,
        regex=r"^\s*\d{4}(\s*,\s*\d{4})*\s*$",
        help_text=_("Jaartallen gescheiden door komma's, bijvoorbeeld 2027 of 2026, 2027; leeg: alle jaren na het jaar van het besluit."),
        error_messages={"invalid": _("Vul jaartallen in, gescheiden door komma's.")},
    )
    kinds = forms.MultipleChoiceField(
        label=_("Vrijgestelde bijdragen"),
        required=False,
        choices=[(k, labels.label(labels.KINDS, k)) for k in PERIODIC_KINDS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Geen keuze: zowel de jaarbijdrage als de capaciteitsbijdrage."),
    )
    reference = forms.CharField(label=_("Kenmerk"), required=False, max_length=200)
    agenda_item = forms.TypedChoiceField(label=_("Besluit van het bestuurlijk overleg"), required=False, coerce=int, empty_value=None)
    text = forms.CharField(label=_("Toelichting"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, step: StepKind, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, prefix=step.key, **kwargs)
        self.step = step
        for name in ("amount", "years", "kinds", "reference", "agenda_item", "text"):
            if name not in step.fields:
                del self.fields[name]
        if "reference" in self.fields and step.reference_label:
            self.fields["reference"].label = step.reference_label
        if "text" in self.fields and step.text_label:
            self.fields["text"].label = step.text_label
        if "agenda_item" in self.fields:
            self.fields["agenda_item"].choices = [("", gettext("(geen: zonder gekoppeld agendapunt)")), *decision_choices(agreement)]
            self.fields["agenda_item"].help_text = gettext("Het agendapunt van een gehouden vergadering waarin het besluit viel.")

    def agenda_item_object(self) -> AgendaItem | None:
        pk = self.cleaned_data.get("agenda_item")
        return AgendaItem.objects.filter(pk=pk).select_related("meeting").first() if pk else None


def decision_choices(agreement: Agreement) -> list[tuple[int, str]]:
    """The agenda items of the held meetings of the board, newest first, as (id, "date: title") choices."""
    items = (
        AgendaItem.objects.filter(meeting__agreement=agreement, meeting__status=Meeting.Status.HELD, meeting__body__key="board")
        .select_related("meeting")
        .order_by("-meeting__held_on", "position")
    )
    return [(i.pk, f"{date_format(i.meeting.held_on, 'j F Y')}: {i.title}") for i in items]


def step_raw(step: StepKind, data: dict[str, Any], *, party: str | None = None, year: int | None = None) -> dict[str, Any]:
    """The scenario-format fact a step's form stands for."""
    raw: dict[str, Any] = {"fact": step.fact}
    if party is not None:
        raw["party"] = party
    if year is not None:
        raw["year"] = year
    if "amount" in step.fields:
        raw["amount"] = f"{Decimal(str(data['amount']).replace(',', '.')):.2f}"
    if "years" in step.fields and data.get("years"):
        raw["years"] = sorted({int(y) for y in str(data["years"]).split(",")})
    if "kinds" in step.fields and data.get("kinds"):
        raw["kinds"] = list(data["kinds"])
    raw["date"] = data["date"].isoformat()
    return raw


# --- the recorded steps (history) -----------------------------------------------------------------


def _history(user: Any, agreement: Agreement, kinds: tuple[str, ...], **match: Any) -> list[dict[str, Any]]:
    """The recorded facts of `kinds` (matching `match` in the payload) the user may see, withdrawn ones too, with detail."""
    rows = RecordedFact.objects.filter(agreement=agreement, kind__in=kinds).select_related(
        "correction", "detail__agenda_item__meeting", "recorded_by"
    )
    documents: dict[int, list[Any]] = {}
    for d in document_queries.visible(user, agreement).filter(fact__kind__in=kinds):
        documents.setdefault(d.fact_id or 0, []).append(d)
    out = []
    for r in visible_records(user, rows.order_by("occurred_on", "pk")):
        payload = r.payload if isinstance(r.payload, dict) else {}
        if any(payload.get(k) != v for k, v in match.items()):
            continue
        correction = getattr(r, "correction", None) if _has(r, "correction") else None
        detail = getattr(r, "detail", None) if _has(r, "detail") else None
        out.append(
            {
                "record": r,
                "label": labels.label(labels.FACTS, r.kind),
                "date": payload.get("date"),
                "amount": payload.get("amount"),
                "detail": detail,
                "correction": correction,
                "documents": documents.get(r.pk, []),
                "may_correct": correction is None
                and permissions.allows(user, "record_finance_fact" if r.kind in permissions.FINANCE_FACTS else "record_fact"),
            }
        )
    return out


# --- documents of the steps (the notice letter, the evaluation report, the budget) -----------------------


def document_form(user: Any, history: list[dict[str, Any]], data: Any = None, files: Any = None) -> UploadForm | None:
    """The form that attaches a document to one of the live recorded steps the user may record (None: no such step)."""
    choices = [
        (f"fact:{h['record'].public_id}", f"{h['label']} {h['date'] or ''}".strip())
        for h in history
        if h["correction"] is None and document_services.may_upload(user, h["record"])
    ]
    if not choices:
        return None
    return UploadForm(data, files, choices=choices, show_public=False, prefix="doc")


def page_of(fact: RecordedFact) -> str:
    """The procedure page a recorded step belongs to."""
    payload = fact.payload if isinstance(fact.payload, dict) else {}
    if fact.kind in WITHDRAWAL_KINDS:
        return reverse("web:procedure_withdrawal", args=[payload.get("party", "")])
    if fact.kind.startswith("budget-") and isinstance(payload.get("year"), int):
        return reverse("web:procedure_budget", args=[payload["year"]])
    if fact.kind == "evaluation-completed":
        return reverse("web:procedure_evaluation")
    return reverse("web:procedure_facts")


def _has(record: RecordedFact, name: str) -> bool:
    try:
        getattr(record, name)
    except (RecordedFact.correction.RelatedObjectDoesNotExist, RecordedFact.detail.RelatedObjectDoesNotExist):
        return False
    return True


def _pick(answer: dict[str, Any], category: str, **match: Any) -> list[dict[str, Any]]:
    return [x for x in answer[category] if all(x.get(k) == v for k, v in match.items())]


def _forms(user: Any, agreement: Agreement, keys: list[str], posted: StepForm | None) -> list[StepForm]:
    """The forms of the next steps the user may do; a posted form (with its errors) in its place."""
    out = []
    for key in keys:
        step = STEPS[key]
        if not permissions.allows(user, step.action):
            continue
        out.append(posted if posted is not None and posted.step.key == key else StepForm(step=step, agreement=agreement))
    return out


# --- withdrawal (art. 9, art. 10) -------------------------------------------------------------------

WITHDRAWAL_KINDS = ("withdrawal-notified", "withdrawal-consented", "withdrawal-obligation-waived", "disintegration-costs-agreed")


def withdrawal_next(state: str | None, history: list[dict[str, Any]]) -> list[str]:
    """The steps that can come next in a withdrawal in `state` (the rules' state; None: no withdrawal yet)."""
    live = {h["record"].kind for h in history if h["correction"] is None}
    if state is None:
        return ["opzegging"]
    steps = []
    if state == "notified":
        steps.append("instemming")
    if "disintegration-costs-agreed" not in live:
        steps.append("desintegratiekosten")
    if state == "consented" and "withdrawal-obligation-waived" not in live:
        steps.append("ontheffing")
    return steps


def withdrawal(user: Any, agreement: Agreement, party: Party, as_of: date, posted: StepForm | None = None) -> dict[str, Any]:
    """A party's withdrawal: the rules' state and exit, the party's amounts per year, the steps recorded and the next ones."""
    answer = queries.conclusions(user, agreement, as_of)
    procedure = next(iter(_pick(answer, "procedures", procedure="withdrawal", ref=party.code)), None)
    history = _history(user, agreement, WITHDRAWAL_KINDS, party=party.code)
    amounts = sorted(_pick(answer, "amounts", party=party.code), key=lambda a: (a["year"], a["kind"]))
    years: dict[int, list[dict[str, Any]]] = {}
    for a in amounts:
        years.setdefault(a["year"], []).append({**a, "kind_label": labels.label(labels.KINDS, a["kind"])})
    next_keys = withdrawal_next(procedure["state"] if procedure else None, history)
    return {
        "party": party,
        "procedure": procedure,
        "state_label": labels.state_label("withdrawal", procedure["state"]) if procedure else gettext("geen opzegging vastgelegd"),
        "exit": next(iter(_pick(answer, "deadlines", procedure="withdrawal", ref=party.code)), None),
        "findings": [f for f in answer["findings"] if f.get("ref") == party.code and f["code"].startswith(("art-9.", "art-10."))],
        "years": [
            {"year": y, "amounts": rows, "total": sum((Decimal(r["amount"]) for r in rows), Decimal("0.00"))} for y, rows in years.items()
        ],
        "amount_scope": permissions.amount_scope(user),
        # The plan period a party's notice falls in binds it to the period's obligations (art. 1 sub j, art. 9 lid 2).
        "plan_articles": ["art. 1 sub j", "art. 9 lid 2"],
        "history": history,
        "next_steps": [STEPS[k] for k in next_keys],
        "forms": _forms(user, agreement, next_keys, posted),
        "document_form": document_form(user, history),
    }


# --- evaluation and extension (art. 3 lid 3, art. 11) ------------------------------------------------


def evaluation(user: Any, agreement: Agreement, as_of: date, posted: StepForm | None = None) -> dict[str, Any]:
    """The term, the evaluation's deadline and findings from the rules, the evaluations recorded, the form when none is."""
    answer = queries.conclusions(user, agreement, as_of)
    term = next(iter(_pick(answer, "procedures", procedure="term")), None)
    history = _history(user, agreement, ("evaluation-completed",))
    done = any(h["correction"] is None for h in history)
    extensions = Proposal.objects.filter(agreement=agreement, kind=Proposal.Kind.EXTENSION).order_by("-proposed_on", "-pk")
    return {
        "term": term,
        "term_state": labels.state_label("term", term["state"]) if term else "",
        "due": next(iter(_pick(answer, "deadlines", step="evaluation-due")), None),
        "end": next(iter(_pick(answer, "deadlines", step="term-end")), None),
        "findings": [f for f in answer["findings"] if f["code"].startswith("art-3.") or f["code"].startswith("art-11.")],
        "history": history,
        "forms": [] if done else _forms(user, agreement, ["evaluatie"], posted),
        "document_form": document_form(user, history),
        "extensions": list(extensions),
        "may_propose": permissions.allows(user, "record_proposal"),
    }


# --- the budget of a year (art. 6) --------------------------------------------------------------------


def budget_years(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """Every year the rules know a budget procedure for (in `answer`, the rules' answer), with its state."""
    return [
        {"year": int(p["ref"]), "state_label": labels.state_label("budget", p["state"]), "procedure": p}
        for p in sorted(_pick(answer, "procedures", procedure="budget"), key=lambda p: int(p["ref"]))
    ]


def budget(user: Any, agreement: Agreement, year: int, as_of: date, posted: StepForm | None = None) -> dict[str, Any]:
    """One budget year: the three steps (drafted, consented, adopted) from the rules' state, the recorded steps, the forms."""
    answer = queries.conclusions(user, agreement, as_of)
    procedure = next(iter(_pick(answer, "procedures", procedure="budget", ref=str(year))), None)
    details = procedure or {}
    proposal = Proposal.objects.filter(agreement=agreement, kind=Proposal.Kind.BUDGET, budget_year=year).first()
    keys = []
    if not details.get("drafted_on"):
        keys.append("opgesteld")
    if not details.get("consented_on") and proposal is None:
        keys.append("ingestemd")
    if not details.get("adopted_on"):
        keys.append("vastgesteld")
    names = {p.code: p.name for p in Party.objects.filter(agreement=agreement)}
    history = _history(user, agreement, ("budget-drafted", "budget-consented", "budget-adopted"), year=year)
    return {
        "year": year,
        "procedure": procedure,
        "state_label": labels.state_label("budget", procedure["state"]) if procedure else gettext("niets vastgelegd"),
        "details": details,
        "awaiting": [names.get(c, c) for c in details.get("awaiting") or []],
        "refused": [names.get(c, c) for c in details.get("refused") or []],
        "deadline": next(iter(_pick(answer, "deadlines", procedure="budget", ref=str(year))), None),
        "findings": [f for f in answer["findings"] if f["code"].startswith("art-6.") and f.get("ref") == str(year)],
        "history": history,
        "document_form": document_form(user, history),
        "proposal": proposal,
        "may_propose": permissions.allows(user, "record_proposal"),
        "forms": _forms(user, agreement, keys, posted),
    }


# --- the recorded facts, with their corrections -----------------------------------------------------


def fact_list(user: Any, agreement: Agreement) -> list[dict[str, Any]]:
    """Every recorded fact the user may see, newest first, withdrawn ones marked with the correction's reason."""
    rows = RecordedFact.objects.filter(agreement=agreement).select_related("correction", "detail").order_by("-recorded_at", "-pk")
    may_note = permissions.may_view_notes(user)
    names = {p.code: p.name for p in Party.objects.filter(agreement=agreement)}
    out = []
    for r in visible_records(user, rows):
        payload = r.payload if isinstance(r.payload, dict) else {}
        out.append(
            {
                "record": r,
                "label": labels.label(labels.FACTS, r.kind),
                "fields": [(labels.label(labels.FIELDS, k), queries.fact_value(k, v, names)) for k, v in payload.items() if k != "fact"],
                "note": r.note if may_note else "",
                "correction": r.correction if _has(r, "correction") else None,
                "may_correct": permissions.allows(user, "record_finance_fact" if r.kind in permissions.FINANCE_FACTS else "record_fact"),
            }
        )
    return out


class CorrectionForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Reden van de correctie"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat er niet klopt; het feit blijft zichtbaar als ingetrokken, met deze reden."),
        error_messages={"required": _("Geef de reden van de correctie.")},
    )


# --- what needs doing (the dashboard) -----------------------------------------------------------------


def next_steps(user: Any, agreement: Agreement, as_of: date) -> list[dict[str, Any]]:
    """The open next steps of the withdrawals, the evaluation and the budgets that `user` may take, each with the link
    to its form, its deadline (when the rules give one) and articles."""
    answer = queries.conclusions(user, agreement, as_of)
    names = {p.code: p.name for p in Party.objects.filter(agreement=agreement)}
    live_costs = RecordedFact.objects.filter(agreement=agreement, kind="disintegration-costs-agreed", correction__isnull=True)
    costs_agreed = {str(f.payload.get("party")) for f in live_costs if isinstance(f.payload, dict)}
    out: list[dict[str, Any]] = []

    def add(title: str, url: str, step: StepKind, deadline: str | None) -> None:
        if permissions.allows(user, step.action):
            out.append({"title": title, "url": url, "deadline": deadline, "articles": list(step.articles)})

    for p in _pick(answer, "procedures", procedure="withdrawal"):
        url = reverse("web:procedure_withdrawal", args=[p["ref"]])
        name = names.get(p["ref"], p["ref"])
        if p["state"] == "notified":
            add(gettext("Instemming met de uittreding van %(party)s vastleggen") % {"party": name}, url, STEPS["instemming"], None)
        elif p["state"] == "consented" and p["ref"] not in costs_agreed:
            exit_date = (p.get("next_deadline") or {}).get("date")
            add(gettext("Desintegratiekosten van %(party)s vastleggen") % {"party": name}, url, STEPS["desintegratiekosten"], exit_date)
    term = next(iter(_pick(answer, "procedures", procedure="term")), None)
    due = next(iter(_pick(answer, "deadlines", step="evaluation-due")), None)
    if term is not None and not term.get("evaluated_on") and term["state"] == "running":
        add(gettext("De evaluatie vastleggen"), reverse("web:procedure_evaluation"), STEPS["evaluatie"], due["date"] if due else None)
    for p in _pick(answer, "procedures", procedure="budget"):
        year = int(p["ref"])
        url = reverse("web:procedure_budget", args=[year])
        deadline = (p.get("next_deadline") or {}).get("date")
        # Only the budgets whose consent deadline the rules still count (next_deadline), and consented ones of this
        # year or earlier that still wait for the programme budget.
        if p["state"] == "missing" and deadline:
            add(gettext("De begroting voor %(year)s opstellen") % {"year": year}, url, STEPS["opgesteld"], deadline)
        elif p["state"] == "draft" and deadline:
            add(gettext("Instemming met de begroting voor %(year)s regelen") % {"year": year}, url, STEPS["opgesteld"], deadline)
        elif p["state"] == "consented" and year <= as_of.year:
            add(gettext("De vastgestelde programmabegroting voor %(year)s vastleggen") % {"year": year}, url, STEPS["vastgesteld"], None)
    return out


@dataclass
class Overview:
    withdrawals: list[dict[str, Any]] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)
    term: dict[str, Any] | None = None
    budgets: list[dict[str, Any]] = field(default_factory=list)


def overview(user: Any, agreement: Agreement, as_of: date) -> Overview:
    """The procedures page: every withdrawal with its state, the evaluation, every budget year."""
    answer = queries.conclusions(user, agreement, as_of)
    parties = list(Party.objects.filter(agreement=agreement).order_by("position"))
    names = {p.code: p.name for p in parties}
    withdrawals = [
        {"party": p["ref"], "name": names.get(p["ref"], p["ref"]), "state_label": labels.state_label("withdrawal", p["state"]), **p}
        for p in _pick(answer, "procedures", procedure="withdrawal")
    ]
    term = next(iter(_pick(answer, "procedures", procedure="term")), None)
    return Overview(withdrawals, parties, term, budget_years(answer))
