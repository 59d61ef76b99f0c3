"""The audit trail cannot be rewritten unnoticed: heads, signed checkpoints, and the replay against the tables.

Each tampering is done the way an attacker with write access to the database would: raw SQL,
bypassing every service. `samen audit verify` (in-process `cli.main`, and once as a real process)
must then exit 1 and name what it found.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from samen import cli
from samen.accounts import services as accounts
from samen.accounts.models import Role, User
from samen.audit import keys
from samen.audit import services as audit
from samen.audit.models import AuditEntry, Checkpoint
from samen.governance.models import Meeting, Membership
from samen.parties.models import Signature
from samen.records import services as records
from samen.records.models import RecordedFact
from tests.two_factor import log_in

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def signed(demo, audit_key_file):
    """The demo with a signing key outside the database and a checkpoint of its head."""
    keys.ensure_key()
    checkpoint = audit.make_checkpoint()
    return checkpoint


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["audit", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def rehash_from(seq: int, *, with_app_secret: bool) -> None:
    """What an attacker does after editing entry `seq`: recompute every later hash so the chain links again.

    `with_app_secret`: the attacker also holds the app's SECRET_KEY (a taken-over web server) and
    recomputes the MACs; without it (database access only) the old MACs stay. The stored canonical
    form is rewritten with the hash, as the code that makes both is public.
    """
    prev = AuditEntry.objects.get(seq=seq - 1).entry_hash if seq > 1 else audit.GENESIS
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        entry.prev_hash = prev
        audit.seal(entry)
        mac = audit.entry_mac(entry.entry_hash) if with_app_secret else entry.mac
        sql(
            f"UPDATE {AuditEntry._meta.db_table} SET prev_hash = %s, entry_hash = %s, mac = %s, canonical = %s WHERE id = %s",
            [prev, entry.entry_hash, mac, entry.canonical, entry.pk],
        )
        prev = entry.entry_hash


def test_a_fresh_setup_verifies_with_a_checkpoint(signed, capsys):
    code, out, err = run(capsys, "verify")
    assert code == 0, err
    assert "auditketen intact" in out and "controlepunten geldig: 1" in out and "tabellen komen overeen" in out
    head, count = audit.head()
    assert (signed.seq, signed.head) == (count, head)
    code, out, _ = run(capsys, "verify", "--head", head, str(count))
    assert code == 0 and "de opgegeven kop staat op zijn plaats" in out
    assert run(capsys, "verify", "--head", f"{head} {count}")[0] == 0  # the form `samen audit head` prints, quoted
    assert run(capsys, "verify", "--head", head, "--count", str(count))[0] == 0
    assert run(capsys, "verify", "--head", head)[0] == 0


def test_edit_and_rehash_with_database_access_only_is_caught_by_the_mac(signed, capsys):
    target = AuditEntry.objects.get(seq=20)
    sql(f"UPDATE {AuditEntry._meta.db_table} SET actor = %s WHERE id = %s", ["iemand-anders", target.pk])
    rehash_from(20, with_app_secret=False)
    assert audit.verify(check_mac=False).intact  # hashes and links alone are fine again
    code, _, err = run(capsys, "verify")
    assert code == 1
    assert "auditketen verbroken bij regel 20: MAC ontbreekt of klopt niet" in err.splitlines()[0]


def test_a_forged_entry_appended_with_database_access_only_is_caught_by_the_mac(signed, capsys, demo):
    user = User.objects.get(username="waarnemer")
    head, count = audit.head()
    forged = AuditEntry(
        seq=count + 1,
        at=AuditEntry.objects.get(seq=count).at,
        actor="system:setup",
        action="account.role-change",
        agreement=demo.slug,
        object_type="accounts.user",
        object_id=str(user.pk),
        before=audit.snapshot(user),
        after={**audit.snapshot(user), "role": "secretariat"},
        prev_hash=head,
    )
    forged.entry_hash = audit.compute_hash(forged)
    forged.mac = "0" * 64
    AuditEntry.objects.bulk_create([forged])
    sql(f"UPDATE {User._meta.db_table} SET role = %s WHERE id = %s", ["secretariat", user.pk])
    assert not audit.replay()  # the tables agree with the forged entry
    code, _, err = run(capsys, "verify")
    assert code == 1
    assert f"auditketen verbroken bij regel {count + 1}: MAC" in err.splitlines()[0]


def test_a_party_without_the_app_secret_verifies_with_skip_mac(signed, capsys, settings):
    settings.SECRET_KEY = "a-party-has-another-secret-key-than-the-host-0123456789-abcdef"
    assert run(capsys, "verify")[0] == 1
    assert run(capsys, "verify", "--skip-mac", "--head", signed.head, str(signed.seq))[0] == 0


def test_rotating_secret_key_keeps_macs_valid_through_the_fallbacks(signed, capsys, settings):
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "the-new-secret-key-after-rotation-0123456789-abcdefghijklmnop"
    assert run(capsys, "verify")[0] == 0


def test_edit_and_rehash_with_the_app_secret_is_caught_by_the_head_and_the_checkpoint(signed, capsys):
    head, count = audit.head()
    target = AuditEntry.objects.get(seq=20)
    sql(f"UPDATE {AuditEntry._meta.db_table} SET actor = %s WHERE id = %s", ["iemand-anders", target.pk])
    rehash_from(20, with_app_secret=True)
    assert audit.verify().intact  # hashes, links and MACs all agree again: only the signing key outside can tell
    code, _, err = run(capsys, "verify", "--head", head, str(count))
    assert code == 1
    assert f"niet op regel {count}" in err and "herschreven" in err
    code, _, err = run(capsys, "verify")
    assert code == 1
    assert f"controlepunt #{count}: regel {count} van de keten heeft een andere hash (herschreven)" in err


def test_a_checkpoint_made_to_match_a_rewritten_chain_has_a_bad_signature(signed, capsys):
    target = AuditEntry.objects.get(seq=20)
    sql(f"UPDATE {AuditEntry._meta.db_table} SET actor = %s WHERE id = %s", ["iemand-anders", target.pk])
    rehash_from(20, with_app_secret=True)
    new_head, _ = audit.head()
    sql(f"UPDATE {Checkpoint._meta.db_table} SET head = %s WHERE id = %s", [new_head, signed.pk])
    code, _, err = run(capsys, "verify")
    assert code == 1
    assert f"controlepunt #{signed.seq}: handtekening klopt niet" in err.splitlines()[0]


def test_truncation_is_caught(signed, capsys):
    head, count = audit.head()
    sql(f"DELETE FROM {AuditEntry._meta.db_table} WHERE seq > %s", [count - 3])
    assert audit.verify().intact  # a shorter chain still links
    code, _, err = run(capsys, "verify", "--head", head, str(count))
    assert code == 1 and "ingekort" in err
    code, _, err = run(capsys, "verify")
    assert code == 1 and f"controlepunt #{count}: regel {count} van de keten bestaat niet meer" in err


def test_deleting_every_entry_and_checkpoint_is_caught_by_the_journal_next_to_the_key(signed, capsys):
    sql(f"DELETE FROM {AuditEntry._meta.db_table}")
    sql(f"DELETE FROM {Checkpoint._meta.db_table}")
    assert audit.verify().intact and audit.verify().count == 0
    code, _, err = run(capsys, "verify")
    assert code == 1
    assert f"controlepunt uit het logboek #{signed.seq}: regel {signed.seq} van de keten bestaat niet meer" in err
    assert "ontbreekt in de database" in err


def test_a_checkpoint_of_an_unknown_key_and_verifying_with_only_the_public_key(signed, capsys, tmp_path, monkeypatch):
    public = tmp_path / "samen-audit.pub"
    code, out, _ = run(capsys, "public-key")
    assert code == 0
    public.write_text(out)
    # A party holds only the public key: the private key file is not there.
    monkeypatch.setenv(keys.KEY_FILE_ENV, str(tmp_path / "elsewhere" / "none.key"))
    assert run(capsys, "verify")[0] == 1  # checkpoints exist, and nothing to check them with
    assert run(capsys, "verify", "--public-key", str(public))[0] == 0
    # Another key (an attacker's) does not vouch for the checkpoint.
    other, _ = keys.ensure_key(tmp_path / "other.key")
    (tmp_path / "other.pub").write_text(keys.public_pem(other.public_key()))
    code, _, err = run(capsys, "verify", "--public-key", str(tmp_path / "other.pub"))
    assert code == 1 and "onbekende sleutel" in err


def _amount_fact(twente):
    return RecordedFact.objects.filter(agreement=twente, kind="cost-per-fte").order_by("pk").first()


TABLE_CHANGES = {
    "fact amount": (
        lambda t: sql(
            f"UPDATE {RecordedFact._meta.db_table} SET payload = %s WHERE id = %s",
            [json.dumps({**_amount_fact(t).payload, "amount": "1.00"}), _amount_fact(t).pk],
        ),
        lambda t: f"records.recordedfact {_amount_fact(t).pk} veld payload",
    ),
    "meeting date": (
        lambda t: sql(f"UPDATE {Meeting._meta.db_table} SET held_on = %s WHERE id = %s", ["2025-01-01", Meeting.objects.first().pk]),
        lambda t: f"governance.meeting {Meeting.objects.first().pk} veld held_on",
    ),
    "signature date": (
        lambda t: sql(f"UPDATE {Signature._meta.db_table} SET signed_on = %s WHERE id = %s", ["2030-01-01", Signature.objects.first().pk]),
        lambda t: f"parties.signature {Signature.objects.first().pk} veld signed_on",
    ),
    "user role": (
        lambda t: sql(f"UPDATE {User._meta.db_table} SET role = %s WHERE username = %s", ["secretariat", "waarnemer"]),
        lambda t: f"accounts.user {User.objects.get(username='waarnemer').pk} veld role",
    ),
    "user made superuser": (
        lambda t: sql(f"UPDATE {User._meta.db_table} SET is_superuser = %s WHERE username = %s", [True, "hengelo"]),
        lambda t: f"accounts.user {User.objects.get(username='hengelo').pk} veld is_superuser",
    ),
    "fact inserted without entry": (
        lambda t: RecordedFact.objects.bulk_create(
            [RecordedFact(agreement=t, kind="evaluation-completed", payload={"fact": "evaluation-completed", "date": "2026-10-01"})]
        ),
        lambda t: f"records.recordedfact {RecordedFact.objects.order_by('-pk').first().pk}: rij staat in de tabel zonder regel",
    ),
    "membership deleted": (
        lambda t: sql(f"DELETE FROM {Membership._meta.db_table} WHERE id = %s", [Membership.objects.order_by("-pk").first().pk]),
        None,
    ),
}


@pytest.mark.parametrize("change", list(TABLE_CHANGES))
def test_a_direct_table_change_is_named(signed, demo, capsys, change):
    tamper, expected = TABLE_CHANGES[change]
    last_membership = Membership.objects.order_by("-pk").first().pk
    assert run(capsys, "verify")[0] == 0
    tamper(demo)
    code, _, err = run(capsys, "verify")
    assert code == 1
    first = err.splitlines()[0]
    named = expected(demo) if expected else f"governance.membership {last_membership}: rij ontbreekt in de tabel"
    assert named in first


def test_service_writes_keep_the_tables_and_the_chain_in_step(signed, capsys, twente):
    records.record_fact(
        actor="system:test", agreement=twente, raw={"fact": "cost-per-fte", "year": 2028, "amount": "104000.00"}, example_figure=True
    )
    hengelo = User.objects.get(username="hengelo")
    accounts.change_role(actor="system:test", user=hengelo, role=Role.OBSERVER)
    assert run(capsys, "verify")[0] == 0
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "account.role-change" and entry.before["role"] == "representative" and entry.after["role"] == "observer"


def test_snapshot_of_an_account_never_holds_the_password_hash_or_last_login(demo):
    user = User.objects.get(username="secretariaat")
    snap = audit.snapshot(user)
    assert set(snap) == {
        "id",
        "username",
        "role",
        "agreement",
        "party",
        "is_active",
        "is_staff",
        "is_superuser",
        "calendar_feed_generation",
        "reminder_delivery",
    }
    assert not AuditEntry.objects.filter(object_type="accounts.user", after__has_key="password").exists()


def test_latest_checkpoint_text_for_the_parties(signed):
    text = audit.latest_checkpoint_text()
    assert signed.head in text and str(signed.seq) in text and signed.signature in text and signed.key_fingerprint in text
    assert f"samen audit verify --head {signed.head} {signed.seq}" in text


def test_verify_names_a_bad_head_argument(demo, capsys):
    code, _, err = run(capsys, "verify", "--head", "nothex")
    assert code == 2 and "veld: head" in err


def test_setup_on_a_fresh_database_then_verify_as_real_processes(tmp_path):
    """`samen setup` on an empty SQLite database, then `samen audit verify`; then a direct change is caught."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"SAMEN_VAR_DIR": str(tmp_path), "SAMEN_AUDIT_KEY_FILE": str(tmp_path / "keys" / "audit.key")}
    samen = [sys.executable, "-m", "samen.cli"]
    setup = subprocess.run([*samen, "setup", "--no-static"], env=env, capture_output=True, text=True, timeout=600, check=False)
    assert setup.returncode == 0, setup.stderr
    key = tmp_path / "keys" / "audit.key"
    assert key.stat().st_mode & 0o777 == 0o600
    verify = subprocess.run([*samen, "audit", "verify"], env=env, capture_output=True, text=True, timeout=600, check=False)
    assert verify.returncode == 0, verify.stderr
    head = subprocess.run([*samen, "audit", "head"], env=env, capture_output=True, text=True, timeout=600, check=True).stdout.split()
    with sqlite3.connect(tmp_path / "samen.sqlite3") as db:
        db.execute("UPDATE governance_meeting SET held_on = '2025-01-02' WHERE id = 1")
    verify = subprocess.run([*samen, "audit", "verify", "--head", *head], env=env, capture_output=True, text=True, timeout=600, check=False)
    assert verify.returncode == 1
    assert "governance.meeting 1 veld held_on" in verify.stderr


