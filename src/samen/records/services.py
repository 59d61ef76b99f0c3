"""Record a fact the rules know, validated by the rules' own parser before it is written."""

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
from samen.records.models import RecordedFact
from samen.records.queries import recorded_facts
from samen.rules.facts import Fact, FieldError, ScenarioError, check_consistency, parse_fact

# These facts have tables of their own (they carry more than the rules need: the signer, the
# meeting's title), recorded by parties.services.record_signature and governance.services.record_meeting.
OWN_TABLES = {"signed": "ondertekeningen", "meeting-held": "vergaderingen"}


def _refusal(error: FieldError) -> InvalidInput | Refused:
    cls = Refused if error.code.startswith("art-") else InvalidInput
    # A single fact's fields are named on their own ("date"), not as part of a scenario.
    field = re.sub(r"^(fact|facts\[\d+\])\.", "", error.field)
    return cls(error.code, error.message, field=field)


def validate_fact(*, agreement: Agreement, raw: dict[str, Any]) -> Fact:
    """Parse `raw` with the rules' parser and check it against the facts already recorded.

    The checks between facts are the ones a scenario gets (rules.facts.check_consistency): a
    reference to a dispute or amendment that was never notified, a ref used twice, a date before
    the notice it follows. InvalidInput or Refused names the field (and article).
    """
    d = registry.definition(agreement.slug)
    try:
        fact = parse_fact(raw, d, None)
    except ScenarioError as e:
        raise _refusal(e.errors[0]) from None
    recorded = [parse_fact(r, d, i) for i, r in enumerate(recorded_facts(agreement))]
    new_index = len(recorded)
    problems = [e for e in check_consistency([*recorded, fact]) if e.index == new_index]
    if problems:
        raise _refusal(problems[0])
    return fact


@transaction.atomic
def record_fact(*, actor: Any, agreement: Agreement, raw: dict[str, Any], note: str = "", example_figure: bool = False) -> RecordedFact:
    """Store one fact in the scenario format after validating it (the audit entry holds it too)."""
    kind = raw.get("fact") if isinstance(raw, dict) else None
    action = "record_finance_fact" if kind in permissions.FINANCE_FACTS else "record_fact"
    permissions.require(actor, action)
    fact = validate_fact(agreement=agreement, raw=raw)
    if fact.kind in OWN_TABLES:
        raise InvalidInput(
            "fact.own-table",
            f"'{fact.kind}' heeft een eigen registratie ({OWN_TABLES[fact.kind]}, in het beheer onder /beheer/); leg het daar vast.",
            field="fact",
        )
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
