"""Append to and verify the audit chain. Appends run inside the caller's transaction."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import itertools
import json
import json.encoder
import multiprocessing
import os
import pickle
import re
import tempfile
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, DataError, connection, connections, models, transaction
from django.forms.models import model_to_dict
from django.utils.crypto import salted_hmac

from samen.audit import keys, tracking
from samen.audit.models import AuditEntry, Checkpoint
from samen.core.errors import InvalidInput, Refused

GENESIS = "0" * 64
_LOCK_KEY = 0x53414D454E  # "SAMEN": the advisory lock that serialises appends on PostgreSQL


def snapshot(obj: models.Model | None) -> dict[str, Any] | None:
    """A JSON-safe copy of a model's fields, for `before` and `after`.

    For a tracked model (audit.tracking.TRACKED) exactly the fields the replay compares, plus the
    id; for any other model its editable fields. Never a password hash nor `last_login`.
    """
    if obj is None:
        return None
    if obj._meta.label_lower in tracking.TRACKED:
        return tracking.tracked_snapshot(obj)
    data = {k: v for k, v in model_to_dict(obj).items() if k not in tracking.SECRET_OR_VOLATILE}
    data["id"] = obj.pk
    result: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True))
    return result


_HASHED = ("seq", "at", "actor", "action", "agreement", "object_type", "object_id", "before", "after", "prev_hash")


# One encoder, built once: exactly json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
# The same encoding as `_CANONICAL.encode`, with json's C encoder made once instead of at every call (the walk and
# the replay encode a value per entry and per row). No check for circular references: what it encodes was just
# decoded from JSON (or read from the database), which cannot hold a cycle.
_C_ENCODER = (
    json.encoder.c_make_encoder(  # type: ignore[attr-defined]
        None, _CANONICAL.default, json.encoder.encode_basestring, None, ":", ",", True, False, True
    )
    if json.encoder.c_make_encoder is not None  # type: ignore[attr-defined]
    else None
)


def _dumps(value: Any) -> str:
    """`value` as canonical JSON: exactly `_CANONICAL.encode(value)`."""
    if value is None:
        return "null"
    if _C_ENCODER is None:
        return str(_CANONICAL.encode(value))
    return "".join(_C_ENCODER(value, 0))


def _canonical_text(fields: dict[str, Any]) -> str:
    """The canonical JSON of an entry's hashed fields: keys sorted, no spaces, non-ASCII kept, `at` in UTC."""
    body = dict(fields)
    body["at"] = fields["at"].astimezone(UTC).isoformat()
    result: str = _CANONICAL.encode(body)
    return result


def _canonical(fields: dict[str, Any]) -> bytes:
    """The bytes an entry's hash is the SHA-256 of (what `AuditEntry.canonical` stores, as UTF-8)."""
    return _canonical_text(fields).encode()


def compute_hash(entry: AuditEntry) -> str:
    """The SHA-256 of an entry's canonical form built from its fields (every field but the hash itself)."""
    return hashlib.sha256(_canonical({name: getattr(entry, name) for name in _HASHED})).hexdigest()


def seal(entry: AuditEntry) -> None:
    """Set `canonical` from the entry's fields and `entry_hash` to its SHA-256 (the MAC is the caller's)."""
    entry.canonical = _canonical_text({name: getattr(entry, name) for name in _HASHED})
    entry.entry_hash = hashlib.sha256(entry.canonical.encode()).hexdigest()


_MAC_SALT = "samen.audit.entry-mac"


def entry_mac(entry_hash: str, secret: str | bytes | None = None) -> str:
    """HMAC-SHA256 of an entry's hash with a key derived from SECRET_KEY (never stored in the database)."""
    return salted_hmac(_MAC_SALT, entry_hash, secret=secret or settings.SECRET_KEY, algorithm="sha256").hexdigest()


def _mac_checker() -> Any:
    """Whether an entry's MAC was made with SECRET_KEY or one of SECRET_KEY_FALLBACKS (key rotation), for a whole
    walk: the keys `salted_hmac` derives (SHA-256 of salt + secret) derived once, and
    the HMAC state after each key's padding computed once and copied per entry (the same MAC as `entry_mac`)."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    derived = [hashlib.sha256(_MAC_SALT.encode() + (s if isinstance(s, bytes) else str(s).encode())).digest() for s in secrets]
    keyed = [hmac.new(key, digestmod=hashlib.sha256) for key in derived]
    # With OpenSSL, an `hmac.HMAC` wraps a C object (`_hmac`) whose copy is the same state without the Python wrapper
    # that `HMAC.copy` builds around it per entry; otherwise the wrapper's own copy.
    copies = [base._hmac.copy if getattr(base, "_hmac", None) is not None else base.copy for base in keyed]
    compare = hmac.compare_digest

    def valid(entry_hash: str, mac: str) -> bool:
        message = entry_hash.encode()
        for copy in copies:
            h = copy()
            h.update(message)
            if compare(h.hexdigest(), mac):
                return True
        return False

    return valid


def actor_name(actor: Any) -> str:
    """How an actor is written in the chain: a username, or a system name such as `system:setup`."""
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return str(getattr(actor, "username", actor))


def lock_for_write() -> None:
    """Serialise writers for the rest of the current transaction; call it first in a service that validates against
    existing rows, before it reads them.

    On PostgreSQL this takes the transaction-level advisory lock that `append` takes too (it is
    re-entrant within a transaction), so two services cannot both validate against the same
    rows under read committed and both write. On SQLite the connection begins every transaction
    with BEGIN IMMEDIATE, which already serialises writers. Must run inside `transaction.atomic`.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_for_write must run inside the writing service's transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def append(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    agreement: str = "",
) -> AuditEntry:
    """Append one entry to the chain; must run inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.append must run inside the writing service's transaction")
    lock_for_write()
    last = AuditEntry.objects.order_by("-seq").only("seq", "entry_hash").first()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    entry = AuditEntry(
        seq=(last.seq + 1) if last else 1,
        at=datetime.now(UTC),
        actor=actor_name(actor),
        action=action,
        agreement=agreement,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        prev_hash=last.entry_hash if last else GENESIS,
    )
    seal(entry)
    entry.mac = entry_mac(entry.entry_hash)
    entry.save()
    return entry


@dataclass(frozen=True)
class Verification:
    """The outcome of checking the chain: intact, or the first broken entry and why."""

    count: int
    head: str
    broken_seq: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_seq is None


_COLUMNS = (*_HASHED, "entry_hash", "mac", "canonical")
_encode_basestring = json.encoder.c_encode_basestring or json.encoder.py_encode_basestring  # type: ignore[attr-defined]
_UTC_SUFFIX = "+00:00"


def _at_text(raw: Any) -> str:
    """The canonical `at` (ISO 8601, UTC) from the value `_rows` reads, without the ORM.

    `_rows` reads `at` as text, `YYYY-MM-DD HH:MM:SS[.fraction]` (SQLite: the text Django stored, in UTC, with six
    digits; PostgreSQL: the time's own text output, whose fraction has no trailing zeros and is left out when zero,
    followed by its offset from UTC in the session's time zone, `+00` in UTC, which is Django's session time zone);
    a driver may also return a datetime. Only text of exactly that form, without an offset or with `+00` (then the
    time written is the time in UTC), is turned into ISO 8601 (a fraction of six digits, `.000000` dropped as
    `isoformat` drops it, or of one to five without a trailing zero, padded to six), so that the text gives the
    canonical `at` only when it is that instant; any other text (another offset, a year before 1 with its ` BC`, a
    year after 9999) is returned as it is.
    When this shortcut gives another text than `canonical` holds, `_walk` compares the row read through the ORM
    before it calls the entry changed, so it can never hide or invent a change.
    """
    if isinstance(raw, datetime):
        return (raw if raw.tzinfo is not None else raw.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    given = str(raw)
    if given[10:11] != " ":
        return given
    text = given[:-3] if given.endswith("+00") else given
    if len(text) == 19:
        return f"{text[:10]}T{text[11:]}{_UTC_SUFFIX}"
    if text[19:20] != "." or not 21 <= len(text) <= 26:
        return given
    fraction = text[20:]
    if not (fraction.isascii() and fraction.isdigit()):
        return given
    if len(fraction) == 6:
        fraction = "" if fraction == "000000" else "." + fraction
    elif fraction[-1] in "123456789":
        fraction = "." + fraction.ljust(6, "0")
    else:
        return given  # a shorter fraction ending in 0 is neither form
    return f"{text[:10]}T{text[11:19]}{fraction}{_UTC_SUFFIX}"


def _exact(seq: int) -> tuple[str, Any, Any]:
    """The entry's canonical text built from its row read through the ORM (the slow, exact path), its `before` and `after`."""
    values = AuditEntry.objects.filter(seq=seq).values_list(*_HASHED).get()
    fields = dict(zip(_HASHED, values, strict=True))
    return _canonical_text(fields), fields["before"], fields["after"]