def test_signing_key_is_kept_outside_the_database_and_created_0600(db, audit_key_file):
    assert not audit_key_file.exists()
    _, created = keys.ensure_key()
    assert created and audit_key_file.stat().st_mode & 0o777 == 0o600
    assert keys.ensure_key()[1] is False


def test_a_date_given_as_text_is_snapshotted_as_the_table_holds_it(twente):
    from samen.governance import services as governance
    from samen.governance.models import Body

    board = Body.objects.get(agreement=twente, key="board")
    meeting = governance.record_meeting(actor="system:test", body=board, held_on="2025-03-01")  # type: ignore[arg-type]
    assert AuditEntry.objects.order_by("-seq").first().after["held_on"] == "2025-03-01"
    assert Meeting.objects.get(pk=meeting.pk).held_on == date(2025, 3, 1)
    assert audit.replay() == []


def test_the_agreement_page_publishes_the_latest_checkpoint(signed, client):
    log_in(client, "waarnemer")
    page = client.get("/overeenkomst/").content.decode()
    assert "Auditketen" in page
    for value in (signed.head, signed.signature, signed.key_fingerprint):
        assert value in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/overeenkomst/"})
    english = client.get("/overeenkomst/").content.decode()
    assert "Audit trail" in english and "Key fingerprint (SHA-256)" in english and signed.head in english


