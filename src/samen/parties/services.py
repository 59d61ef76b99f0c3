"""Writes for parties, people and signatures. Art. 8 closes the list of parties."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from samen.accounts import permissions
from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.audit import services as audit
from samen.audit.services import snapshot
from samen.core.errors import Conflict, InvalidInput, Refused
from samen.parties.models import ChainPartner, Participant, Party, Person, Signature

ART_8 = "art. 8 lid 1"


def check_may_join(*, agreement: Agreement, code: str) -> None:
    """Refuse any party the agreement does not list (art. 8: membership is closed)."""
    d = registry.definition(agreement.slug)
    if not d.is_party(code):
        raise Refused(
            "art-8.closed-membership",
            f"{code} kan geen partij worden: buiten de partijen die de overeenkomst noemt is toetreding niet mogelijk (art. 8 lid 1).",
            field="code",
            article=ART_8,
        )


@transaction.atomic
def add_party(*, actor: Any, agreement: Agreement, code: str, name: str = "") -> Party:
    """Add a party the agreement lists; any other party is refused with art-8.closed-membership.

    Art. 8 is checked first, so whoever asks hears that the membership is closed (the list of
    parties is public); only then whether their role may add a listed party.
    """
    audit.lock_for_write()  # before reading the parties it checks against
    code = (code or "").strip().upper()
    if not code:
        raise InvalidInput("party.code-required", "Geef de code van de partij op (bijvoorbeeld GM0153).", field="code")
    check_may_join(agreement=agreement, code=code)
    permissions.require(actor, "manage_parties")
    if Party.objects.filter(agreement=agreement, code=code).exists():
        raise Conflict("party.exists", f"{code} is al partij bij deze overeenkomst.", field="code")
    listed = registry.definition(agreement.slug).party(code)
    if name and name.strip() != listed.name:
        raise InvalidInput("party.name-mismatch", f"De overeenkomst noemt {code} '{listed.name}', niet '{name}'.", field="name")
    return _create_listed_party(actor=actor, agreement=agreement, code=code)


def _create_listed_party(*, actor: Any, agreement: Agreement, code: str) -> Party:
    d = registry.definition(agreement.slug)
    listed = d.party(code)
    party = Party.objects.create(agreement=agreement, code=code, name=listed.name, kind=listed.kind, position=d.party_codes.index(code))
    audit.append(actor=actor, action="party.add", obj=party, after=snapshot(party), agreement=agreement.slug)
    add_person(actor=actor, agreement=agreement, name=listed.representative, function=listed.function, party=party)
    return party


@transaction.atomic
def add_person(
    *, actor: Any, agreement: Agreement, name: str, function: str = "", party: Party | None = None, participant: Participant | None = None
) -> Person:
    """Record a person: a party's or participant's representative, or host staff (neither)."""
    permissions.require(actor, "manage_parties")
    if not name.strip():
        raise InvalidInput("person.name-required", "Geef de naam van de persoon op.", field="name")
    if party is not None and participant is not None:
        raise InvalidInput(
            "person.one-organisation", "Een persoon hoort bij een partij of bij een deelnemer, niet bij beide.", field="participant"
        )
    for org, field in ((party, "party"), (participant, "participant")):
        if org is not None and org.agreement_id != agreement.pk:
            raise InvalidInput("person.other-agreement", "Die organisatie hoort bij een andere overeenkomst.", field=field)
    person = Person.objects.create(agreement=agreement, name=name.strip(), function=function, party=party, participant=participant)
    audit.append(actor=actor, action="person.add", obj=person, after=snapshot(person), agreement=agreement.slug)
    return person


def ensure_listed_parties(*, actor: Any, agreement: Agreement) -> None:
    """Create the parties, participants and chain partners the definition lists and that are missing."""
    d = registry.definition(agreement.slug)
    have = set(Party.objects.filter(agreement=agreement).values_list("code", flat=True))
    for code in d.party_codes:
        if code not in have:
            _create_listed_party(actor=actor, agreement=agreement, code=code)
    for p in d.participants:
        participant, created = Participant.objects.get_or_create(
            agreement=agreement, code=p.code, defaults={"name": p.name, "kind": p.kind}
        )
        if created:
            audit.append(actor=actor, action="participant.add", obj=participant, after=snapshot(participant), agreement=agreement.slug)
    for c in d.chain_partners:
        partner, created = ChainPartner.objects.get_or_create(agreement=agreement, key=c.key, defaults={"name": c.name})
        if created:
            audit.append(actor=actor, action="chain-partner.add", obj=partner, after=snapshot(partner), agreement=agreement.slug)


@transaction.atomic
def record_signature(*, actor: Any, party: Party, signed_on: date, signed_by: Person | None = None) -> Signature:
    """Record that `party` signed the agreement on `signed_on` (Ondertekening)."""
    permissions.require(actor, "record_signature")
    audit.lock_for_write()  # before checking that no signature exists
    if signed_by is not None and signed_by.party_id != party.pk:
        raise InvalidInput("signature.signer-not-of-party", f"{signed_by} vertegenwoordigt niet {party.name}.", field="signed_by")
    if Signature.objects.filter(party=party).exists():
        raise Refused("signature.exists", f"De ondertekening door {party.name} is al vastgelegd.", field="party")
    if signed_by is None:
        signed_by = party.people.order_by("pk").first()
    signature = Signature.objects.create(agreement=party.agreement, party=party, signed_on=signed_on, signed_by=signed_by)
    audit.append(actor=actor, action="signature.record", obj=signature, after=snapshot(signature), agreement=party.agreement.slug)
    return signature
