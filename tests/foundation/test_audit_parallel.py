"""`samen audit verify --jobs N` walks a long chain in ranges of seqs, and replays a long table in ranges of ids,
in worker processes (issue 11). Whatever is tampered with, and wherever (inside a worker's range or where two ranges
meet), the ranges find the same first broken entry, with the same reason, the same heads, the same states for the
replay and the same mismatches in the same order as one walk over the whole chain.

The tampering is done with raw SQL, as someone with write access to the database would do it.
"""

from __future__ import annotations

import itertools
import os
import uuid
from datetime import UTC, datetime, timedelta
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


class SerialCrew:
    """`audit._Crew` in this process: its tasks run one after the other here, where `_KEPT` holds what each range's
    worker would keep (each under its own index, as in its own process)."""

    def __init__(self, size: int) -> None:
        self.size = size

    def __enter__(self) -> SerialCrew:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def map(self, tasks: list[tuple[object, tuple[object, ...]]]) -> list[object]:
        assert len(tasks) == self.size
        return [function(*args) for function, args in tasks]  # type: ignore[operator]


@pytest.fixture
def in_ranges(monkeypatch):
    """Ranges even for the short test chain; the ranges walked one after the other in this process (the test's
    transaction is not visible to other connections); `test_worker_processes_...` below runs real ones."""
    monkeypatch.setattr(audit, "PARALLEL_FROM", 10)
    monkeypatch.setattr(audit, "_in_workers", lambda tasks, processes=0: [function(*args) for function, args in tasks])
    monkeypatch.setattr(audit, "_Crew", SerialCrew)
    yield
    audit._KEPT.clear()


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


@pytest.mark.parametrize("microsecond", [123456, 120000, 999999, 10, 1, 0])
def test_the_time_written_out_in_its_usual_form_is_the_stored_one_and_a_microsecond_off_breaks_the_chain_there(
    demo, in_ranges, monkeypatch, microsecond
):
    """The walk writes a time whose text has six digits of fraction and `+00` in ISO 8601 itself, other texts through
    `_at_text`: every form of fraction gives the stored text without the exact path, and the time moved by one
    microsecond breaks the chain at that entry, with one walk and with ranges."""
    with transaction.atomic():
        entry = audit.append(actor="system:test", action="test.tijd", object_type="test.ding", object_id="1", after={"n": 1})
    entry.at = datetime(2026, 3, 4, 5, 6, 7, microsecond, tzinfo=UTC)  # the last entry: sealed again with this time
    audit.seal(entry)
    entry.mac = audit.entry_mac(entry.entry_hash)
    AuditEntry.objects.filter(pk=entry.pk).update(at=entry.at, canonical=entry.canonical, entry_hash=entry.entry_hash, mac=entry.mac)
    exact = audit._exact

    def exact_path(seq: int) -> tuple[str, object, object]:
        raise AssertionError(f"entry {seq}: the columns' text differs from the stored one")

    monkeypatch.setattr(audit, "_exact", exact_path)
    assert walked(1)[0].intact and walked(JOBS)[0].intact
    monkeypatch.setattr(audit, "_exact", exact)
    AuditEntry.objects.filter(pk=entry.pk).update(at=entry.at + timedelta(microseconds=1 if microsecond < 999999 else -1))
    for jobs in (1, JOBS):
        chain = walked(jobs)[0]
        assert chain.broken_seq == entry.seq and "kolommen wijken af van de opgeslagen canonieke vorm" in chain.reason


@pytest.mark.parametrize(
    "column, value",
    [
        ("actor", "iemand-anders"),
        ("action", "test.anders"),
        ("agreement", "een-ander"),
        ("object_type", "test.ander"),
        ("object_id", "2"),
        ("after", '{"naam": "nieuw", "n": 2.0, "vlag": false}'),  # 2 -> 2.0
        ("after", '{"naam": "nieuw", "n": 2, "vlag": 0}'),  # false -> 0
        ("before", '{"naam": "oud", "n": true}'),  # 1 -> true
        ("before", None),
    ],
)
def test_a_column_of_each_kind_changed_in_the_second_range_breaks_the_chain_there_with_one_walk_and_with_ranges(
    demo, in_ranges, column, value
):
    """The columns' text written in the walk's loop: an edit of any column (a JSON one to an equal value of another
    type) that leaves `canonical` alone breaks the chain at that entry, the same with one walk and with two ranges."""
    with transaction.atomic():
        entries = [
            audit.append(
                actor="system:test", action="test.change", object_type="test.ding", object_id="1",
                before={"naam": "oud", "n": 1}, after={"naam": "nieuw", "n": 2, "vlag": False},
            )
            for _ in range(4)
        ]  # fmt: skip
        audit.append(actor="system:test", action="test.event", object_type="test.ding", object_id="1")
    target = entries[-1]  # the shapes of its `before` and `after` learnt from the entries before it
    sql(f"UPDATE {TABLE} SET {connection.ops.quote_name(column)} = %s WHERE id = %s", [value, target.pk])
    for jobs in (1, 2):
        chain = walked(jobs)[0]
        assert chain.broken_seq == target.seq and "kolommen wijken af van de opgeslagen canonieke vorm" in chain.reason, (jobs, chain)
    assert walked(1) == walked(2)


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
    # One whole `after` is kept as the column's text (jsonb's form on PostgreSQL), merged ones as canonical JSON.
    assert dict(states)["d1"] in ('{"a":2,"id":"d1"}', '{"a": 2, "id": "d1"}') and dict(states)["d2"] is None


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