def test_rotating_the_key_keeps_old_checkpoints_verifiable(signed, capsys, twente):
    old_fp = signed.key_fingerprint
    assert run(capsys, "rotate-key")[0] == 0
    new_fp = keys.fingerprint(keys.load_private_key().public_key())
    assert new_fp != old_fp
    assert set(Checkpoint.objects.values_list("key_fingerprint", flat=True)) == {old_fp, new_fp}
    records.record_fact(actor="system:test", agreement=twente, raw={"fact": "evaluation-completed", "date": "2026-10-01"})
    assert run(capsys, "checkpoint")[0] == 0
    code, _, err = run(capsys, "verify")
    assert code == 0, err
    # Without the retired public key, the old checkpoints cannot be vouched for.
    keys.retired_file().unlink()
    code, _, err = run(capsys, "verify")
    assert code == 1 and "onbekende sleutel" in err


def test_verify_outside_a_transaction_reads_one_snapshot(transactional_db, capsys):
    """Run as the command line runs it (no transaction open): its own read-only snapshot on PostgreSQL."""
    from samen.agreements.services import load_definition

    twente = load_definition(actor="system:test", slug="twente-vth-2024")
    records.record_fact(actor="system:test", agreement=twente, raw={"fact": "evaluation-completed", "date": "2026-10-01"})
    keys.ensure_key()
    audit.make_checkpoint()
    assert not connection.in_atomic_block
    code, _, err = run(capsys, "verify")
    assert code == 0, err
    sql(f"UPDATE {RecordedFact._meta.db_table} SET note = %s", ["buiten samen om"])
    code, _, err = run(capsys, "verify")
    assert code == 1 and "veld note" in err


