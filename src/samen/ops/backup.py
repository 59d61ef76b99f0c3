"""`samen backup FILE` and `samen restore FILE`: a consistent copy of the whole database.

- SQLite: Python's `sqlite3` online backup API (`Connection.backup`), which copies the database
  page by page under one read transaction, so writers may go on and the copy is one consistent
  state (a plain file copy during writes is not). The backup file is itself a SQLite database.
- PostgreSQL: `pg_dump -Fc` (one snapshot, custom format) and `pg_restore --clean --if-exists
  --single-transaction` (all or nothing), from Debian's `postgresql-client`.

Documents (samen.documents) stored on the file system (`var/documents`, the default) go into a tar archive
beside the backup, `FILE.documents.tar` (0600), written after the database copy: stored files are only ever
added under new random names, so the archive holds every file the copied database names. `samen restore FILE`
extracts `FILE.documents.tar` when it is there (adding files; files 0600, directories 0700) before it replaces
the database. Documents in object storage (SAMEN_DOCUMENT_STORAGE=s3) are backed up by that storage
(docs/operations.md).

Backup files are created 0600 (written next to FILE under a temporary name, then renamed).
Restore refuses a database that already holds an audit chain unless `--force` is given: a
restore replaces everything, and that must be asked for explicitly. A file that cannot be read
or is not a backup for this database is `InvalidInput` (exit 2) naming the file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, connections

from samen.core.errors import InvalidInput, Refused
from samen.ops.files import DIR_MODE, FILE_MODE, private_umask, sqlite_path

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


@dataclass(frozen=True)
class Result:
    """What a backup or restore did: the file, the database kind and the audit chain it holds."""

    file: Path
    vendor: str
    audit_count: int
    audit_head: str
    documents: int = 0  # files in the documents archive beside the backup


def documents_dir() -> Path | None:
    """The directory documents are stored in, or None when they are not on the file system (object storage)."""
    config = settings.STORAGES.get("documents", {})
    if config.get("BACKEND") != "django.core.files.storage.FileSystemStorage":
        return None
    return Path(config.get("OPTIONS", {}).get("location") or settings.SAMEN_DOCUMENTS_DIR)


def documents_archive(file: Path) -> Path:
    """The archive of the documents beside backup `file`."""
    return file.with_name(file.name + ".documents.tar")


def _archive_documents(file: Path) -> int:
    """Write the documents directory to `FILE.documents.tar` (0600); the number of files. No files: no archive."""
    source = documents_dir()
    archive = documents_archive(file)
    stored = sorted(p for p in source.rglob("*") if p.is_file()) if source is not None and source.is_dir() else []
    if not stored or source is None:
        archive.unlink(missing_ok=True)  # an archive left from an earlier backup would not belong to this one
        return 0
    tmp = _temp_beside(archive)
    try:
        with tarfile.open(tmp, "w") as tar:
            for path in stored:
                tar.add(path, arcname=str(path.relative_to(source)), recursive=False)
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        tmp.replace(archive)
    finally:
        tmp.unlink(missing_ok=True)
    return len(stored)


def _restore_documents(file: Path) -> int:
    """Extract `FILE.documents.tar` into the documents directory (adding files); the number of files.

    Only the regular files, each written here rather than by `tarfile`'s own extraction, so that the checks are the
    same on every Python this runs on (`extractall`'s `filter="data"` came with 3.11.4; Debian 12's 3.11.2 has none):
    every member is checked before any is written, and a name that is absolute, holds `..`, or would land outside
    the directory through a link already in it makes the archive unreadable (exit 2, nothing extracted). A file is
    opened without following a link in its own place, written 0600 and given its stored time."""
    archive = documents_archive(file)
    target = documents_dir()
    if not archive.is_file() or target is None:
        return 0
    try:
        with tarfile.open(archive, "r") as tar:
            members = [m for m in tar.getmembers() if m.isfile()]
            target.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
            root = Path(os.path.realpath(target))
            places = [_place_of(root, m.name) for m in members]
            for member, place in zip(members, places, strict=True):
                source = tar.extractfile(member)
                if source is None:
                    raise tarfile.TarError(f"{member.name!r} is niet te lezen")
                place.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
                flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
                with source, os.fdopen(os.open(place, flags, FILE_MODE), "wb") as out:
                    shutil.copyfileobj(source, out)
                os.utime(place, (member.mtime, member.mtime))
    except (tarfile.TarError, OSError) as e:
        raise _unreadable(archive, str(e)) from None
    for m in members:
        path = target / m.name
        path.chmod(FILE_MODE)
        for parent in path.relative_to(target).parents:
            if str(parent) != ".":
                (target / parent).chmod(DIR_MODE)
    return len(members)


def _place_of(root: Path, name: str) -> Path:
    """Where a documents archive's member `name` goes under `root` (the documents directory, resolved); TarError for
    a name that is empty or absolute, holds `..`, or leads outside `root` through a link already there."""
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
        raise tarfile.TarError(f"lid {name!r} valt buiten de map met documenten")
    place = root.joinpath(*parts)
    if not Path(os.path.realpath(place)).is_relative_to(root):
        raise tarfile.TarError(f"lid {name!r} valt buiten de map met documenten (via een koppeling)")
    return place


def _vendor() -> str:
    return connection.vendor


def _unreadable(file: Path, why: str) -> InvalidInput:
    return InvalidInput("backup.unreadable", f"Kan {file} niet als back-up lezen: {why}", field="FILE")


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump / pg_restore from Django's settings."""
    db = connection.settings_dict
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return [*args, "--no-password"], env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise Refused("backup.no-client-tools", f"{name} ontbreekt: installeer Debian's postgresql-client.", field=name)
    return found


