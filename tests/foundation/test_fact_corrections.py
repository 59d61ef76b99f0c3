"""Corrections (issue 9): a wrongly recorded fact is withdrawn with a reason; it stays listed and in the audit chain,
and counts in no evaluation. Procedure steps: the fact and its detail in one transaction."""

from __future__ import annotations

from datetime import date

import pytest

from samen import cli
from samen.accounts.models import User
from samen.audit import services as audit
from samen.audit.models import AuditEntry
from samen.core.errors import Conflict, InvalidInput, NotAllowed, Refused
from samen.governance import services as governance
from samen.governance.models import Body
from samen.records import services
from samen.records.models import FactCorrection, RecordedFact, StepDetail
from samen.records.queries import evaluate_recorded, fact_view, recorded_facts
from tests.procedure_helpers import held_board_decision

SYSTEM = "system:test"
AS_OF = date(2026, 10, 15)


def _evaluation(twente, day="2026-09-01"):
    return services.record_fact(actor=SYSTEM, agreement=twente, raw={"fact": "evaluation-completed", "date": day})


def _codes(answer):
    return {f.code for f in answer.findings}


def test_a_withdrawn_fact_counts_nowhere_but_stays_listed_with_its_reason(twente):
    wrong = _evaluation(twente)
    assert "art-3.evaluation-due" not in _codes(evaluate_recorded(twente, as_of=AS_OF))
    correction = services.correct_fact(actor=SYSTEM, record=wrong, reason="De evaluatie was nog niet gehouden; verkeerd ingevoerd.")
    assert {"fact": "evaluation-completed", "date": "2026-09-01"} not in recorded_facts(twente)
    assert "art-3.evaluation-due" in _codes(evaluate_recorded(twente, as_of=AS_OF))
    assert RecordedFact.objects.filter(pk=wrong.pk).exists(), "nothing is deleted"
    view = fact_view(None, RecordedFact.objects.get(pk=wrong.pk))
    assert view["withdrawn"] and view["withdrawn_reason"].startswith("De evaluatie was nog niet")
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.object_type, entry.object_id) == ("fact.corrected", "records.factcorrection", str(correction.pk))
    assert entry.after["fact"] == wrong.pk and entry.after["reason"].startswith("De evaluatie")
    assert audit.verify().intact


def test_the_right_fact_can_be_recorded_after_the_wrong_one_is_withdrawn(twente):
    wrong = _evaluation(twente)
    with pytest.raises(InvalidInput) as e:
        _evaluation(twente)
    assert e.value.code in ("fact.duplicate", "scenario.duplicate-fact")
    services.correct_fact(actor=SYSTEM, record=wrong, reason="datum verkeerd")
    _evaluation(twente)  # the same fact again: allowed now, the first no longer counts


def test_a_correction_needs_a_reason_and_happens_once(twente):
    wrong = _evaluation(twente)
    with pytest.raises(InvalidInput) as e:
        services.correct_fact(actor=SYSTEM, record=wrong, reason="   ")
    assert (e.value.code, e.value.field) == ("correction.reason-required", "reason")
    services.correct_fact(actor=SYSTEM, record=wrong, reason="fout")
    with pytest.raises(Conflict) as e2:
        services.correct_fact(actor=SYSTEM, record=wrong, reason="nog eens")
    assert e2.value.code == "correction.already-withdrawn"
    assert FactCorrection.objects.count() == 1


def test_withdrawing_a_notice_whose_follow_ups_stay_is_refused(twente):
    notice = services.record_fact(
        actor=SYSTEM,
        agreement=twente,
        raw={"fact": "dispute-notified", "dispute": "G1", "by": "GM0153", "against": ["GM0164"], "date": "2026-02-01"},
    )
    services.record_fact(actor=SYSTEM, agreement=twente, raw={"fact": "dispute-resolved", "dispute": "G1", "date": "2026-03-01"})
    with pytest.raises(Refused) as e:
        services.correct_fact(actor=SYSTEM, record=notice, reason="verkeerde partij")
    assert e.value.code == "correction.breaks-others"
    assert not FactCorrection.objects.exists()


def test_who_may_correct_is_who_may_record_that_kind(demo):
    wrong = _evaluation(demo)
    with pytest.raises(NotAllowed):
        services.correct_fact(actor=User.objects.get(username="hengelo"), record=wrong, reason="x")
    with pytest.raises(NotAllowed):
        services.correct_fact(actor=User.objects.get(username="financien"), record=wrong, reason="x")
    services.correct_fact(actor=User.objects.get(username="voorzitter"), record=wrong, reason="x")


def test_samen_correct_withdraws_a_fact_from_the_command_line(twente, capsys):
    wrong = _evaluation(twente)
    assert cli.main(["correct", str(wrong.public_id), "--reason", "verkeerd ingevoerd"]) == 0
    assert "ingetrokken" in capsys.readouterr().out
    assert cli.main(["correct", str(wrong.public_id), "--reason", "nog eens"]) == 1
    assert cli.main(["correct", "geen-id", "--reason", "x"]) != 0


def test_a_step_and_its_detail_are_one_transaction(demo):
    item = held_board_decision(demo)
    record = services.record_step(
        actor=SYSTEM,
        agreement=demo,
        raw={"fact": "withdrawal-consented", "party": "GM0164", "date": "2026-03-01"},
        text="Ingestemd in het bestuurlijk overleg",
        agenda_item=item,
    )
    detail = StepDetail.objects.get(fact=record)
    assert detail.agenda_item == item and "date" not in detail.text
    board = Body.objects.get(agreement=demo, key="board")
    planned = governance.plan_meeting(actor=SYSTEM, body=board, on=date(2027, 3, 1), items=[{"title": "Uittreding"}])
    facts_before, details_before = RecordedFact.objects.count(), StepDetail.objects.count()
    with pytest.raises(Refused) as e:
        services.record_step(
            actor=SYSTEM,
            agreement=demo,
            raw={"fact": "withdrawal-notified", "party": "GM0153", "date": "2026-03-01"},
            agenda_item=planned.agenda_items.get(),
        )
    assert e.value.code == "step.agenda-item-not-held"
    assert (RecordedFact.objects.count(), StepDetail.objects.count()) == (facts_before, details_before), "nothing half-written"
    assert audit.verify().intact
