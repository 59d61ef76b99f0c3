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

import copy
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache as shared_cache
from django.db import connection

from samen.accounts.permissions import fact_scope
from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.audit.models import AuditEntry

__all__ = ["Store", "agreement_at", "answer_json", "answer_key", "clear", "facts_version", "stats", "store"]

MEMORY_ENTRIES = 32  # answers kept in each process (the demo's answer is about 70 kB; ten years of facts a few MB)
SHARED_SECONDS = 7 * 24 * 3600  # a key never goes stale (a write changes the key), so this only frees space


@dataclass
class Stats:
    """How a store's values were served since the process started (or since `clear`)."""

    memory: int = 0
    shared: int = 0
    computed: int = 0


class Store:
    """Values by key in two levels: the most recent ones in this process's memory, all in Django's default cache
    (the database cache table every app process shares). A key must hold everything the value depends on."""

    def __init__(self, prefix: str, entries: int, *, shared: bool = True) -> None:
        self.prefix = prefix
        self.entries = entries
        self.shared = shared  # False: this process's memory only (values cheap to rebuild, or not worth pickling)
        self.stats = Stats()
        self._lock = threading.Lock()
        self._memory: OrderedDict[Hashable, Any] = OrderedDict()

    def key(self, parts: dict[str, Any]) -> str:
        """A SHA-256 over `parts` (canonical JSON), with this store's prefix."""
        raw = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
        return self.prefix + hashlib.sha256(raw.encode()).hexdigest()

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The value under `key` (this process's memory, then the shared cache), or `compute()` kept under it. A store
        that is not shared may take any hashable key; a shared one takes `key()`'s text."""
        if self.shared and not isinstance(key, str):
            raise TypeError("a shared store's key is the text `Store.key` gives")
        found = self.peek(key)
        if found is not None:
            return found
        found = shared_cache.get(key) if self.shared else None
        if found is not None:
            self.stats.shared += 1
        else:
            found = compute()
            if self.shared:
                shared_cache.set(key, found, SHARED_SECONDS)
            self.stats.computed += 1
        self._remember(key, found)
        return found

    def peek(self, key: Hashable) -> Any:
        """The value kept under `key` in this process's memory (counted as served from memory), or None."""
        with self._lock:
            found = self._memory.get(key)
            if found is not None:
                self._memory.move_to_end(key)
                self.stats.memory += 1
            return found

    def keep(self, key: Hashable, value: Any) -> None:
        """Keep `value`, computed by the caller, under `key` in this process's memory only (counted as computed); a
        key kept only here may be any hashable value (a tuple), not only `key()`'s text."""
        self.stats.computed += 1
        self._remember(key, value)

    def _remember(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._memory[key] = value
            self._memory.move_to_end(key)
            while len(self._memory) > self.entries:
                self._memory.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._memory.clear()
            self.stats = Stats()


STORES: list[Store] = []  # every store in this process (`clear` empties them all)


def store(prefix: str, entries: int, *, shared: bool = True) -> Store:
    """A new store, emptied with the others by `clear` (e.g. the pages' fragments built from an answer)."""
    made = Store(prefix, entries, shared=shared)
    STORES.append(made)
    return made


_answers = store("samen:answer:", MEMORY_ENTRIES)


def facts_version() -> str:
    """The version of everything recorded: the head of the audit chain (sequence number and hash), "0" when empty."""
    # Read on every page view and API call: one statement on seq's unique index, without building a query.
    with connection.cursor() as cursor:
        cursor.execute(_HEAD_SQL)
        head = cursor.fetchone()
    return f"{head[0]}-{head[1]}" if head else "0"


_HEAD_SQL = "SELECT {seq}, {hash} FROM {table} ORDER BY {seq} DESC LIMIT 1".format(
    table=connection.ops.quote_name(AuditEntry._meta.db_table),
    seq=connection.ops.quote_name(AuditEntry._meta.get_field("seq").column),
    hash=connection.ops.quote_name(AuditEntry._meta.get_field("entry_hash").column),
)


# Agreements by the facts' version and their key (`agreement_at`), in this process only.
_AGREEMENTS = store("samen:agreement:", 32, shared=False)


def agreement_at(version: str, *, pk: int | None = None, slug: str | None = None) -> Agreement | None:
    """The agreement with primary key `pk` (or else slug `slug`), or None, read once per `version` (the audit head
    the caller read, `facts_version`) in this process: agreements are written only through services that append to
    the chain, so every change comes with a new head. Each caller gets its own copy of the kept instance."""
    lookup = {"pk": pk} if pk is not None else {"slug": slug}
    # The store is this process's memory only, so the parts are the key as they are (`Store.keep`): no canonical JSON
    # and SHA-256 on every page view and API call.
    key = (version, pk, None if pk is not None else slug)
    kept = _AGREEMENTS.get_or_compute(key, lambda: Agreement.objects.filter(**lookup).first() or False)
    return copy.copy(kept) if kept else None


def answer_key(agreement: Agreement, *, as_of: date, settings: dict[str, Any] | None, language: str, actor: Any, version: str) -> str:
    """The cache key of an answer: a SHA-256 over everything that determines it (see the module's docstring)."""
    return _answers.key(
        {
            "agreement": agreement.slug,
            "definition": registry.definition_sha256_loaded(agreement.slug),
            "facts": version,
            "as_of": as_of.isoformat(),
            "settings": settings or {},
            "language": language,
            "scope": fact_scope(actor),
        }
    )


def answer_json(
    agreement: Agreement, *, as_of: date, settings: dict[str, Any] | None = None, actor: Any = None, language: str = "nl"
) -> dict[str, Any]:
    """`evaluate_recorded(agreement, as_of=..., settings=..., actor=..., language=...).to_json()`, from the cache when
    the same answer was computed since the last write (in this process, or in any process sharing the database)."""
    from samen.records.queries import evaluate_recorded

    key = answer_key(agreement, as_of=as_of, settings=settings, language=language, actor=actor, version=facts_version())

    def compute() -> dict[str, Any]:
        return evaluate_recorded(agreement, as_of=as_of, settings=settings, actor=actor, language=language).to_json()

    answer: dict[str, Any] = _answers.get_or_compute(key, compute)
    return answer


def stats() -> Stats:
    """A copy of this process's counts of answers: served from memory, from the shared table, and computed."""
    return Stats(_answers.stats.memory, _answers.stats.shared, _answers.stats.computed)


def clear(*, shared: bool = False) -> None:
    """Forget this process's answers and fragments (with `shared`, the shared table's too) and reset the counts."""
    for store in STORES:
        store.clear()
    if shared:
        shared_cache.clear()  # the whole shared cache: the answers, and the API's rate-limit counts (they start again)
