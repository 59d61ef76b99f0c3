"""Record a fact the rules know, validated by the rules' own parser before it is written."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from samen.accounts import permissions
from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.audit import services as audit
from samen.audit.services import snapshot
from samen.core.errors import Conflict, InvalidInput, NotFound, Refused
from samen.records.models import FactCorrection, RecordedFact, StepDetail
from samen.records.queries import consistent_facts, stored_facts
from samen.rules.facts import Fact, FieldError, ScenarioError, bad_text, check_consistency, parse_fact

# These facts have tables of their own (they carry more than the rules need: the signer, the
# meeting's title), recorded by parties.services.record_signature and governance.services (plan_meeting, record_held);
# amendments and the parties' decisions on them by proposals.services (pages under /overeenkomsten/<slug>/voorstellen/).
OWN_TABLES = {
    "signed": "ondertekeningen, in het beheer onder /beheer/",
    "meeting-held": "vergaderingen, op de pagina Vergaderingen",
    "meeting-planned": "vergaderingen, op de pagina Vergaderingen",
    "meeting-cancelled": "vergaderingen, op de pagina Vergaderingen",
    "amendment-requested": "voorstellen, op de pagina Voorstellen van de overeenkomst",
    "amendment-decided": "besluiten van de partijen, op de pagina van het voorstel",
    # Projected from the decisions on a budget proposal (records.queries.proposal_facts; art. 6, art. 5 lid 3).
    "budget-decided": "besluiten van de partijen over de begroting, op de pagina van het voorstel tot instemming met de begroting",
    # Projected from the memberships (records.queries.membership_facts): recorded on the page of the body.
    "chair-elected": "leden van het bestuurlijk overleg, op de pagina Organen",
    "core-group-composed": "leden van de kerngroep, op de pagina Organen",
    # Projected from the commitments (samen.budgets, art. 4 lid 4): recorded on the budget page of the year.
    "commitment-made": "verplichtingen, op de pagina Begroting onder Financiën",
}
# A note is a short remark for the host's staff, not a document store.
NOTE_MAX_LENGTH = 2000


def _refusal(error: FieldError) -> InvalidInput | Refused:
    cls = Refused if error.code.startswith("art-") else InvalidInput
    # A single fact's fields are named on their own ("date"), not as part of a scenario.
    field = re.sub(r"^(fact|facts\[\d+\])\.", "", error.field)
    return cls(error.code, error.message, field=field)


def validate_fact(*, agreement: Agreement, raw: dict[str, Any]) -> Fact:
    """Parse `raw` with the rules' parser and check it against the facts already recorded.

    The checks between facts are the ones a scenario gets (rules.facts.check_consistency): a
    reference to a dispute or amendment that was never notified, a ref used twice, a date before
    the notice it follows. A stored fact the rules no longer accept with the others is left out
    of the comparison, as it is of every evaluation. InvalidInput or Refused names the field (and
    article). An exact repeat of a recorded fact (two identical extra costs, art. 7 lid 4) is
    refused with `fact.duplicate` (docs/readings.md).
    """
    d = registry.definition(agreement.slug)
    try:
        fact = parse_fact(raw, d, None)
    except ScenarioError as e:
        raise _refusal(e.errors[0]) from None
    kept, _problems = consistent_facts(stored_facts(agreement, None), d)
    recorded = [f for _, f in kept]
    new_index = len(recorded)
    problems = [e for e in check_consistency([*recorded, fact]) if e.index == new_index]
    if problems:
        raise _refusal(problems[0])
    payload = fact.to_json()
    for stored, _fact in kept:
        if stored.label and stored.fact == payload:
            field = "amount" if "amount" in payload else "date" if "date" in payload else "fact"
            raise InvalidInput(
                "fact.duplicate",
                f"Precies dit {fact.kind}-feit is al vastgelegd (feit {stored.label}); twee keer vastleggen telt het twee keer. "
                "Is het een tweede, gelijke post, leg dan één feit vast met het totaal en zeg in de notitie wat het omvat.",
                field=field,
            )
    return fact


def check_note(note: Any) -> str:
    """A note: text of at most NOTE_MAX_LENGTH characters, storable Unicode (no lone surrogate, no NUL)."""
    if not isinstance(note, str):
        raise InvalidInput("fact.bad-note", "Een notitie is tekst.", field="note")
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput(
            "fact.note-too-long", f"Een notitie is hoogstens {NOTE_MAX_LENGTH} tekens lang (gekregen: {len(note)}).", field="note"
        )
    if bad_text(note):
        raise InvalidInput("fact.bad-note", "De notitie bevat een ongeldig teken (een losse surrogaat of NUL).", field="note")
    return note


def _check_no_budget_proposal(agreement: Agreement, year: int) -> None:
    """The consent of a year is stored once: a year with a budget proposal gets its consent from the parties' decisions."""
    from samen.proposals.models import Proposal

    proposal = Proposal.objects.filter(agreement=agreement, kind=Proposal.Kind.BUDGET, budget_year=year).first()
    if proposal is not None:
        raise InvalidInput(
            "fact.budget-proposal",
            f"Voor {year} is er een voorstel tot instemming met de begroting ({proposal.ref}): de instemming volgt uit de "
            "besluiten van de partijen op de pagina van dat voorstel (art. 6, art. 5 lid 3).",
            field="year",
        )


