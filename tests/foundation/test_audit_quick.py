"""The quick ways of `samen audit verify` (issue 11) give exactly what the slow ways give, and miss no edit.

- The walk writes a jsonb column's canonical text from the shape of jsonb texts seen before (`_JsonbShapes`)
  instead of decoding and encoding it: the same text as `_dumps(_json(text))` for every text.
- The replay writes a row's canonical text without Django's converters (`tracking.TableRows`): the same text as
  the ORM's way for every row.

An edit that keeps a value's shape but changes a scalar to an equal one of another JSON type (`false` to `0`,
`1` to `1.0`) is what a quick way would be most likely to miss; those are tested here with the shape learnt.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time

import pytest
from django.db import connection, transaction

from samen.audit import services as audit
from samen.audit import tracking
from samen.audit.models import AuditEntry

TABLE = AuditEntry._meta.db_table
COLUMNS_DIFFER = "kolommen wijken af van de opgeslagen canonieke vorm"
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="jsonb's text output is PostgreSQL's")


def sql(statement: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def jsonb_text(value: object) -> str:
    """The text PostgreSQL's jsonb writes for `value` (what the walk reads from a JSON column)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT CAST(CAST(%s AS jsonb) AS text)", [json.dumps(value)])
        text: str = cursor.fetchone()[0]
    return text


# Every control character, the characters with a short escape, quote, backslash, DEL, non-ASCII, a line separator,
# a character outside the BMP, and a per cent sign (the template is a %-format).
AWKWARD = "".join(chr(c) for c in range(1, 32)) + '"\\/\x7f é\u2028😀 %s %% {0}'


@postgresql_only
@pytest.mark.django_db
def test_a_learnt_shape_gives_the_canonical_text_of_every_jsonb_text_of_that_shape_and_others_go_the_slow_way():
    values = [
        {"id": 7, "kind": "extra-cost", "note": "", "payload": {"year": 2032, "amount": "611.87", "item": "f"}, "ok": False},
        {"a": [1, "b", None, True, [], {}], "b": {"c": {"d": -12}}, "": 0, "k%s": AWKWARD, AWKWARD: "sleutel"},
        {"big": 10**40, "neg": -(10**40), "zero": 0},
        {"longest": 10**99, "escapes": '\\"\\' * 20 + "\n" * 20 + "x"},
        [AWKWARD, 1, None],
        "alleen tekst",
        5,
        None,
    ]
    # Per value, values of the same shape with one scalar changed in type or value: each must give its own text.
    variants = [
        lambda v: v,
        lambda v: json.loads(json.dumps(v).replace("false", "0").replace("2032", "2032.0")),
        lambda v: json.loads(json.dumps(v).replace("-12", "-12.5").replace("true", "1")),
        lambda v: json.loads(json.dumps(v).replace(": 0}", ": 0.0}").replace('"b", null', "2, null")),
        lambda v: json.loads(json.dumps(v).replace("null", "false").replace("611.87", "611.870")),
        lambda v: {"alleen tekst": 0.5, 5: -0.0, None: 0}.get(v, v) if isinstance(v, str | int | None) else v,
    ]
    shapes = tracking.JsonbShapes()
    for n, value in enumerate(values):
        first = jsonb_text(value)
        assert shapes.canonical(first, n) == audit._dumps(json.loads(first))
        assert any(pattern.fullmatch(first) for pattern, _, _ in shapes.shapes[n]), "its shape is learnt"
        for variant in variants:
            text = jsonb_text(variant(value))
            assert shapes.canonical(text, n) == audit._dumps(json.loads(text)), text
    floats = jsonb_text({"x": 1.5, "y": 1e-07})
    assert shapes.canonical(floats, "floats") == '{"x":1.5,"y":1e-07}' and "floats" not in shapes.shapes, "no shape with a float"
    too_long = jsonb_text({"n": 10**100, "m": -(10**100)})  # longer than a shape's integer: always the slow way
    for _ in range(2):
        assert shapes.canonical(too_long, "too long") == audit._dumps(json.loads(too_long))


def _entries_of_one_kind(count: int) -> list[AuditEntry]:
    """`count` entries of one object type and action, so that the walk has learnt their `after`'s shape by the last."""
    with transaction.atomic():
        return [
            audit.append(
                actor="system:test",
                action="test.quick",
                object_type="test.ding",
                object_id=str(n),
                after={"id": n, "n": 1, "vlag": False, "tekst": "x", "diep": {"a": 2, "b": [True, None]}},
            )
            for n in range(count)
        ]


@pytest.mark.parametrize(
    "edit",
    [
        {"vlag": 0},  # false -> 0: equal in Python
        {"n": 1.0},  # 1 -> 1.0: equal in Python
        {"n": True},  # 1 -> true: equal in Python
        {"diep": {"a": 2.0, "b": [True, None]}},  # nested, 2 -> 2.0
        {"diep": {"a": 2, "b": [1, None]}},  # in a list, true -> 1
        {"tekst": "y"},
        {"tekst": None},
        {"extra": 1},
    ],
)
def test_a_scalar_of_a_learnt_shape_changed_to_an_equal_one_of_another_json_type_breaks_the_chain_there(demo, edit):
    entries = _entries_of_one_kind(4)
    target = entries[-1]
    assert audit.verify_all().intact
    sql(f"UPDATE {TABLE} SET after = %s WHERE id = %s", [json.dumps({**target.after, **edit}), target.pk])
    report = audit.verify_all()
    assert report.chain.broken_seq == target.seq, report.problems
    assert COLUMNS_DIFFER in report.chain.reason
    assert report.chain == audit.verify_all(jobs=2).chain