def _audit_state() -> tuple[int, str]:
    from samen.audit import services as audit

    try:
        head, count = audit.head()
    except DatabaseError:  # a database without samen's tables (not set up yet)
        return 0, audit.GENESIS
    return count, head


def _temp_beside(target: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    path = Path(name)
    path.chmod(FILE_MODE)
    return path


def backup(file: Path) -> Result:
    """Write a consistent backup of the configured database to `file` (0600)."""
    file = Path(file)
    if not file.parent.is_dir():
        raise InvalidInput("backup.no-directory", f"Kan {file} niet schrijven: de map {file.parent} bestaat niet.", field="FILE")
    if file.is_dir():
        raise InvalidInput("backup.is-directory", f"Kan {file} niet schrijven: dat is een map.", field="FILE")
    vendor = _vendor()
    with private_umask():
        try:
            tmp = _temp_beside(file)
        except OSError as e:
            raise InvalidInput("backup.unwritable", f"Kan {file} niet schrijven: {e.strerror}", field="FILE") from None
        try:
            if vendor == "sqlite":
                _sqlite_backup(tmp)
            elif vendor == "postgresql":
                _pg_dump(tmp)
            else:  # pragma: no cover - the settings allow only these two
                raise Refused("backup.unsupported", f"Back-up van een {vendor}-database wordt niet ondersteund.")
            with tmp.open("rb+") as f:
                os.fsync(f.fileno())
            tmp.replace(file)
        finally:
            tmp.unlink(missing_ok=True)
        documents = _archive_documents(file)
    count, head = _audit_state()
    return Result(file, vendor, count, head, documents)


def _sqlite_backup(target: Path) -> None:
    source = sqlite_path()
    if source is None:
        raise Refused("backup.unsupported", "Een SQLite-database in het geheugen heeft geen back-up.")
    if not source.is_file():
        raise Refused("backup.no-database", f"Er is nog geen database ({source}): draai eerst `samen setup`.")
    src = sqlite3.connect(source, timeout=20)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # all pages in one step: one read transaction, one consistent state
        dst.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal beside it
    finally:
        dst.close()
        src.close()


def _pg_dump(target: Path) -> None:
    args, env = _pg_env()
    done = subprocess.run(
        [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise Refused("backup.pg-dump-failed", f"pg_dump faalde: {done.stderr.strip()}")


def _check_file(file: Path) -> str:
    """The kind of backup `file` is ('sqlite' or 'postgresql'), or InvalidInput naming it."""
    try:
        with file.open("rb") as f:
            magic = f.read(16)
    except IsADirectoryError:
        raise _unreadable(file, "dat is een map") from None
    except OSError as e:
        raise _unreadable(file, e.strerror or str(e)) from None
    if magic.startswith(SQLITE_MAGIC):
        return "sqlite"
    if magic.startswith(PG_MAGIC):
        return "postgresql"
    raise _unreadable(file, "geen back-up van samen (geen SQLite-database en geen pg_dump-archief)")


def _sqlite_file_ok(file: Path) -> None:
    try:
        conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise _unreadable(file, str(e)) from None
    if not ok or ok[0] != "ok":
        raise _unreadable(file, f"de database is beschadigd ({ok[0] if ok else '?'})")
    if not {"django_migrations", "audit_auditentry"} <= tables:
        raise _unreadable(file, "geen database van samen (de tabellen van samen ontbreken)")


def _pg_file_ok(file: Path) -> None:
    done = subprocess.run([_pg_tool("pg_restore"), "--list", str(file)], capture_output=True, text=True)
    if done.returncode != 0:
        raise _unreadable(file, done.stderr.strip() or "pg_restore --list faalde")
    if "audit_auditentry" not in done.stdout:
        raise _unreadable(file, "geen database van samen (de tabellen van samen ontbreken)")


def _holds_data() -> bool:
    """Whether the configured database already holds samen's records (an audit chain)."""
    try:
        if "audit_auditentry" not in connection.introspection.table_names():
            return False
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM audit_auditentry LIMIT 1")
            return cursor.fetchone() is not None
    except DatabaseError:
        return False


def restore(file: Path, *, force: bool = False) -> Result:
    """Replace the configured database's contents with the backup in `file`."""
    file = Path(file)
    kind = _check_file(file)
    vendor = _vendor()
    if kind != vendor:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise _unreadable(file, f"een {names[kind]}-back-up past niet op deze {names.get(vendor, vendor)}-database")
    if kind == "sqlite":
        _sqlite_file_ok(file)
    else:
        _pg_file_ok(file)
    if _holds_data() and not force:
        raise Refused(
            "restore.not-empty",
            "De database bevat al gegevens (een auditketen); `samen restore --force FILE` vervangt alles door de back-up.",
            field="--force",
        )
    with private_umask():
        documents = _restore_documents(file)
    connections.close_all()
    if kind == "sqlite":
        _sqlite_restore(file)
    else:
        _pg_restore(file)
    connections.close_all()
    count, head = _audit_state()
    return Result(file, vendor, count, head, documents)


def _sqlite_restore(file: Path) -> None:
    target = sqlite_path()
    if target is None:
        raise Refused("backup.unsupported", "Een SQLite-database in het geheugen kan niet worden teruggezet.")
    src = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=20)
    try:
        src.backup(dst)  # replaces every page of the target under its write lock: all or nothing
        dst.execute("PRAGMA journal_mode=WAL")
    finally:
        dst.close()
        src.close()


def _pg_restore(file: Path) -> None:
    args, env = _pg_env()
    done = subprocess.run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            *args,
            str(file),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise Refused("restore.pg-restore-failed", f"pg_restore faalde (niets veranderd): {done.stderr.strip()}")


def table_digests() -> dict[str, tuple[int, str]]:
    """Per table of the configured database: the number of rows and a SHA-256 over its rows in order."""
    import hashlib

    result: dict[str, tuple[int, str]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")
            rows: list[Any] = [tuple(str(v) for v in row) for row in cursor.fetchall()]
            rows.sort()
            digest = hashlib.sha256(repr(rows).encode()).hexdigest()
            result[table] = (len(rows), digest)
    return result