@transaction.atomic
def record_fact(*, actor: Any, agreement: Agreement, raw: dict[str, Any], note: str = "", example_figure: bool = False) -> RecordedFact:
    """Store one fact in the scenario format after validating it (the audit entry holds it too).

    The write lock is taken before anything is read (`audit.lock_for_write`), so that two writers
    cannot both validate against the same facts and both write (on PostgreSQL, under read committed).
    """
    kind = raw.get("fact") if isinstance(raw, dict) else None
    action = "record_finance_fact" if isinstance(kind, str) and kind in permissions.FINANCE_FACTS else "record_fact"
    permissions.require(actor, action)
    note = check_note(note)
    audit.lock_for_write()
    fact = validate_fact(agreement=agreement, raw=raw)
    if fact.kind in OWN_TABLES:
        raise InvalidInput(
            "fact.own-table",
            f"'{fact.kind}' heeft een eigen registratie ({OWN_TABLES[fact.kind]}); leg het daar vast.",
            field="fact",
        )
    if fact.kind == "budget-adopted" and "lines" in raw:
        raise InvalidInput(
            "fact.own-table",
            "De begrotingsposten staan in de begroting van het jaar (pagina Begroting onder Financiën); leg de vaststelling "
            "vast zonder lines: de posten worden erbij gelezen (art. 6).",
            field="lines",
        )
    if fact.kind == "budget-consented":
        _check_no_budget_proposal(agreement, fact.to_json()["year"])
    payload = fact.to_json()
    occurred = payload.get("date")
    record = RecordedFact.objects.create(
        agreement=agreement,
        kind=payload["fact"],
        payload=payload,
        occurred_on=date.fromisoformat(occurred) if isinstance(occurred, str) else None,
        note=note,
        example_figure=example_figure,
        recorded_by=actor if hasattr(actor, "pk") else None,
    )
    audit.append(actor=actor, action=f"fact.{record.kind}", obj=record, after=snapshot(record), agreement=agreement.slug)
    return record


# --- corrections (issue 9): a wrong fact is withdrawn, never edited or deleted ---------------------------

REASON_MAX_LENGTH = 2000


def _action_for(kind: str) -> str:
    """The permission that records (and so corrects) a fact of `kind`: finance facts by finance, others by record_fact."""
    return "record_finance_fact" if kind in permissions.FINANCE_FACTS else "record_fact"


