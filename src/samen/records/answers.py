"""The rules' answer over the recorded facts, cached by everything that determines it (issue 11).

An answer (`evaluate_recorded(...).to_json()`, before `visible_to`) is determined by exactly these, and they
make its key (`answer_key`):

- the agreement and the definition this process evaluates it with (`registry.definition_sha256_loaded`: the
  SHA-256 of the file as it was read, so a changed file after a restart never meets an answer of the old one);
- the recorded facts: their version is the head of the audit chain (its sequence number and hash). Every
  write goes through a service that appends to the chain in the write's own transaction (ground rule 9,
  `tests/foundation/test_writes_through_services.py`), and appends are serialised (`audit.lock_for_write`), so
  the head changes in the same commit as the facts and heads follow the commits' order. The hash makes the
  version unique to this database's history: a restored backup or another test database with the same
  number of entries has another head;
- `as_of`, the settings of a what-if, the language of the texts;
- which recorded facts the viewer may see (`permissions.fact_scope`: one value for every viewer who sees the
  same facts, so a cached answer never reaches a role or party that sees other facts).

The head is read from the database on every call, before the facts are read: an answer computed after a write
may be stored under the head of before it (it is then only newer than its key, and that key is already out of
date), never the other way round. So no answer from before a write is served once the write has committed, in
any process: a second app process reads the new head and misses.

Two levels: a small memory in each process (the most recent answers, by key), and Django's default cache, the
database cache table (`settings.CACHES`), which every app process and server shares. No Redis. Only answers
over the recorded facts alone are cached; a what-if with hypothetical facts is evaluated each time.

Rows written past the services (by hand in the database) do not move the head: they show at the next write
through a service, or after `samen cache clear` (which empties both levels of this process and the shared table).

Callers share the cached dict: never change it in place (`visible_to` and `with_findings` make new dicts).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache as shared_cache

from samen.accounts.permissions import fact_scope
from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.audit.models import AuditEntry

__all__ = ["answer_json", "answer_key", "clear", "facts_version", "stats"]

MEMORY_ENTRIES = 32  # answers kept in each process (the demo's answer is about 70 kB; ten years of facts a few MB)
SHARED_SECONDS = 7 * 24 * 3600  # a key never goes stale (a write changes the key), so this only frees space
_PREFIX = "samen:answer:"

_lock = threading.Lock()
_memory: OrderedDict[str, dict[str, Any]] = OrderedDict()


@dataclass
class Stats:
    """How this process's answers were served since it started (or since `clear`)."""

    memory: int = 0
    shared: int = 0
    computed: int = 0


_stats = Stats()


def facts_version() -> str:
    """The version of everything recorded: the head of the audit chain (sequence number and hash), "0" when empty."""
    head = AuditEntry.objects.order_by("-seq").values_list("seq", "entry_hash").first()
    return f"{head[0]}-{head[1]}" if head else "0"


def answer_key(agreement: Agreement, *, as_of: date, settings: dict[str, Any] | None, language: str, actor: Any, version: str) -> str:
    """The cache key of an answer: a SHA-256 over everything that determines it (see the module's docstring)."""
    parts = {
        "agreement": agreement.slug,
        "definition": registry.definition_sha256_loaded(agreement.slug),
        "facts": version,
        "as_of": as_of.isoformat(),
        "settings": settings or {},
        "language": language,
        "scope": fact_scope(actor),
    }
    raw = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return _PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def answer_json(
    agreement: Agreement, *, as_of: date, settings: dict[str, Any] | None = None, actor: Any = None, language: str = "nl"
) -> dict[str, Any]:
    """`evaluate_recorded(agreement, as_of=..., settings=..., actor=..., language=...).to_json()`, from the cache when
    the same answer was computed since the last write (in this process, or in any process sharing the database)."""
    from samen.records.queries import evaluate_recorded

    key = answer_key(agreement, as_of=as_of, settings=settings, language=language, actor=actor, version=facts_version())
    with _lock:
        found = _memory.get(key)
        if found is not None:
            _memory.move_to_end(key)
            _stats.memory += 1
            return found
    found = shared_cache.get(key)
    if found is not None:
        _stats.shared += 1
    else:
        found = evaluate_recorded(agreement, as_of=as_of, settings=settings, actor=actor, language=language).to_json()
        shared_cache.set(key, found, SHARED_SECONDS)
        _stats.computed += 1
    _remember(key, found)
    return found


def _remember(key: str, answer: dict[str, Any]) -> None:
    with _lock:
        _memory[key] = answer
        _memory.move_to_end(key)
        while len(_memory) > MEMORY_ENTRIES:
            _memory.popitem(last=False)


def stats() -> Stats:
    """A copy of this process's counts: answers served from memory, from the shared table, and computed."""
    return Stats(_stats.memory, _stats.shared, _stats.computed)


def clear(*, shared: bool = False) -> None:
    """Forget this process's answers (and with `shared`, every answer in the shared table) and reset the counts."""
    global _stats
    with _lock:
        _memory.clear()
        _stats = Stats()
    if shared:
        shared_cache.clear()  # the whole shared cache: the answers, and the API's rate-limit counts (they start again)
