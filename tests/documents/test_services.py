"""Documents (issue 8): types checked by content, size and emptiness, versions, storage, permissions, audit."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction

from samen.accounts.models import User
from samen.audit import services as audit_services
from samen.core.errors import InvalidInput, NotAllowed
from samen.documents import queries, services
from samen.documents.models import Document, DocumentVersion
from samen.governance.models import Meeting
from tests.documents import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(demo):
    return Meeting.objects.filter(agreement=demo, status=Meeting.Status.PLANNED).first()


def _add(meeting, name, data, **kw):
    return services.add_document(
        actor=kw.pop("actor", "system:test"),
        target=kw.pop("target", meeting),
        title="Stuk",
        kind="memo",
        file=files.upload(name, data),
        **kw,
    )


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("agenda.pdf", files.pdf(), "application/pdf"),
        ("notitie.odt", files.odt(), "application/vnd.oasis.opendocument.text"),
        ("notulen.DOCX", files.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("begroting.xlsx", files.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_the_four_types_are_accepted_with_the_type_their_content_has(meeting, name, data, content_type):
    d = _add(meeting, name, data)
    v = queries.latest(d)
    assert (v.number, v.content_type, v.size, v.file_name) == (1, content_type, len(data), name)


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("besluit.docx", files.pdf(), "document.type-mismatch"),  # a PDF renamed .docx
        ("besluit.pdf", files.docx(), "document.type-mismatch"),  # a DOCX zip renamed .pdf
        ("besluit.xlsx", files.docx(), "document.type-mismatch"),
        ("notitie.pdf", b"Dit is gewoon tekst, geen PDF.\n", "document.type-not-allowed"),
        ("archief.docx", files._zip({"readme.txt": b"x"}), "document.type-not-allowed"),  # a zip, but no OOXML
        ("rekenblad.odt", files.odt(b"application/vnd.oasis.opendocument.spreadsheet"), "document.type-not-allowed"),
        ("kapot.docx", b"PK\x03\x04 not really a zip", "document.type-not-allowed"),
        ("pagina.pdf", b"<html><script>alert(1)</script></html>", "document.type-not-allowed"),
        ("agenda", files.pdf(), "document.type-mismatch"),  # no extension
        ("leeg.pdf", b"", "document.empty"),
    ],
)
def test_a_file_is_judged_by_its_content_and_refused_naming_the_field_file(meeting, name, data, code):
    with pytest.raises(InvalidInput) as e:
        _add(meeting, name, data)
    assert (e.value.code, e.value.field) == (code, "file")
    assert not Document.objects.filter(title="Stuk").exists()


def test_too_large_is_refused(meeting, settings, documents_storage):
    settings.SAMEN_DOCUMENT_MAX_BYTES = 2000
    data = files.pdf() + b"%" + b"x" * 2000
    with pytest.raises(InvalidInput) as e:
        _add(meeting, "groot.pdf", data)
    assert (e.value.code, e.value.field) == ("document.too-large", "file")
    assert "2 kB" in e.value.message
    _add(meeting, "klein.pdf", files.pdf())  # below the limit: fine


def test_versions_number_up_and_the_latest_is_the_one_served(meeting, documents_storage):
    d = _add(meeting, "agenda.pdf", files.pdf("versie een"))
    services.add_version(actor="system:test", document=d, file=files.upload("agenda-herzien.pdf", files.pdf("versie twee")))
    services.add_version(actor="system:test", document=d, file=files.upload("agenda.docx", files.docx()))
    d = Document.objects.get(pk=d.pk)
    assert [v.number for v in d.versions.all()] == [1, 2, 3]
    latest = queries.latest(d)
    assert latest.number == 3
    assert latest.content_type.endswith("wordprocessingml.document")
    stored = services.storage().open(queries.version(d, 2).storage_name).read()
    assert stored == files.pdf("versie twee")


def test_files_are_stored_under_random_private_names_and_checksummed(meeting, documents_storage):
    import hashlib

    data = files.pdf()
    d = _add(meeting, "Geheime notitie van wethouder.pdf", data)
    v = queries.latest(d)
    assert "Geheime" not in v.storage_name and "wethouder" not in v.storage_name
    path = Path(documents_storage) / v.storage_name
    assert path.read_bytes() == data
    assert v.sha256 == hashlib.sha256(data).hexdigest()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_failed_transaction_leaves_no_row_and_no_file(meeting, documents_storage, monkeypatch):
    real = audit_services.append

    def failing(**kw):
        if kw.get("action") == "document.version":
            raise RuntimeError("disk full")
        return real(**kw)

    monkeypatch.setattr(audit_services, "append", failing)
    before = DocumentVersion.objects.count()
    with pytest.raises(RuntimeError):
        _add(meeting, "agenda.pdf", files.pdf())
    assert DocumentVersion.objects.count() == before
    assert not Document.objects.filter(title="Stuk").exists()
    stored = {v.storage_name for v in DocumentVersion.objects.all()}
    on_disk = {str(p.relative_to(documents_storage)) for p in Path(documents_storage).rglob("*") if p.is_file()}
    assert on_disk == stored  # the file written before the failure is gone again


def test_who_may_upload(meeting, demo):
    from samen.proposals import services as proposals

    hengelo = User.objects.get(username="hengelo")
    chair = User.objects.get(username="voorzitter")
    with pytest.raises(NotAllowed):
        _add(meeting, "agenda.pdf", files.pdf(), actor=hengelo)
    _add(meeting, "agenda.pdf", files.pdf(), actor=chair)  # the chair records meetings (record_meeting)
    from datetime import date

    p = proposals.create_proposal(
        actor="system:test", agreement=demo, ref="V-1", subject="Werkplan", kind="other", proposed_on=date(2026, 1, 5)
    )
    with pytest.raises(NotAllowed):
        _add(meeting, "voorstel.pdf", files.pdf(), actor=chair, target=p)  # proposals are the secretariat's
    _add(meeting, "voorstel.pdf", files.pdf(), actor=User.objects.get(username="secretariaat"), target=p)


def test_a_document_belongs_to_exactly_one_thing(meeting, demo):
    item = meeting.agenda_items.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(agreement=demo, title="x", kind="memo", meeting=meeting, agenda_item=item)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(agreement=demo, title="x", kind="memo")


def test_title_and_kind_are_checked(meeting):
    with pytest.raises(InvalidInput) as e:
        services.add_document(actor="system:test", target=meeting, title=" ", kind="memo", file=files.upload("a.pdf", files.pdf()))
    assert e.value.field == "title"
    with pytest.raises(InvalidInput) as e:
        services.add_document(actor="system:test", target=meeting, title="a\x00b", kind="memo", file=files.upload("a.pdf", files.pdf()))
    assert e.value.field == "title"
    with pytest.raises(InvalidInput) as e:
        services.add_document(actor="system:test", target=meeting, title="a", kind="verslag", file=files.upload("a.pdf", files.pdf()))
    assert e.value.field == "kind"


def test_the_audit_chain_replays_after_uploads(meeting):
    d = _add(meeting, "agenda.pdf", files.pdf())
    services.add_version(actor="system:test", document=d, file=files.upload("agenda.pdf", files.pdf("twee")))
    assert audit_services.verify_all().problems == []
    actions = list(audit_services.AuditEntry.objects.order_by("-pk").values_list("action", flat=True)[:3])
    assert actions == ["document.version", "document.version", "document.create"]


def test_the_audit_replay_notices_a_version_changed_behind_its_back(meeting):
    d = _add(meeting, "agenda.pdf", files.pdf())
    DocumentVersion.objects.filter(document=d).update(sha256="0" * 64)
    assert audit_services.verify_all().problems != []


def test_download_name_is_safe():
    v = DocumentVersion(number=2, file_name='..\\..\\etc/pass"wd <x>.pdf', content_type="application/pdf")
    name = queries.download_name(Document(), v)
    assert name == "pass_wd _x-v2.pdf"


def test_the_demo_has_an_agenda_pdf(demo):
    d = Document.objects.get(agreement=demo, kind="agenda")
    v = queries.latest(d)
    assert services.storage().open(v.storage_name).read().startswith(b"%PDF-")
    assert d.meeting.status == Meeting.Status.PLANNED
