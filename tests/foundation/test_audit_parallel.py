"""`samen audit verify --jobs N` walks a long chain in ranges of seqs, and replays a long table in ranges of ids,
in worker processes (issue 11). Whatever is tampered with, and wherever (inside a worker's range or where two ranges
meet), the ranges find the same first broken entry, with the same reason, the same heads, the same states for the
replay and the same mismatches in the same order as one walk over the whole chain.

The tampering is done with raw SQL, as someone with write access to the database would do it.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.db import connection, transaction

from samen.audit import services as audit
from samen.audit import tracking
from samen.audit.models import AuditEntry
from samen.records.models import RecordedFact

TABLE = AuditEntry._meta.db_table
JOBS = 3


def sql(statement: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def in_ranges(monkeypatch):
    """Ranges even for the short test chain; the ranges walked one after the other in this process (the test's
    transaction is not visible to other connections); `test_worker_processes_...` below runs real ones."""
    monkeypatch.setattr(audit, "PARALLEL_FROM", 10)
    monkeypatch.setattr(audit, "_in_workers", lambda tasks, processes=0: [function(*args) for function, args in tasks])


def walked(jobs: int) -> tuple[audit.Verification, dict[int, str], int | None, list[tuple[str, list[tuple[str, object]]]]]:
    """The walk's verification, found heads, found hash and states (in their order) with `jobs`."""
    states: audit.States = {t: {} for t in tracking.TRACKED}
    wanted = set(range(1, AuditEntry.objects.count() + 1, 7))
    head = AuditEntry.objects.order_by("seq").values_list("entry_hash", flat=True)[30]
    chain, found, hash_seq = audit._walk(wanted, head, True, states, jobs)
    return chain, found, hash_seq, [(t, list(per_type.items())) for t, per_type in states.items()]


def second_range_starts() -> int:
    ranges = audit._ranges(JOBS)
    assert len(ranges) == JOBS
    first = ranges[1][0]
    assert first is not None
    return first


def test_the_ranges_find_what_one_walk_finds_on_an_intact_chain(demo, in_ranges):
    one, many = walked(1), walked(JOBS)
    assert one == many
    assert one[0].intact and one[0].count == AuditEntry.objects.count()
    assert one[2] == 31 and one[1], "the head asked for and the wanted seqs were found"


@pytest.mark.parametrize(
    "where, change, reason",
    [
        (0, ("prev_hash", "0" * 64), "verwijst niet naar de hash van de vorige regel"),
        (0, ("mac", "0" * 64), "MAC ontbreekt of klopt niet"),
        (0, ("canonical", ""), "opgeslagen canonieke vorm komt niet overeen met de opgeslagen hash"),
        (-1, ("actor", "iemand-anders"), "kolommen wijken af van de opgeslagen canonieke vorm"),
        (3, ("object_id", "999999"), "kolommen wijken af van de opgeslagen canonieke vorm"),
        (3, ("after", '{"id": 1}'), "kolommen wijken af van de opgeslagen canonieke vorm"),
    ],
)
def test_a_tampered_entry_in_the_second_range_or_where_ranges_meet_breaks_the_chain_there(demo, in_ranges, where, change, reason):
    """`where`: relative to the second range's first entry (0: that entry, -1: the first range's last one)."""
    seq = second_range_starts() + where
    column, value = change
    sql(f"UPDATE {TABLE} SET {connection.ops.quote_name(column)} = %s WHERE seq = %s", [value, seq])
    one, many = walked(1), walked(JOBS)
    assert one == many
    assert one[0].broken_seq == seq and reason in one[0].reason


def test_a_missing_entry_or_range_is_found_where_one_walk_finds_it(demo, in_ranges):
    ranges = audit._ranges(JOBS)
    start, end = ranges[1]
    sql(f"DELETE FROM {TABLE} WHERE seq = %s", [start])
    one, many = walked(1), walked(JOBS)
    assert one == many
    assert one[0].broken_seq == start + 1 and one[0].reason == f"volgnummer {start + 1} verwacht {start} (ontbrekende regel)"
    sql(f"DELETE FROM {TABLE} WHERE seq >= %s AND seq <= %s", [start, end])  # the whole second range
    one, many = walked(1), walked(JOBS)
    assert one == many
    assert one[0].broken_seq == end + 1 and one[0].reason == f"volgnummer {end + 1} verwacht {start} (ontbrekende regel)"


