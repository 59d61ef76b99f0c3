"""Writes for budgets (art. 6), commitments within them (art. 4 lid 4), the cost per FTE with its source document
(art. 7 lid 1) and the positions the host employs (art. 4 lid 1). Each in one transaction with its audit entries.

- `create_budget`, `add_line`, `set_opening_reserve`: the host's draft of a year's budget. Once the year's budget is
  adopted (`budget-adopted`, recorded on the budget procedure page) its lines no longer change (`art-6.budget-adopted`).
- `record_commitment`: the rules decide. The new commitment is evaluated as a hypothetical fact with every recorded
  one; when the rules find it beyond what is left on its line (`art-4.commitment-beyond-budget`) it is refused and
  nothing is written. With a mandate it is stored, and the rules flag it for approval until `approve_commitment`.
- `record_cost_per_fte`, `record_staff`: the facts are the truth (`records.services.record_fact`); the source
  document of the cost per FTE is a `documents.Document` attached to that fact.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from samen.accounts import permissions
from samen.agreements.models import Agreement
from samen.audit import services as audit
from samen.audit.services import snapshot
from samen.budgets.models import Budget, BudgetLine, Commitment
from samen.core.errors import Conflict, InvalidInput, NotFound, Refused
from samen.core.validation import clean_amount, clean_text
from samen.records import services as records
from samen.records.models import RecordedFact
from samen.rules.facts import MAX_YEAR, MIN_YEAR, ScenarioError

REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
NAME_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 2000
BEYOND = "art-4.commitment-beyond-budget"


def _user(actor: Any) -> Any:
    return actor if hasattr(actor, "pk") else None


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_YEAR <= value <= MAX_YEAR:
        raise InvalidInput("budget.bad-year", f"Vul een jaartal in tussen {MIN_YEAR} en {MAX_YEAR}.", field="year")
    return value


def _day(value: Any, field: str) -> date:
    if not isinstance(value, date):
        raise InvalidInput("budget.bad-date", "Vul een datum in (JJJJ-MM-DD).", field=field)
    return value


def adoption_of(agreement: Agreement, year: int) -> RecordedFact | None:
    """The recorded `budget-adopted` fact of `year` (not withdrawn by a correction), or None."""
    return (
        RecordedFact.objects.filter(agreement=agreement, kind="budget-adopted", payload__year=year, correction__isnull=True)
        .order_by("pk")
        .first()
    )


def budget_of(agreement: Agreement, year: int) -> Budget:
    in_range = isinstance(year, int) and MIN_YEAR <= year <= MAX_YEAR
    found = Budget.objects.filter(agreement=agreement, year=year).first() if in_range else None
    if found is None:
        raise NotFound("budget.unknown", f"Er is geen begroting voor {year}.", field="year")
    return found


def _unadopted(budget: Budget) -> None:
    if adoption_of(budget.agreement, budget.year) is not None:
        raise Refused(
            "art-6.budget-adopted",
            f"De begroting {budget.year} is vastgesteld in de programmabegroting; de begrotingsposten veranderen niet meer.",
            field="name",
            article="art. 6",
        )


@transaction.atomic
def create_budget(
    *, actor: Any, agreement: Agreement, year: int, opening_reserve: Any = Decimal("0"), note: str = "", example_figure: bool = False
) -> Budget:
    """The host drafts the budget for a year (art. 6): the lines follow with `add_line`."""
    permissions.require(actor, "record_budget")
    year = _year(year)
    opening = clean_amount(opening_reserve, "opening_reserve", prefix="budget")
    note = clean_text(note, "note", prefix="budget", limit=TEXT_MAX_LENGTH)
    audit.lock_for_write()
    if Budget.objects.filter(agreement=agreement, year=year).exists():
        raise Conflict("budget.exists", f"Er is al een begroting voor {year}.", field="year")
    budget = Budget.objects.create(
        agreement=agreement, year=year, opening_reserve=opening, note=note, example_figure=example_figure, recorded_by=_user(actor)
    )
    audit.append(actor=actor, action="budget.create", obj=budget, after=snapshot(budget), agreement=agreement.slug)
    return budget


@transaction.atomic
def set_opening_reserve(*, actor: Any, budget: Budget, opening_reserve: Any) -> Budget:
    """The balance of the working budgets and reserves at the start of the year (art. 6)."""
    permissions.require(actor, "record_budget")
    opening = clean_amount(opening_reserve, "opening_reserve", prefix="budget")
    audit.lock_for_write()
    before = snapshot(budget)
    budget.opening_reserve = opening
    budget.save(update_fields=["opening_reserve"])
    audit.append(actor=actor, action="budget.reserve", obj=budget, before=before, after=snapshot(budget), agreement=budget.agreement.slug)
    return budget


@transaction.atomic
def add_line(*, actor: Any, budget: Budget, name: str, amount: Any) -> BudgetLine:
    """Add a line (begrotingspost) to a budget that is not adopted yet (art. 6)."""
    permissions.require(actor, "record_budget")
    name = clean_text(name, "name", prefix="budget", limit=NAME_MAX_LENGTH, required=True)
    value = clean_amount(amount, "amount", prefix="budget")
    audit.lock_for_write()
    _unadopted(budget)
    if budget.lines.filter(name=name).exists():
        raise Conflict("budget.line-exists", f"De begroting {budget.year} heeft al een post {name}.", field="name")
    line = BudgetLine.objects.create(budget=budget, name=name, amount=value, position=budget.lines.count() + 1)
    audit.append(actor=actor, action="budget.line", obj=line, after=snapshot(line), agreement=budget.agreement.slug)
    return line


def _refusal_for(agreement: Agreement, raw: dict[str, Any], as_of: date, language: str = "nl") -> str | None:
    """Why the rules refuse the hypothetical commitment `raw` (`art-4.commitment-beyond-budget`), or None.

    The rules count a line's commitments in date order, so a commitment dated before others on its line may fit
    itself and push a later one beyond the line. Either way the line would be overspent: every finding of that
    code the commitment adds (on itself or on another commitment) refuses it."""
    from django.utils import translation

    from samen.records.queries import evaluate_recorded

    before = {f.ref for f in evaluate_recorded(agreement, as_of=as_of, language=language).findings if f.code == BEYOND}
    try:
        answer = evaluate_recorded(agreement, as_of=as_of, extra=[raw], language=language)
    except ScenarioError as e:
        error = e.errors[0]
        field = re.sub(r"^(fact|facts\[\d+\])\.", "", error.field)
        code = "commitment.duplicate-ref" if error.code == "scenario.duplicate-ref" else error.code
        raise InvalidInput(code, error.message, field=field) from None
    added = [f for f in answer.findings if f.code == BEYOND and f.ref not in before]
    own = next((f for f in added if f.ref == raw["ref"]), None)
    if own is not None:
        return own.message
    if not added:
        return None
    with translation.override(language):
        return translation.gettext(
            "Deze verplichting ligt vóór %(refs)s op dezelfde post en gaat voor in de volgorde van de datum; dan past die "
            "niet meer: %(message)s"
        ) % {"refs": ", ".join(f.ref or "" for f in added), "message": added[0].message}


@transaction.atomic
def record_commitment(
    *,
    actor: Any,
    agreement: Agreement,
    ref: str,
    year: int,
    line: str,
    counterparty: str,
    description: str,
    amount: Any,
    committed_on: date,
    mandate: str = "",
    example_figure: bool = False,
    language: str = "nl",
) -> Commitment:
    """Record a commitment to a third party on a budget line (art. 4 lid 4), unless the rules refuse it.

    The rules evaluate it as a hypothetical fact with everything recorded: beyond what is left on its line (a line of
    a budget not adopted on or before its date has nothing left) it is refused (`art-4.commitment-beyond-budget`),
    nothing written. With a `mandate` it is stored, and flagged (`art-4.commitment-awaiting-approval`) until approved.
    The refusal's sentence is the rules' finding, in `language` ("nl" or "en").
    """
    permissions.require(actor, "record_commitment")
    if not isinstance(ref, str) or not REF.match(ref):
        raise InvalidInput(
            "commitment.bad-ref", "Een kenmerk is letters, cijfers, '.', '_' of '-' (hoogstens 64 tekens), bijv. V-2026-1.", field="ref"
        )
    year = _year(year)
    name = clean_text(line, "line", prefix="budget", limit=NAME_MAX_LENGTH, required=True)
    counterparty = clean_text(counterparty, "counterparty", prefix="budget", limit=NAME_MAX_LENGTH, required=True)
    description = clean_text(description, "description", prefix="budget", limit=TEXT_MAX_LENGTH, required=True)
    value = clean_amount(amount, "amount", prefix="budget")
    day = _day(committed_on, "date")
    mandate = clean_text(mandate, "mandate", prefix="budget", limit=TEXT_MAX_LENGTH)
    audit.lock_for_write()
    budget = Budget.objects.filter(agreement=agreement, year=year).first()
    if budget is None:
        raise InvalidInput("budget.unknown", f"Er is geen begroting voor {year}; stel die eerst op (art. 6).", field="year")
    budget_line = budget.lines.filter(name=name).first()
    if budget_line is None:
        known = ", ".join(budget.lines.values_list("name", flat=True)) or "geen"
        raise InvalidInput("commitment.unknown-line", f"De begroting {year} heeft geen post {name} (posten: {known}).", field="line")
    if Commitment.objects.filter(agreement=agreement, ref=ref).exists():
        raise Conflict("commitment.duplicate-ref", f"Verplichting {ref} is al vastgelegd.", field="ref")
    commitment = Commitment(
        agreement=agreement,
        ref=ref,
        line=budget_line,
        counterparty=counterparty,
        description=description,
        amount=value,
        committed_on=day,
        mandate=mandate,
        example_figure=example_figure,
        recorded_by=_user(actor),
    )
    refused = _refusal_for(agreement, commitment.to_fact(), max(day, date.today()), language)
    if refused is not None:
        raise Refused(BEYOND, refused, field="amount", article="art. 4 lid 4")
    commitment.save()
    audit.append(actor=actor, action="commitment.record", obj=commitment, after=snapshot(commitment), agreement=agreement.slug)
    return commitment


def commitment_by_ref(agreement: Agreement, ref: str) -> Commitment:
    found = Commitment.objects.filter(agreement=agreement, ref=ref).select_related("line__budget").first()
    if found is None:
        raise NotFound("commitment.unknown", f"Verplichting {ref} bestaat niet.", field="ref")
    return found


@transaction.atomic
def approve_commitment(*, actor: Any, commitment: Commitment, approved_on: date) -> Commitment:
    """The official chair approves a commitment beyond its line under its mandate (art. 4 lid 4)."""
    permissions.require(actor, "approve_commitment")
    day = _day(approved_on, "approved_on")
    audit.lock_for_write()
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if not commitment.mandate:
        raise Refused(
            "commitment.no-mandate",
            "Deze verplichting noemt geen mandaat; goedkeuren gaat alleen onder een mandaatregeling.",
            field="mandate",
            article="art. 4 lid 4",
        )
    if commitment.approved_at is not None:
        raise Conflict("commitment.already-approved", f"Verplichting {commitment.ref} is al goedgekeurd.", field="approved_on")
    if day < commitment.committed_on:
        raise InvalidInput("commitment.date-order", "De goedkeuring ligt vóór de datum van de verplichting.", field="approved_on")
    before = snapshot(commitment)
    commitment.approved_at = day
    commitment.approved_by = _user(actor)
    commitment.save(update_fields=["approved_at", "approved_by"])
    audit.append(
        actor=actor,
        action="commitment.approve",
        obj=commitment,
        before=before,
        after=snapshot(commitment),
        agreement=commitment.agreement.slug,
    )
    return commitment


@transaction.atomic
def record_cost_per_fte(
    *,
    actor: Any,
    agreement: Agreement,
    year: int,
    amount: Any,
    file: Any = None,
    title: str = "",
    note: str = "",
    example_figure: bool = False,
) -> RecordedFact:
    """The cost per FTE including overhead for a year (art. 7 lid 1, with wage and price compensation, art. 6), as the
    `cost-per-fte` fact the rules read, with its source document attached to that fact (when given)."""
    from samen.documents import services as documents
    from samen.documents.models import Document

    year = _year(year)
    value = clean_amount(amount, "amount", prefix="budget")
    fact = records.record_fact(
        actor=actor,
        agreement=agreement,
        raw={"fact": "cost-per-fte", "year": year, "amount": f"{value:.2f}"},
        note=note,
        example_figure=example_figure,
    )
    if file is not None:
        documents.add_document(
            actor=actor,
            target=fact,
            title=title.strip() if isinstance(title, str) and title.strip() else f"Bron kostenniveau per fte {year}",
            kind=Document.Kind.OTHER,
            file=file,
        )
    return fact


@transaction.atomic
def record_staff(
    *,
    actor: Any,
    agreement: Agreement,
    role: str,
    fte: Any,
    start: date,
    until: date | None = None,
    scale: int | None = None,
    note: str = "",
    example_figure: bool = False,
) -> RecordedFact:
    """A position the host employs for the cooperation (art. 4 lid 1), as the `staff-employed` fact."""
    raw: dict[str, Any] = {"fact": "staff-employed", "role": role, "fte": str(fte), "date": _day(start, "start").isoformat()}
    if scale is not None:
        raw["scale"] = scale
    if until is not None:
        raw["until"] = _day(until, "until").isoformat()
    return records.record_fact(actor=actor, agreement=agreement, raw=raw, note=note, example_figure=example_figure)
