"""The audit chain: every service write appends an entry holding the SHA-256 of the previous one."""

from __future__ import annotations

import json
from typing import Any

from django.db import models


class CanonicalJSONEncoder(json.JSONEncoder):
    """JSON as the chain's canonical form writes it: keys sorted, no spaces, non-ASCII kept.

    `before` and `after` are stored with it, so that on SQLite (which keeps the text it is given)
    a column's text is exactly its piece of `canonical` and `verify` can compare the two without
    parsing either. PostgreSQL's jsonb keeps its own form; there `verify` writes the column's canonical text from
    jsonb's (`tracking.JsonbShapes`: without decoding it for a shape seen before, else decoded and encoded).
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        super().__init__(**kwargs)


class AuditEntry(models.Model):
    """One audited write. `entry_hash` is the SHA-256 of `canonical`, the UTF-8 of the canonical JSON of every other
    field but `mac` (including `prev_hash`); `verify` checks that the columns say what `canonical` says."""

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    action = models.CharField(max_length=80)
    agreement = models.CharField(max_length=64, blank=True)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=80)
    before = models.JSONField(null=True, encoder=CanonicalJSONEncoder)
    after = models.JSONField(null=True, encoder=CanonicalJSONEncoder)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    # HMAC-SHA256 of entry_hash with a key derived from SECRET_KEY (not in the database, not in the
    # hash): someone who can only write the database cannot add or rewrite entries that verify.
    mac = models.CharField(max_length=64, blank=True, default="")
    # The canonical JSON that `entry_hash` is the SHA-256 of (its UTF-8 bytes), written once at append: `verify`
    # hashes it as stored instead of rebuilding it from the columns, and compares the columns with it.
    canonical = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["seq"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class Checkpoint(models.Model):
    """A signed statement "the chain had `seq` entries and its head was `head`" at `made_at`.

    Signed with the Ed25519 key kept outside the database (audit.checkpoints); `key_fingerprint`
    (SHA-256 of the raw public key) says which key. `samen audit verify` checks every one.
    """

    seq = models.PositiveBigIntegerField()
    head = models.CharField(max_length=64)
    made_at = models.DateTimeField()
    signature = models.CharField(max_length=128)
    key_fingerprint = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq", "made_at"]
        constraints = [models.UniqueConstraint(fields=["seq", "key_fingerprint"], name="checkpoint_unique_seq_key")]

    def __str__(self) -> str:
        return f"checkpoint #{self.seq} {self.head[:12]}"