def test_the_states_gathered_in_ranges_are_those_of_one_walk_also_across_updates_and_deletions(demo, in_ranges):
    """One object updated in every range, one deleted in the second range and made again in the third, one deleted
    in the last: the later ranges' states are merged over the earlier ones as one walk folds them entry by entry."""
    fact = "records.recordedfact"

    def event(n: int) -> None:
        for _ in range(n):
            audit.append(actor="system:test", action="test.event", object_type="test", object_id="x")

    with transaction.atomic():
        audit.append(actor="t", action="a", object_type=fact, object_id="u1", after={"a": 1, "b": [1], "id": "u1"})
        audit.append(actor="t", action="a", object_type=fact, object_id="d1", after={"a": 1, "id": "d1"})
        audit.append(actor="t", action="a", object_type=fact, object_id="d2", after={"a": 1, "id": "d2"})
        event(40)
        audit.append(actor="t", action="a", object_type=fact, object_id="u1", after={"b": [2], "c": None})
        audit.append(actor="t", action="a", object_type=fact, object_id="d1", before={"a": 1}, after=None)
        audit.append(actor="t", action="a", object_type=fact, object_id="n1", after={"z": "☃"})
        audit.append(actor="t", action="a", object_type=fact, object_id="u1", after={"d": 1.5})
        event(40)
        audit.append(actor="t", action="a", object_type=fact, object_id="d1", after={"a": 2, "id": "d1"})
        audit.append(actor="t", action="a", object_type=fact, object_id="u1", after={"a": "x"})
        audit.append(actor="t", action="a", object_type=fact, object_id="d2", before={"a": 1}, after=None)
    ranges = audit._ranges(JOBS)
    assert len(ranges) == JOBS
    one, many = walked(1), walked(JOBS)
    assert one == many
    states = dict(one[3])[fact]
    assert dict(states)["u1"] == '{"a":"x","b":[2],"c":null,"d":1.5,"id":"u1"}'
    assert dict(states)["d1"] == '{"a":2,"id":"d1"}' and dict(states)["d2"] is None


