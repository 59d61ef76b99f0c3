"""The Ed25519 key that signs audit checkpoints, and the checkpoint journal next to it.

Both live OUTSIDE the database, so that someone who can only write to the database can neither
sign a checkpoint for a rewritten chain nor make the checkpoints already made disappear:

- the private key: `SAMEN_AUDIT_KEY_FILE` (default `var/audit-signing.key`), PEM (PKCS #8), 0600;
- the journal: `<key file>.checkpoints`, one JSON line per checkpoint made with this key file
  (seq, head, time, signature, key fingerprint, and which database it belongs to);
- retired public keys: `<key file>.retired`, PEM public keys of earlier keys (rotation), so that
  the checkpoints they signed still verify.

See docs/audit.md for key handling and rotation.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import connection

KEY_FILE_ENV = "SAMEN_AUDIT_KEY_FILE"


def key_file() -> Path:
    """Where the signing key lives (read from the environment at every call)."""
    configured = os.environ.get(KEY_FILE_ENV)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "audit-signing.key"


def journal_file(path: Path | None = None) -> Path:
    path = path or key_file()
    return path.with_name(path.name + ".checkpoints")


def retired_file(path: Path | None = None) -> Path:
    path = path or key_file()
    return path.with_name(path.name + ".retired")


def _write_new(path: Path, data: bytes) -> None:
    """Create `path` with mode 0600, refusing to overwrite (O_EXCL)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def ensure_key(path: Path | None = None) -> tuple[Ed25519PrivateKey, bool]:
    """Load the signing key, creating it (0600) when missing; returns (key, created)."""
    path = path or key_file()
    if path.exists():
        return load_private_key(path), False
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    _write_new(path, pem)
    return key, True


def load_private_key(path: Path | None = None) -> Ed25519PrivateKey:
    path = path or key_file()
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} holds no Ed25519 private key")
    return key


def public_pem(public: Ed25519PublicKey) -> str:
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def fingerprint(public: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, hex: how a checkpoint names its key."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def load_public_keys(pem: bytes) -> list[Ed25519PublicKey]:
    """Every Ed25519 public key in a PEM text (one or more blocks), or the public half of a private key."""
    out: list[Ed25519PublicKey] = []
    marker = b"-----BEGIN "
    blocks = [marker + b for b in pem.split(marker)[1:]]
    for block in blocks:
        if b"PRIVATE KEY" in block.split(b"\n", 1)[0]:
            private = serialization.load_pem_private_key(block, password=None)
            if isinstance(private, Ed25519PrivateKey):
                out.append(private.public_key())
            continue
        key = serialization.load_pem_public_key(block)
        if isinstance(key, Ed25519PublicKey):
            out.append(key)
    if not out:
        raise ValueError("no Ed25519 key in this file")
    return out


def trusted_keys(extra_files: list[str] | None = None) -> dict[str, Ed25519PublicKey]:
    """The public keys `verify` trusts: the configured key's public half, retired keys, and `extra_files`.

    Missing files are skipped (a party verifying with `--public-key` has no private key).
    """
    keys: dict[str, Ed25519PublicKey] = {}
    for path in [key_file(), retired_file()]:
        if path.is_file():
            for k in load_public_keys(path.read_bytes()):
                keys[fingerprint(k)] = k
    for name in extra_files or []:
        for k in load_public_keys(Path(name).read_bytes()):
            keys[fingerprint(k)] = k
    return keys


def message(seq: int, head: str, made_at: datetime) -> bytes:
    """The exact bytes a checkpoint's signature covers."""
    at = made_at.astimezone(UTC).replace(microsecond=0).isoformat()
    return f"samen-audit-checkpoint v1\nseq={seq}\nhead={head}\nat={at}\n".encode()


def signature_valid(public: Ed25519PublicKey, signature_hex: str, data: bytes) -> bool:
    try:
        public.verify(bytes.fromhex(signature_hex), data)
    except (InvalidSignature, ValueError):
        return False
    return True


def database_label() -> str:
    """Which database a journal line belongs to, from the settings (not from the database's contents)."""
    s = connection.settings_dict
    return f"{connection.vendor}:{s.get('HOST') or ''}:{s.get('PORT') or ''}:{s.get('NAME')}"


def journal_append(record: dict[str, Any], path: Path | None = None) -> None:
    """Append one checkpoint to the journal next to the key (created 0600)."""
    journal = journal_file(path)
    line = json.dumps({"db": database_label(), **record}, sort_keys=True) + "\n"
    fd = os.open(journal, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as f:
        f.write(line)


def journal_records(path: Path | None = None) -> list[dict[str, Any]]:
    """The journal's checkpoints for this database (lines of other databases are skipped)."""
    journal = journal_file(path)
    if not journal.is_file():
        return []
    label = database_label()
    out = []
    for n, line in enumerate(journal.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            out.append({"db": label, "unreadable": n})
            continue
        if isinstance(record, dict) and record.get("db") == label:
            out.append(record)
    return out


def rotate_key(path: Path | None = None) -> tuple[str, str]:
    """Replace the signing key with a new one; the old public key goes to `<key file>.retired`.

    The old private key is overwritten (its checkpoints still verify with the retired public
    key). Returns (old fingerprint, new fingerprint). The caller signs a checkpoint with the old
    key before and with the new key after.
    """
    path = path or key_file()
    old = load_private_key(path)
    retired = retired_file(path)
    fd = os.open(retired, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as f:
        f.write(public_pem(old.public_key()))
    new = Ed25519PrivateKey.generate()
    pem = new.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    staged = path.with_name(path.name + ".new")
    staged.unlink(missing_ok=True)
    _write_new(staged, pem)
    staged.replace(path)
    return fingerprint(old.public_key()), fingerprint(new.public_key())