def replayed_kept(jobs: int, folder: Path, limit: int = 20) -> tuple[list[audit.Mismatch], bool]:
    """What `verify_all` replays with `jobs`: with more than one range the walk's workers keep the states of their
    replay unit's objects (the rest in files) and compare its rows; also whether that answered (False: one range,
    or a table lacks an object the chain has, and the states were read again)."""
    parts = len(audit._ranges(jobs))
    states: audit.States = {t: {} for t in tracking.TRACKED}
    if parts == 1:
        chain, _found, _hash_seq = audit._walk(set(), None, True, states, jobs)
        assert chain.intact
        return audit.replay(limit=limit, states=states, jobs=jobs), False
    place = folder / str(len(list(folder.iterdir())))
    place.mkdir()
    with audit._Crew(parts) as crew:
        kept = audit._Kept(crew, audit._aligned_units(parts), str(place))
        chain, _found, _hash_seq = audit._walk(set(), None, True, states, jobs, kept)
        assert chain.intact and not any(states.values()), "the states stay in the workers"
        quick = audit._replay_kept(kept, limit)
    assert not audit._KEPT, "every worker took what it kept"
    if quick is None:
        return audit.replay(limit=limit, jobs=jobs), False
    return quick, True


def test_the_replay_from_kept_states_finds_what_one_process_finds_across_ranges(demo, in_ranges, monkeypatch, tmp_path):
    """The states kept by the ranges' workers (each its own unit's, the rest in files) give the same mismatches in
    the same order as the whole states, with 1, 2 and 3 jobs: an object edited in the first range (of two) and again
    (in part) in the last, one created in the first and deleted in the last, then made again, rows tampered with
    whose last entry is in the first range and in the last one, a row added without an entry, and a row deleted
    without one (the objects a table lacks are named in the chain's order: that goes the whole states' way)."""
    monkeypatch.setattr(audit, "PARALLEL_FROM", 2)
    fact = "records.recordedfact"
    facts = list(RecordedFact.objects.order_by("pk").values_list("pk", flat=True))
    assert len(facts) >= 6
    assert [replayed_kept(jobs, tmp_path) for jobs in (1, 2, 3)] == [([], False), ([], True), ([], True)]
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
    assert one == [] and [replayed_kept(jobs, tmp_path)[0] for jobs in (1, 2, 3)] == [one] * 3
    # Tampered: a row whose last entry is in the first range, one whose last entry is in the last range (the edited
    # one), the last row; then a row made without an entry.
    RecordedFact.objects.filter(pk__in=[early, edited, late]).update(note="achteraf gewijzigd")
    copy = RecordedFact.objects.get(pk=early)
    copy.pk, copy.public_id = None, uuid.uuid4()
    copy.save()
    one = audit.replay(jobs=1)
    assert [m.object_id for m in one] == [str(edited), str(early), str(late), str(copy.pk)]
    for jobs in (1, 2, 3):
        found, from_kept = replayed_kept(jobs, tmp_path)
        assert found == one and from_kept == (jobs > 1)
        assert replayed_kept(jobs, tmp_path, limit=2)[0] == audit.replay(limit=2, jobs=1) == one[:2]
    # A deleted object made again in the last range is compared with its new state, not the deletion.
    with transaction.atomic():
        audit.append(actor="t", action="fact.again", object_type=fact, object_id=str(deleted), after={"id": str(deleted), "note": "x"})
    one = audit.replay(jobs=1)
    assert one[-1].object_id == str(deleted) and "ontbreekt" in one[-1].problem
    assert [replayed_kept(jobs, tmp_path)[0] for jobs in (1, 2, 3)] == [one] * 3
    # A row deleted without an entry: the table lacks an object the chain has.
    RecordedFact.objects.filter(pk=facts[len(facts) // 2]).delete()
    one = audit.replay(jobs=1)
    assert str(facts[len(facts) // 2]) in [m.object_id for m in one]
    assert [replayed_kept(jobs, tmp_path)[0] for jobs in (1, 2, 3)] == [one] * 3


def test_the_kept_states_fold_to_the_whole_states(demo, in_ranges, monkeypatch, tmp_path):
    """Each unit's pieces, the one its worker kept and the others' files, folded in order, are exactly the whole
    states of that unit's objects; every object is in one unit only (an id that is no number goes to the first
    range of its table); the tables cut are cut in as many ranges of ids as there are units, the others whole in the
    last unit."""
    monkeypatch.setattr(audit, "PARALLEL_FROM", 2)
    fact = "records.recordedfact"
    with transaction.atomic():
        audit.append(actor="t", action="a", object_type=fact, object_id="x1", after={"a": 1, "id": "x1"})
        audit.append(actor="t", action="a", object_type=fact, object_id="x1", after={"b": 2})
        first = RecordedFact.objects.order_by("pk").values_list("pk", flat=True)[0]
        audit.append(actor="t", action="a", object_type=fact, object_id=str(first), after={"note": "late"})
    units = audit._aligned_units(3)
    assert len(units) == 3
    cut = {t for t, low, high in units[0] if (low, high) != (None, None)}
    assert fact in cut and all({t for t, low, high in unit if (low, high) != (None, None)} == cut for unit in units[1:])
    for object_type in cut:
        bounds = [next((low, high) for t, low, high in unit if t == object_type) for unit in units]
        assert bounds[0][0] is None and bounds[-1][1] is None, "the first and last ranges of ids are open"
        assert all(high is not None and low == high + 1 for (_, high), (low, _) in itertools.pairwise(bounds)), "and meet"
    whole_tables = {t for t, low, high in units[-1] if (low, high) == (None, None)}
    assert whole_tables == set(tracking.TRACKED) - cut, "the tables not cut: whole, in the last unit"
    whole: audit.States = {t: {} for t in tracking.TRACKED}
    audit._walk(set(), None, True, whole, 3)
    states: audit.States = {t: {} for t in tracking.TRACKED}
    kept = audit._Kept(SerialCrew(3), units, str(tmp_path))
    audit._walk(set(), None, True, states, 3, kept)
    assert len(kept.parts) == 3 and not any(states.values()) and sorted(audit._KEPT) == [0, 1, 2]
    assert all(kept.parts[index][index] is None for index in range(3)), "a worker's own unit is kept, not written"
    assert kept.parts[-1][0] is not None, "the last range's later entry for an object of the first unit is written"
    folded: audit.States = {t: {} for t in tracking.TRACKED}
    for index in range(len(units)):
        mine = audit._fold_kept(index, [part[index] for part in kept.parts])
        for object_type, per_type in mine.items():
            assert not folded[object_type].keys() & per_type.keys(), "every object in one unit only"
            folded[object_type].update(per_type)
    assert not audit._KEPT
    assert {t: dict(sorted(s.items())) for t, s in folded.items()} == {t: dict(sorted(s.items())) for t, s in whole.items()}
    assert "x1" in audit._fold_kept(0, [part[0] for part in kept.parts])[fact]
    assert whole[fact]["x1"] == '{"a":1,"b":2,"id":"x1"}' and '"note":"late"' in (whole[fact][str(first)] or "")


def _remember(value: int) -> int:
    audit._KEPT[value] = ({}, {"seen": {str(os.getpid())}})
    return os.getpid()


def _recall(value: int) -> tuple[int, set[str]]:
    return os.getpid(), audit._KEPT.pop(value)[1]["seen"]


def _fail(value: int) -> int:
    raise ValueError(f"task {value} refuses")


def _die(value: int) -> int:
    os._exit(3)


def test_a_crew_worker_keeps_what_its_task_left_for_its_next_task(db):
    """The n-th task of each `map` goes to the same worker process, which keeps what the task before left it; an
    exception in a worker is raised by `map` (after every worker answered); a worker that dies makes `map` raise."""
    with audit._Crew(3) as crew:
        pids = crew.map([(_remember, (i,)) for i in range(3)])
        assert len(set(pids)) == 3 and os.getpid() not in pids
        assert crew.map([(_recall, (i,)) for i in range(3)]) == [(pid, {str(pid)}) for pid in pids]
        with pytest.raises(ValueError, match="task 1 refuses"):
            crew.map([(_remember, (0,)), (_fail, (1,)), (_remember, (2,))])
        assert crew.map([(_recall, (0,)), (_remember, (1,)), (_recall, (2,))])[0] == (pids[0], {str(pids[0])})
        with pytest.raises(RuntimeError, match="ended without answering"):
            crew.map([(_remember, (0,)), (_die, (1,)), (_remember, (2,))])
    assert not audit._KEPT, "nothing was kept in this process"
