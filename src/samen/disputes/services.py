"""Writes for disputes (art. 14): each step stores the fact the rules read and the texts they do not, in one
transaction with their audit entries.

The fact goes through `records.services.record_fact` (the rules' own parser and the checks between facts:
an unknown ref, a ref used twice, a date before the notice, a second resolution), inside the same
`transaction.atomic` as the `Dispute` or `DisputeStep` row that adds its texts: either both are stored or
neither is.

Who may record (docs/readings.md, "Disputes as a guided path"): the host's secretariat and the chair
(`record_dispute`); the costs of mediation are money, so also `record_finance_fact` (the secretariat).
Either way only for a dispute the actor may see (`permissions.may_view_dispute`); one they may not see is
"not found", as on the pages. A representative does not record a step: the notice is a letter to the other
parties and the chair (art. 14 lid 2), whose receipt the secretariat records with its date.

The written outcome (art. 14 lid 3) is e-mailed after the commit to the representatives of the parties
involved, the chair and the secretariat (`outcome_recipients`): the dispute stays confidential to them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from samen.accounts import permissions
from samen.accounts.models import Role, User
from samen.agreements.models import Agreement
from samen.audit import services as audit
from samen.audit.services import snapshot
from samen.core.errors import Conflict, InvalidInput, NotFound, Refused
from samen.disputes.models import Dispute, DisputeStep
from samen.records import services as records
from samen.records.models import RecordedFact
from samen.rules.facts import bad_text

TEXT_MAX_LENGTH = 20000
NAME_MAX_LENGTH = 200


def _text(value: Any, field: str, *, required: bool = False, max_length: int = TEXT_MAX_LENGTH) -> str:
    """A free text: a string of at most `max_length` storable characters (required: not blank)."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput("dispute.bad-text", "Dit veld is tekst.", field=field)
    value = value.strip()
    if required and not value:
        raise InvalidInput("dispute.required", "Vul dit veld in.", field=field, article="art. 14")
    if len(value) > max_length:
        raise InvalidInput("dispute.too-long", f"Hoogstens {max_length} tekens (gekregen: {len(value)}).", field=field)
    if bad_text(value):
        raise InvalidInput("dispute.bad-text", "De tekst bevat een ongeldig teken (een losse surrogaat of NUL).", field=field)
    return value


def _day(value: Any, field: str) -> str:
    if not isinstance(value, date):
        raise InvalidInput("dispute.bad-date", "Vul een datum in (JJJJ-MM-DD).", field=field)
    return value.isoformat()


def notice_of(agreement: Agreement, ref: str) -> RecordedFact | None:
    """The recorded `dispute-notified` fact of `ref`, or None."""
    return RecordedFact.objects.filter(agreement=agreement, kind="dispute-notified", payload__dispute=ref).order_by("pk").first()


def involved_of(notice: RecordedFact) -> tuple[str, ...]:
    p = notice.payload if isinstance(notice.payload, dict) else {}
    against = p.get("against") if isinstance(p.get("against"), list) else []
    return (str(p.get("by", "")), *map(str, against))


def dispute_for(actor: Any, agreement: Agreement, ref: str) -> tuple[RecordedFact, Dispute | None]:
    """The notice of `ref` and its rich record (None: notified with `samen record`), if `actor` may see it."""
    notice = notice_of(agreement, ref)
    if notice is None or not permissions.may_view_dispute(actor, involved_of(notice)):
        raise NotFound("dispute.unknown", f"Geschil {ref} bestaat niet.", field="dispute")
    return notice, Dispute.objects.filter(notice=notice).first()


def _facts_of(agreement: Agreement, ref: str, kind: str) -> list[RecordedFact]:
    return list(RecordedFact.objects.filter(agreement=agreement, kind=kind, payload__dispute=ref))


def _record(actor: Any, agreement: Agreement, raw: dict[str, Any], note: str = "") -> RecordedFact:
    return records.record_fact(actor=actor, agreement=agreement, raw=raw, note=note)


def _rich(actor: Any, agreement: Agreement, notice: RecordedFact) -> Dispute:
    """The dispute's rich record; one notified with `samen record` gets one now, without a subject."""
    found = Dispute.objects.filter(notice=notice).first()
    if found is not None:
        return found
    d = Dispute.objects.create(agreement=agreement, notice=notice, subject="", recorded_by=_user(actor))
    audit.append(actor=actor, action="dispute.adopt", obj=d, after=snapshot(d), agreement=agreement.slug)
    return d


def _user(actor: Any) -> Any:
    return actor if hasattr(actor, "pk") else None


