"""`samen backup` / `samen restore`: a round trip keeps every table and a valid audit chain (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import stat
import subprocess
import sys

from tests.ops.conftest import ROOT

EXTRA_COST = '{{"fact": "extra-cost", "year": 2025, "category": "a", "amount": "{amount}"}}'


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _set_up(db) -> None:
    _ok(db.samen("setup", "--no-static"))


def test_round_trip_keeps_every_table_and_the_audit_chain(new_database, tmp_path):
    db = new_database("rt")
    _set_up(db)
    before = db.digests()
    backup = tmp_path / "samen.backup"
    printed = _ok(db.samen("backup", str(backup)))
    assert str(backup) in printed
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600

    # Writes after the backup are undone by a restore, which must be asked for with --force.
    _ok(db.samen("record", EXTRA_COST.format(amount="123.45")))
    assert db.digests() != before
    refused = db.samen("restore", str(backup))
    assert refused.returncode == 1
    assert "restore.not-empty" in refused.stderr
    assert "--force" in refused.stderr
    _ok(db.samen("restore", "--force", str(backup)))
    assert db.digests() == before
    _ok(db.samen("audit", "verify"))

    # Onto a new, empty database: no --force needed; every table's rows and content match.
    other = new_database("rt2")
    _ok(other.samen("restore", str(backup)))
    assert other.digests() == before
    verified = _ok(other.samen("audit", "verify"))
    assert "intact" in verified
    # The restored database takes new writes and the chain goes on.
    _ok(other.samen("record", EXTRA_COST.format(amount="1.00")))
    _ok(other.samen("audit", "verify"))


WRITER = """
from samen.agreements.models import Agreement
from samen.records.services import record_fact
agreement = Agreement.objects.get(slug="twente-vth-2024")
print("started", flush=True)
for i in range({n}):
    raw = {{"fact": "extra-cost", "year": 2025, "category": "b", "amount": f"{{i + 1}}.00"}}
    record_fact(actor="system:test", agreement=agreement, raw=raw)
