"""Private files: the SQLite database, uploads, documents and backups are readable by the service user only.

`samen setup`, `samen serve` and `samen restore` call `prepare_var()` before Django opens the
database, so a database file that does not exist yet is created 0600 in a 0700 directory (SQLite
gives its -wal and -shm files the database file's mode). Uploaded files get 0600 / 0700 through
`FILE_UPLOAD_PERMISSIONS` and `FILE_UPLOAD_DIRECTORY_PERMISSIONS` in the settings.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

PRIVATE_UMASK = 0o077
FILE_MODE = 0o600
DIR_MODE = 0o700


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Create files 0600 and directories 0700 inside the block (the umask is restored after)."""
    old = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(old)


def sqlite_path() -> Path | None:
    """The SQLite database file, or None on PostgreSQL (or an in-memory database)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        return None
    name = str(db["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    with contextlib.suppress(PermissionError):  # not ours (e.g. a shared parent): leave it
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(DIR_MODE)


def _private_file(path: Path) -> None:
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    elif stat.S_IMODE(path.stat().st_mode) & 0o077:
        path.chmod(FILE_MODE)


def prepare_var() -> None:
    """Make var/ and media/ 0700 and the SQLite database (and its -wal/-shm files) 0600."""
    _private_dir(Path(settings.VAR_DIR))
    if settings.MEDIA_ROOT:
        _private_dir(Path(settings.MEDIA_ROOT))
    documents = settings.STORAGES.get("documents", {})
    if documents.get("BACKEND") == "django.core.files.storage.FileSystemStorage":
        # Documents (samen.documents): the storage writes files 0600 and directories 0700 below it.
        _private_dir(Path(documents.get("OPTIONS", {}).get("location") or settings.SAMEN_DOCUMENTS_DIR))
    db = sqlite_path()
    if db is None:
        return
    _private_dir(db.parent)
    _private_file(db)
    for suffix in ("-wal", "-shm"):
        extra = db.with_name(db.name + suffix)
        if extra.exists():
            _private_file(extra)