def _open(agreement: Agreement, ref: str) -> None:
    """Refuse a further step once the dispute is resolved (art. 14 lid 3): only its mediation costs may follow."""
    if _facts_of(agreement, ref, "dispute-resolved"):
        raise Refused(
            "art-14.resolved", f"Geschil {ref} is al opgelost; er volgt geen stap meer.", field="dispute", article="art. 14 lid 3"
        )


def _step(actor: Any, dispute: Dispute, kind: str, *, fact: RecordedFact | None = None, **texts: Any) -> DisputeStep:
    step = DisputeStep.objects.create(dispute=dispute, kind=kind, fact=fact, recorded_by=_user(actor), **texts)
    audit.append(actor=actor, action=f"dispute.{kind}", obj=step, after=snapshot(step), agreement=dispute.agreement.slug)
    return step


@transaction.atomic
def notify_dispute(
    *,
    actor: Any,
    agreement: Agreement,
    ref: str,
    by: str,
    against: list[str],
    received_on: date,
    subject: str,
    proposed_solution: str = "",
) -> Dispute:
    """Record the receipt of a dispute's written notice (art. 14 lid 2): the fact the rules read and its texts."""
    permissions.require(actor, "record_dispute")
    audit.lock_for_write()
    subject = _text(subject, "subject", required=True)
    proposed_solution = _text(proposed_solution, "proposed_solution", required=True)
    if not isinstance(against, list) or not against:
        raise InvalidInput(
            "dispute.no-parties", "Kies de partij of partijen met wie het geschil is.", field="against", article="art. 14 lid 2"
        )
    raw = {"fact": "dispute-notified", "dispute": ref, "by": by, "against": list(against), "date": _day(received_on, "date")}
    notice = _record(actor, agreement, raw)
    d = Dispute.objects.create(
        agreement=agreement, notice=notice, subject=subject, proposed_solution=proposed_solution, recorded_by=_user(actor)
    )
    audit.append(actor=actor, action="dispute.notify", obj=d, after=snapshot(d), agreement=agreement.slug)
    return d


@transaction.atomic
def record_chair_phase(*, actor: Any, agreement: Agreement, ref: str, chaired_by: str, on: date, notes: str = "") -> DisputeStep:
    """Record the consultation under the chair (art. 14 lid 3): who chairs it, from when, how it goes.

    No fact: the rules count the six weeks from the notice. Refused when the chair is a party to the
    dispute (art. 14 lid 4, as the rules read it: `chair_involved`), and once recorded (one per dispute).
    """
    permissions.require(actor, "record_dispute")
    audit.lock_for_write()
    notice, _d = dispute_for(actor, agreement, ref)
    _open(agreement, ref)
    chaired_by = _text(chaired_by, "chaired_by", required=True, max_length=NAME_MAX_LENGTH)
    notes = _text(notes, "notes")
    _day(on, "date")
    if on < notice.occurred_on:  # type: ignore[operator]
        raise InvalidInput("dispute.date-order", "Deze datum ligt vóór de ontvangst van de melding.", field="date", article="art. 14 lid 3")
    if chair_is_party(agreement, ref):
        raise Refused(
            "art-14.chair-is-party",
            "De voorzitter is zelf partij bij dit geschil: er is geen overleg onder leiding van de voorzitter; "
            "de voorzitter verzoekt de gastheerorganisatie het geschil aan een mediator voor te dragen.",
            field="chaired_by",
            article="art. 14 lid 4",
        )
    d = _rich(actor, agreement, notice)
    if d.steps.filter(kind=DisputeStep.Kind.CHAIR_PHASE).exists():
        raise Conflict("dispute.chair-phase-recorded", "Het overleg onder leiding van de voorzitter is al vastgelegd.", field="chaired_by")
    return _step(actor, d, DisputeStep.Kind.CHAIR_PHASE, person=chaired_by, text=notes, on=on)


def chair_is_party(agreement: Agreement, ref: str) -> bool:
    """Whether the rules hold the chair to be a party to dispute `ref` (art. 14 lid 4, reading `chair_is_party`)."""
    from samen.records.answers import answer_json

    notice = notice_of(agreement, ref)
    as_of = notice.occurred_on if notice is not None and notice.occurred_on else date.today()
    for p in answer_json(agreement, as_of=as_of)["procedures"]:
        if p["procedure"] == "dispute" and p["ref"] == ref:
            return bool(p.get("chair_involved"))
    return False


@transaction.atomic
def start_mediation(*, actor: Any, agreement: Agreement, ref: str, mediator: str, started_on: date, note: str = "") -> DisputeStep:
    """Record that mediation started (art. 14 lid 4) with the recognised mediator the host put the dispute to."""
    permissions.require(actor, "record_dispute")
    audit.lock_for_write()
    notice, _d = dispute_for(actor, agreement, ref)
    _open(agreement, ref)
    mediator = _text(mediator, "mediator", required=True, max_length=NAME_MAX_LENGTH)
    note = _text(note, "note")
    fact = _record(actor, agreement, {"fact": "mediation-started", "dispute": ref, "date": _day(started_on, "date")})
    return _step(actor, _rich(actor, agreement, notice), DisputeStep.Kind.MEDIATION, fact=fact, person=mediator, text=note)


