"""Append to and verify the audit chain. Appends run inside the caller's transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.forms.models import model_to_dict

from samen.audit.models import AuditEntry

GENESIS = "0" * 64
_LOCK_KEY = 0x53414D454E  # "SAMEN": the advisory lock that serialises appends on PostgreSQL


def snapshot(obj: models.Model | None) -> dict[str, Any] | None:
    """A JSON-safe copy of a model's own fields, for `before` and `after`."""
    if obj is None:
        return None
    data = model_to_dict(obj)
    data["id"] = obj.pk
    result: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True))
    return result


def _canonical(entry: AuditEntry) -> bytes:
    body = {
        "seq": entry.seq,
        "at": entry.at.astimezone(UTC).isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "agreement": entry.agreement,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "before": entry.before,
        "after": entry.after,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_hash(entry: AuditEntry) -> str:
    """The SHA-256 of an entry's canonical form (every field but the hash itself)."""
    return hashlib.sha256(_canonical(entry)).hexdigest()


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
    entry.entry_hash = compute_hash(entry)
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


def verify() -> Verification:
    """Check every entry's hash and its link to the previous one, in order."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        if entry.seq != expected_seq:
            return Verification(count, prev, entry.seq, f"volgnummer {entry.seq} verwacht {expected_seq} (ontbrekende regel)")
        if entry.prev_hash != prev:
            return Verification(count, prev, entry.seq, "verwijst niet naar de hash van de vorige regel")
        if compute_hash(entry) != entry.entry_hash:
            return Verification(count, prev, entry.seq, "inhoud komt niet overeen met de opgeslagen hash (gewijzigd)")
        prev = entry.entry_hash
        expected_seq += 1
    return Verification(count, prev)


def head() -> tuple[str, int]:
    """The head hash and the number of entries, to hand to the parties."""
    last = AuditEntry.objects.order_by("-seq").first()
    return (last.entry_hash, last.seq) if last else (GENESIS, 0)
