"""The SQLite database and uploaded files are private to the service user: 0600 files, 0700 directories."""

from __future__ import annotations

import os
import stat
import subprocess

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from tests.ops.conftest import ROOT, SAMEN


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_samen_setup_creates_var_and_the_sqlite_database_private(tmp_path):
    var = tmp_path / "var"
    env = {**os.environ, "SAMEN_VAR_DIR": str(var), "SAMEN_DEMO": "1"}
    env.pop("DATABASE_URL", None)
    # Under the usual umask 022 files would be world-readable.
    done = subprocess.run(
        ["sh", "-c", 'umask 022 && exec "$@"', "sh", *SAMEN, "setup", "--no-demo", "--no-static"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert _mode(var) == 0o700
    assert _mode(var / "media") == 0o700
    assert _mode(var / "documents") == 0o700
    assert _mode(var / "samen.sqlite3") == 0o600
    for extra in var.glob("samen.sqlite3-*"):
        assert _mode(extra) == 0o600


def test_an_existing_world_readable_database_is_made_private(tmp_path):
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    db = var / "samen.sqlite3"
    db.touch(mode=0o644)
    db.chmod(0o644)
    var.chmod(0o755)
    env = {**os.environ, "SAMEN_VAR_DIR": str(var), "SAMEN_DEMO": "1"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([*SAMEN, "setup", "--no-demo", "--no-static"], env=env, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _mode(var) == 0o700
    assert _mode(db) == 0o600


def test_uploaded_files_are_0600_in_0700_directories(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    old = os.umask(0o022)
    try:
        name = FileSystemStorage().save("bijlagen/2026/brief.pdf", ContentFile(b"%PDF-1.4"))
    finally:
        os.umask(old)
    saved = tmp_path / "media" / name
    assert _mode(saved) == 0o600
    assert _mode(saved.parent) == 0o700
    assert _mode(saved.parent.parent) == 0o700
