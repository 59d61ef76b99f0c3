"""Which tables the audit chain vouches for, and the one snapshot form that the replay compares.

For every model listed in TRACKED, each write through a service appends an entry whose `after`
is `snapshot(obj)`: the object's id and exactly the fields listed here, as plain JSON (foreign
keys as the related id, dates as ISO strings). `samen audit verify` replays the chain (the latest
entry per object gives its expected state) and compares it with the rows in the tables, reading
the same fields with `row_values`, so that what is written and what is compared cannot drift apart.

Left out on purpose: password hashes and `last_login` (secrets and volatile login bookkeeping),
timestamps the database sets itself (`recorded_at`), and the agreement's text (articles and
leden, imported from the `.txt` file that is its source).
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connections, models

# object_type (model label, lower case) -> the fields the chain vouches for, in the order they are compared.
TRACKED: dict[str, tuple[str, ...]] = {
    "agreements.agreement": ("slug", "citation_title", "start", "term_years", "host_code", "definition_sha256"),
    "parties.party": ("agreement", "code", "name", "kind", "position"),
    "parties.participant": ("agreement", "code", "name", "kind"),
    "parties.chainpartner": ("agreement", "key", "name"),
    "parties.person": ("agreement", "name", "function", "party", "participant"),
    "parties.signature": ("agreement", "party", "signed_on", "signed_by"),
    "governance.body": ("agreement", "key", "name", "short_name", "kind", "position"),
    "governance.membership": ("body", "person", "role", "start", "until"),
    "governance.meeting": (
        "agreement",
        "body",
        "held_on",
        "title",
        "status",
        "start_time",
        "place",
        "public",
        "minutes",
        "minutes_status",
        "minutes_adopted_at",
        "minutes_amended",
    ),
    "governance.agendaitem": ("meeting", "position", "title", "explanation", "proposal", "brought_by", "decision", "outcome"),
    "governance.attendance": ("meeting", "party", "participant", "status", "represented_by"),
    "records.recordedfact": ("agreement", "kind", "payload", "occurred_on", "note", "example_figure", "recorded_by"),
    # A fact withdrawn by a correction (with the reason), and what a procedure step adds to its fact (issue 9).
    "records.factcorrection": ("fact", "reason", "corrected_by"),
    "records.stepdetail": ("fact", "reference", "text", "agenda_item"),
    "proposals.proposal": (
        "agreement",
        "ref",
        "subject",
        "explanation",
        "kind",
        "proposed_by",
        "proposed_on",
        "parameters",
        "end_date",
        "effective_date",
        "text_changes",
        "budget_year",
        "recorded_by",
    ),
    "proposals.partydecision": ("proposal", "party", "decided_on", "outcome", "document", "recorded_by"),
    # The cooperation agenda (art. 1 sub d, art. 2): samen.cooperation.
    "cooperation.pillar": ("agreement", "key", "title", "position"),
    "cooperation.assignment": (
        "agreement",
        "pillar",
        "title",
        "description",
        "deliverables",
        "principal",
        "civil_principal",
        "start",
        "planned_end",
        "budget",
    ),
    "cooperation.projectgroupmember": ("assignment", "party", "name", "role", "start", "until"),
    "cooperation.progressupdate": ("assignment", "on", "status", "percent", "milestone", "note"),
    "cooperation.meetinglink": ("assignment", "meeting", "agenda_item", "note"),
    # Documents (stukken) and their versions; the file's SHA-256 ties the chain to the stored bytes.
    "documents.document": (
        "agreement",
        "title",
        "kind",
        "public",
        "meeting",
        "agenda_item",
        "proposal",
        "party_decision",
        "created_by",
        "dispute",
        "fact",
    ),
    "documents.documentversion": (
        "document",
        "number",
        "file_name",
        "size",
        "content_type",
        "sha256",
        "storage_name",
        "uploaded_by",
        "uploaded_at",
    ),
    # Disputes (art. 14): samen.disputes; the facts the rules read stay records.recordedfact rows.
    "disputes.dispute": ("agreement", "notice", "subject", "proposed_solution", "recorded_by"),
    "disputes.disputestep": ("dispute", "kind", "fact", "person", "text", "on", "recorded_by"),
    # Invoices, credit notes, their lines and payments (art. 7, art. 10, art. 14 lid 6): samen.invoicing.
    "invoicing.counter": ("agreement", "year", "last"),
    "invoicing.document": (
        "agreement",
        "kind",
        "number",
        "year",
        "party",
        "amount_kind",
        "ref",
        "issue_date",
        "due_date",
        "total",
        "credits",
        "reason",
        "parties",
        "created_by",
    ),
    "invoicing.line": ("document", "position", "amount_id", "description", "articles", "amount", "explanation", "steps"),
    "invoicing.payment": ("document", "paid_on", "amount", "reference", "recorded_by"),
    # Accounts and roles; NEVER the password hash, nor last_login (it changes at every login).
    # calendar_feed_generation: a row set back to an earlier number would reopen an old feed link.
    # reminder_delivery: how the user receives reminders (samen.reminders), immediate or a weekly digest.
    "accounts.user": (
        "username",
        "role",
        "agreement",
        "party",
        "is_active",
        "is_staff",
        "is_superuser",
        "calendar_feed_generation",
        "reminder_delivery",
    ),
    # Budgets (art. 6) and commitments within them (art. 4 lid 4): samen.budgets.
    "budgets.budget": ("agreement", "year", "opening_reserve", "note", "example_figure", "recorded_by"),
    "budgets.budgetline": ("budget", "name", "amount", "position"),
    "budgets.commitment": (
        "agreement",
        "ref",
        "line",
        "counterparty",
        "description",
        "amount",
        "committed_on",
        "mandate",
        "approved_by",
        "approved_at",
        "example_figure",
        "recorded_by",
    ),
}

# Fields tracked since a later version: the value their migration gave the rows that existed then.
# An entry written before the field was tracked does not name it; the replay then expects this value
# (the migration's default), so a database upgraded in place still verifies. A field added to TRACKED
# for rows that already exist must be listed here with its migration's default.
ADDED_LATER: dict[str, dict[str, Any]] = {
    "governance.meeting": {
        "status": "held",
        "start_time": None,
        "place": "",
        "public": False,
        "minutes": "",
        "minutes_status": "",
        "minutes_adopted_at": None,
        "minutes_amended": False,
    },
    "proposals.proposal": {"text_changes": None, "budget_year": None},
    "accounts.user": {"calendar_feed_generation": 0, "reminder_delivery": "immediate"},
    # A document attached to a dispute (art. 14, samen.disputes) or to a procedure step's fact (documents/0002).
    "documents.document": {"dispute": None, "fact": None},
}

# Never in any snapshot, tracked or not.
SECRET_OR_VOLATILE = frozenset({"password", "last_login"})


def model_for(object_type: str) -> type[models.Model]:
    """The model class of a tracked object type."""
    return apps.get_model(object_type)


def _fields(model: type[models.Model], object_type: str) -> list[models.Field[Any, Any]]:
    return [model._meta.get_field(name) for name in TRACKED[object_type]]  # type: ignore[misc]


_SORTED = json.JSONEncoder(sort_keys=True)  # exactly json.dumps(value, sort_keys=True), built once


def _unchanged_types(field: models.Field[Any, Any]) -> tuple[type, ...]:
    """The value types that `plain` returns as they are for `field` (its `to_python` keeps them): a shortcut
    for the replay, which converts every tracked field of every row."""
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if isinstance(field, models.CharField | models.TextField) and not isinstance(field, models.JSONField):
        return (str,)
    if isinstance(field, models.BooleanField):
        return (bool,)
    if isinstance(field, models.IntegerField | models.AutoField):
        return (int,)
    return ()


def plain(field: models.Field[Any, Any], value: Any) -> Any:
    """A field's value as plain JSON: what the chain stores and what the replay compares."""
    if value is None or type(value) in _unchanged_types(field):
        return value
    if not isinstance(field, models.JSONField):
        value = field.to_python(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        return str(value)  # a TextChoices member is a str: store and compare its plain value
    if isinstance(value, dict | list):
        result: Any = json.loads(_SORTED.encode(value))
        return result
    return value


def tracked_snapshot(obj: models.Model) -> dict[str, Any]:
    """The tracked fields of `obj` (plus its id) as plain JSON."""
    object_type = obj._meta.label_lower
    out: dict[str, Any] = {"id": obj.pk}
    for field in _fields(type(obj), object_type):
        out[field.name] = plain(field, getattr(obj, field.attname))
    return out


def batches(cursor: Any, size: int) -> Iterator[list[Any]]:
    """The rows of an executed cursor in lists of `size`. On PostgreSQL the next list is fetched in a second
    thread while the caller works through this one, so the server reads and sends rows while Python checks
    them (psycopg lets go of the GIL while it waits, and its connection lock serialises any other query of
    the caller meanwhile). SQLite runs in this process: there it is only slower."""
    if cursor.db.vendor != "postgresql":
        while batch := cursor.fetchmany(size):
            yield batch
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(cursor.fetchmany, size)
        while batch := pending.result():
            pending = pool.submit(cursor.fetchmany, size)
            yield batch


def row_values(object_type: str, first: int | None = None, last: int | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every row of a tracked table (with `first`/`last`: whose id lies from `first` to `last`) as
    (id, {"id": pk, field: plain value}), streamed in id order: the same keys as `tracked_snapshot`, so that
    the replay can compare a row with the chain's `after` in one encoding.

    The query and the converters (JSON decoded, dates and booleans as the backend gives them) are the ORM's
    own, as `values_list(...).iterator()` runs them; only the fetching is `batches`'."""
    rows = TableRows(object_type, first, last)
    for object_id, _text, raw in rows:
        yield object_id, rows.values(raw)


# The PostgreSQL types (OIDs) whose values psycopg gives as the one Python type that `plain` turns into its plain
# value without the field: text and varchar as str, smallint/integer/bigint as int, boolean as bool, date, time and
# timestamptz as date, time and (aware, through Django's loader) datetime, numeric as Decimal, and jsonb as its text
# (Django's loader), which the ORM decodes with json.loads.
_TEXT, _INTEGER, _BOOLEAN, _JSONB = frozenset({25, 1043}), frozenset({20, 21, 23}), frozenset({16}), frozenset({3802})
_DATE, _TIME, _TIMESTAMPTZ, _NUMERIC = frozenset({1082}), frozenset({1083}), frozenset({1184}), frozenset({1700})


def _pg_types(field: models.Field[Any, Any]) -> frozenset[int]:
    """The column types (OIDs) for which `TableRows` may write `field`'s plain value without the ORM: none for a field
    it does not know."""
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if isinstance(field, models.JSONField):
        return _JSONB if field.decoder is None else frozenset()
    if isinstance(field, models.CharField | models.TextField):
        return _TEXT
    if isinstance(field, models.BooleanField):
        return _BOOLEAN
    if isinstance(field, models.IntegerField | models.AutoField):
        return _INTEGER
    if isinstance(field, models.DateTimeField):
        return _TIMESTAMPTZ
    if isinstance(field, models.DateField):
        return _DATE
    if isinstance(field, models.TimeField):
        return _TIME
    if isinstance(field, models.DecimalField):
        return _NUMERIC
    return frozenset()


def _plain_of_type(value: Any) -> str:
    """For the encoder of `TableRows`: the plain value of a date, time, datetime or finite Decimal, what `plain` gives
    for it in its field's type (`isoformat()`, `str`); anything else raises TypeError (the ORM's way decides)."""
    kind = type(value)
    if kind is date or kind is datetime or kind is time:
        result: str = value.isoformat()
        return result
    if kind is Decimal and value.is_finite():  # DecimalField.to_python refuses NaN and infinity
        return str(value)
    raise TypeError(f"no quick plain value for {kind.__name__}")


# Encodes a row's values as `canonical_json(row_values' dict)` does (sorted keys, no spaces, non-ASCII kept, json's C
# encoder made once), with dates, times, datetimes and Decimals written through `_plain_of_type` on the way.
_ROW_ENCODER = (
    json.encoder.c_make_encoder(  # type: ignore[attr-defined]
        None, _plain_of_type, json.encoder.encode_basestring, None, ":", ",", True, False, True
    )
    if json.encoder.c_make_encoder is not None  # type: ignore[attr-defined]
    else None
)
_SCAN = json.decoder.JSONDecoder().scan_once  # json's C scanner: the value at an index and where it ends


def decode_json(raw: Any) -> Any:
    """A JSON column's text decoded (exactly `json.loads`, which decides whenever the text is not one whole value
    from its first to its last character); NULL as None. Anything else (SQLite keeps a number or bytes it is
    given, which Django's JSONField cannot read) raises TypeError, so that the ORM decides."""
    if type(raw) is not str:
        if raw is None:
            return None
        raise TypeError(f"a JSON column holds {type(raw).__name__}, not text")
    try:
        value, end = _SCAN(raw, 0)
    except StopIteration:
        return json.loads(raw)  # raises the error json.loads gives
    return value if end == len(raw) else json.loads(raw)


# One JSON value's text exactly as PostgreSQL's jsonb writes it and as the canonical encoder writes it: a string with
# only the escapes both write (the short ones, and \u00XX in lower case for the other control characters; json's
# encode_basestring and PostgreSQL's escape_json escape the same characters alike), an integer (no -0, and short
# enough for Python to read), true, false or null. Not a float: jsonb keeps a number's digits, Python writes its repr.
# (Written as runs of plain characters between escapes, which Python's re matches many times faster than an
# alternative per character. The runs are possessive, `*+`: a scalar's text ends where its token ends, since a run
# stops only at a quote, a backslash or a control character and an integer only at a non-digit, so there is never
# anything to give back, and Python's re then keeps no state for going back; the alternatives begin with different
# characters, so their order changes nothing but the time: the integers other than 0, the most common after the
# strings, come second. About 20 % fewer instructions per match of a fact's `after` than the same without.)
_JSONB_STRING = r'"[^"\\\x00-\x1f]*+(?:\\(?:["\\bfnrt]|u00(?:0[0-7bef]|1[0-9a-f]))[^"\\\x00-\x1f]*+)*+"'
_JSONB_SCALAR = rf"({_JSONB_STRING}|[1-9][0-9]{{0,99}}+|-[1-9][0-9]{{0,99}}+|0|true|false|null)"


class JsonbShapes:
    """The canonical text of a jsonb column's text output, `encode_json(decode_json(text))`, quicker for a text of a shape seen
    before (on PostgreSQL: the walk, where that text is what the column gives and must equal its piece of `canonical`, and
    the replay, where it is a JSONField's value).

    A shape is a value's objects and arrays with their keys, in the order jsonb writes them, and a scalar in each
    place: one regular expression that matches exactly the texts jsonb writes for values of that shape, whose
    scalars (`_JSONB_SCALAR`) are written alike by jsonb and by the canonical encoder, and one template that puts
    those scalars' texts back in the canonical encoder's order (keys sorted, no spaces). So for a text the expression
    matches, the template gives `encode_json(decode_json(text))` without decoding or encoding any JSON; any other text (another
    shape, a float, a string with another escape) is decoded and encoded as before, and its shape learnt. Shapes are
    kept per `kind` (the walk passes the object type, action and column; the replay the table and column), the last
    few first.
    """

    KEEP = 4  # shapes kept per kind
    # Values per kind that a shape is learnt from (or found to have none: a float) at most, so that a kind whose
    # values have many shapes, or floats, costs little more than decoding and encoding them.
    LEARN = 64

    def __init__(self) -> None:
        self.shapes: dict[Any, list[tuple[re.Pattern[str], str, Any]]] = {}
        self.learnt: dict[Any, int] = {}

    def canonical(self, text: Any, kind: Any) -> str:
        shapes = self.shapes.get(kind)
        if shapes is not None and type(text) is str:
            for pattern, template, order in shapes:
                match = pattern.fullmatch(text)
                if match is not None:
                    return template % order(match.groups())
        value = decode_json(text)  # anything but text raises TypeError
        result = encode_json(value)
        tried = self.learnt.get(kind, 0)
        if tried < self.LEARN:
            self.learnt[kind] = tried + 1  # a value without a shape (a float in it) counts too
            shape = self._shape(value)
            if shape is not None:
                pattern, template, places = shape
                order = operator.itemgetter(*places) if len(places) > 1 else (lambda groups: groups)
                shapes = self.shapes.setdefault(kind, [])
                shapes.insert(0, (re.compile(pattern), template, order))
                del shapes[self.KEEP :]
        return result

    @staticmethod
    def _shape(value: Any) -> tuple[str, str, list[int]] | None:
        """The expression (jsonb's order and spacing), the %-template (the canonical order) and, per %s of the
        template, which group of the expression fills it; None for a value with a float, or with no scalar at all."""
        scalars = 0

        def walk(v: Any) -> tuple[str, str] | None:
            """`v`'s expression and template, each scalar's group number written between NULs in the template."""
            nonlocal scalars
            if v is None or isinstance(v, str | int):  # bool is an int; a float is neither
                scalars += 1
                return _JSONB_SCALAR, f"\0{scalars - 1}\0"
            if isinstance(v, list):
                parts = [walk(item) for item in v]
                if None in parts:
                    return None
                pieces = [part for part in parts if part is not None]
                return "\\[" + ", ".join(p for p, _ in pieces) + "\\]", "[" + ",".join(t for _, t in pieces) + "]"
            if isinstance(v, dict):
                members = []
                for key, item in v.items():  # jsonb's order: the expression's
                    part = walk(item)
                    if part is None:
                        return None
                    members.append((key, json.encoder.encode_basestring(key), part))
                pattern = ", ".join(f"{re.escape(name)}: {p}" for _, name, (p, _) in members)
                template = ",".join(f"{name.replace('%', '%%')}:{t}" for _, name, (_, t) in sorted(members, key=lambda m: m[0]))
                return "\\{" + pattern + "\\}", "{" + template + "}"
            return None  # a float

        shape = walk(value)
        if shape is None or not scalars:
            return None
        pattern, marked = shape
        # A JSON text holds no NUL, so the NULs mark exactly the scalars: in the template's order they become %s and
        # the list of their group numbers.
        pieces = marked.split("\0")
        return pattern, "".join(piece if i % 2 == 0 else "%s" for i, piece in enumerate(pieces)), [int(p) for p in pieces[1::2]]


def encode_json(value: Any) -> str:
    """`value` as canonical JSON (keys sorted, no spaces, non-ASCII kept): the audit chain's encoding, with dates, times,
    datetimes and finite Decimals written as `plain` writes them."""
    if _ROW_ENCODER is None:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain_of_type)
    return "".join(_ROW_ENCODER(value, 0))


def _text_writer(allowed: frozenset[int], shapes: JsonbShapes, kind: Any) -> Any:
    """For a column of one of the types `allowed` (`_pg_types`): the function that writes the canonical JSON of its
    plain value from the value psycopg gives (None as null), exactly as `encode_json` writes that value in the
    row's dict: an int's repr, true or false, a string's escape, a date's, time's or datetime's `isoformat()` and a
    finite Decimal's `str` as strings (text of digits and signs, nothing to escape), a jsonb text's canonical text
    (`shapes`). Anything else raises TypeError or ValueError."""
    if allowed is _BOOLEAN:
        return {True: "true", False: "false", None: "null"}.__getitem__
    if allowed is _INTEGER:
        return lambda v: "null" if v is None else int.__repr__(v)
    if allowed is _TEXT:
        encode = json.encoder.encode_basestring
        return lambda v: "null" if v is None else encode(v)
    if allowed is _JSONB:
        canonical = shapes.canonical
        return lambda v: "null" if v is None else canonical(v, kind)
    if allowed is _NUMERIC:
        return lambda v: "null" if v is None else f'"{_plain_of_type(v)}"'
    return lambda v: "null" if v is None else f'"{v.isoformat()}"'  # date, time, timestamptz


def _not_null_writer(allowed: frozenset[int]) -> tuple[Any, bool] | None:
    """For a column that holds no NULL (its field's `null` is False) of one of the types `allowed`: a function written
    in C that writes what `_text_writer` writes for any value but None, where the replay would otherwise call a Python
    function per column of every row (a tenth of the replay's time), and whether its text goes between quotes in the
    template (a date's, time's or datetime's `isoformat()`); None for the types that keep their `_text_writer`. Each
    raises TypeError for None (a NULL where the model allows none: the row goes the ORM's way), and `isoformat` is
    the one of the column type's own class (psycopg gives a date, time or datetime for exactly these types)."""
    if allowed is _INTEGER:
        return int.__repr__, False
    if allowed is _TEXT:
        return json.encoder.encode_basestring, False
    if allowed is _DATE:
        return date.isoformat, True
    if allowed is _TIME:
        return time.isoformat, True
    if allowed is _TIMESTAMPTZ:
        return datetime.isoformat, True
    return None


def _jsonb_as_is(value: Any) -> str:
    """A jsonb column's text as PostgreSQL wrote it (one whole JSON value), None as null; anything else raises
    TypeError."""
    if type(value) is str:
        return value
    if value is None:
        return "null"
    raise TypeError(f"a jsonb column gave {type(value).__name__}, not text")


def _jsonb_key(name: str) -> tuple[int, bytes]:
    """Where jsonb puts a key in an object's text: shorter keys (in bytes) first, then by their bytes."""
    raw = name.encode()
    return len(raw), raw


class Unreadable(str):
    """A value a tracked table holds that its field's Python type cannot hold or read, as the database's text: on
    PostgreSQL a date or time Python cannot hold (a year before 1 or after 9999, `infinity`; only in a row read
    leniently, `TableRows(lenient=True)`), on SQLite any text Django's converter refuses (`2025-02-30`, `morgen`,
    a number that is no decimal). The app never writes such a value, so the chain never records one: as a str of
    another type it is `same` as no recorded value, and the replay names the field with this text."""

    __slots__ = ()


def _lenient_loaders(cursor: Any) -> None:
    """Register on a psycopg cursor, before it runs its query, loaders of dates and times that give an `Unreadable`
    where psycopg's own raise (for a value Python cannot hold) and otherwise what they give. Each is a subclass of
    the loader the connection uses when that is psycopg's Python one (Django's for `timestamptz`, which adds the
    connection's time zone), else of psycopg's Python loader of that type: the loaders written in C are called
    below their Python methods, so a subclass of one would never be asked."""
    import psycopg
    from psycopg import pq
    from psycopg.types import datetime as pg_datetime

    fallbacks = {
        "date": pg_datetime.DateLoader,
        "time": pg_datetime.TimeLoader,
        "timestamp": pg_datetime.TimestampLoader,
        "timestamptz": pg_datetime.TimestamptzLoader,
    }
    adapters = cursor.adapters
    for name, fallback in fallbacks.items():
        info = adapters.types.get(name)
        if info is None:
            continue
        base = adapters.get_loader(info.oid, pq.Format.TEXT)
        if base is None or not issubclass(base, fallback):
            base = fallback

        def load(self: Any, data: Any, _base: Any = base) -> Any:
            try:
                return _base.load(self, data)
            except psycopg.DataError:
                return Unreadable(bytes(data).decode())

        adapters.register_loader(info.oid, type(f"Lenient{base.__name__}", (base,), {"load": load}))


class TableRows:
    """The rows of one tracked table (with `first`/`last`: ids from `first` to `last`), in id order, through the
    query and converters of `values_list(...).iterator()`, fetched by `batches`. With `lenient` (PostgreSQL), a date
    or time Python cannot hold comes as an `Unreadable` (the text the database holds) rather than psycopg's DataError.

    Iterating gives (object id, text, raw row): `text` is the row's plain values as JSON in jsonb's own text form
    (the keys in jsonb's order, `", "` and `": "` between, a jsonb column's text as PostgreSQL wrote it), the form of
    an `after` column's text, written without Django's converters, or None when this quick way does not apply
    (then every row of the query comes as the ORM's converters gave it); `canonical(raw)` is the canonical JSON of
    the same values (exactly `encode_json` of what `values(raw)` gives), the same quick way; `values(raw)` is the
    row's plain values the ORM's way (what `row_values` gives). Either text is one JSON value whose every piece is
    the JSON of one plain value of the row (the writers below; a jsonb column's text is one whole JSON value), so
    a text equal to a state's text means a row whose values are exactly the state's.

    The quick way (PostgreSQL only) starts from the types of the result's columns, checked once per query, not per
    value: when each column has a type whose values psycopg gives as one Python type (`_pg_types` of its field),
    every value is None or of that type, so `plain` would keep it as it is (str, int, bool) or write it as
    `_plain_of_type` does; and the only converters the ORM applies are JSONFields' `from_db_value`, json.loads of
    the jsonb text (whose canonical text `JsonbShapes` writes; a text that is not one JSON value, or any other
    converter, and the row goes the ORM's way). So each column's piece is written by its `_text_writer` and the
    pieces are put in a template of the keys in sorted order: the text the ORM's way gives, without a dict built
    field by field, without Django's converter chain, and without decoding and encoding the JSON columns.
    """

    def __init__(self, object_type: str, first: int | None = None, last: int | None = None, *, lenient: bool = False) -> None:
        model = model_for(object_type)
        self.lenient = lenient
        self.fields = _fields(model, object_type)
        attnames = [f.attname for f in self.fields]
        # A JSONField's value is JSON the database just decoded: plain already (only its key order may differ,
        # which `same` ignores), so it is not encoded and decoded once more.
        unchanged = [(dict, list, str, int, float, bool) if isinstance(f, models.JSONField) else _unchanged_types(f) for f in self.fields]
        self.converters = [(f.name, f, keep, _isoformat_types(f)) for f, keep in zip(self.fields, unchanged, strict=True)]
        query = model._default_manager.order_by("pk")
        if first is not None:
            query = query.filter(pk__gte=first)
        if last is not None:
            query = query.filter(pk__lte=last)
        if lenient and connections[query.db].vendor != "postgresql":
            # SQLite's driver reads a date or time column through Django's converters as it fetches, and one that
            # refuses a text (`2025-02-30`) would end the fetch: such columns are read as their text, which `values`
            # turns into the field's value, or into an `Unreadable`.
            from django.db.models.functions import Cast

            dates = [f.attname for f in self.fields if isinstance(f, models.DateField | models.TimeField)]
            as_text = {name: Cast(name, models.TextField()) for name in dates}
            query = query.values_list("pk", *(as_text.get(name, name) for name in attnames))
        else:
            query = query.values_list("pk", *attnames)
        self.db = query.db
        self.compiler = query.query.get_compiler(using=query.db)
        self.sql, self.params = self.compiler.as_sql()
        self.db_converters = self.compiler.get_converters([column for column, _, _ in self.compiler.select])
        columns = (model._meta.pk, *self.fields)
        self.types = [_pg_types(f) for f in columns]
        # The columns the ORM converts: each must be a JSONField's from_db_value for the quick way.
        json_columns = [i for i, f in enumerate(columns) if isinstance(f, models.JSONField)]
        self.quick_converters = all(
            i in json_columns and [c.__func__ for c in convs] == [models.JSONField.from_db_value]  # type: ignore[attr-defined]
            for i, (convs, _) in self.db_converters.items()
        )
        # The template: the keys in the order `encode_json` sorts them, a %s for each value (a % in a key doubled),
        # and in that order the columns and their writers.
        names = ("id", *(f.name for f in self.fields))
        order = sorted(range(len(names)), key=lambda i: names[i])
        # A column without NULLs (the primary key, a field with null=False) of a type `_not_null_writer` knows is
        # written by a C function, a date's text between quotes in the template; any other by its `_text_writer`.
        shapes = JsonbShapes()
        not_null = [True, *(not f.null for f in self.fields)]
        writers: list[Any] = []
        quoted: list[bool] = []
        for i, allowed in enumerate(self.types):
            quick = _not_null_writer(allowed) if not_null[i] else None
            writers.append(quick[0] if quick else _text_writer(allowed, shapes, (object_type, names[i])) if allowed else None)
            quoted.append(quick[1] if quick else False)
        keys = [json.encoder.encode_basestring(name).replace("%", "%%") for name in names]
        values = ['"%s"' if q else "%s" for q in quoted]
        self.template = "{" + ",".join(f"{keys[i]}:{values[i]}" for i in order) + "}"
        self.reorder = operator.itemgetter(*order)
        self.converted = False  # whether the rows iterated are converted already (see __iter__)
        self.writers = [writers[i] for i in order]
        # The same in jsonb's text form: no shapes needed, a jsonb column's text goes in as it is (`str.__str__`, in C,
        # for one without NULLs: a str as it is, None raises TypeError).
        jsonb_order = sorted(range(len(names)), key=lambda i: _jsonb_key(names[i]))
        self.jsonb_template = "{" + ", ".join(f"{keys[i]}: {values[i]}" for i in jsonb_order) + "}"
        self.jsonb_reorder = operator.itemgetter(*jsonb_order)
        self.jsonb_writers = [
            (str.__str__ if not_null[i] else _jsonb_as_is) if self.types[i] is _JSONB else writers[i] for i in jsonb_order
        ]
        self.quick = False  # whether the query iterated takes the quick way (see __iter__)

    def _quick(self, description: Any) -> bool:
        """Whether the quick text applies to this query's result: PostgreSQL, known converters and column types."""
        if connections[self.db].vendor != "postgresql" or not self.quick_converters:
            return False
        return len(description) == len(self.types) and all(
            column.type_code in allowed for column, allowed in zip(description, self.types, strict=True)
        )

    def __iter__(self) -> Iterator[tuple[str, str | None, Any]]:
        template, reorder, writers, call = self.jsonb_template, self.jsonb_reorder, self.jsonb_writers, operator.call
        with connections[self.db].chunked_cursor() as cursor:
            if self.lenient and connections[self.db].vendor == "postgresql":
                _lenient_loaders(cursor.cursor)
            cursor.execute(self.sql, self.params)
            quick = self.quick = self._quick(cursor.description)
            # Without the quick way every row goes the ORM's way: its converters run over each batch at once, as
            # `values_list(...).iterator()` runs them, and `values` takes the rows as converted.
            self.converted = not quick and bool(self.db_converters)
            for batch in batches(cursor, 5000):
                if not quick:
                    rows = self._convert(batch) if self.converted else batch
                    for raw in rows:
                        yield str(raw[0]), None, raw
                    continue
                for raw in batch:
                    try:
                        text = template % tuple(map(call, writers, reorder(raw)))
                    except (TypeError, ValueError, AttributeError):  # (AttributeError: an `Unreadable`'s isoformat)
                        text = None  # the ORM's way decides
                    yield str(raw[0]), text, raw

    def canonical(self, raw: Any) -> str | None:
        """The canonical JSON of a row the quick way gave a text for (exactly `encode_json` of `values(raw)`), or None."""
        if not self.quick:
            return None
        try:
            return self.template % tuple(map(operator.call, self.writers, self.reorder(raw)))
        except (TypeError, ValueError, AttributeError):
            return None

    def _convert(self, batch: list[Any]) -> list[Any]:
        """The ORM's converters over a batch of rows at once; when one refuses a value (a text SQLite keeps that is no
        date, say), the batch row by row (`_convert_row`)."""
        try:
            return list(self.compiler.apply_converters(batch, self.db_converters))
        except _REFUSED:
            return [self._convert_row(raw) for raw in batch]

    def _convert_row(self, raw: Any) -> list[Any]:
        """One row through the ORM's converters, value by value: a value a converter refuses becomes `Unreadable`."""
        row = list(raw)
        connection = connections[self.db]
        for position, (converters, expression) in self.db_converters.items():
            value = row[position]
            try:
                for converter in converters:
                    value = converter(value, expression, connection)
            except _REFUSED:
                value = Unreadable(raw[position])
            row[position] = value
        return row

    def values(self, raw: Any) -> dict[str, Any]:
        """A raw row's plain values as `row_values` gives them: through the ORM's converters, then `plain`."""
        convert = self.db_converters and not self.converted
        row = self._convert_row(raw) if convert else raw
        values: dict[str, Any] = {"id": row[0]}
        for (name, f, keep, iso), v in zip(self.converters, row[1:], strict=True):
            if v is None or type(v) in keep or type(v) is Unreadable:
                values[name] = v
            elif type(v) in iso:
                values[name] = v.isoformat()
            else:
                try:
                    values[name] = plain(f, v)
                except (ValidationError, *_REFUSED):  # a text the field cannot read, read leniently (SQLite)
                    values[name] = Unreadable(v)
        return values


# What Django's converters raise for a value they cannot read: ValueError (a date, time or JSON), TypeError,
# ArithmeticError (decimal.InvalidOperation for a decimal).
_REFUSED = (ValueError, TypeError, ArithmeticError)


def _isoformat_types(field: models.Field[Any, Any]) -> tuple[type, ...]:
    """The value type whose `plain` value is its `isoformat()` for `field` (its `to_python` keeps it as it is)."""
    if isinstance(field, models.DateTimeField):
        return (datetime,)
    if isinstance(field, models.DateField):
        return (date,)
    if isinstance(field, models.TimeField):
        return (time,)
    return ()


_SCALARS = (str, int, bool, type(None))


def canonical_json(value: Any) -> str:
    """`value` as JSON with sorted keys (exactly `json.dumps(value, sort_keys=True)`): what `same` compares."""
    result: str = _SORTED.encode(value)
    return result


def same(a: Any, b: Any) -> bool:
    """Equal as canonical JSON (key order and JSON number spelling do not matter)."""
    if type(a) is type(b) and type(a) in _SCALARS:
        return bool(a == b)  # a str, int, bool or None of one type is equal exactly when its JSON is
    return _SORTED.encode(a) == _SORTED.encode(b)
