"""Proposals and the parties' decisions (issue 8): services, the one projection into facts, pages."""

from __future__ import annotations

from datetime import date

import pytest

from samen.audit.models import AuditEntry
from samen.core.errors import InvalidInput, NotAllowed, Refused
from samen.parties.models import Party
from samen.proposals import services
from samen.proposals.models import PartyDecision, Proposal
from samen.records import services as records
from samen.records.queries import evaluate_recorded, recorded_facts

pytestmark = pytest.mark.django_db

ACTOR = "system:test"


def _codes(agreement):
    return list(Party.objects.filter(agreement=agreement).order_by("position").values_list("code", flat=True))


def _amendment(agreement, ref="W-2026-1", **kw):
    args = {
        "actor": ACTOR,
        "agreement": agreement,
        "ref": ref,
        "subject": "Opzegtermijn naar 12 maanden",
        "kind": "amendment",
        "proposed_on": date(2026, 3, 1),
        "proposed_by": "GM0153",
        "parameters": {"withdrawal.notice_months": 12},
        "end_date": date(2030, 12, 31),
    }
    return services.create_proposal(**{**args, **kw})


def _all_consent(agreement, proposal, day=date(2026, 4, 1)):
    rows = [{"party": c, "decided_on": day, "outcome": "consent", "document": f"besluit {c}"} for c in _codes(agreement)]
    return services.record_decisions(actor=ACTOR, proposal=proposal, rows=rows)


def _amendment_state(agreement, ref, as_of=date(2026, 6, 1)):
    answer = evaluate_recorded(agreement, as_of=as_of)
    return next(p for p in answer.procedures if p.procedure == "amendment" and p.ref == ref)


def test_projection_gives_the_facts_the_rules_read(twente):
    p = _amendment(twente)
    services.record_decision(actor=ACTOR, proposal=p, party="GM0164", decided_on=date(2026, 3, 10), outcome="consent", document="B-1")
    facts = [f for f in recorded_facts(twente) if f["fact"].startswith("amendment")]
    assert facts == [
        {
            "fact": "amendment-requested",
            "amendment": "W-2026-1",
            "by": "GM0153",
            "date": "2026-03-01",
            "end_date": "2030-12-31",
            "parameters": {"withdrawal.notice_months": 12},
        },
        {"fact": "amendment-decided", "amendment": "W-2026-1", "party": "GM0164", "decision": "consent", "date": "2026-03-10"},
    ]
    assert _amendment_state(twente, "W-2026-1").state == "pending"


def test_fifteen_consents_adopt_the_amendment_and_move_the_end(twente):
    p = _amendment(twente)
    assert len(_codes(twente)) == 15
    _all_consent(twente, p)
    state = _amendment_state(twente, "W-2026-1")
    assert state.state == "adopted"
    assert state.since == date(2026, 4, 1)
    answer = evaluate_recorded(twente, as_of=date(2026, 6, 1))
    term = next(x for x in answer.procedures if x.procedure == "term")
    assert term.to_json()["end"] == "2030-12-31"


def test_latest_decision_of_a_party_counts(twente):
    p = _amendment(twente)
    services.record_decision(actor=ACTOR, proposal=p, party="GM0164", decided_on=date(2026, 3, 10), outcome="refuse")
    assert _amendment_state(twente, "W-2026-1").state == "rejected"
    services.record_decision(actor=ACTOR, proposal=p, party="GM0164", decided_on=date(2026, 3, 20), outcome="consent")
    _all_consent(twente, p)
    assert _amendment_state(twente, "W-2026-1").state == "adopted"
    assert PartyDecision.objects.filter(proposal=p, party__code="GM0164").count() == 3


