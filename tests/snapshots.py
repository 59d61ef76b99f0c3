"""The `twente` and `demo` fixtures' data, made once per test session by the services and written back per test.

Loading the demo through its services takes 0.4-0.9 s on a quiet machine (SQLite / PostgreSQL) and several
seconds on a loaded one, and about 500 tests ask for it: on PostgreSQL that was most of the suite's time. So the
first test that asks makes it as before, through the services, inside a savepoint, and what the load changed is
taken down: the rows it wrote or changed in every table, the files it stored in the documents storage, and the
audit signing key and journal if it made them. Then the savepoint is rolled back and the rows are written back;
every later test gets the same rows written back in its own transaction (the same ids, times and audit chain, as
the services wrote them; `tests/foundation/test_fixture_snapshots.py` checks that the chain and every tracked table
verify and that the counts are a real load's).

Rows are written back only onto the state they were taken from: when the tables before differ from the state
before the recorded load (another fixture wrote first, a transactional test flushed the content types), the
services load it again and that load is recorded instead. Nothing here is used by the code under test.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Rows = dict[Any, Any]  # primary key -> the row as the database gives it (a tuple on SQLite, a COPY line on PostgreSQL)


@dataclass(frozen=True)
class _Table:
    name: str
    columns: tuple[str, ...]  # the primary key's column first
    model: Any


def _tables() -> list[_Table]:
    from django.apps import apps

    seen: dict[str, _Table] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy or meta.db_table in seen:
            continue
        pk = meta.pk.column
        columns = (pk, *(f.column for f in meta.local_concrete_fields if f.column != pk))
        seen[meta.db_table] = _Table(meta.db_table, columns, model)
    return [seen[name] for name in sorted(seen)]


def _read(connection: Any, table: _Table) -> Rows:
    """Every row of the table exactly as stored: PostgreSQL's COPY text, SQLite's stored values (`+col` keeps the
    sqlite3 module's converters for declared types away, so a value goes back as it was stored)."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            data = bytearray()
            with cursor.cursor.copy(f"COPY {qn(table.name)} ({', '.join(map(qn, table.columns))}) TO STDOUT") as copy:
                for chunk in copy:
                    data += chunk
            return {line.split(b"\t", 1)[0]: line for line in bytes(data).split(b"\n") if line}
        cursor.execute(f"SELECT {', '.join('+' + qn(c) for c in table.columns)} FROM {qn(table.name)}")
        return {row[0]: row for row in cursor.fetchall()}


def _write(connection: Any, table: _Table, rows: list[Any]) -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {qn(table.name)} ({', '.join(map(qn, table.columns))}) FROM STDIN") as copy:
                copy.write(b"".join(line + b"\n" for line in rows))
        else:
            marks = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(f"INSERT INTO {qn(table.name)} ({', '.join(map(qn, table.columns))}) VALUES ({marks})", rows)


def _delete(connection: Any, table: _Table, keys: list[Any]) -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for key in keys:
            value = key.decode() if isinstance(key, bytes) else key
            cursor.execute(f"DELETE FROM {qn(table.name)} WHERE {qn(table.columns[0])} = %s", [value])


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()} if root.is_dir() else {}


@dataclass
class _Change:
    """What one load changed: rows per table (new or changed, and gone), files, the audit key and its journal."""

    before: dict[str, Rows]
    rows: dict[str, list[Any]] = field(default_factory=dict)
    gone: dict[str, list[Any]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    key_files: dict[str, bytes] = field(default_factory=dict)  # "key" / "journal" -> bytes made by the load


def _context() -> Rows:
    """The settings a load reads besides the database: a load under other ones is recorded anew."""
    from django.conf import settings
    from django.utils import translation

    names = ("SAMEN_AGREEMENTS_DIR", "DEMO_MODE", "SECRET_KEY", "PASSWORD_HASHERS", "TIME_ZONE", "LANGUAGE_CODE")
    return {name: repr(getattr(settings, name, None)) for name in names} | {"language": translation.get_language()}


def _documents_root() -> Path:
    from django.conf import settings

    return Path(settings.STORAGES["documents"]["OPTIONS"]["location"])


def _key_paths() -> dict[str, Path]:
    from samen.audit import keys

    path = Path(os.environ[keys.KEY_FILE_ENV])
    return {"key": path, "journal": keys.journal_file(path)}


class Stage:
    """One fixture's load (`make`), recorded on first use and written back for every test after."""

    def __init__(self) -> None:
        self._change: dict[str, _Change] = {}  # per database vendor (a session uses one)

    def apply(self, make: Callable[[], Any], result: Callable[[], Any]) -> Any:
        """Bring this test's database to the state after `make()` and return `result()`."""
        from django.db import connection, transaction

        if not connection.in_atomic_block:  # a transactional test: its writes are committed, nothing to roll back
            make()
            return result()
        tables = _tables()
        before = {t.name: _read(connection, t) for t in tables}
        before["(settings)"] = _context()
        change = self._change.get(connection.vendor)
        if change is None or change.before != before:
            change = self._record(connection, tables, before, make)
            self._change[connection.vendor] = change
        with transaction.atomic():
            self._write_back(connection, tables, change)
        return result()

    def _record(self, connection: Any, tables: list[_Table], before: dict[str, Rows], make: Callable[[], Any]) -> _Change:
        from django.db import transaction

        root, key_paths = _documents_root(), _key_paths()
        files_before = _files(root)
        keys_before = {name: p.read_bytes() for name, p in key_paths.items() if p.is_file()}
        change = _Change(before=before)
        point = transaction.savepoint()
        try:
            make()
            for t in tables:
                after, was = _read(connection, t), before[t.name]
                rows = [row for key, row in after.items() if was.get(key) != row]
                gone = [key for key, row in was.items() if after.get(key) != row]
                if rows:
                    change.rows[t.name] = rows
                if gone:
                    change.gone[t.name] = gone
        finally:
            transaction.savepoint_rollback(point)
        change.files = {k: v for k, v in _files(root).items() if files_before.get(k) != v}
        for name, path in key_paths.items():
            if path.is_file() and keys_before.get(name) != path.read_bytes():
                change.key_files[name] = path.read_bytes()
        return change

    def _write_back(self, connection: Any, tables: list[_Table], change: _Change) -> None:
        from django.core.management.color import no_style

        by_name = {t.name: t for t in tables}
        for name, keys in change.gone.items():
            _delete(connection, by_name[name], keys)
        for name, rows in change.rows.items():
            _write(connection, by_name[name], rows)
        models = [by_name[name].model for name in change.rows]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        root = _documents_root()
        for relative, data in change.files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            path.write_bytes(data)
            path.chmod(0o600)
        for name, path in _key_paths().items():
            if name in change.key_files:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(change.key_files[name])
                path.chmod(0o600)


TWENTE = Stage()  # the `twente` fixture: the agreement loaded from its definition
DEMO = Stage()  # the `demo` fixture: the demo loaded onto it