def _append_meeting_entry_as_an_older_version_wrote_it(twente, **row) -> Meeting:
    """A meeting written before `status`, `start_time`, `place` and `public` were tracked: its entry lacks them."""
    from samen.governance.models import Body

    board = Body.objects.get(agreement=twente, key="board")
    meeting = Meeting.objects.create(agreement=twente, body=board, held_on=date(2025, 3, 4), title="Oud", **row)
    after = {k: v for k, v in audit.snapshot(meeting).items() if k not in ("status", "start_time", "place", "public")}
    audit.append(actor="system:test", action="meeting.record", obj=meeting, after=after, agreement=twente.slug)
    return meeting


def test_an_upgraded_database_verifies_fields_tracked_later_against_their_migration_default(twente, capsys):
    """Upgrading in place adds tracked fields whose older entries do not name them: the replay expects the
    migration's default (tracking.ADDED_LATER), and still catches a row changed away from it."""
    meeting = _append_meeting_entry_as_an_older_version_wrote_it(twente)
    assert run(capsys, "verify")[0] == 0
    sql(f"UPDATE {Meeting._meta.db_table} SET public = %s WHERE id = %s", [True, meeting.pk])
    code, _, err = run(capsys, "verify")
    assert code == 1
    assert f"governance.meeting {meeting.pk} veld public" in err
