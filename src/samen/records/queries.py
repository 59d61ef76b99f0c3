"""Gather the recorded facts of an agreement and evaluate them with the rules."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.governance.models import Meeting
from samen.parties.models import Signature
from samen.records.models import RecordedFact
from samen.rules.facts import parse_fact
from samen.rules.scenario import Answer, evaluate


def recorded_facts(agreement: Agreement) -> list[dict[str, Any]]:
    """Every fact the database records for `agreement`, in the scenario format, in a stable order."""
    facts: list[dict[str, Any]] = []
    for s in Signature.objects.filter(agreement=agreement).select_related("party").order_by("signed_on", "party__position"):
        facts.append({"fact": "signed", "party": s.party.code, "date": s.signed_on.isoformat()})
    for m in Meeting.objects.filter(agreement=agreement).select_related("body").order_by("held_on", "pk"):
        facts.append({"fact": "meeting-held", "body": m.body.key, "date": m.held_on.isoformat()})
    for f in RecordedFact.objects.filter(agreement=agreement).order_by("occurred_on", "pk"):
        facts.append(dict(f.payload))
    return facts


def evaluate_recorded(
    agreement: Agreement,
    *,
    as_of: date,
    extra: Iterable[dict[str, Any]] = (),
    settings: dict[str, Any] | None = None,
) -> Answer:
    """The rules' conclusions over the recorded facts (plus hypothetical `extra` ones) as of `as_of`."""
    d = registry.definition(agreement.slug)
    raw = recorded_facts(agreement) + list(extra)
    parsed = [parse_fact(r, d, i) for i, r in enumerate(raw)]
    return evaluate(d, parsed, as_of, settings or {})