@transaction.atomic
def submit_to_gs(*, actor: Any, agreement: Agreement, ref: str, by: str, submitted_on: date, note: str = "") -> DisputeStep:
    """Record that a party put the dispute to Gedeputeerde Staten of Overijssel (art. 14 lid 5).

    `by` must be a party to the dispute. A submission before mediation ran its three months is
    recorded as it happened; the rules flag it (art-14.early-gs-submission).
    """
    permissions.require(actor, "record_dispute")
    audit.lock_for_write()
    notice, _d = dispute_for(actor, agreement, ref)
    _open(agreement, ref)
    note = _text(note, "note")
    if by not in involved_of(notice):
        raise Refused(
            "art-14.not-involved",
            "Alleen een partij bij het geschil kan het aan Gedeputeerde Staten voorleggen.",
            field="by",
            article="art. 14 lid 5",
        )
    fact = _record(actor, agreement, {"fact": "dispute-submitted-to-gs", "dispute": ref, "by": by, "date": _day(submitted_on, "date")})
    return _step(actor, _rich(actor, agreement, notice), DisputeStep.Kind.GS, fact=fact, text=note)


@transaction.atomic
def resolve(*, actor: Any, agreement: Agreement, ref: str, resolved_on: date, outcome: str) -> DisputeStep:
    """Record the solution with its written outcome (art. 14 lid 3) and, after the commit, e-mail that outcome."""
    permissions.require(actor, "record_dispute")
    audit.lock_for_write()
    notice, _d = dispute_for(actor, agreement, ref)
    _open(agreement, ref)
    outcome = _text(outcome, "outcome", required=True)
    fact = _record(actor, agreement, {"fact": "dispute-resolved", "dispute": ref, "date": _day(resolved_on, "date")})
    d = _rich(actor, agreement, notice)
    step = _step(actor, d, DisputeStep.Kind.RESOLUTION, fact=fact, text=outcome)
    recipients = outcome_recipients(agreement, involved_of(notice))
    transaction.on_commit(lambda: send_outcome(d, ref, resolved_on, outcome, recipients))
    return step


@transaction.atomic
def record_mediation_costs(*, actor: Any, agreement: Agreement, ref: str, amount: Decimal, on: date, note: str = "") -> DisputeStep:
    """Record costs of the mediation (art. 14 lid 6); the rules share them among the parties involved."""
    permissions.require(actor, "record_dispute")
    permissions.require(actor, "record_finance_fact")
    audit.lock_for_write()
    notice, _d = dispute_for(actor, agreement, ref)
    note = _text(note, "note")
    if not _facts_of(agreement, ref, "mediation-started"):
        raise Refused("art-14.no-mediation", "Er is voor dit geschil geen mediation begonnen.", field="amount", article="art. 14 lid 6")
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput("dispute.bad-amount", "Vul een bedrag in euro's in, in hele centen, bijv. 1250,00.", field="amount")
    fact = _record(actor, agreement, {"fact": "mediation-costs", "dispute": ref, "amount": f"{amount:.2f}", "date": _day(on, "date")}, note)
    return _step(actor, _rich(actor, agreement, notice), DisputeStep.Kind.COSTS, fact=fact)


def outcome_recipients(agreement: Agreement, involved: tuple[str, ...]) -> list[str]:
    """The e-mail addresses the written outcome goes to: the active users who may see the dispute and have one."""
    users = User.objects.filter(is_active=True).exclude(email="").filter(role__in=[Role.SECRETARIAT, Role.CHAIR, Role.REPRESENTATIVE])
    users = users.filter(Q(agreement=agreement) | Q(agreement__isnull=True))
    return sorted({u.email for u in users.select_related("party") if permissions.may_view_dispute(u, involved)})


def send_outcome(dispute: Dispute, ref: str, resolved_on: date, outcome: str, recipients: list[str]) -> int:
    """E-mail the written outcome (art. 14 lid 3) to `recipients`, one message each (nobody sees the others' address)."""
    subject = f"Geschil {ref} is opgelost (art. 14 lid 3)"
    body = (
        f"Geschil {ref}: {dispute.subject}\n\n"
        f"Op {resolved_on.isoformat()} is een oplossing vastgelegd. De schriftelijke uitkomst:\n\n{outcome}\n\n"
        "Dit bericht gaat alleen naar de betrokken partijen, de voorzitter en het secretariaat (art. 14 lid 3)."
    )
    sent = 0
    for address in recipients:
        sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)
    return sent
