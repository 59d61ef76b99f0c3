"""Record a fact the rules know, validated by the rules' own parser before it is written."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from samen.accounts import permissions
from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.audit import services as audit
from samen.audit.services import snapshot
from samen.core.errors import InvalidInput, Refused
from samen.records.models import RecordedFact
from samen.rules.facts import ScenarioError, parse_fact

# These facts have tables of their own (they carry more than the rules need).
OWN_TABLES = {"signed": "record_signature", "meeting-held": "record_meeting"}


def validate_fact(*, agreement: Agreement, raw: dict[str, Any]) -> Any:
    """Parse `raw` with the rules' parser; InvalidInput or Refused names the field (and article)."""
    try:
        return parse_fact(raw, registry.definition(agreement.slug), None)
    except ScenarioError as e:
        first = e.errors[0]
        cls = Refused if first.code.startswith("art-") else InvalidInput
        # A single fact's fields are named on their own ("date"), not as part of a scenario.
        field = first.field.removeprefix("fact.")
        raise cls(first.code, first.message, field=field) from None


@transaction.atomic
def record_fact(*, actor: Any, agreement: Agreement, raw: dict[str, Any], note: str = "", example_figure: bool = False) -> RecordedFact:
    """Store one fact in the scenario format after validating it (the audit entry holds it too)."""
    kind = raw.get("fact") if isinstance(raw, dict) else None
    if kind in OWN_TABLES:
        raise InvalidInput("fact.own-table", f"Leg '{kind}' vast met {OWN_TABLES[kind]}.", field="fact")
    action = "record_finance_fact" if kind in permissions.FINANCE_FACTS else "record_fact"
    permissions.require(actor, action)
    fact = validate_fact(agreement=agreement, raw=raw)
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
