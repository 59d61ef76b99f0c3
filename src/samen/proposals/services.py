"""Writes for proposals and the parties' decisions on them.

Every write is validated by the rules before anything is stored: the facts the rows stand for
(`records.queries.proposal_facts`) are built, parsed with the rules' own parser and checked with
`check_consistency` together with every other recorded fact. A party may decide again (a college
may replace its decision): the latest decision counts, as `rules.procedures.amendment` reads it.

A budget proposal (art. 6) names its budget year; its decisions are the `budget-decided` facts the
rules read the consent from (`rules.budget`). One budget proposal per year, and none for a year
whose consent is recorded as a `budget-consented` fact (the consent of a year before samen): the
consent of a year is stored once (`records.services` refuses the other way round).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db import transaction

from samen.accounts import permissions
from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.audit import services as audit
from samen.audit.services import snapshot
from samen.core.errors import InvalidInput, Refused
from samen.parties.models import Party
from samen.proposals.models import PartyDecision, Proposal
from samen.records.queries import amendment_decision, amendment_request, budget_decision, consistent_facts, stored_facts
from samen.rules.facts import MAX_YEAR, MIN_YEAR, FieldError, ScenarioError, bad_text, check_consistency, parse_fact

SUBJECT_MAX_LENGTH = 200
EXPLANATION_MAX_LENGTH = 10000
DOCUMENT_MAX_LENGTH = 300
REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
TEXT_CHANGE_MAX_LENGTH = 20000
MAX_TEXT_CHANGES = 20


def text_refs(agreement: Agreement) -> dict[str, str]:
    """Every place in the agreement's imported text a new wording can replace, with its original text:
    an article's own text ("art. 6") and each lid or sub ("art. 5 lid 4", "art. 1 sub g"), in text order."""
    from samen.agreements.models import Article

    out: dict[str, str] = {}
    for article in Article.objects.filter(agreement=agreement).prefetch_related("leden").order_by("position"):
        out[f"art. {article.number}"] = article.text
        for lid in article.leden.all():
            kind = "sub" if lid.number.isalpha() else "lid"
            out[f"art. {article.number} {kind} {lid.number}"] = lid.text
    return out


def _text_changes(agreement: Agreement, raw: Any) -> list[dict[str, str]] | None:
    """An amendment's new wording, checked: known places of the text, each once, non-empty text."""
    if raw in (None, []):
        return None
    if not isinstance(raw, list) or len(raw) > MAX_TEXT_CHANGES:
        raise InvalidInput("proposal.text-changes", f"Een lijst van hoogstens {MAX_TEXT_CHANGES} tekstwijzigingen.", field="text_changes")
    known = text_refs(agreement)
    out: list[dict[str, str]] = []
    for i, change in enumerate(raw):
        if not isinstance(change, dict) or set(change) != {"ref", "text"}:
            raise InvalidInput("proposal.text-changes", "Elke tekstwijziging heeft precies 'ref' en 'text'.", field=f"text_changes[{i}]")
        ref = change["ref"]
        if not isinstance(ref, str) or ref not in known:
            raise InvalidInput(
                "proposal.text-ref-unknown",
                f"{ref!r} is geen artikel of lid van de ingelezen tekst (bijv. 'art. 5 lid 4').",
                field=f"text_changes[{i}].ref",
            )
        if any(c["ref"] == ref for c in out):
            raise InvalidInput("proposal.text-ref-duplicate", f"{ref} staat er al eerder.", field=f"text_changes[{i}].ref")
        out.append({"ref": ref, "text": _text(change["text"], f"text_changes[{i}].text", TEXT_CHANGE_MAX_LENGTH, required=True)})
    return out


def _refusal(error: FieldError, fields: dict[str, str] | None = None) -> InvalidInput | Refused:
    cls = Refused if error.code.startswith("art-") else InvalidInput
    name = re.sub(r"^(fact|facts\[\d+\])\.", "", error.field)
    head = name.split(".", 1)[0]
    if fields and head in fields:
        name = fields[head] + name[len(head) :]
    return cls(error.code, error.message, field=name)


