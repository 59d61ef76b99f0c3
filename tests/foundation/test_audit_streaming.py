"""`samen audit verify` streams tuples and hashes the canonical bytes built from them (issue 11): the
shortcuts (one pass, MAC keys derived once, the replay's plain values) find exactly what the slow path found."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection

from samen.audit import services as audit
from samen.audit import tracking
from samen.audit.models import AuditEntry
from samen.records.models import RecordedFact


def test_the_mac_checker_accepts_exactly_what_entry_mac_makes_also_with_a_fallback_secret(settings):
    settings.SECRET_KEY = "new-secret-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = ["old-secret-" + "y" * 40]
    valid = audit._mac_checker()
    h = "ab" * 32
    assert valid(h, audit.entry_mac(h))
    assert valid(h, audit.entry_mac(h, settings.SECRET_KEY_FALLBACKS[0]))
    assert not valid(h, audit.entry_mac(h, "another-secret"))
    assert not valid(h, audit.entry_mac("cd" * 32))


def test_the_canonical_form_written_out_from_the_rows_is_the_stored_one_that_hashes_to_entry_hash(demo):
    import hashlib

    for row in audit._rows(chunk=7):
        fields = dict(zip(audit._COLUMNS, row[:-1], strict=True))
        assert hashlib.sha256(fields["canonical"].encode()).hexdigest() == fields["entry_hash"]
        assert audit._exact(fields["seq"])[0] == fields["canonical"]
        before, after = (audit._CANONICAL.encode(audit._json(fields[name])) for name in ("before", "after"))
        written = audit._from_columns(
            fields["action"], fields["actor"], after, fields["agreement"], fields["at"], before,
            fields["object_id"], fields["object_type"], fields["prev_hash"], fields["seq"],
        )  # fmt: skip
        assert written == fields["canonical"]
        if connection.vendor == "sqlite":
            assert row[-1], "on SQLite the JSON columns hold valid JSON, compared as they are"
    assert audit._at_text(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2026-01-02T03:04:05+00:00"
    assert audit._at_text(datetime(2026, 1, 2, 3, 4, 5, 6)) == "2026-01-02T03:04:05.000006+00:00"
    assert audit._at_text("2026-01-02 03:04:05.000000") == "2026-01-02T03:04:05+00:00"  # PostgreSQL's to_char
    assert audit._at_text("2026-01-02 03:04:05.000006") == "2026-01-02T03:04:05.000006+00:00"
    assert audit._at_text("2026-01-02 03:04:05") == "2026-01-02T03:04:05+00:00"  # SQLite, no microseconds
    # PostgreSQL's own text output in a session in UTC: the offset +00, trailing zeros of the fraction left out.
    assert audit._at_text("2026-01-02 03:04:05.00006+00") == "2026-01-02T03:04:05.000060+00:00"
    assert audit._at_text("2026-01-02 03:04:05+00") == "2026-01-02T03:04:05+00:00"
    others = (
        "2026-01-02 03:04:05+00:00.000000",
        "2026-01-02 03:04:05.0000",
        "2026-01-02T03:04:05+00:00",
        "x",
        "2026-01-02 03:04:05.5+01",  # another offset: the time is not the time in UTC
        "2026-01-02 03:04:05.50+00",
        "0001-01-02 03:04:05+00 BC",  # a year before 1
        "12026-01-02 03:04:05+00",  # a year after 9999
    )
    for other in others:
        assert audit._at_text(other) == other, "text of another form is compared as it is (then through the ORM)"


def _sql(statement: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.mark.parametrize("column, value", [("after", '{"id": 1, "slug": "vervalst"}'), ("object_id", "999"), ("mac", "0" * 64)])
def test_a_changed_entry_is_found_at_that_entry_by_the_streaming_walk(demo, column, value):
    target = AuditEntry.objects.order_by("seq")[5]
    _sql(f"UPDATE {AuditEntry._meta.db_table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s", [value, target.pk])
    report = audit.verify_all()
    assert report.chain.broken_seq == target.seq
    assert any(f"regel {target.seq}" in p for p in report.problems)


def test_a_changed_row_is_found_by_the_replay_that_uses_the_walks_states(demo):
    fact = RecordedFact.objects.order_by("pk").first()
    assert fact is not None
    RecordedFact.objects.filter(pk=fact.pk).update(note="achteraf gewijzigd")  # past the services: the tampering under test
    report = audit.verify_all()
    assert report.chain.intact
    assert any(f"records.recordedfact {fact.pk} veld note" in p for p in report.problems)
    # The same mismatch as the replay reading the chain on its own.
    assert [str(m) for m in audit.replay()] == [str(m) for m in audit.replay(states=_states())]


def _states() -> audit.States:
    states: audit.States = {t: {} for t in tracking.TRACKED}
    audit._walk(set(), None, True, states)
    return states


def test_plain_and_same_keep_their_meaning_on_the_shortcuts():
    from django.db import models

    char, flag, number = models.CharField(max_length=3), models.BooleanField(), models.IntegerField()
    assert tracking.plain(char, "abc") == "abc" and tracking.plain(flag, True) is True and tracking.plain(number, 7) == 7
    assert not tracking.same(True, 1) and not tracking.same(1, 1.5) and tracking.same({"a": 1, "b": [2]}, {"b": [2], "a": 1})
    assert tracking.same(None, None) and not tracking.same("1", 1) and not tracking.same(0.0, -0.0)


def test_the_replay_names_a_changed_payload_but_not_one_with_its_keys_in_another_order(demo):
    fact = RecordedFact.objects.exclude(payload={}).order_by("pk").first()
    assert fact is not None
    reordered = dict(reversed(list(fact.payload.items())))
    RecordedFact.objects.filter(pk=fact.pk).update(payload=reordered)  # the same JSON, keys in another order
    assert audit.verify_all().intact
    RecordedFact.objects.filter(pk=fact.pk).update(payload={**fact.payload, "fact": "iets-anders"})
    report = audit.verify_all()
    assert any(f"records.recordedfact {fact.pk} veld payload" in p for p in report.problems)
    assert not audit._row_matches(("a",), {}, {"a": 1}), "a field the chain does not record goes to the field-by-field check"


def test_the_written_out_canonical_form_matches_append_without_the_exact_path(demo, monkeypatch):
    from django.db import transaction

    with transaction.atomic():
        audit.append(actor="Zoë", action="test.event", object_type="test", object_id="ü-1", after={"naam": 'Ëlla "x" ☃', "n": [1, 2.5]})

    def exact_path(seq: int) -> tuple[str, object, object]:
        raise AssertionError(f"entry {seq}: the written-out form differs from the bytes hashed at append")

    monkeypatch.setattr(audit, "_exact", exact_path)
    assert audit.verify().intact


def test_the_encoder_made_once_writes_what_the_canonical_encoder_writes():
    values = [None, 1, 1.0, -0.0, 1e300, 10**30, True, 'ë\u2028"\\\x00☃', [], {}, [1, {"b": 2, "a": [True, False, None]}]]
    values.append({"z": {"y": 1.5, "x": "☃"}, "a": [], "é": "ü"})
    for value in values:
        assert audit._dumps(value) == audit._CANONICAL.encode(value)


def test_the_json_columns_are_decoded_as_json_loads_decodes_them():
    import json

    for text in ['{"a":1,"b":[true,null,1.5]}', "null", '"x"', "12", ' {"a": 1} ', '{"a":1}x', "", "{", '{"a":1}{"b":2}']:
        try:
            expected = json.loads(text)
        except ValueError:
            with pytest.raises(ValueError):
                audit._json(text)
        else:
            assert audit._json(text) == expected and type(audit._json(text)) is type(expected)
    assert audit._json(None) is None
    for other in (5, b"{}", {"a": 1}):
        with pytest.raises(TypeError):
            audit._json(other)


def test_row_values_gives_what_the_orm_gives_for_every_tracked_table(demo):
    for object_type in tracking.TRACKED:
        model = tracking.model_for(object_type)
        fields = tracking._fields(model, object_type)
        expected = [
            (str(obj.pk), {"id": obj.pk, **{f.name: tracking.plain(f, getattr(obj, f.attname)) for f in fields}})
            for obj in model._default_manager.order_by("pk")
        ]
        assert list(tracking.row_values(object_type)) == expected, object_type


def test_batches_gives_every_row_once_in_order_also_when_left_early(demo):
    table = AuditEntry._meta.db_table
    with connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT seq FROM {table} ORDER BY seq")
        seqs = [seq for batch in tracking.batches(cursor, 7) for (seq,) in batch]
    assert seqs == list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    with connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT seq FROM {table} ORDER BY seq")
        rows = tracking.batches(cursor, 3)
        assert [seq for (seq,) in next(rows)] == seqs[:3]  # on PostgreSQL the next batch is being fetched now
        assert AuditEntry.objects.count() == len(seqs)  # another query meanwhile waits for the connection
        assert [seq for (seq,) in next(rows)] == seqs[3:6]
        rows.close()
