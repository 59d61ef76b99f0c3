"""Gather the recorded facts of an agreement, evaluate them with the rules, and show the answer as a user may see it.

Who may see what is decided by `accounts.permissions` (`may_view_dispute`, `amount_scope`); this
module applies it, once, for every interface: the pages and `GET /api/v1/agreements/{slug}/check`
both call `evaluate_recorded(..., actor=user)` and then `visible_to(user, answer_json)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from samen.accounts.permissions import amount_scope, may_view_dispute, party_code
from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.governance.models import Meeting
from samen.parties.models import Signature
from samen.records.models import RecordedFact
from samen.rules.facts import ScenarioError, check_consistency, parse_fact
from samen.rules.scenario import Answer, evaluate

# Facts that belong to a dispute (they carry its ref in `dispute`).
DISPUTE_FACTS = frozenset({"dispute-notified", "dispute-resolved", "mediation-started", "dispute-submitted-to-gs", "mediation-costs"})


def dispute_parties(facts: Iterable[dict[str, Any]]) -> dict[str, set[str]]:
    """The parties involved in each dispute (the one who notified it and those it is against), by ref."""
    out: dict[str, set[str]] = {}
    for f in facts:
        if f.get("fact") == "dispute-notified":
            out.setdefault(str(f.get("dispute", "")), set()).update([str(f.get("by", "")), *map(str, f.get("against", []))])
    return out


def visible_facts(actor: Any, facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`facts` without the facts of disputes `actor` may not see (a dispute without a known notice counts as not visible)."""
    involved = dispute_parties(facts)
    return [f for f in facts if f.get("fact") not in DISPUTE_FACTS or may_view_dispute(actor, involved.get(str(f.get("dispute", ""))))]


def recorded_facts(agreement: Agreement, *, actor: Any = None) -> list[dict[str, Any]]:
    """Every fact the database records for `agreement` that `actor` may see (None: the system, all), in the scenario
    format, in a stable order."""
    facts: list[dict[str, Any]] = []
    for s in Signature.objects.filter(agreement=agreement).select_related("party").order_by("signed_on", "party__position"):
        facts.append({"fact": "signed", "party": s.party.code, "date": s.signed_on.isoformat()})
    for m in Meeting.objects.filter(agreement=agreement).select_related("body").order_by("held_on", "pk"):
        facts.append({"fact": "meeting-held", "body": m.body.key, "date": m.held_on.isoformat()})
    for f in RecordedFact.objects.filter(agreement=agreement).order_by("occurred_on", "pk"):
        facts.append(dict(f.payload))
    return visible_facts(actor, facts)


def visible_records(actor: Any, records: Iterable[RecordedFact]) -> list[RecordedFact]:
    """The RecordedFact rows `actor` may see (for lists of recorded facts)."""
    rows = list(records)
    involved = dispute_parties(r.payload for r in rows)
    return [r for r in rows if r.kind not in DISPUTE_FACTS or may_view_dispute(actor, involved.get(str(r.payload.get("dispute", ""))))]


def evaluate_recorded(
    agreement: Agreement,
    *,
    as_of: date,
    extra: Iterable[dict[str, Any]] = (),
    settings: dict[str, Any] | None = None,
    actor: Any = None,
    language: str = "nl",
) -> Answer:
    """The rules' conclusions over the recorded facts (plus hypothetical `extra` ones) as of `as_of`,
    their texts in `language` ("nl" or "en"; the pages pass the active Django language).

    With an `actor`, the facts of disputes they may not see are left out before evaluating, so
    that nothing about them (a note on later facts, an error on a hypothetical fact reusing the
    ref) can reach them; disputes only ever change the dispute's own conclusions.
    """
    recorded = recorded_facts(agreement, actor=actor)
    extra = list(extra)
    d = registry.definition(agreement.slug)
    parsed = [parse_fact(r, d, i) for i, r in enumerate([*recorded, *extra])]
    # The same checks between facts as a scenario gets (a reference to an unknown dispute, a ref
    # used twice...). Recorded facts pass them (record_fact checks), so an error names `extra`;
    # except that a hypothetical fact repeating a recorded one of the same kind and key ("what if
    # the cost per FTE for 2026 were ...") replaces it: that is what a what-if asks.
    errors = check_consistency(parsed)
    replaced = {
        e.duplicates for e in errors if e.code == "scenario.duplicate-fact" and e.duplicates is not None and e.duplicates < len(recorded)
    }
    if replaced:
        parsed = [f for i, f in enumerate(parsed) if i not in replaced]
        errors = [e for e in errors if not (e.code == "scenario.duplicate-fact" and e.duplicates in replaced)]
    if errors:
        raise ScenarioError(errors)
    return evaluate(d, parsed, as_of, settings or {}, language=language)


def visible_to(actor: Any, answer: dict[str, Any], *, own_facts: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """An answer's JSON (`Answer.to_json()`) with what `actor` may not see left out.

    Disputes (their procedure, deadlines, art. 14 findings and mediation costs) only for who may
    view them (`permissions.may_view_dispute`); disputes `actor` notified themselves in
    `own_facts` (hypothetical facts of a what-if) are theirs to see. Amounts: all, only their own
    party's, or none (`permissions.amount_scope`).
    """
    involved = {p["ref"]: {p.get("by", ""), *p.get("against", [])} for p in answer.get("procedures", []) if p.get("procedure") == "dispute"}
    own = {str(f.get("dispute", "")) for f in own_facts if isinstance(f, dict) and f.get("fact") == "dispute-notified"}
    shown = {ref for ref, parties in involved.items() if ref in own or may_view_dispute(actor, parties)}

    def dispute_ok(item: dict[str, Any]) -> bool:
        ref = str(item.get("ref", ""))
        return ref in shown if ref in involved else may_view_dispute(actor, None)

    out = dict(answer)
    out["deadlines"] = [d for d in answer.get("deadlines", []) if d["procedure"] != "dispute" or dispute_ok(d)]
    out["procedures"] = [p for p in answer.get("procedures", []) if p["procedure"] != "dispute" or dispute_ok(p)]
    out["findings"] = [f for f in answer.get("findings", []) if not f["code"].startswith("art-14.") or dispute_ok(f)]
    scope = amount_scope(actor)
    own_party = party_code(actor)
    amounts = [a for a in answer.get("amounts", []) if scope == "all" or (scope == "own" and a["party"] == own_party)]
    out["amounts"] = [a for a in amounts if a["kind"] != "mediation-costs" or dispute_ok(a)]
    return out
