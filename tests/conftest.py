"""Shared fixtures: the Twente agreement loaded into the test database, and the demo data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import snapshots

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXT = ROOT.parent / "shared" / "seeds" / "samenwerkingsovereenkomst-vth-twente.txt"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The demo creates five accounts; PBKDF2 would spend seconds hashing test passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def audit_key_file(tmp_path_factory, monkeypatch):
    """Each test signs audit checkpoints with a key (and journal) of its own, never the one under var/."""
    path = tmp_path_factory.mktemp("audit-key") / "audit-signing.key"
    monkeypatch.setenv("SAMEN_AUDIT_KEY_FILE", str(path))
    return path


@pytest.fixture(autouse=True)
def documents_storage(tmp_path_factory, settings):
    """Each test stores uploaded documents in a directory of its own, never under var/documents."""
    path = tmp_path_factory.mktemp("documents")
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": path, "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
        },
    }
    return path


@pytest.fixture
def twente(db):
    """The Twente agreement's records, loaded from agreements/twente-vth-2024.toml (by the services once per session,
    then written back as they wrote them: tests/snapshots.py)."""
    from samen.agreements.models import Agreement
    from samen.agreements.services import load_definition

    return snapshots.TWENTE.apply(
        lambda: load_definition(actor="system:test", slug="twente-vth-2024"),
        lambda: Agreement.objects.get(slug="twente-vth-2024"),
    )


@pytest.fixture
def demo(twente):
    """The Twente agreement with the demo accounts and facts (loaded by `samen.demo` once per session, then written
    back as it wrote them: tests/snapshots.py)."""
    from samen import demo as demo_data
    from samen.agreements.models import Agreement

    return snapshots.DEMO.apply(lambda: demo_data.load(agreement=twente), lambda: Agreement.objects.get(pk=twente.pk))


@pytest.fixture(autouse=True)
def api_limits_for_tests(settings):
    """The API's rate limit counts in the database cache; tests get a cache of their own in memory (so a test
    without a database can call the API) and a limit they do not reach. The tests of the limits
    (tests/foundation/test_api_limits.py) put the database cache and a low limit back."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "samen-tests"}}
    settings.SAMEN_API_ANON_RATE = 1_000_000
    settings.SAMEN_API_USER_RATE = 1_000_000
    from django.core.cache import cache

    from samen.records import answers

    cache.clear()
    answers.clear()  # each test has a database of its own: no answer of another test's database in this process


@pytest.fixture
def fresh_rate_window():
    """Wait, when needed, for the start of a fresh rate-limit window (api_support.rate_limit counts in fixed
    windows of 60 seconds). A test that makes a few requests and expects the last one refused must not have its
    requests carried across a window boundary by a slow machine, where the count starts again."""
    import time

    window, margin = 60, 25
    left = window - time.time() % window
    if left < margin:
        time.sleep(left + 0.2)
