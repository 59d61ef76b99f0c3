"""Each entry stores the canonical form its hash covers (`AuditEntry.canonical`, issue 11): `verify` hashes it as
stored, and an edit of the stored form or of any column that leaves the other alone still breaks the chain there.

The tampering is done with raw SQL, as someone with write access to the database would do it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.db import connection, transaction

from samen.audit import services as audit
from samen.audit.models import AuditEntry

TABLE = AuditEntry._meta.db_table
COLUMNS_DIFFER = "kolommen wijken af van de opgeslagen canonieke vorm"
FORM_DIFFERS = "opgeslagen canonieke vorm komt niet overeen met de opgeslagen hash"


def sql(statement: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def broken(seq: int, reason: str) -> None:
    report = audit.verify_all()
    assert report.chain.broken_seq == seq, report.problems
    assert reason in report.chain.reason
    assert f"auditketen verbroken bij regel {seq}: {reason}" in report.problems[0]


def test_an_append_stores_the_canonical_form_that_hashes_to_entry_hash_and_says_what_the_columns_say(twente):
    with transaction.atomic():
        entry = audit.append(actor="Zoë", action="test.event", object_type="test", object_id="ü-1", after={"b": [1, 2.5], "a": "☃"})
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.canonical == entry.canonical
    assert hashlib.sha256(stored.canonical.encode()).hexdigest() == stored.entry_hash == audit.compute_hash(stored)
    body = json.loads(stored.canonical)
    assert body["after"] == {"a": "☃", "b": [1, 2.5]} and body["before"] is None
    assert (body["seq"], body["actor"], body["object_id"], body["prev_hash"]) == (stored.seq, "Zoë", "ü-1", stored.prev_hash)
    assert body["at"] == stored.at.isoformat()
    assert not AuditEntry.objects.filter(canonical="").exists(), "every entry of the loaded agreement has its canonical form"
    assert audit.verify_all().intact


def _an_entry_with_before_and_after() -> AuditEntry:
    """An update in the middle of the chain: an entry with a `before` and an `after`, and entries after it."""
    with transaction.atomic():
        entry = audit.append(
            actor="system:test", action="test.change", object_type="test.ding", object_id="1",
            before={"naam": "oud", "n": 1, "lijst": [1, 2]}, after={"naam": "nieuw ☃", "n": 2, "vlag": False},
        )  # fmt: skip
        audit.append(actor="system:test", action="test.event", object_type="test.ding", object_id="1")
    return entry


@pytest.mark.parametrize(
    "column, value",
    [
        ("actor", "iemand-anders"),
        ("action", "fact.withdraw"),
        ("agreement", "een-ander"),
        ("object_type", "records.recordedfact"),
        ("object_id", "999999"),
        ("after", '{"id": 1}'),
        ("before", None),
    ],
)
def test_a_column_changed_without_its_stored_canonical_form_breaks_the_chain_there(demo, column, value):
    entry = _an_entry_with_before_and_after()
    sql(f"UPDATE {TABLE} SET {connection.ops.quote_name(column)} = %s WHERE id = %s", [value, entry.pk])
    broken(entry.seq, COLUMNS_DIFFER)


def test_a_changed_time_without_its_stored_canonical_form_breaks_the_chain_there(demo):
    entry = AuditEntry.objects.order_by("seq")[3]
    AuditEntry.objects.filter(pk=entry.pk).update(at=entry.at.replace(microsecond=(entry.at.microsecond + 1) % 1_000_000))
    broken(entry.seq, COLUMNS_DIFFER)


def test_a_value_changed_to_an_equal_one_of_another_json_type_breaks_the_chain(demo):
    """`false` and `0` (or `1` and `1.0`) are equal in Python but not the same JSON: the comparison is of the text."""
    entry = AuditEntry.objects.filter(object_type="records.recordedfact").filter(after__isnull=False).order_by("seq").first()
    assert entry is not None and entry.after["example_figure"] in (True, False)
    changed = {**entry.after, "example_figure": int(entry.after["example_figure"])}
    AuditEntry.objects.filter(pk=entry.pk).update(after=changed)
    broken(entry.seq, COLUMNS_DIFFER)


def test_the_stored_canonical_form_changed_breaks_the_chain_there(demo):
    entry = _an_entry_with_before_and_after()
    edited = entry.canonical.replace(f'"actor":{json.dumps(entry.actor)}', '"actor":"iemand-anders"')
    assert edited != entry.canonical
    sql(f"UPDATE {TABLE} SET canonical = %s WHERE id = %s", [edited, entry.pk])
    broken(entry.seq, FORM_DIFFERS)
    sql(f"UPDATE {TABLE} SET canonical = %s WHERE id = %s", ["", entry.pk])
    broken(entry.seq, FORM_DIFFERS)


def test_the_stored_form_and_its_columns_changed_together_are_caught_by_the_hash_and_mac(demo):
    """Rewriting the stored form and the columns alike leaves the old hash, or (rehashed) a MAC that does not fit."""
    entry = _an_entry_with_before_and_after()
    sql(f"UPDATE {TABLE} SET actor = %s WHERE id = %s", ["iemand-anders", entry.pk])
    entry.refresh_from_db()
    old_hash = entry.entry_hash
    audit.seal(entry)
    sql(f"UPDATE {TABLE} SET canonical = %s WHERE id = %s", [entry.canonical, entry.pk])
    broken(entry.seq, FORM_DIFFERS)
    sql(f"UPDATE {TABLE} SET entry_hash = %s WHERE id = %s", [entry.entry_hash, entry.pk])
    assert entry.entry_hash != old_hash
    broken(entry.seq, "MAC ontbreekt of klopt niet")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's jsonb accepts only valid JSON")
def test_json_columns_whose_texts_reach_into_each_other_are_not_taken_as_they_are(demo):
    """On SQLite the JSON columns' texts are compared with the stored form as they are, only when each is valid
    JSON. Here `before` holds, nested, the very text that separates `after` from `before` in the canonical form,
    so the boundary between the two columns can be moved there: the written-out text stays the same, both
    columns then hold broken JSON, and that is caught."""
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    between = f',"agreement":"","at":"{at.isoformat()}","before":'
    head, count = audit.head()
    entry = AuditEntry(
        seq=count + 1, at=at, actor="system:test", action="test.change", agreement="", object_type="test.ding",
        object_id="1", before={"x": {"a": 1, "agreement": "", "at": at.isoformat(), "before": {"y": 1}}},
        after={"naam": "nieuw"}, prev_hash=head,
    )  # fmt: skip
    audit.seal(entry)
    entry.mac = audit.entry_mac(entry.entry_hash)
    entry.save()
    after, before = '{"naam":"nieuw"}', '{"x":{"a":1' + between + '{"y":1}}}'
    assert f'"after":{after}{between}{before},' in entry.canonical
    # Moved: `after` takes the separator and the start of `before`. The table's CHECK (json_valid) refuses that,
    # so the attacker switches the checks off first.
    sql("PRAGMA ignore_check_constraints = ON", [])
    try:
        sql(f"UPDATE {TABLE} SET after = %s, before = %s WHERE id = %s", [after + between + '{"x":{"a":1', '{"y":1}}}', entry.pk])
    finally:
        sql("PRAGMA ignore_check_constraints = OFF", [])
    row = next(r for r in audit._rows() if r[0] == entry.seq)
    fields = dict(zip(audit._COLUMNS, row[:-1], strict=True))
    written = audit._from_columns(
        fields["action"], fields["actor"], fields["after"], fields["agreement"], fields["at"], fields["before"],
        fields["object_id"], fields["object_type"], fields["prev_hash"], fields["seq"],
    )  # fmt: skip
    assert written == entry.canonical, "the columns' texts in a row are the stored form"
    assert not row[-1], "but they are not JSON, so they are not taken as they are"
    broken(entry.seq, COLUMNS_DIFFER)


def test_the_migration_fills_the_canonical_form_of_existing_entries_and_keeps_an_earlier_change_visible(demo):
    from importlib import import_module
    from types import SimpleNamespace

    fill = import_module("samen.audit.migrations.0004_entry_canonical").fill_canonical
    schema_editor = SimpleNamespace(connection=connection)  # what fill_canonical reads of it
    stored = dict(AuditEntry.objects.values_list("seq", "canonical"))
    sql(f"UPDATE {TABLE} SET canonical = %s", [""])
    fill(apps, schema_editor)
    assert dict(AuditEntry.objects.values_list("seq", "canonical")) == stored
    assert audit.verify_all().intact

    target = AuditEntry.objects.order_by("seq")[7]
    sql(f"UPDATE {TABLE} SET actor = %s WHERE id = %s", ["iemand-anders", target.pk])  # changed before the upgrade
    sql(f"UPDATE {TABLE} SET canonical = %s", [""])
    fill(apps, schema_editor)
    broken(target.seq, FORM_DIFFERS)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's timestamptz accepts only a time")
@pytest.mark.parametrize("text", ["{day}T{time}", "{day} {time}+00:00", "niet een tijd", ""])
def test_a_time_stored_as_other_text_is_read_as_the_orm_reads_it(demo, text):
    """SQLite keeps any text in `at`: only the form Django writes is read quickly; other text is read through the
    ORM, which gives the same instant (then the entry holds) or none (then it is changed, not an error)."""
    entry = AuditEntry.objects.order_by("seq")[4]
    day, time = entry.at.astimezone(UTC).isoformat().split("+")[0].split("T")
    stored = text.format(day=day, time=time)
    sql(f"UPDATE {TABLE} SET at = %s WHERE id = %s", [stored, entry.pk])
    if day in stored:
        assert audit.verify_all().intact  # the same instant, written another way
    else:
        broken(entry.seq, COLUMNS_DIFFER)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's jsonb holds only JSON")
def test_a_json_column_holding_bytes_instead_of_text_is_read_as_the_orm_reads_it(demo):
    """SQLite keeps bytes where text was: not compared as they are, but as the ORM reads them (the same JSON holds)."""
    with transaction.atomic():
        entry = audit.append(actor="system:test", action="test.event", object_type="test.ding", object_id="1", after=5)
    for blob, intact in ((b"5", True), (b"6", False)):
        sql(f"UPDATE {TABLE} SET after = %s WHERE id = %s", [blob, entry.pk])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT typeof(after) FROM {TABLE} WHERE id = %s", [entry.pk])
            assert cursor.fetchone()[0] == "blob"
        if intact:
            assert audit.verify_all().intact
        else:
            broken(entry.seq, COLUMNS_DIFFER)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite stores the time as text (tested above)")
@pytest.mark.parametrize("shift", ["BC", "after 9999"])
def test_a_time_moved_outside_the_years_1_to_9999_breaks_the_chain_there(demo, shift):
    """PostgreSQL writes 2025 BC with to_char exactly as 2025 AD, and Python cannot hold either such time: the entry
    is reported changed, not passed and not a crash."""
    entry = AuditEntry.objects.order_by("seq")[3]
    if shift == "BC":
        moved = "(to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || ' BC')::timestamp AT TIME ZONE 'UTC'"
    else:
        moved = "at + interval '10000 years'"
    sql(f"UPDATE {TABLE} SET at = {moved} WHERE id = %s", [entry.pk])
    broken(entry.seq, COLUMNS_DIFFER)
