"""The audit chain: every service write appends an entry; `samen audit verify` finds tampering."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction

from samen import cli
from samen.audit import services as audit
from samen.audit.models import AuditEntry
from samen.governance import services as governance
from samen.governance.models import Body
from samen.records import services as records


def test_every_write_of_the_demo_is_chained(demo):
    result = audit.verify()
    assert result.intact
    assert result.count == AuditEntry.objects.count() > 50
    first = AuditEntry.objects.order_by("seq").first()
    assert first.prev_hash == audit.GENESIS
    head, count = audit.head()
    assert (head, count) == (result.head, result.count)


def test_a_service_write_and_its_entry_share_one_transaction(twente):
    board = Body.objects.get(agreement=twente, key="board")
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        governance.record_meeting(actor="system:test", body=board, held_on=date(2025, 3, 1))
        raise RuntimeError("the request fails after the write")
    assert AuditEntry.objects.count() == before
    assert not board.meetings.exists()


def test_entry_records_actor_action_object_and_after(twente):
    fact = records.record_fact(actor="system:test", agreement=twente, raw={"fact": "evaluation-completed", "date": "2026-10-01"})
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.actor, entry.action, entry.object_type, entry.object_id) == (
        "system:test",
        "fact.evaluation-completed",
        "records.recordedfact",
        str(fact.pk),
    )
    assert entry.after["payload"] == {"fact": "evaluation-completed", "date": "2026-10-01"}
    assert entry.before is None


def test_append_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError):
        audit.append(actor="system:test", action="x", object_type="t", object_id="1")


def test_changing_a_stored_entry_breaks_the_chain_at_that_entry(demo, capsys):
    assert cli.main(["audit", "verify"]) == 0
    target = AuditEntry.objects.order_by("seq")[10]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEntry._meta.db_table} SET actor = %s WHERE id = %s", ["iemand-anders", target.pk])
    result = audit.verify()
    assert not result.intact
    assert result.broken_seq == target.seq
    capsys.readouterr()
    assert cli.main(["audit", "verify"]) == 1
    assert f"regel {target.seq}" in capsys.readouterr().err


def test_deleting_an_entry_breaks_the_chain(demo):
    target = AuditEntry.objects.order_by("seq")[5]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [target.pk])
    result = audit.verify()
    assert result.broken_seq == target.seq + 1


def test_audit_head_prints_hash_and_count(demo, capsys):
    assert cli.main(["audit", "head"]) == 0
    head, count = capsys.readouterr().out.split()
    assert len(head) == 64 and int(count) == AuditEntry.objects.count()