print("done", flush=True)
"""


def test_a_backup_taken_while_another_process_writes_is_consistent(new_database, tmp_path):
    db = new_database("live")
    _set_up(db)
    n = 150
    prelude = "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'samen.settings'); django.setup()\n"
    command = [sys.executable, "-c", prelude + WRITER.format(n=n)]
    writer = subprocess.Popen(command, env=db.env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "started"
    backups = []
    while writer.poll() is None and len(backups) < 3:
        target = tmp_path / f"live-{len(backups)}.backup"
        _ok(db.samen("backup", str(target)))
        backups.append(target)
    _, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    assert backups, "the writer finished before a backup could start"

    for i, backup in enumerate(backups):
        restored = new_database(f"live{i}")
        _ok(restored.samen("restore", str(backup)))
        _ok(restored.samen("audit", "verify"))
        # Consistent: each recorded fact is in the backup together with its audit entry, or neither is.
        counts = restored.python(
            "from samen.audit.models import AuditEntry; from samen.records.models import RecordedFact\n"
            "print(json.dumps([RecordedFact.objects.filter(payload__category='b').count(),"
            " AuditEntry.objects.filter(action='fact.extra-cost').count()]))"
        )
        facts, entries = json.loads(_ok(counts))
        assert facts == entries
        assert 0 <= facts <= n


def test_restore_of_a_file_that_is_no_backup_exits_2_naming_the_file(new_database, tmp_path):
    db = new_database("bad")
    missing = tmp_path / "missing.backup"
    done = db.samen("restore", str(missing))
    assert done.returncode == 2
    assert str(missing) in done.stderr
    text = tmp_path / "notes.txt"
    text.write_text("geen back-up\n")
    done = db.samen("restore", str(text))
    assert done.returncode == 2
    assert str(text) in done.stderr
    assert "backup.unreadable" in done.stderr
    unreadable = tmp_path / "locked.backup"
    unreadable.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    done = db.samen("restore", str(unreadable))
    assert done.returncode == 2
    assert str(unreadable) in done.stderr


def test_backup_into_a_missing_directory_exits_2_naming_the_file(new_database, tmp_path):
    db = new_database("nodir")
    target = tmp_path / "nowhere" / "samen.backup"
    done = db.samen("backup", str(target))
    assert done.returncode == 2
    assert str(target) in done.stderr


def test_a_backup_of_the_other_kind_of_database_is_refused(new_database, tmp_path):
    db = new_database("kind")
    other = tmp_path / "other.backup"
    # A pg_dump archive on SQLite, a SQLite file on PostgreSQL.
    on_pg = db.env.get("DATABASE_URL", "").startswith("postgres")
    other.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100 if on_pg else b"PGDMP\x01\x0e\x00" + b"\x00" * 100)
    done = db.samen("restore", str(other))
    assert done.returncode == 2
    assert str(other) in done.stderr
    assert other.exists()


def test_the_documents_go_with_the_backup(new_database, tmp_path):
    """The demo's PDFs (var/documents: the agenda, and the cost per FTE's source document of samen.budgets) are archived
    beside the backup and come back with a restore."""
    import shutil
    import tarfile

    db = new_database("docs")
    _set_up(db)
    stored = sorted(p for p in (db.var / "documents").rglob("*") if p.is_file())
    assert len(stored) == 2 and all(p.read_bytes().startswith(b"%PDF-") for p in stored)
    contents = {p.relative_to(db.var / "documents"): p.read_bytes() for p in stored}
    backup = tmp_path / "samen.backup"
    printed = _ok(db.samen("backup", str(backup)))
    archive = tmp_path / "samen.backup.documents.tar"
    assert "stukken: 2 bestanden" in printed
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == sorted(str(name) for name in contents)

    # Onto a new database with an empty var/: the documents are there again, private, and the chain replays.
    other = new_database("docs2")
    _ok(other.samen("restore", str(backup)))
    for name, content in contents.items():
        back = other.var / "documents" / name
        assert back.read_bytes() == content
        assert stat.S_IMODE(back.stat().st_mode) == 0o600
        assert stat.S_IMODE(back.parent.stat().st_mode) == 0o700
    _ok(other.samen("audit", "verify"))
    shutil.rmtree(other.var / "documents")
    _ok(other.samen("restore", "--force", str(backup)))
    assert all((other.var / "documents" / name).read_bytes() == content for name, content in contents.items())


def test_a_documents_archive_reaching_outside_the_folder_is_refused_and_nothing_is_extracted(new_database, tmp_path):
    """A member named with `..`, an absolute name, or a name that leads out through a link already in the documents
    folder: `samen restore` exits 2 naming the archive, before the database is replaced and before any file of the
    archive is written (also the well-named ones before the bad one)."""
    import io
    import tarfile

    db = new_database("evil")
    _set_up(db)
    backup = tmp_path / "samen.backup"
    _ok(db.samen("backup", str(backup)))
    archive = tmp_path / "samen.backup.documents.tar"
    outside = tmp_path / "outside"
    outside.mkdir()
    other = new_database("evil2")
    documents = other.var / "documents"
    documents.mkdir(parents=True)
    (documents / "link").symlink_to(outside, target_is_directory=True)
    for bad in ("../outside/escaped.pdf", "/tmp/escaped.pdf", "link/escaped.pdf"):
        with tarfile.open(archive, "w") as tar:
            for name in ("good/first.pdf", bad):
                member = tarfile.TarInfo(name)
                member.size = 9
                tar.addfile(member, io.BytesIO(b"%PDF-1.7\n"))
        done = other.samen("restore", str(backup))
        assert done.returncode == 2, (bad, done.stdout, done.stderr)
        assert str(archive) in done.stderr and bad in done.stderr
        assert not (documents / "good").exists()
        assert list(outside.iterdir()) == []
        assert not (tmp_path.parent / "escaped.pdf").exists()
        assert "backup.unreadable" in done.stderr
    # The database was never replaced: restoring the backup with its own archive still finds it empty (no --force).
    _ok(db.samen("backup", str(backup)))
    _ok(other.samen("restore", str(backup)))
    assert len([p for p in documents.rglob("*.pdf") if p.is_file()]) == 2
