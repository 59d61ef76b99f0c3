"""The `twente` and `demo` fixtures write back what the services loaded once (tests/snapshots.py): a test that asks
for the demo must get the demo the services make, or every test built on it tests something else."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from django.db import connection, transaction

from tests import snapshots

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _counts() -> dict[str, int]:
    return {t.name: len(snapshots._read(connection, t)) for t in snapshots._tables()}


def test_the_demo_written_back_is_the_demo_the_services_load(request, documents_storage, client):
    from samen import demo as demo_data
    from samen.agreements.services import load_definition
    from samen.audit import services as audit
    from samen.documents.models import DocumentVersion

    empty = _counts()
    point = transaction.savepoint()
    agreement = load_definition(actor="system:test", slug="twente-vth-2024")
    demo_data.load(agreement=agreement)
    loaded, stored = _counts(), snapshots._files(documents_storage)
    transaction.savepoint_rollback(point)
    shutil.rmtree(documents_storage)
    documents_storage.mkdir()
    assert _counts() == empty

    written = request.getfixturevalue("demo")
    assert written.slug == "twente-vth-2024"
    assert _counts() == loaded  # every table holds as many rows as after a real load
    assert sum(loaded.values()) - sum(empty.values()) > 500  # the demo is hundreds of rows, not none
    # the stored documents: as many files as a real load stores (their names are random), each the one its version
    # names, with the hash the version records
    files = snapshots._files(documents_storage)
    assert len(files) == len(stored) > 0
    versions = DocumentVersion.objects.all()
    assert sorted(v.storage_name for v in versions) == sorted(files)
    assert all(hashlib.sha256(files[v.storage_name]).hexdigest() == v.sha256 for v in versions)
    report = audit.verify_all(jobs=1)  # the chain, its MACs, and every tracked table replayed against it
    assert report.intact, report.problems
    assert client.login(username="secretariaat", password="samen-demo")


def test_an_agreement_made_before_the_fixture_makes_it_load_again_rather_than_collide(settings, request):
    """Written back onto another state (here another agreement's rows, which take the ids the recorded load used),
    the rows could collide or point at the wrong objects: the stage sees the tables differ and loads anew."""
    from samen.agreements import registry
    from samen.agreements.models import Agreement
    from samen.agreements.services import load_definition
    from samen.audit import services as audit
    from samen.parties.models import Party

    settings.SAMEN_AGREEMENTS_DIR = ROOT / "tests" / "fixtures" / "agreements"
    registry.definition.cache_clear()
    try:
        load_definition(actor="system:test", slug="made-up-2025")
    finally:
        registry.definition.cache_clear()
    settings.SAMEN_AGREEMENTS_DIR = ROOT / "agreements"
    twente = request.getfixturevalue("twente")
    assert sorted(Agreement.objects.values_list("slug", flat=True)) == ["made-up-2025", "twente-vth-2024"]
    assert Party.objects.filter(agreement=twente).count() == 15
    assert audit.verify_all(jobs=1).intact