def test_the_replay_in_ranges_of_ids_gives_the_same_mismatches_in_the_same_order(demo, in_ranges, monkeypatch):
    monkeypatch.setattr(audit, "PARALLEL_FROM", 2)
    facts = list(RecordedFact.objects.order_by("pk").values_list("pk", flat=True))
    assert len(facts) >= 6
    units = audit._replay_units(JOBS)
    assert any(unit[0][0] == "records.recordedfact" and unit[0][1] is not None for unit in units), "the facts are cut"
    assert audit.replay(jobs=JOBS) == audit.replay(jobs=1) == []
    RecordedFact.objects.filter(pk__in=[facts[1], facts[-2]]).update(note="achteraf gewijzigd")  # past the services
    RecordedFact.objects.filter(pk=facts[len(facts) // 2]).delete()
    RecordedFact.objects.filter(pk=facts[-1]).update(example_figure=True, note="ook")
    one = audit.replay(jobs=1)
    assert audit.replay(jobs=JOBS) == one
    assert [m.object_id for m in one] == [str(facts[1]), str(facts[-2]), str(facts[-1]), str(facts[len(facts) // 2])]
    assert audit.replay(limit=2, jobs=JOBS) == audit.replay(limit=2, jobs=1) == one[:2]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the test database on SQLite is in memory: no other process sees it")
def test_worker_processes_find_what_one_process_finds(transactional_db, monkeypatch):
    """Real worker processes, on connections of their own that see `verify_all`'s snapshot (committed data)."""
    from samen import demo as demo_data
    from samen.agreements.services import load_definition

    demo_data.load(agreement=load_definition(actor="system:test", slug="twente-vth-2024"))
    monkeypatch.setattr(audit, "PARALLEL_FROM", 2)
    assert len(audit._ranges(2)) == 2 and len(audit._replay_units(2)) > 1
    many = audit.verify_all(jobs=2)
    assert many.intact and many.chain == audit.verify_all(jobs=1).chain
    facts = list(RecordedFact.objects.order_by("pk").values_list("pk", flat=True))
    RecordedFact.objects.filter(pk__in=[facts[1], facts[-1]]).update(note="achteraf gewijzigd")  # past the services
    one, many, three = audit.verify_all(jobs=1), audit.verify_all(jobs=2), audit.verify_all(jobs=3)
    assert many.chain.intact and len(many.problems) == 2 and many.problems == one.problems == three.problems
    RecordedFact.objects.filter(pk=facts[len(facts) // 2]).delete()  # a row the chain has, gone without an entry
    one, many, three = audit.verify_all(jobs=1), audit.verify_all(jobs=2), audit.verify_all(jobs=3)
    assert len(many.problems) == 3 and many.problems == one.problems == three.problems
    seq = second_range_starts_for(2)
    sql(f"UPDATE {TABLE} SET actor = %s WHERE seq = %s", ["iemand-anders", seq + 2])
    sql(f"UPDATE {TABLE} SET mac = %s WHERE seq = %s", ["0" * 64, seq + 5])
    one, many = audit.verify_all(jobs=1), audit.verify_all(jobs=2)
    assert many.chain.broken_seq == seq + 2 and many.problems == one.problems


def second_range_starts_for(jobs: int) -> int:
    first = audit._ranges(jobs)[1][0]
    assert first is not None
    return first


def test_the_command_takes_the_number_of_processes(demo, capsys):
    from samen import cli

    assert cli.main(["audit", "verify", "--jobs", "2"]) == 0
    assert "auditketen intact" in capsys.readouterr().out
    for wrong in ("0", "-1", "twee"):
        assert cli.main(["audit", "verify", "--jobs", wrong]) == 2
        assert "geen aantal processen" in capsys.readouterr().err


def replayed_from_pieces(jobs: int, folder: Path, limit: int = 20) -> tuple[list[audit.Mismatch], int]:
    """What `verify_all` replays with `jobs`: the walk leaves the states in pieces per replay unit (when the units
    are more than one) and the replay folds and compares each unit's pieces on its own. Also how many walked
    ranges left pieces (0: the states went the whole way)."""
    units = audit._replay_units(jobs)
    pieces = audit._Pieces(units, str(folder / str(len(list(folder.iterdir()))))) if len(units) > 1 else None
    if pieces:
        Path(pieces.folder).mkdir()
    states: audit.States = {t: {} for t in tracking.TRACKED}
    chain, _found, _hash_seq = audit._walk(set(), None, True, states, jobs, pieces)
    assert chain.intact
    return audit.replay(limit=limit, states=states, jobs=jobs, pieces=pieces), len(pieces.parts) if pieces else 0


def test_the_replay_from_pieces_finds_what_one_process_finds_across_ranges(demo, in_ranges, monkeypatch, tmp_path):
    """The states in pieces (one per replay unit, from each walked range) give the same mismatches in the same order
    as the whole states, with 1, 2 and 3 jobs: an object edited in the first range (of two) and again (in part) in
    the last, one created in the first and deleted in the last, then made again, rows tampered with whose last entry
    is in the first range and in the last one, a row added without an entry, and a row deleted without one (the
    objects a table lacks are named in the chain's order: that goes the whole states' way)."""
    monkeypatch.setattr(audit, "PARALLEL_FROM", 2)
    fact = "records.recordedfact"
    facts = list(RecordedFact.objects.order_by("pk").values_list("pk", flat=True))
    assert len(facts) >= 6
    assert [replayed_from_pieces(jobs, tmp_path) for jobs in (1, 2, 3)] == [([], 0), ([], 2), ([], 3)]
    edited, deleted, early, late = facts[0], facts[2], facts[1], facts[-1]
    with transaction.atomic():
        # Edited past the services, with its (partial) entry: the later `after` is merged over the first range's.
        RecordedFact.objects.filter(pk=edited).update(note="later")
        audit.append(actor="t", action="fact.edit", object_type=fact, object_id=str(edited), after={"note": "later"})
        row = RecordedFact.objects.get(pk=deleted)
        audit.append(actor="t", action="fact.delete", object_type=fact, object_id=str(deleted), before=audit.snapshot(row), after=None)
        row.delete()
    created = AuditEntry.objects.filter(object_type=fact, object_id=str(edited)).order_by("seq").values_list("seq", flat=True)
    ranges = audit._ranges(2)
    assert created[0] < (ranges[1][0] or 0) and (created.last() or 0) >= (ranges[-1][0] or 0), "in the first range and the last"
    one = audit.replay(jobs=1)
    assert one == [] and [replayed_from_pieces(jobs, tmp_path)[0] for jobs in (1, 2, 3)] == [one] * 3
    # Tampered: a row whose last entry is in the first range, one whose last entry is in the last range (the edited
    # one), the last row; then a row made without an entry.
    RecordedFact.objects.filter(pk__in=[early, edited, late]).update(note="achteraf gewijzigd")
    copy = RecordedFact.objects.get(pk=early)
    copy.pk, copy.public_id = None, uuid.uuid4()
    copy.save()
    one = audit.replay(jobs=1)
    assert [m.object_id for m in one] == [str(edited), str(early), str(late), str(copy.pk)]
    for jobs in (1, 2, 3):
        found, walked_in_pieces = replayed_from_pieces(jobs, tmp_path)
        assert found == one and walked_in_pieces == (0 if jobs == 1 else jobs)
        assert replayed_from_pieces(jobs, tmp_path, limit=2)[0] == audit.replay(limit=2, jobs=1) == one[:2]
    # A deleted object made again in the last range is compared with its new state, not the deletion.
    with transaction.atomic():
        audit.append(actor="t", action="fact.again", object_type=fact, object_id=str(deleted), after={"id": str(deleted), "note": "x"})
    one = audit.replay(jobs=1)
    assert one[-1].object_id == str(deleted) and "ontbreekt" in one[-1].problem
    assert [replayed_from_pieces(jobs, tmp_path)[0] for jobs in (1, 2, 3)] == [one] * 3
    # A row deleted without an entry: the table lacks an object the chain has.
    RecordedFact.objects.filter(pk=facts[len(facts) // 2]).delete()
    one = audit.replay(jobs=1)
    assert str(facts[len(facts) // 2]) in [m.object_id for m in one]
    assert [replayed_from_pieces(jobs, tmp_path)[0] for jobs in (1, 2, 3)] == [one] * 3


def test_states_in_pieces_fold_to_the_whole_states(demo, in_ranges, monkeypatch, tmp_path):
    """Each unit's pieces, folded in order, are exactly the whole states of that unit's objects (an id that is no
    number goes to the first range of its table)."""
    monkeypatch.setattr(audit, "PARALLEL_FROM", 2)
    fact = "records.recordedfact"
    with transaction.atomic():
        audit.append(actor="t", action="a", object_type=fact, object_id="x1", after={"a": 1, "id": "x1"})
        audit.append(actor="t", action="a", object_type=fact, object_id="x1", after={"b": 2})
    units = audit._replay_units(3)
    pieces = audit._Pieces(units, str(tmp_path))
    states: audit.States = {t: {} for t in tracking.TRACKED}
    audit._walk(set(), None, True, states, 3, pieces)
    assert len(pieces.parts) == 3 and not any(states.values())
    whole: audit.States = {t: {} for t in tracking.TRACKED}
    audit._walk(set(), None, True, whole, 3)
    folded: audit.States = {t: {} for t in tracking.TRACKED}
    for index in range(len(units)):
        audit._REPLAY_PIECES[:] = [pieces]
        mine: audit.States = {t: {} for t in tracking.TRACKED}
        for part in pieces.parts:
            piece_states, piece_reset = audit._load_piece(part[index])
            audit._merge_states(mine, piece_states, piece_reset)
        for object_type, per_type in mine.items():
            assert not folded[object_type].keys() & per_type.keys(), "every object in one unit only"
            folded[object_type].update(per_type)
    audit._REPLAY_PIECES.clear()
    assert {t: dict(sorted(s.items())) for t, s in folded.items()} == {t: dict(sorted(s.items())) for t, s in whole.items()}
    first_fact_unit = next(i for i, unit in enumerate(units) if unit[0][0] == fact and unit[0][1] is None)
    assert "x1" in audit._load_piece(pieces.parts[-1][first_fact_unit])[0][fact]
    assert whole[fact]["x1"] == '{"a":1,"b":2,"id":"x1"}'