@transaction.atomic
def correct_fact(*, actor: Any, record: RecordedFact, reason: str) -> FactCorrection:
    """Withdraw a recorded fact that was recorded wrongly, with the reason (it stays listed and in the audit chain).

    From then on `records.queries.stored_facts` leaves it out of every evaluation; the right fact, if
    any, is recorded anew. Refused when it is already withdrawn (`correction.already-withdrawn`) or when
    the facts left would contradict each other (`correction.breaks-others`: a dispute's notice while its
    follow-ups stay; withdraw those first). Needs the permission that records a fact of its kind.
    """
    permissions.require(actor, _action_for(record.kind))
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        raise InvalidInput("correction.reason-required", "Geef de reden van de correctie.", field="reason")
    if len(reason) > REASON_MAX_LENGTH or bad_text(reason):
        raise InvalidInput("correction.bad-reason", f"Een reden is tekst van hoogstens {REASON_MAX_LENGTH} geldige tekens.", field="reason")
    audit.lock_for_write()
    if FactCorrection.objects.filter(fact=record).exists():
        raise Conflict("correction.already-withdrawn", "Dit feit is al ingetrokken door een correctie.", field="fact")
    agreement = record.agreement
    d = registry.definition(agreement.slug)
    stored = stored_facts(agreement, None)
    rest = [x for x in stored if x.label != str(record.public_id)]
    _kept, before = consistent_facts(stored, d)
    _kept, after = consistent_facts(rest, d)
    known = {(p.stored.label, repr(p.stored.fact)) for p in before}
    broken = [p for p in after if (p.stored.label, repr(p.stored.fact)) not in known]
    if broken:
        other = broken[0].stored
        raise Refused(
            "correction.breaks-others",
            f"Zonder dit feit klopt een ander vastgelegd feit niet meer ({other.fact.get('fact')} {other.label}): "
            f"{broken[0].error.message} Trek dat eerst in.",
            field="fact",
        )
    correction = FactCorrection.objects.create(fact=record, reason=reason, corrected_by=actor if hasattr(actor, "pk") else None)
    audit.append(actor=actor, action="fact.corrected", obj=correction, after=snapshot(correction), agreement=agreement.slug)
    return correction


def fact_by_id(agreement: Agreement, public_id: Any) -> RecordedFact:
    """The recorded fact of `agreement` named by its public id, or NotFound."""
    try:
        return RecordedFact.objects.get(agreement=agreement, public_id=public_id)
    except (RecordedFact.DoesNotExist, ValueError, ValidationError):  # a malformed UUID is not found either
        raise NotFound("fact.unknown", "Dit feit bestaat niet.", field="fact") from None


# --- procedure steps (issue 9): the fact the rules read, with what the rules do not read ------------------

DETAIL_MAX_LENGTH = 5000


@transaction.atomic
def record_step(
    *,
    actor: Any,
    agreement: Agreement,
    raw: dict[str, Any],
    note: str = "",
    reference: str = "",
    text: str = "",
    agenda_item: Any = None,
) -> RecordedFact:
    """Record one step of a procedure (withdrawal, evaluation, budget) in one transaction: the fact the rules
    read (`record_fact`, validated by the rules) and, when given, its `StepDetail` (the letter's or report's
    reference, the outcome text, the board's decision as an agenda item of a held meeting of this agreement).
    """
    reference = reference.strip() if isinstance(reference, str) else ""
    text = text.strip() if isinstance(text, str) else ""
    if len(reference) > 200 or bad_text(reference):
        raise InvalidInput("step.bad-reference", "Een kenmerk is tekst van hoogstens 200 tekens.", field="reference")
    if len(text) > DETAIL_MAX_LENGTH or bad_text(text):
        raise InvalidInput("step.bad-text", f"Een toelichting is tekst van hoogstens {DETAIL_MAX_LENGTH} tekens.", field="text")
    record = record_fact(actor=actor, agreement=agreement, raw=raw, note=note)
    if agenda_item is not None:
        from samen.governance.models import Meeting

        meeting = agenda_item.meeting
        if meeting.agreement_id != agreement.pk:
            raise InvalidInput("step.agenda-item-unknown", "Dit agendapunt hoort niet bij deze overeenkomst.", field="agenda_item")
        if meeting.status != Meeting.Status.HELD:
            raise Refused(
                "step.agenda-item-not-held",
                "Een besluit komt uit een gehouden vergadering; deze vergadering is niet (als gehouden) vastgelegd.",
                field="agenda_item",
            )
    if reference or text or agenda_item is not None:
        detail = StepDetail.objects.create(fact=record, reference=reference, text=text, agenda_item=agenda_item)
        audit.append(actor=actor, action="fact.detail", obj=detail, after=snapshot(detail), agreement=agreement.slug)
    return record