def test_decisions_in_one_go_are_all_or_nothing(twente):
    p = _amendment(twente)
    rows = [{"party": c, "decided_on": date(2026, 4, 1), "outcome": "consent"} for c in _codes(twente)]
    rows[7]["outcome"] = "maybe"
    with pytest.raises(InvalidInput) as e:
        services.record_decisions(actor=ACTOR, proposal=p, rows=rows)
    assert e.value.field == "decisions[7].outcome"
    assert PartyDecision.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"parameters": {"withdrawal.notice_months": 0}}, "parameters.withdrawal.notice_months", "scenario.bad-parameter"),
        ({"parameters": {"no.such": 1}}, "parameters.no.such", "scenario.unknown-parameter"),
        ({"end_date": date(2020, 1, 1)}, "end_date", "art-12.bad-end-date"),
        ({"proposed_by": None}, "proposed_by", "art-12.requested-by"),
        ({"ref": "met spatie"}, "ref", "proposal.bad-ref"),
        ({"subject": " "}, "subject", "proposal.missing"),
        ({"kind": "budget"}, "parameters", "proposal.not-an-amendment"),
    ],
)
def test_bad_proposal_names_the_field(twente, change, field, code):
    with pytest.raises((InvalidInput, Refused)) as e:
        _amendment(twente, **change)
    assert (e.value.field, e.value.code) == (field, code)
    assert Proposal.objects.count() == 0


def test_decision_before_the_proposal_or_twice_a_day_is_refused(twente):
    p = _amendment(twente)
    with pytest.raises(InvalidInput) as e:
        services.record_decision(actor=ACTOR, proposal=p, party="GM0164", decided_on=date(2026, 2, 1), outcome="consent")
    assert e.value.field == "decided_on"
    services.record_decision(actor=ACTOR, proposal=p, party="GM0164", decided_on=date(2026, 3, 5), outcome="consent")
    with pytest.raises(InvalidInput) as e:
        services.record_decision(actor=ACTOR, proposal=p, party="GM0164", decided_on=date(2026, 3, 5), outcome="refuse")
    assert e.value.code == "decision.duplicate"


def test_amendment_facts_are_refused_as_recorded_facts(twente):
    _amendment(twente)
    with pytest.raises(InvalidInput) as e:
        records.record_fact(
            actor=ACTOR,
            agreement=twente,
            raw={"fact": "amendment-decided", "amendment": "W-2026-1", "party": "GM0164", "decision": "consent", "date": "2026-03-02"},
        )
    assert e.value.code == "fact.own-table"
    assert "voorstel" in e.value.message


def test_writes_are_audited_with_snapshots(twente):
    p = _amendment(twente)
    d = services.record_decision(actor=ACTOR, proposal=p, party="GM0164", decided_on=date(2026, 3, 10), outcome="consent")
    created = AuditEntry.objects.get(action="proposal.create")
    assert created.after["ref"] == "W-2026-1"
    decided = AuditEntry.objects.get(action="proposal.decision")
    assert decided.after["id"] == d.pk and decided.after["outcome"] == "consent"


def test_only_the_secretariat_records_proposals(demo):
    from samen.accounts.models import User

    for username in ("voorzitter", "hengelo", "financien", "waarnemer"):
        with pytest.raises(NotAllowed):
            _amendment(demo, actor=User.objects.get(username=username))
    p = _amendment(demo, actor=User.objects.get(username="secretariaat"))
    with pytest.raises(NotAllowed):
        services.record_decision(
            actor=User.objects.get(username="hengelo"), proposal=p, party="GM0164", decided_on=date(2026, 3, 10), outcome="consent"
        )


def test_other_kinds_feed_no_rule(twente):
    p = services.create_proposal(
        actor=ACTOR, agreement=twente, ref="O-1", subject="Jaarverslag", kind="other", proposed_on=date(2026, 1, 5)
    )
    services.record_decision(actor=ACTOR, proposal=p, party="GM0164", decided_on=date(2026, 1, 20), outcome="consent")
    assert not [f for f in recorded_facts(twente) if f["fact"].startswith("amendment")]


def test_the_demo_stores_no_fact_twice(demo):
    """The demo's facts of kinds with a table of their own live in that table only (signatures, meetings,
    proposals): none is also a RecordedFact, so `samen check` reads each once."""
    from samen.records.models import RecordedFact
    from samen.records.services import OWN_TABLES

    assert not RecordedFact.objects.filter(agreement=demo, kind__in=list(OWN_TABLES)).exists()
    kinds = {f["fact"] for f in recorded_facts(demo)}
    assert "budget-consented" in kinds and not {"amendment-requested", "amendment-decided"} & kinds


def test_audit_replay_matches_the_proposal_tables(twente):
    from samen.audit import services as audit

    p = _amendment(twente)
    _all_consent(twente, p)
    assert audit.replay() == []
    PartyDecision.objects.filter(proposal=p, party__code="GM0164").update(outcome="refuse")  # past the services
    assert [m.object_type for m in audit.replay()] == ["proposals.partydecision"]