def _rows(chunk: int = 20000, first: int | None = None, last: int | None = None) -> Any:
    """Every entry (with `first`/`last`: whose seq lies from `first` to `last`) as a tuple of `_COLUMNS` plus
    `plain_json`, in seq order, streamed without model instances.

    `connection.chunked_cursor()` is a server-side cursor on PostgreSQL (Django's, also used by
    `.iterator()`), so memory stays constant (`chunk` rows at a time, two batches of about 35 MB at most); there
    `tracking.batches` fetches the next batch meanwhile (batches of 20,000 rather than 5,000 rows cost PostgreSQL's
    backend about 0.4 s less CPU at a million entries: fewer FETCHes and sends). `at` is read as text in UTC (no
    datetime per row); `before` and `after` arrive as
    their JSON text. `plain_json` says whether that text may be
    compared with `canonical` as it is: on SQLite when each is NULL or text that is valid JSON
    (`json_valid`; written with `CanonicalJSONEncoder` they are the canonical text; SQLite also keeps
    a number or bytes it is given, which Django cannot read as JSON), on PostgreSQL only when both
    are NULL (jsonb has its own text form).
    """
    quote = connection.ops.quote_name
    sqlite = connection.vendor == "sqlite"
    # PostgreSQL: the time's own text output with its offset (`_at_text` reads it; a year before 1 ends in ` BC`, one
    # after 9999 has five digits, so neither passes for canonical, and the ORM's reading then decides), not to_char
    # (about 2 us a row of server CPU) nor the time converted `AT TIME ZONE 'UTC'` (about 0.3 us: Django's session
    # is in UTC already, and a text with another offset only goes the ORM's way).
    at = f"CAST({quote('at')} AS TEXT)"
    columns = [at if c == "at" else quote(c) for c in _COLUMNS]
    before, after = quote("before"), quote("after")
    if sqlite:
        plain_json = " AND ".join(f"({c} IS NULL OR (typeof({c}) = 'text' AND json_valid({c})))" for c in (before, after))
    else:
        plain_json = f"({before} IS NULL AND {after} IS NULL)"
    bounds = [(f"{quote('seq')} >= %s", first), (f"{quote('seq')} <= %s", last)]
    where = " AND ".join(condition for condition, bound in bounds if bound is not None)
    params = [bound for _, bound in bounds if bound is not None]
    sql = (
        f"SELECT {', '.join(columns)}, {plain_json} FROM {quote(AuditEntry._meta.db_table)}"
        f"{' WHERE ' + where if where else ''} ORDER BY {quote('seq')}"
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        for batch in tracking.batches(cursor, chunk):
            yield from batch


# Decodes a JSON column's text exactly as json.loads (tracking.decode_json); kept under its old name for the tests.
_json = tracking.decode_json


def _from_columns(
    action: Any, actor: Any, after: str, agreement: Any, at: Any, before: str, object_id: Any, object_type: Any, prev_hash: Any, seq: Any
) -> str:
    """The canonical text the columns give, `before` and `after` given as their canonical JSON text: the same
    text as `_canonical_text`, written out in its sorted key order (each piece is the JSON of one value).
    A column that is not a str (SQLite stores what it is given) raises TypeError: `json.encoder`'s C
    `encode_basestring` refuses anything else."""
    string = _encode_basestring
    return (
        f'{{"action":{string(action)},"actor":{string(actor)},"after":{after},'
        f'"agreement":{string(agreement)},"at":{string(_at_text(at))},"before":{before},'
        f'"object_id":{string(object_id)},"object_type":{string(object_type)},'
        f'"prev_hash":{string(prev_hash)},"seq":{int(seq)}}}'
    )


# Per tracked object type: object id -> the state the chain gives it, as the canonical JSON of its `after` (or of
# its `after`s merged, in order, when there are several): a few hundred bytes, and no dict per object. None: deleted.
State = str | None
States = dict[str, dict[str, State]]


# A chain of at least twice this many entries is walked in ranges of seqs in worker processes (`verify_all(jobs=)`);
# a shorter one in this process, where starting the workers would cost more than they save.
PARALLEL_FROM = 20_000


@dataclass
class _Stretch:
    """What the walk over one range of seqs found. Its first entry's seq and link are not checked there (the entry
    before it is in the range before), but handed to `_joined` as `first_seq` and `first_prev`; `last_hash` is the
    hash of the last entry found good, `broken_seq` and `reason` the first broken entry. With `states`: the states
    the range gives its objects folded from nothing, and per object type the ids it deleted (`reset`), whose state
    does not depend on the entries before the range."""

    count: int = 0
    first_seq: int | None = None
    first_prev: str = ""
    last_seq: int = 0
    last_hash: str | None = None
    broken_seq: int | None = None
    reason: str = ""
    found: dict[int, str] = dc_field(default_factory=dict)
    hash_seq: int | None = None
    states: States | None = None
    reset: dict[str, set[str]] = dc_field(default_factory=dict)
    pieces: list[str | None] | None = None


@dataclass
class _Kept:
    """The replay's states kept in the processes that walked the chain (`_verify_all` with workers), rather than sent
    anywhere: each worker of `crew` (a `_Crew`, one per range of seqs walked) walks its range and keeps in memory
    (`_KEPT`) the states of the objects of its own replay unit, the unit of the same index in `units` (a table cut
    into ranges of ids as the seqs are cut, so that where ids follow seqs a worker's unit holds the objects it
    walked); the states it gathered for the other units' objects (none when ids follow seqs) it pickles to a file
    per unit in `folder` (a private temporary folder, made and removed by `_verify_all`). `parts` has, per range
    walked (in order), per unit the file holding that range's piece of the unit's states, or None (nothing, or the
    worker's own unit). Then the same worker folds its unit's pieces in the order of the ranges walked
    (`_merge_states`, as `_joined` would merge them: exactly its objects' states of one walk) and compares its rows
    (`_compare_kept`), so that no process takes in, pickles or unpickles a million states (the parent took them in
    at first, about 1.2 s at a million while the workers waited; then the walk's workers pickled them all to files
    for the replay's workers to unpickle)."""

    crew: Any
    units: list[_Unit]
    folder: str
    parts: list[list[str | None]] = dc_field(default_factory=list)


def _walk(
    wanted: set[int],
    wanted_hash: str | None = None,
    check_mac: bool = True,
    states: States | None = None,
    jobs: int = 1,
    kept: _Kept | None = None,
) -> tuple[Verification, dict[int, str], int | None]:
    """Check every entry's link, MAC (unless `check_mac` is off), stored canonical form and columns, in order.

    One pass over the rows, as tuples (no model instances). Per entry: the seq and `prev_hash` follow
    on from the entry before; the MAC is that of `entry_hash`; `entry_hash` is the SHA-256 of the
    stored `canonical` (the bytes hashed at append, hashed as stored); and the columns say what
    `canonical` says.

    Why the columns are compared too: the hash, the link, the MAC, the heads and the checkpoints
    vouch only for `canonical`, while the admin, the services' queries and anyone reading the table
    read the columns. An edit of a column that left `canonical` alone would otherwise go unseen, so
    the canonical text the columns give is written out (`_from_columns`) and must equal `canonical`
    character for character. That costs no JSON parsing where the JSON columns hold the canonical
    text already (SQLite, as `CanonicalJSONEncoder` writes them; `json_valid` makes sure each is one
    whole JSON value, so a column's text cannot reach into its neighbour's): the strings are then
    the same exactly when every column holds the value `canonical` gives it, since each piece is
    the JSON of one value and JSON values and strings end where their text says (`at` is read
    quickly only in the one text form Django writes, see `_at_text`). Otherwise (PostgreSQL's jsonb
    text, JSON text in another form) the JSON columns' canonical texts are written (decoded and encoded; on
    PostgreSQL from the shape of jsonb's texts seen before when it matches, `tracking.JsonbShapes`, the same
    text without decoding), and, if that still differs, the row is read through the ORM (`_exact`) and its canonical text built as
    `append` builds it, so that no shortcut can hide or invent a change. `entry_hash` and `mac` are
    not in `canonical`: the hash and the MAC check them. The replay folds in the `after` the columns
    gave, known by then to be `canonical`'s.

    With `jobs` above 1 and a long chain, the seqs are cut into `jobs` ranges, each walked in a worker
    process (`_in_workers`; the caller makes sure they see what this process sees), and `_joined` checks
    the seqs and links where one range meets the next: the same checks in the same order, so the same
    first broken entry and reason as one walk over the whole chain.

    With `states`, the same pass gathers, for the replay, the state the chain gives every tracked
    object (`_fold`), up to the first broken entry. Returns the verification, the hashes at the
    `wanted` seqs (up to the first break), and the seq at which `wanted_hash` was found (or None).
    With `kept` as well, when the chain is walked in ranges, the ranges are walked by `kept.crew`'s workers, which
    keep the states for the replay (see `_Kept`) instead of sending them here: `states` then stays empty.
    """
    ranges = _ranges(jobs)
    gather = states is not None
    if len(ranges) == 1:
        parts = [_walk_range(None, None, wanted, wanted_hash, check_mac, gather)]
    elif kept is None:
        parts = _in_workers([(_walk_range, (first, last, wanted, wanted_hash, check_mac, gather)) for first, last in ranges])
    else:
        if len(ranges) != len(kept.units):
            raise RuntimeError(f"{len(ranges)} ranges of seqs for {len(kept.units)} replay units")
        into = (kept.units, kept.folder) if gather else None
        args = [(first, last, wanted, wanted_hash, check_mac, gather, into, index) for index, (first, last) in enumerate(ranges)]
        parts = kept.crew.map([(_walk_range, a) for a in args])
    return _joined(parts, states, kept)


def _ranges(jobs: int) -> list[tuple[int | None, int | None]]:
    """The ranges of seqs (first, last; None: no bound) to walk in `jobs` workers: one range for a short chain."""
    if jobs <= 1:
        return [(None, None)]
    top = AuditEntry.objects.aggregate(top=models.Max("seq"))["top"] or 0
    parts = min(jobs, top // PARALLEL_FROM)
    if parts <= 1:
        return [(None, None)]
    cuts = [top * i // parts for i in range(1, parts)]
    return [(None, cuts[0]), *((a + 1, b) for a, b in itertools.pairwise(cuts)), (cuts[-1] + 1, None)]


def _joined(parts: list[_Stretch], states: States | None, kept: _Kept | None = None) -> tuple[Verification, dict[int, str], int | None]:
    """The verification of the ranges walked, in order: each range's first entry must follow on from the last entry
    of the range before (its seq, then its link, as the walk checks them), and the first broken entry is the break.
    The ranges' states, up to the break, are merged into `states`; when the ranges' workers kept them (`_Kept`) and
    the chain is intact, the files of their pieces are listed in `kept.parts`, range by range."""
    prev, expected_seq, count = GENESIS, 1, 0
    found: dict[int, str] = {}
    hash_seq: int | None = None
    for part in parts:
        if part.first_seq is None:
            continue  # no entries in this range
        if part.first_seq != expected_seq:
            reason = f"volgnummer {part.first_seq} verwacht {expected_seq} (ontbrekende regel)"
            return Verification(count + 1, prev, part.first_seq, reason), found, hash_seq
        if part.first_prev != prev:
            return Verification(count + 1, prev, part.first_seq, "verwijst niet naar de hash van de vorige regel"), found, hash_seq
        found.update(part.found)
        if part.hash_seq is not None:
            hash_seq = part.hash_seq
        if states is not None and part.states is not None:
            _merge_states(states, part.states, part.reset)
        if part.broken_seq is not None:
            return Verification(count + part.count, part.last_hash or prev, part.broken_seq, part.reason), found, hash_seq
        count += part.count
        prev, expected_seq = part.last_hash or prev, part.last_seq + 1
    if kept is not None:
        kept.parts = [part.pieces or [] for part in parts]
    return Verification(count, prev), found, hash_seq


def _merge_states(states: States, later: States, reset: dict[str, set[str]]) -> None:
    """Fold a later range's states into the states of the ranges before it: what `_fold` gives entry by entry.

    An object the later range deleted has the state the range gave it; one it only updated has its
    `after`s merged over the earlier state (a dict merge in order is the merge of the merges), or, when
    the earlier ranges have it deleted or not at all, the range's state as it is.
    """
    for object_type, per_type in later.items():
        into = states[object_type]
        if not into:
            into.update(per_type)
            continue
        # Only the objects both have need more than the later state: the rest is one `update` (which keeps the
        # earlier objects where they are and adds the new ones after them in their order, as the loop would).
        common = into.keys() & per_type.keys()
        earlier = {object_id: into[object_id] for object_id in common}
        into.update(per_type)
        fresh = reset.get(object_type, set())
        for object_id in common:
            current, text = earlier[object_id], per_type[object_id]
            if current is not None and text is not None and object_id not in fresh:
                into[object_id] = _dumps({**json.loads(current), **json.loads(text)})


def _walk_range(
    first: int | None,
    last: int | None,
    wanted: set[int],
    wanted_hash: str | None,
    check_mac: bool,
    gather: bool,
    into: tuple[list[_Unit], str] | None = None,
    index: int = 0,
) -> _Stretch:
    """Walk the entries with seqs from `first` to `last` (see `_walk`); the first one's seq and link are the caller's.
    With `into` (the replay's units, one per range walked, and a folder), this is range `index` of a walk by a
    `_Crew`: the states of the objects of unit `index` are kept in this process (`_KEPT`), the others' pieces go
    to files in that folder (`_Kept`)."""
    part = _Stretch(states={t: {} for t in tracking.TRACKED} if gather else None)
    states, reset = part.states, part.reset
    prev = ""
    expected_seq = 0
    count = 0
    found = part.found
    mac_valid = _mac_checker() if check_mac else None
    encode = _dumps
    # A JSON column's canonical text: `encode(_json(text))`, on PostgreSQL through the shapes of jsonb's texts seen.
    jsonb = connection.vendor == "postgresql"
    column_text = tracking.JsonbShapes().canonical if jsonb else (lambda raw, kind: encode(_json(raw)))
    sha256 = hashlib.sha256
    string = _encode_basestring

    def broken(seq: int, reason: str) -> _Stretch:
        part.count, part.broken_seq, part.reason = count, seq, reason
        part.last_hash = prev if count > 1 else None
        return part

    for row in _rows(first=first, last=last):
        seq, at, actor, action, agreement, object_type, object_id, before_raw, after_raw, prev_hash, entry_hash, mac, canonical, plain = row
        count += 1
        if part.first_seq is None:
            part.first_seq, part.first_prev = seq, prev_hash
            expected_seq, prev = seq, prev_hash
        if seq != expected_seq:
            return broken(seq, f"volgnummer {seq} verwacht {expected_seq} (ontbrekende regel)")
        if prev_hash != prev:
            return broken(seq, "verwijst niet naar de hash van de vorige regel")
        if mac_valid is not None and not (mac and mac_valid(entry_hash, mac)):
            reason = (
                "MAC ontbreekt of klopt niet: regel buiten samen om geschreven of herschreven (of SECRET_KEY gewijzigd zonder fallback)"
            )
            return broken(seq, reason)
        if not canonical or sha256(canonical.encode()).hexdigest() != entry_hash:
            return broken(seq, "opgeslagen canonieke vorm komt niet overeen met de opgeslagen hash (gewijzigd)")
        after = before = "null"
        kept = None  # on PostgreSQL the `after` column's own text, once it is known to say what `canonical` says
        try:
            agree = False
            if plain:
                after = "null" if after_raw is None else after_raw
                before = "null" if before_raw is None else before_raw
                agree = _from_columns(action, actor, after, agreement, at, before, object_id, object_type, prev_hash, seq) == canonical
            if not agree:
                after = "null" if after_raw is None else column_text(after_raw, (object_type, action, "after"))
                before = "null" if before_raw is None else column_text(before_raw, (object_type, action, "before"))
                # `_from_columns` written out, as this runs for nearly every entry on PostgreSQL, and the time in the
                # form its text output nearly always has (six digits of fraction, `+00`: the time in UTC) put in
                # ISO 8601 without `_at_text`, which writes exactly the same for it (a test holds them together).
                if len(at) == 29 and at[10] == " " and at[19] == "." and at[26:] == "+00":
                    when = f'"{at[:10]}T{at[11:26]}+00:00"'
                else:
                    when = string(_at_text(at))
                text = (
                    f'{{"action":{string(action)},"actor":{string(actor)},"after":{after},'
                    f'"agreement":{string(agreement)},"at":{when},"before":{before},'
                    f'"object_id":{string(object_id)},"object_type":{string(object_type)},'
                    f'"prev_hash":{string(prev_hash)},"seq":{int(seq)}}}'
                )
                agree = text == canonical
                if agree and jsonb:
                    kept = after_raw
        except (TypeError, ValueError):
            agree = False
        if not agree:
            try:
                exact, before_value, after_value = _exact(seq)
            except (AttributeError, TypeError, ValueError, OverflowError, DatabaseError):  # a column the ORM cannot read
                exact = None
            if exact != canonical:
                return broken(seq, "kolommen wijken af van de opgeslagen canonieke vorm (regel gewijzigd)")
            after, before = encode(after_value), encode(before_value)
        if seq in wanted:
            found[seq] = entry_hash
        if wanted_hash is not None and entry_hash == wanted_hash:
            part.hash_seq = seq
        if states is not None and (per_type := states.get(object_type)) is not None:
            # `_fold`, written out for the common cases (a full `after`, or a deletion) since it runs per entry.
            if after == "null":
                if before != "null":
                    per_type[object_id] = _DELETED
                    reset.setdefault(object_type, set()).add(object_id)
            elif after.startswith("{"):
                # A state is kept as the `after` column's text when it is one whole `after` (jsonb's form on
                # PostgreSQL: the replay's rows are written in that form first, `tracking.TableRows`), or as the
                # canonical JSON of the `after`s merged; either is JSON of the same values.
                current = per_type.get(object_id)
                if current is None:
                    per_type[object_id] = after if kept is None else kept
                else:
                    per_type[object_id] = _dumps({**json.loads(current), **json.loads(after)})
        prev = entry_hash
        expected_seq += 1
    part.count, part.last_hash, part.last_seq = count, prev or None, expected_seq - 1
    if into is not None and states is not None:
        units, folder = into
        part.pieces = _split_states(states, reset, units, index, str(Path(folder) / f"range-{index}"))
        part.states, part.reset = None, {}
    return part


def _split_states(states: States, reset: dict[str, set[str]], units: list[_Unit], own: int, prefix: str) -> list[str | None]:
    """`states` and `reset` in pieces, one per replay unit: the states of the unit's objects (see `_Kept`). The piece of
    unit `own` is kept in this process (`_KEPT[own]`); each other piece that holds anything is pickled to the file
    `prefix`-unit. Returned: per unit the file's name, or None (the piece kept here, or an empty one).

    A table that a unit takes whole goes to that unit as it is. A table cut into ranges of ids goes by the object
    id read as a number (the rows' ids are `str(pk)`); an id that is no number can be no row of that table, and goes
    to its first range (wherever it goes, exactly one unit counts it among the objects the chain has). `states` is
    taken apart on the way: unit `own`'s piece of a cut table is what is left of its dict once the objects of the
    other ranges are moved out (none where ids follow seqs), so the bulk is never copied."""
    per_unit: list[tuple[States, dict[str, set[str]]]] = [({}, {}) for _ in units]
    cut_tables: dict[str, list[tuple[int, int | None, int | None]]] = {}
    for index, unit in enumerate(units):
        for object_type, low, high in unit:
            if low is None and high is None:
                per_unit[index][0][object_type] = states.get(object_type, {})
                if object_type in reset:
                    per_unit[index][1][object_type] = reset[object_type]
            else:
                cut_tables.setdefault(object_type, []).append((index, low, high))
    for object_type, ranges in cut_tables.items():
        # The ranges come in id order (`_aligned_units`); an id goes to the first range whose upper bound it does
        # not exceed, the last range having none.
        owners = [index for index, _, _ in ranges]
        cuts = [high for _, _, high in ranges[:-1] if high is not None]
        mine = owners.index(own) if own in owners else None
        low, high = (ranges[mine][1], ranges[mine][2]) if mine is not None else (None, None)
        per_type = states.get(object_type, {})
        moved: list[dict[str, State]] = [{} for _ in ranges]
        for object_id, text in per_type.items():
            try:
                number: int | None = int(object_id)
            except ValueError:
                number = None
            if mine is not None and number is not None and (low is None or number >= low) and (high is None or number <= high):
                continue  # stays in unit `own`'s piece (`per_type` itself)
            at = 0 if number is None else bisect_left(cuts, number)
            if at != mine:
                moved[at][object_id] = text
        for at, elsewhere in enumerate(moved):
            if at != mine:
                for object_id in elsewhere:
                    del per_type[object_id]
        gone = reset.get(object_type, set())
        for at, index in enumerate(owners):
            piece = per_type if at == mine else moved[at]
            per_unit[index][0][object_type] = piece
            deleted = {object_id for object_id in gone if object_id in piece}
            if deleted:
                per_unit[index][1][object_type] = deleted
    names: list[str | None] = []
    for index, piece in enumerate(per_unit):
        if index == own:
            _KEPT[own] = piece
            names.append(None)
            continue
        if not any(piece[0].values()) and not any(piece[1].values()):
            names.append(None)
            continue
        name = f"{prefix}-{index}.pickle"
        with Path(name).open("xb") as out:  # a new file in the private folder: never one that was there
            pickle.dump(piece, out, protocol=pickle.HIGHEST_PROTOCOL)
        names.append(name)
    return names


# What a `_Crew` worker keeps between its tasks: per range walked (its index), the states of its replay unit's objects
# and their deletions (`_split_states`), taken by `_compare_kept`. In a worker only its own index is there.
_KEPT: dict[int, tuple[States, dict[str, set[str]]]] = {}


def _load_piece(name: str) -> tuple[States, dict[str, set[str]]]:
    """A piece `_split_states` wrote (in `_verify_all`'s private folder, by this run's own workers)."""
    with Path(name).open("rb") as piece:
        loaded: tuple[States, dict[str, set[str]]] = pickle.load(piece)
    return loaded


# The connections a worker process inherited from the process that started it: kept (never used, never closed,
# since closing one would end the parent's session on the same socket) until the worker exits.
_INHERITED: list[Any] = []
_WORKER_PID = 0


def _export_snapshot() -> str:
    """This transaction's snapshot for worker processes to import (PostgreSQL); "" elsewhere."""
    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot: str = cursor.fetchone()[0]
    return snapshot


def _in_workers(tasks: list[tuple[Any, tuple[Any, ...]]], processes: int = 0) -> list[Any]:
    """`function(*args)` for each (function, args) of `tasks`, in order, in `processes` worker processes (default:
    one per task; forked, so each
    has this process's settings and memory), on a connection of its own that sees what this transaction sees:
    on PostgreSQL this transaction's snapshot, exported and imported (REPEATABLE READ, READ ONLY); on SQLite
    this process's transaction holds the write lock (BEGIN IMMEDIATE), so nothing changes while the workers
    read. Only for a transaction that has written nothing (its writes are not in the snapshot): `verify_all`'s."""
    snapshot = _export_snapshot()
    with multiprocessing.get_context("fork").Pool(processes or len(tasks)) as pool:
        return pool.map(_in_worker, [(snapshot, function, args) for function, args in tasks], chunksize=1)


def _leave_inherited_connections() -> None:
    """In a forked worker: set the connections inherited from the parent aside (`_INHERITED`), so that this process
    opens its own."""
    for inherited in connections.all(initialized_only=True):
        _INHERITED.append(inherited)
        del connections[inherited.alias]


@contextmanager
def _in_snapshot(snapshot: str) -> Iterator[None]:
    """In a worker: a transaction on this process's own connection that sees `snapshot` (PostgreSQL; see
    `_in_workers`), closed afterwards."""
    try:
        if connection.vendor != "postgresql":
            yield
            return
        if not re.fullmatch(r"[0-9A-Fa-f-]+", snapshot):
            raise RuntimeError(f"not a snapshot id: {snapshot!r}")
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
            yield
    finally:
        connection.close()


def _in_worker(task: tuple[str, Any, tuple[Any, ...]]) -> Any:
    """One task of `_in_workers`, in the worker process, on a connection of its own."""
    global _WORKER_PID
    snapshot, function, args = task
    if os.getpid() != _WORKER_PID:
        _WORKER_PID = os.getpid()
        _leave_inherited_connections()
    with _in_snapshot(snapshot):
        return function(*args)


class _Crew:
    """`size` worker processes, each on a connection of its own in one transaction that sees what this transaction
    sees (as `_in_workers`' workers do), that run one task each per `map` and keep what a task leaves in their memory
    (`_KEPT`) for their next task: the n-th task of every `map` goes to the same n-th worker. Used as a context
    manager; the workers end when it is left. A worker that raises passes its exception on (raised by `map` once
    every worker has answered); one that dies makes `map` raise RuntimeError."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pipes: list[Any] = []
        self.processes: list[Any] = []

    def __enter__(self) -> _Crew:
        snapshot = _export_snapshot()
        context = multiprocessing.get_context("fork")
        try:
            for _ in range(self.size):
                ours, theirs = context.Pipe()
                # The ends this process holds to the workers started before are closed in the new one, so that a
                # worker sees its pipe end when this process goes away.
                worker = context.Process(target=_crew_worker, args=(theirs, snapshot, list(self.pipes)), daemon=True)
                worker.start()
                theirs.close()
                self.pipes.append(ours)
                self.processes.append(worker)
        except BaseException:
            self.__exit__()
            raise
        return self

    def map(self, tasks: list[tuple[Any, tuple[Any, ...]]]) -> list[Any]:
        """`function(*args)` for each (function, args) of `tasks` (one per worker), in order."""
        if len(tasks) != self.size:
            raise ValueError(f"{len(tasks)} tasks for {self.size} workers")
        for pipe, task in zip(self.pipes, tasks, strict=True):
            pipe.send(task)
        answers = []
        for pipe in self.pipes:
            try:
                answers.append(pipe.recv())
            except EOFError:
                answers.append((False, RuntimeError("an audit worker process ended without answering")))
        for done, result in answers:
            if not done:
                raise result
        return [result for _, result in answers]

    def __exit__(self, *exc: object) -> None:
        for pipe in self.pipes:
            with contextlib.suppress(OSError):  # the worker is gone already
                pipe.send(None)
            pipe.close()
        for worker in self.processes:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.kill()
                worker.join()
        self.pipes, self.processes = [], []


def _crew_worker(pipe: Any, snapshot: str, others: list[Any]) -> None:
    """A `_Crew` worker: runs the tasks that come through `pipe` until None comes (or the pipe closes), in one
    transaction that sees `snapshot`, and sends back (True, result) or (False, the exception)."""
    for other in others:
        other.close()
    _leave_inherited_connections()
    with _in_snapshot(snapshot):
        while True:
            try:
                task = pipe.recv()
            except EOFError:
                return
            if task is None:
                return
            function, args = task
            try:
                answer: tuple[bool, Any] = (True, function(*args))
            except Exception as error:  # passed on to the parent, which raises it
                answer = (False, error)
            try:
                pipe.send(answer)
            except Exception as error:  # an answer or exception that does not pickle
                pipe.send((False, RuntimeError(f"{type(error).__name__}: {error}")))


def verify(*, check_mac: bool = True) -> Verification:
    """Check every entry's hash, its link to the previous one and its MAC, in order."""
    return _walk(set(), check_mac=check_mac)[0]


def head() -> tuple[str, int]:
    """The head hash and the number of entries, to hand to the parties."""
    last = AuditEntry.objects.order_by("-seq").first()
    return (last.entry_hash, last.seq) if last else (GENESIS, 0)


# --- replay: the chain against the tables ------------------------------------------------------

_DELETED = None


@dataclass(frozen=True)
class Mismatch:
    """A row that differs from what the chain says: changed, added or deleted without its entry."""

    object_type: str
    object_id: str
    field: str
    problem: str

    def __str__(self) -> str:
        where = f"{self.object_type} {self.object_id}" + (f" veld {self.field}" if self.field else "")
        return f"{where}: {self.problem}"


def _expected_states() -> States:
    """Per tracked object type: object id -> the state the chain says it has (None: deleted), read through the ORM."""
    states: States = {t: {} for t in tracking.TRACKED}
    rows = (
        AuditEntry.objects.filter(object_type__in=list(tracking.TRACKED))
        .order_by("seq")
        .values_list("object_type", "object_id", "before", "after")
        .iterator(chunk_size=2000)
    )
    encode = _dumps
    for object_type, object_id, before, after in rows:
        _fold(states[object_type], object_id, encode(before), encode(after))
    return states


def _fold(per_type: dict[str, State], object_id: str, before: str, after: str) -> None:
    """Fold one entry, its `before` and `after` as canonical JSON text, into the expected states of its object type:
    `after` merged over the earlier ones (key by key), or deleted. Kept as text; the replay picks the tracked fields."""
    if after == "null":
        if before != "null":  # a deletion; an entry with neither is an event about the object
            per_type[object_id] = _DELETED
        return
    if not after.startswith("{"):
        return  # not an object: nothing to fold
    current = per_type.get(object_id)
    if current is None:
        per_type[object_id] = after
    else:
        per_type[object_id] = _dumps({**json.loads(current), **json.loads(after)})


def _row_matches(fields: tuple[str, ...], state: dict[str, Any], values: dict[str, Any]) -> bool:
    """The quick check of a row: every field of `state` equal to the row's as canonical JSON, in one encoding each.

    Equal JSON of the two whole dicts (same keys, sorted) means equal JSON field by field, which is what
    `tracking.same` asks of each field; anything else (a field the chain lacks, a difference) is decided,
    and named, by the field-by-field comparison.
    """
    try:
        expected = {name: state[name] for name in fields}
    except KeyError:
        return False
    return bool(tracking.canonical_json(expected) == tracking.canonical_json({name: values[name] for name in fields}))


def replay(limit: int = 20, states: States | None = None, jobs: int = 1) -> list[Mismatch]:
    """Compare every tracked table with the chain's latest entry per object; the first `limit` mismatches.

    A row whose tracked fields differ from the latest `after`, a row with no entry, a row whose
    latest entry deleted it, and an object the chain has but the table lacks are all mismatches.
    `states`: the expected states gathered already by `_walk` over the whole (intact) chain.

    The quick check: the row's id and tracked fields as canonical JSON equal to the state's text (the
    `after` that `tracking.tracked_snapshot` wrote: its id and exactly those fields), which means every
    field is `tracking.same` as the chain's. Anything else (another id, fewer or more keys, a difference)
    goes to the comparison of the tracked fields, which also names the field that differs.

    With `jobs` above 1 (only inside `verify_all`'s own transaction, see `_in_workers`), a long table is
    cut into ranges of ids compared in worker processes, which inherit `states`; the mismatches come in
    the same order as from one process: per table, its rows' in id order, then the objects it lacks.

    (`_verify_all` with workers replays from the states its walk's workers kept instead, `_replay_kept`.)
    """
    out: list[Mismatch] = []
    if states is None:
        states = _expected_states()
    units = _replay_units(jobs)
    if len(units) == 1:
        results = _compare_ranges(units[0], states, limit)
    else:
        _REPLAY_STATES[:] = [states]  # inherited by the forked workers, not pickled
        try:
            tasks = [(_compare_ranges_inherited, (unit, limit)) for unit in units]
            results = [result for part in _in_workers(tasks, min(jobs, len(tasks))) for result in part]
        finally:
            _REPLAY_STATES.clear()
    matched: dict[str, int] = {}
    rows_out: dict[str, list[Mismatch]] = {}
    for (object_type, _first, _last), (found, count) in zip((r for unit in units for r in unit), results, strict=True):
        rows_out.setdefault(object_type, []).extend(found)
        matched[object_type] = matched.get(object_type, 0) + count
    for object_type in tracking.TRACKED:
        out.extend(rows_out.get(object_type, []))
        if len(out) >= limit:
            return out[:limit]
        expected = states[object_type]
        if matched.get(object_type, 0) == sum(1 for text in expected.values() if text is not None):
            continue  # every object the chain has was found in the table
        model = tracking.model_for(object_type)
        seen = {str(pk) for pk in model._default_manager.values_list("pk", flat=True).iterator(chunk_size=5000)}
        for object_id, state_text in expected.items():
            if state_text is not None and object_id not in seen:
                out.append(Mismatch(object_type, object_id, "", "rij ontbreekt in de tabel; de auditketen kent haar (verwijderd)"))
                if len(out) >= limit:
                    return out
    return out


# A table of id range per unit of work: (object_type, first id, last id), None: no bound.
_Unit = list[tuple[str, int | None, int | None]]
_REPLAY_STATES: list[States] = []


def _replay_kept(kept: _Kept, limit: int) -> list[Mismatch] | None:
    """`replay` from the states the walk's workers kept (`_Kept`, after a walk in ranges over the whole intact chain):
    each worker folds its unit's pieces and compares its rows (`_compare_kept`). The first `limit` mismatches, in
    `replay`'s order; None when a table lacks an object the chain has: the objects it lacks are named in the order
    the chain first names them, which only the whole states give, so the caller then compares everything again from
    the states read through the ORM (`replay` without states), as when the chain is broken, and the mismatches and
    their order are the same either way."""
    units = kept.units
    tasks = [
        (_compare_kept, (index, [part[index] if part else None for part in kept.parts], units[index], limit)) for index in range(len(units))
    ]
    results = [result for part in kept.crew.map(tasks) for result in part]
    rows_out: dict[str, list[Mismatch]] = {}
    matched: dict[str, int] = {}
    alive: dict[str, int] = {}
    for (object_type, _first, _last), (found, count, known) in zip((r for unit in units for r in unit), results, strict=True):
        rows_out.setdefault(object_type, []).extend(found)
        matched[object_type] = matched.get(object_type, 0) + count
        alive[object_type] = alive.get(object_type, 0) + known
    if matched != alive:
        return None
    out = [mismatch for object_type in tracking.TRACKED for mismatch in rows_out.get(object_type, [])]
    return out[:limit]


def _compare_kept(index: int, names: list[str | None], unit: _Unit, limit: int) -> list[tuple[list[Mismatch], int, int]]:
    """In the `_Crew` worker that walked range `index`: unit `index`'s pieces folded in the order of the ranges walked
    (`_merge_states`, as `_joined` would merge them): the piece this worker kept (`_KEPT`) in its own place, the
    other ranges' from their files (`names`, None: nothing), and the unit's rows compared (`_compare_ranges`); per
    table range of the unit also how many objects the chain has there (not deleted)."""
    states = _fold_kept(index, names)
    results = _compare_ranges(unit, states, limit)
    return [
        (found, count, sum(1 for text in states[object_type].values() if text is not None))
        for (object_type, _first, _last), (found, count) in zip(unit, results, strict=True)
    ]


def _fold_kept(index: int, names: list[str | None]) -> States:
    """Unit `index`'s states: its pieces from the ranges walked folded in order, the one this process kept (`_KEPT`,
    taken) in place `index`, the others read from their files (`names`, None: nothing)."""
    states: States = {t: {} for t in tracking.TRACKED}
    for walked, name in enumerate(names):
        if walked == index:
            piece_states, piece_reset = _KEPT.pop(index, ({}, {}))
        elif name is not None:
            piece_states, piece_reset = _load_piece(name)
        else:
            continue
        _merge_states(states, piece_states, piece_reset)
    return states


def _table_bounds(object_type: str, parts: int) -> list[int | None] | None:
    """A table of at least twice PARALLEL_FROM rows with whole-number ids cut into `parts` ranges of ids: the bounds
    (None, cut, ..., None), range i holding the ids above bound i up to bound i+1. None for another table."""
    model = tracking.model_for(object_type)
    span = model._default_manager.aggregate(low=models.Min("pk"), high=models.Max("pk"), rows=models.Count("pk"))
    if span["rows"] < 2 * PARALLEL_FROM or not isinstance(span["low"], int):
        return None
    low, high = span["low"], span["high"]
    return [None, *(low + (high - low) * i // parts for i in range(1, parts)), None]


def _replay_units(jobs: int) -> list[_Unit]:
    """The replay's work in `jobs` parts: each table of at least twice PARALLEL_FROM rows cut into `jobs` ranges
    of ids (a part each), the other tables together in one part. One part when `jobs` is 1."""
    if jobs <= 1:
        return [[(t, None, None) for t in tracking.TRACKED]]
    small: _Unit = []
    units: list[_Unit] = []
    for object_type in tracking.TRACKED:
        bounds = _table_bounds(object_type, jobs)
        if bounds is None:
            small.append((object_type, None, None))
            continue
        units.extend([[(object_type, None if a is None else a + 1, b)] for a, b in itertools.pairwise(bounds)])
    return [small, *units] if small else units


def _aligned_units(parts: int) -> list[_Unit]:
    """The replay's work in exactly `parts` units, one per range of seqs walked by a `_Crew` (`_Kept`): each table of
    at least twice PARALLEL_FROM rows cut into `parts` ranges of ids, range i in unit i (as the seqs are cut into
    equal ranges, so that where ids follow seqs, as when the rows are added with their entries, unit i holds about
    the objects range i walked); the other tables whole in the last unit."""
    units: list[_Unit] = [[] for _ in range(parts)]
    for object_type in tracking.TRACKED:
        bounds = _table_bounds(object_type, parts) if parts > 1 else None
        if bounds is None:
            units[-1].append((object_type, None, None))
            continue
        for unit, (a, b) in zip(units, itertools.pairwise(bounds), strict=True):
            unit.append((object_type, None if a is None else a + 1, b))
    return units


def _compare_ranges_inherited(unit: _Unit, limit: int) -> list[tuple[list[Mismatch], int]]:
    """`_compare_ranges` in a worker, with the states its parent left in `_REPLAY_STATES` before forking."""
    return _compare_ranges(unit, _REPLAY_STATES[0], limit)


def _compare_ranges(unit: _Unit, states: States, limit: int) -> list[tuple[list[Mismatch], int]]:
    """Per (object_type, first id, last id) of `unit`: the first `limit` mismatches of its rows (in id order) and
    how many of its rows the chain has (not deleted), so that the caller knows whether an object is missing."""
    return [_compare_rows(object_type, states[object_type], limit, first, last) for object_type, first, last in unit]


def _compare_rows(
    object_type: str, expected: dict[str, State], limit: int, first: int | None = None, last: int | None = None
) -> tuple[list[Mismatch], int]:
    """The rows of one tracked table (with ids from `first` to `last`) against the chain (see `replay`).

    A date or time the table holds that Python cannot (never written by the app: on PostgreSQL a year before 1 or
    after 9999, `infinity`, on which psycopg's loader raises DataError; on SQLite a text such as `2025-02-30`, on
    which Django's converter raises ValueError as SQLite's driver fetches it) ends the reading; then the rows are
    read again leniently (`tracking.Unreadable`), so that such a value is a mismatch of its field, with its text,
    rather than the end of the verification."""
    try:
        return _compare_rows_read(object_type, expected, limit, first, last, lenient=False)
    except (DataError, ValueError):
        return _compare_rows_read(object_type, expected, limit, first, last, lenient=True)


def _compare_rows_read(
    object_type: str, expected: dict[str, State], limit: int, first: int | None, last: int | None, *, lenient: bool
) -> tuple[list[Mismatch], int]:
    out: list[Mismatch] = []
    matched = 0
    encode = _dumps
    fields = tracking.TRACKED[object_type]
    rows = tracking.TableRows(object_type, first, last, lenient=lenient)
    for object_id, row_text, raw in rows:
        text = expected.get(object_id)
        if text is not None:
            matched += 1
            if row_text == text or (row_text is not None and rows.canonical(raw) == text):
                # The id and every tracked field as the chain says (the same JSON, field by field): the state is kept
                # as the `after` column's text in jsonb's form (`_walk_range`), or as canonical JSON (merged, SQLite).
                continue
        if object_id not in expected:
            out.append(Mismatch(object_type, object_id, "", "rij staat in de tabel zonder regel in de auditketen (toegevoegd)"))
        elif text is None:
            out.append(Mismatch(object_type, object_id, "", "rij staat in de tabel maar is volgens de auditketen verwijderd"))
        elif encode(values := rows.values(raw)) == text:
            continue  # the same, read the ORM's way (the quick text was not written, or differs)
        else:
            chain = json.loads(text)
            state = {name: chain[name] for name in fields if name in chain}
            if _row_matches(fields, state, values):
                continue
            later = tracking.ADDED_LATER.get(object_type, {})
            for name in fields:
                if name not in state and name not in later:
                    out.append(Mismatch(object_type, object_id, name, "de auditketen legt deze waarde niet vast"))
                    break
                recorded = state[name] if name in state else later[name]
                if not tracking.same(recorded, values[name]):
                    out.append(
                        Mismatch(
                            object_type,
                            object_id,
                            name,
                            f"tabel {json.dumps(values[name], ensure_ascii=False)}, "
                            f"auditketen {json.dumps(recorded, ensure_ascii=False)} (gewijzigd)",
                        )
                    )
                    break
        if len(out) >= limit:
            break
    return out, matched


# --- signed checkpoints ------------------------------------------------------------------------


@transaction.atomic
def make_checkpoint(*, key_path: Path | None = None) -> Checkpoint:
    """Sign the chain's head with the key outside the database; store it and journal it next to the key.

    Idempotent per head: when the head was signed with this key already, that checkpoint is returned.
    """
    path = key_path or keys.key_file()
    if not path.is_file():
        raise Refused(
            "audit.no-signing-key",
            f"Geen ondertekeningssleutel in {path}; `samen setup` maakt er een (of zet {keys.KEY_FILE_ENV}).",
            field=keys.KEY_FILE_ENV,
        )
    private = keys.load_private_key(path)
    fp = keys.fingerprint(private.public_key())
    lock_for_write()
    last = AuditEntry.objects.order_by("-seq").only("seq", "entry_hash").first()
    if last is None:
        raise Refused("audit.empty-chain", "De auditketen is leeg; er is niets te ondertekenen.")
    existing = Checkpoint.objects.filter(seq=last.seq, key_fingerprint=fp).first()
    if existing is not None and existing.head == last.entry_hash:
        return existing
    made_at = datetime.now(UTC).replace(microsecond=0)
    signature = private.sign(keys.message(last.seq, last.entry_hash, made_at)).hex()
    checkpoint = Checkpoint.objects.create(seq=last.seq, head=last.entry_hash, made_at=made_at, signature=signature, key_fingerprint=fp)
    keys.journal_append(_checkpoint_record(checkpoint), path)
    return checkpoint


def _checkpoint_record(c: Checkpoint) -> dict[str, Any]:
    return {
        "seq": c.seq,
        "head": c.head,
        "made_at": c.made_at.astimezone(UTC).isoformat(),
        "signature": c.signature,
        "key_fingerprint": c.key_fingerprint,
    }


def latest_checkpoint() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-seq", "-made_at").first()


def latest_checkpoint_text() -> str:
    """The latest signed checkpoint as plain text (Dutch, then English), for every e-mail to the parties.

    A party keeps it; `samen audit verify --head HASH COUNT` later proves the chain still holds that
    head, and the signature proves that the host's key signed it (docs/audit.md).
    """
    c = latest_checkpoint()
    if c is None:
        return "Auditketen: nog geen ondertekend controlepunt. / Audit chain: no signed checkpoint yet.\n"
    at = c.made_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return (
        "Auditketen, laatste ondertekende controlepunt / Audit chain, latest signed checkpoint\n"
        f"  kop / head:                       {c.head}\n"
        f"  aantal regels / entries:          {c.seq}\n"
        f"  ondertekend op / signed at:       {at}\n"
        f"  handtekening / signature:         {c.signature}\n"
        f"  sleutel / key (SHA-256):          {c.key_fingerprint}\n"
        f"Controle / verify: samen audit verify --head {c.head} {c.seq}\n"
    )


# --- everything at once ------------------------------------------------------------------------


@dataclass
class AuditReport:
    """What `samen audit verify` found: the chain, the checkpoints, the replay. Intact when no problem."""

    chain: Verification
    checkpoints: int = 0
    journaled: int = 0
    objects: int = 0
    problems: list[str] = dc_field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_all(
    *,
    expected_head: str | None = None,
    expected_count: int | None = None,
    public_key_files: list[str] | None = None,
    check_mac: bool = True,
    jobs: int | None = None,
) -> AuditReport:
    """Verify the chain, a head handed out earlier, every signed checkpoint (stored and journaled), and replay the tables.

    `check_mac=False` is for a party that verifies a copy without the app's SECRET_KEY: it then
    relies on the heads and checkpoints it holds. Runs in one transaction (on PostgreSQL a
    read-only REPEATABLE READ snapshot), so a write committed meanwhile is seen in the chain and
    the tables alike, or in neither.

    `jobs`: how many worker processes walk a long chain (default: the CPUs this process may use). They
    read through connections of their own that see the same snapshot, so only when this call opens the
    transaction (not inside a caller's, whose uncommitted writes they could not see) and not on an
    in-memory SQLite database; otherwise this process walks it alone.
    """
    args: dict[str, Any] = {
        "expected_head": expected_head,
        "expected_count": expected_count,
        "public_key_files": public_key_files,
        "check_mac": check_mac,
        "jobs": 1,
    }
    if transaction.get_connection().in_atomic_block:
        return _verify_all(**args)
    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        args["jobs"] = jobs if jobs is not None else default_jobs()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return _verify_all(**args)


def default_jobs() -> int:
    """The worker processes `samen audit verify` uses by default: one per CPU this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _verify_all(
    *, expected_head: str | None, expected_count: int | None, public_key_files: list[str] | None, check_mac: bool, jobs: int
) -> AuditReport:
    problems: list[str] = []
    try:
        trusted = keys.trusted_keys(public_key_files)
    except (OSError, ValueError) as e:
        raise InvalidInput("audit.public-key", f"Publieke sleutel niet te lezen: {e}", field="public-key") from None
    stored = list(Checkpoint.objects.order_by("seq", "made_at"))
    journaled = keys.journal_records()
    wanted = {c.seq for c in stored} | {int(r["seq"]) for r in journaled if isinstance(r.get("seq"), int)}
    if expected_count is not None:
        wanted.add(expected_count)
    states: States = {t: {} for t in tracking.TRACKED}
    mismatches: list[Mismatch] | None = None
    # With workers, the walk's workers keep the states and replay the rows of the objects they walked (`_Kept`):
    # the replay's units are chosen first, one per range of seqs. What a worker walked for another unit goes to a
    # file in the system's temporary folder (TMPDIR), not /dev/shm, which a container often limits to 64 MB.
    parts = len(_ranges(jobs))
    try:
        if parts > 1:
            with tempfile.TemporaryDirectory(prefix="samen-audit-") as folder, _Crew(parts) as crew:
                kept = _Kept(crew, _aligned_units(parts), folder)
                chain, found, hash_seq = _walk(wanted, expected_head, check_mac, states, jobs, kept)
                if chain.intact:
                    mismatches = _replay_kept(kept, 20)
        else:
            chain, found, hash_seq = _walk(wanted, expected_head, check_mac, states, jobs)
            if chain.intact:
                mismatches = replay(states=states, jobs=jobs)
    finally:
        _KEPT.clear()  # (in this process only when the ranges were walked here, as the tests do)
    if mismatches is None:
        # The walk stopped at a broken entry, or a table lacks an object the chain has: the states read again.
        mismatches = replay(jobs=jobs)
    if not chain.intact:
        problems.append(f"auditketen verbroken bij regel {chain.broken_seq}: {chain.reason}")

    if expected_head is not None:
        if expected_count is not None:
            if expected_count == 0 and expected_head == GENESIS:
                pass
            elif found.get(expected_count) != expected_head:
                problems.append(
                    f"opgegeven kop {expected_head[:16]}… staat niet op regel {expected_count}: "
                    f"de keten is {'ingekort' if chain.count < expected_count else 'herschreven'}"
                )
        elif hash_seq is None and expected_head != GENESIS:
            problems.append(f"opgegeven kop {expected_head[:16]}… komt niet (meer) in de keten voor: ingekort of herschreven")

    if (stored or journaled) and not trusted:
        problems.append(
            f"er zijn ondertekende controlepunten maar geen sleutel om ze te controleren ({keys.key_file()} ontbreekt; geef --public-key)"
        )

    def check_point(label: str, seq: int, head_hash: str, made_at: datetime, signature: str, fp: str) -> None:
        public = trusted.get(fp)
        if trusted and public is None:
            problems.append(f"{label} #{seq}: ondertekend met een onbekende sleutel {fp[:16]}…")
        elif public is not None and not keys.signature_valid(public, signature, keys.message(seq, head_hash, made_at)):
            problems.append(f"{label} #{seq}: handtekening klopt niet (controlepunt gewijzigd)")
        if chain.intact and found.get(seq) != head_hash:
            state = "bestaat niet meer (ingekort of verwijderd)" if seq > chain.count else "heeft een andere hash (herschreven)"
            problems.append(f"{label} #{seq}: regel {seq} van de keten {state}")

    for c in stored:
        check_point("controlepunt", c.seq, c.head, c.made_at, c.signature, c.key_fingerprint)
    stored_keys = {(c.seq, c.head, c.signature) for c in stored}
    for r in journaled:
        if "unreadable" in r:
            problems.append(f"logboek {keys.journal_file()}: regel {r['unreadable']} onleesbaar")
            continue
        try:
            made_at = datetime.fromisoformat(str(r["made_at"]))
            seq, head_hash, signature, fp = int(r["seq"]), str(r["head"]), str(r["signature"]), str(r["key_fingerprint"])
        except (KeyError, TypeError, ValueError):
            problems.append(f"logboek {keys.journal_file()}: onvolledige regel {r!r}")
            continue
        check_point("controlepunt uit het logboek", seq, head_hash, made_at, signature, fp)
        if (seq, head_hash, signature) not in stored_keys:
            problems.append(f"controlepunt #{seq} uit het logboek naast de sleutel ontbreekt in de database (verwijderd)")

    problems.extend(f"tabel wijkt af van de auditketen: {m}" for m in mismatches)
    objects = sum(tracking.model_for(t)._default_manager.count() for t in tracking.TRACKED)
    return AuditReport(chain=chain, checkpoints=len(stored), journaled=len(journaled), objects=objects, problems=problems)