def test_the_quick_row_text_is_the_orms_for_every_row_of_every_tracked_table(demo):
    """On PostgreSQL every row's quick texts are the JSON of exactly the values the ORM's way gives: its canonical
    text is that encoding, its text in jsonb's form decodes to those values (of the same JSON types) with the keys in
    jsonb's order; and on the intact demo chain every row equals its state in one of the two (kept as the `after`
    column's text by the walk, or canonical when merged), so no row goes the ORM's way."""
    states: audit.States = {t: {} for t in tracking.TRACKED}
    assert audit._walk(set(), None, True, states)[0].intact
    in_jsonb_form = 0
    for object_type in tracking.TRACKED:
        rows = tracking.TableRows(object_type)
        for object_id, text, raw in rows:
            values = rows.values(raw)
            assert object_id == str(values["id"])
            if connection.vendor != "postgresql":
                assert text is None and rows.canonical(raw) is None, "SQLite's values go the ORM's way"
                continue
            assert text is not None and rows.canonical(raw) == audit._dumps(values), (object_type, object_id)
            decoded = json.loads(text)
            assert audit._dumps(decoded) == audit._dumps(values), (object_type, object_id)
            assert list(decoded) == sorted(values, key=lambda key: (len(key.encode()), key.encode())), "jsonb's order"
            state = states[object_type].get(object_id)
            assert state in (text, rows.canonical(raw)), (object_type, object_id)
            in_jsonb_form += state == text
    assert in_jsonb_form or connection.vendor != "postgresql"


def _one_row_changed(table: str, column: str, expression: str, where: str = "TRUE") -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE {where} ORDER BY id LIMIT 1")
        (pk,) = cursor.fetchone()
        cursor.execute(f"UPDATE {table} SET {column} = {expression} WHERE id = %s", [pk])
    return int(pk)


@postgresql_only
@pytest.mark.parametrize(
    "object_type, table, column, field, expression, where",
    [
        # an integer in the payload made a float: the same number in Python, another JSON value
        (
            "records.recordedfact", "records_recordedfact", "payload", "payload",
            r"CAST(regexp_replace(CAST(payload AS text), ': ([0-9]+)([,}])', ': \1.0\2') AS jsonb)",
            r"CAST(payload AS text) ~ ': [0-9]+[,}]'",
        ),
        ("records.recordedfact", "records_recordedfact", "example_figure", "example_figure", "NOT example_figure", "TRUE"),
        # columns without NULLs, written by C functions (`_not_null_writer`): texts, an integer, a jsonb
        ("records.recordedfact", "records_recordedfact", "kind", "kind", "kind || ' '", "TRUE"),
        ("records.recordedfact", "records_recordedfact", "note", "note", "note || '\"'", "TRUE"),
        ("parties.party", "parties_party", "position", "position", "position + 100", "TRUE"),
        ("records.recordedfact", "records_recordedfact", "payload", "payload", "payload || '{\"x\": 1}'", "TRUE"),
        ("records.recordedfact", "records_recordedfact", "occurred_on", "occurred_on", "occurred_on + 1", "occurred_on IS NOT NULL"),
        ("budgets.budgetline", "budgets_budgetline", "amount", "amount", "amount + 0.01", "TRUE"),
        (
            "documents.documentversion", "documents_documentversion", "uploaded_at", "uploaded_at",
            "uploaded_at + interval '1 microsecond'", "TRUE",
        ),
    ],
)  # fmt: skip
def test_a_row_changed_in_a_column_the_quick_text_writes_is_a_mismatch_of_that_field(
    demo, object_type, table, column, field, expression, where
):
    if not tracking.model_for(object_type)._default_manager.exists():
        pytest.skip(f"the demo has no {object_type}")
    pk = _one_row_changed(table, column, expression, where)
    report = audit.verify_all()
    assert report.chain.intact
    assert [p for p in report.problems if f"{object_type} {pk} " in p] == [
        p for p in report.problems if f"{object_type} {pk} veld {field}:" in p
    ]
    assert any(f"{object_type} {pk} veld {field}:" in p for p in report.problems), report.problems


def test_the_writers_of_columns_without_nulls_write_what_the_other_writers_write_and_refuse_none():
    """`_not_null_writer`'s C functions give, for every value but None, the text `_text_writer` gives (a date's,
    time's or datetime's without the quotes the template puts around it), and raise TypeError for None."""
    values = {
        tracking._INTEGER: [0, -7, 10**20],
        tracking._TEXT: ["", AWKWARD],
        tracking._DATE: [date(1, 1, 1), date(2027, 6, 1)],
        tracking._TIME: [time(0, 0), time(23, 59, 59, 999999)],
        tracking._TIMESTAMPTZ: [datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), datetime(2026, 1, 2, 3, 4, 5, 60, tzinfo=UTC)],
    }
    for allowed, examples in values.items():
        quick = tracking._not_null_writer(allowed)
        assert quick is not None
        writer, quoted = quick
        other = tracking._text_writer(allowed, tracking.JsonbShapes(), "kind")
        for value in examples:
            assert (f'"{writer(value)}"' if quoted else writer(value)) == other(value), (allowed, value)
        with pytest.raises(TypeError):
            writer(None)
    with pytest.raises(TypeError):
        str.__str__(None)  # a jsonb column without NULLs
    assert tracking._not_null_writer(tracking._NUMERIC) is None and tracking._not_null_writer(tracking._JSONB) is None