def _text(value: Any, field: str, limit: int, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise InvalidInput("proposal.bad-text", "Moet tekst zijn.", field=field)
    value = value.strip()
    if required and not value:
        raise InvalidInput("proposal.missing", "Vul dit in.", field=field)
    if len(value) > limit:
        raise InvalidInput("proposal.too-long", f"Hoogstens {limit} tekens (gekregen: {len(value)}).", field=field)
    if bad_text(value):
        raise InvalidInput("proposal.bad-text", "Bevat een ongeldig teken (een losse surrogaat of NUL).", field=field)
    return value


def _party(agreement: Agreement, code: Any, field: str) -> Party:
    party = Party.objects.filter(agreement=agreement, code=code).first() if isinstance(code, str) else None
    if party is None:
        raise InvalidInput("proposal.unknown-party", f"Onbekende partij {code!r}.", field=field)
    return party


def _check(agreement: Agreement, new: list[dict[str, Any]], fields: dict[str, str]) -> None:
    """Parse `new` facts with the rules' parser and check them with every recorded fact; the error names the field."""
    d = registry.definition(agreement.slug)
    parsed = []
    for raw in new:
        try:
            parsed.append(parse_fact(raw, d, None))
        except ScenarioError as e:
            raise _refusal(e.errors[0], fields) from None
    kept, _problems = consistent_facts(stored_facts(agreement, None), d)
    recorded = [f for _, f in kept]
    problems = [e for e in check_consistency([*recorded, *parsed]) if e.index is not None and e.index >= len(recorded)]
    if problems:
        raise _refusal(problems[0], fields)


@transaction.atomic
def create_proposal(
    *,
    actor: Any,
    agreement: Agreement,
    ref: str,
    subject: str,
    kind: str,
    proposed_on: date,
    explanation: str = "",
    proposed_by: str | None = None,
    parameters: dict[str, Any] | None = None,
    end_date: date | None = None,
    effective_date: date | None = None,
    text_changes: list[dict[str, Any]] | None = None,
    budget_year: int | None = None,
) -> Proposal:
    """Put a proposal to the parties. An amendment or extension is checked as the rules read it (art. 12 lid 1);
    a budget proposal names its budget year (art. 6)."""
    permissions.require(actor, "record_proposal")
    audit.lock_for_write()
    if kind not in Proposal.Kind.values:
        raise InvalidInput("proposal.bad-kind", f"Onbekende soort {kind!r}; kies uit {', '.join(Proposal.Kind.values)}.", field="kind")
    if not isinstance(ref, str) or not REF.match(ref):
        raise InvalidInput(
            "proposal.bad-ref", "Een kenmerk bestaat uit letters, cijfers, '.', '_' of '-' (hoogstens 64 tekens).", field="ref"
        )
    if Proposal.objects.filter(agreement=agreement, ref=ref).exists():
        raise InvalidInput("proposal.duplicate-ref", f"Er is al een voorstel met kenmerk {ref}.", field="ref")
    subject = _text(subject, "subject", SUBJECT_MAX_LENGTH, required=True)
    explanation = _text(explanation, "explanation", EXPLANATION_MAX_LENGTH)
    party = _party(agreement, proposed_by, "proposed_by") if proposed_by else None
    texts = _text_changes(agreement, text_changes)
    is_amendment = kind in (Proposal.Kind.AMENDMENT, Proposal.Kind.EXTENSION)
    if is_amendment:
        if party is None:
            raise Refused(
                "art-12.requested-by", "Een wijziging wordt door een partij gevraagd (art. 12 lid 1): kies de partij.", field="proposed_by"
            )
        if kind == Proposal.Kind.EXTENSION and end_date is None:
            raise InvalidInput("proposal.end-date-missing", "Een verlenging noemt de nieuwe einddatum (art. 3 lid 3).", field="end_date")
        if kind == Proposal.Kind.AMENDMENT and not parameters and end_date is None and not texts:
            raise InvalidInput(
                "proposal.nothing-changes",
                "Een wijziging noemt wat er verandert: parameters, een nieuwe einddatum of de tekst.",
                field="parameters",
            )
    elif parameters or end_date or effective_date or texts:
        field = "parameters" if parameters else "end_date" if end_date else "effective_date" if effective_date else "text_changes"
        raise InvalidInput("proposal.not-an-amendment", "Alleen een wijziging of verlenging verandert parameters of data.", field=field)
    if kind == Proposal.Kind.BUDGET:
        budget_year = _budget_year(agreement, budget_year)
    elif budget_year is not None:
        raise InvalidInput(
            "proposal.not-a-budget", "Alleen een voorstel tot instemming met de begroting noemt een begrotingsjaar.", field="budget_year"
        )
    proposal = Proposal(
        agreement=agreement,
        ref=ref,
        subject=subject,
        explanation=explanation,
        kind=kind,
        proposed_by=party,
        proposed_on=proposed_on,
        parameters=parameters or None,
        end_date=end_date,
        effective_date=effective_date,
        text_changes=texts,
        budget_year=budget_year,
        recorded_by=actor if hasattr(actor, "pk") else None,
    )
    if is_amendment:
        _check(agreement, [amendment_request(proposal)], {"by": "proposed_by", "date": "proposed_on", "amendment": "ref"})
    proposal.save()
    audit.append(actor=actor, action="proposal.create", obj=proposal, after=snapshot(proposal), agreement=agreement.slug)
    return proposal


def _budget_year(agreement: Agreement, year: Any) -> int:
    """The budget year of a budget proposal: a year the rules take, without another budget proposal or a recorded consent."""
    from samen.records.models import RecordedFact

    if year is None:
        raise InvalidInput(
            "proposal.budget-year-missing",
            "Een voorstel tot instemming met de begroting noemt het begrotingsjaar (art. 6).",
            field="budget_year",
        )
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput("proposal.bad-budget-year", f"Een jaartal van {MIN_YEAR} tot en met {MAX_YEAR}.", field="budget_year")
    other = Proposal.objects.filter(agreement=agreement, kind=Proposal.Kind.BUDGET, budget_year=year).first()
    if other is not None:
        raise InvalidInput(
            "proposal.budget-year-taken",
            f"Er is al een voorstel tot instemming met de begroting voor {year} ({other.ref}); leg de besluiten daar vast "
            "(een nieuw besluit van een partij vervangt haar eerdere).",
            field="budget_year",
        )
    recorded = [f for f in RecordedFact.objects.filter(agreement=agreement, kind="budget-consented") if f.payload.get("year") == year]
    if recorded:
        raise InvalidInput(
            "proposal.budget-consent-recorded",
            f"De instemming met de begroting voor {year} is al vastgelegd als feit ({recorded[0].public_id}); "
            "de instemming van een jaar wordt één keer vastgelegd.",
            field="budget_year",
        )
    return year


def _decisions(proposal: Proposal, rows: list[dict[str, Any]], actor: Any) -> list[PartyDecision]:
    agreement = proposal.agreement
    out: list[PartyDecision] = []
    seen: set[tuple[str, date]] = set()
    for i, row in enumerate(rows):
        prefix = f"decisions[{i}]." if len(rows) > 1 else ""
        party = _party(agreement, row.get("party"), f"{prefix}party")
        day = row.get("decided_on")
        if not isinstance(day, date):
            raise InvalidInput("decision.bad-date", "Moet een datum zijn (JJJJ-MM-DD).", field=f"{prefix}decided_on")
        outcome = row.get("outcome")
        if outcome not in PartyDecision.Outcome.values:
            raise InvalidInput(
                "decision.bad-outcome",
                f"Kies uit {', '.join(PartyDecision.Outcome.values)} (gekregen: {outcome!r}).",
                field=f"{prefix}outcome",
            )
        document = _text(row.get("document", ""), f"{prefix}document", DOCUMENT_MAX_LENGTH)
        if day < proposal.proposed_on:
            raise InvalidInput("decision.before-proposal", "Ligt vóór de datum van het voorstel.", field=f"{prefix}decided_on")
        if (party.code, day) in seen or PartyDecision.objects.filter(proposal=proposal, party=party, decided_on=day).exists():
            raise InvalidInput(
                "decision.duplicate", f"Er is al een besluit van {party.name} op deze dag over dit voorstel.", field=f"{prefix}decided_on"
            )
        seen.add((party.code, day))
        out.append(
            PartyDecision(
                proposal=proposal,
                party=party,
                decided_on=day,
                outcome=outcome,
                document=document,
                recorded_by=actor if hasattr(actor, "pk") else None,
            )
        )
    return out


@transaction.atomic
def record_decisions(*, actor: Any, proposal: Proposal, rows: list[dict[str, Any]]) -> list[PartyDecision]:
    """Record several parties' decisions at once (one transaction: all or none).

    Each row: party (code), decided_on (date), outcome (consent/refuse), document (reference, optional).
    A later decision of a party replaces its earlier one in the outcome (the latest counts); the
    earlier one stays recorded.
    """
    permissions.require(actor, "record_proposal")
    audit.lock_for_write()
    if not rows:
        raise InvalidInput("decision.none", "Vul minstens één besluit in.", field="decisions")
    decisions = _decisions(proposal, rows, actor)
    if proposal.is_amendment:
        _check(
            proposal.agreement,
            [amendment_decision(proposal, d) for d in decisions],
            {"party": "party", "date": "decided_on", "decision": "outcome"},
        )
    elif proposal.kind == Proposal.Kind.BUDGET:
        _check(
            proposal.agreement,
            [budget_decision(proposal, d) for d in decisions],
            {"party": "party", "date": "decided_on", "decision": "outcome", "year": "budget_year"},
        )
    for d in decisions:
        d.save()
        audit.append(actor=actor, action="proposal.decision", obj=d, after=snapshot(d), agreement=proposal.agreement.slug)
    return decisions


def record_decision(*, actor: Any, proposal: Proposal, party: str, decided_on: date, outcome: str, document: str = "") -> PartyDecision:
    """Record one party's decision on `proposal`."""
    return record_decisions(
        actor=actor, proposal=proposal, rows=[{"party": party, "decided_on": decided_on, "outcome": outcome, "document": document}]
    )[0]
