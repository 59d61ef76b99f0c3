"""Writes for documents: add a document with its first version, add a new version.

The file is checked before anything is stored: not empty, at most `SAMEN_DOCUMENT_MAX_BYTES`, and its
type decided by its content (`filetypes.detect`: PDF, ODT, DOCX or XLSX), with the file name's extension
agreeing. Only then is it written to the "documents" storage under a random name, and the rows and audit
entries are written in one transaction. Should that transaction fail, the file just written is deleted
again; only when a caller's own outer transaction rolls back later can a file remain that no row names
(harmless: nobody can reach it; `samen documents` has no listing of it).

Who may upload follows who records the thing the document is attached to: the secretariat and the chair
for a meeting or its agenda items (`record_meeting`), the secretariat for a proposal or a party's decision
(`record_proposal`), the secretariat and the chair for a dispute they may see (`record_dispute`, art. 14).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from samen.accounts import permissions
from samen.audit import services as audit
from samen.audit.services import snapshot
from samen.core.errors import InvalidInput, NotFound
from samen.disputes.models import Dispute
from samen.documents import filetypes
from samen.documents.models import Document, DocumentVersion
from samen.governance.models import AgendaItem, Meeting
from samen.proposals.models import PartyDecision, Proposal
from samen.records.models import RecordedFact
from samen.rules.facts import bad_text

TITLE_MAX_LENGTH = 200
FILE_NAME_MAX_LENGTH = 255
CHUNK = 64 * 1024

Target = Meeting | AgendaItem | Proposal | PartyDecision | Dispute | RecordedFact


def storage() -> Storage:
    """The storage documents are kept in (settings.STORAGES["documents"])."""
    return storages["documents"]


def max_bytes() -> int:
    return int(settings.SAMEN_DOCUMENT_MAX_BYTES)


def size_label(size: int) -> str:
    """A size as people read it: kB below 1 MB, else MB with one decimal (Dutch decimal comma)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    mb = f"{size / (1024 * 1024):.1f}".removesuffix(".0")
    return f"{mb} MB".replace(".", ",")


def upload_action(target: Target | Document) -> str:
    """The permission action for uploading to `target` (or a new version of a document attached to it)."""
    if isinstance(target, Document):
        if target.dispute_id:
            return "record_dispute"
        if target.fact_id:
            return _fact_action(target.fact)  # type: ignore[arg-type]
        return "record_meeting" if (target.meeting_id or target.agenda_item_id) else "record_proposal"
    if isinstance(target, Dispute):
        return "record_dispute"
    if isinstance(target, RecordedFact):
        return _fact_action(target)
    return "record_meeting" if isinstance(target, Meeting | AgendaItem) else "record_proposal"


def _fact_action(fact: RecordedFact) -> str:
    """A procedure step's document: whoever records a fact of its kind (issue 9)."""
    return "record_finance_fact" if fact.kind in permissions.FINANCE_FACTS else "record_fact"


def may_upload(actor: Any, target: Target | Document) -> bool:
    dispute = target if isinstance(target, Dispute) else target.dispute if isinstance(target, Document) else None
    if dispute is not None and not permissions.may_view_dispute(actor, dispute.involved):
        return False
    return permissions.allows(actor, upload_action(target))


def _require_upload(actor: Any, target: Target | Document) -> None:
    """`permissions.require` of the upload action; a dispute the actor may not see is not found (art. 14)."""
    dispute = target if isinstance(target, Dispute) else target.dispute if isinstance(target, Document) else None
    if dispute is not None and not permissions.may_view_dispute(actor, dispute.involved):
        raise NotFound("dispute.unknown", "Dit geschil bestaat niet.", field="attach_to")
    permissions.require(actor, upload_action(target))


def _agreement_of(target: Target) -> Any:
    if isinstance(target, RecordedFact):
        if hasattr(target, "correction"):
            raise InvalidInput(
                "document.fact-withdrawn",
                "Dit feit is ingetrokken door een correctie; voeg het stuk toe aan het juiste feit.",
                field="attach_to",
            )
        return target.agreement
    if isinstance(target, Meeting | Proposal | Dispute):
        return target.agreement
    if isinstance(target, AgendaItem):
        return target.meeting.agreement
    return target.proposal.agreement


@dataclass(frozen=True)
class Checked:
    """An uploaded file that passed every check, with what the version row records."""

    file: File[Any]
    file_name: str
    size: int
    sha256: str
    type: filetypes.FileType


def _file_name(file: Any, file_name: str | None) -> str:
    raw = file_name if file_name is not None else getattr(file, "name", "") or ""
    name = re.split(r"[/\\]", str(raw))[-1].strip()
    if bad_text(name) or any(unicodedata.category(c) == "Cc" for c in name):
        raise InvalidInput("document.bad-name", "De bestandsnaam bevat tekens die geen tekst zijn.", field="file")
    if not name:
        raise InvalidInput("document.no-name", "Het bestand heeft geen naam.", field="file")
    return name[-FILE_NAME_MAX_LENGTH:]


def check_file(file: Any, file_name: str | None = None) -> Checked:
    """Check an upload: present, not empty, not too large, an allowed type by content with a matching extension."""
    if file is None:
        raise InvalidInput("document.file-missing", "Kies een bestand.", field="file")
    if not isinstance(file, File):
        file = File(file, name=file_name)
    name = _file_name(file, file_name)
    limit = max_bytes()
    digest = hashlib.sha256()
    size = 0
    file.seek(0)
    for chunk in iter(lambda: file.read(CHUNK), b""):
        size += len(chunk)
        if size > limit:
            raise InvalidInput(
                "document.too-large", f"Het bestand is groter dan {size_label(limit)}; kies een kleiner bestand.", field="file"
            )
        digest.update(chunk)
    if size == 0:
        raise InvalidInput("document.empty", "Het bestand is leeg.", field="file")
    kind = filetypes.detect(file)
    if kind is None:
        raise InvalidInput(
            "document.type-not-allowed",
            "Dit bestand is geen PDF, ODT, DOCX of XLSX (gekeken naar de inhoud, niet naar de naam).",
            field="file",
        )
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext not in kind.extensions:
        raise InvalidInput(
            "document.type-mismatch",
            f"De inhoud is een {kind.label}-bestand, maar de naam eindigt niet op {kind.extensions[0]}; geef het bestand de juiste naam.",
            field="file",
        )
    return Checked(file=file, file_name=name, size=size, sha256=digest.hexdigest(), type=kind)


def _title(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInput("document.bad-text", "Moet tekst zijn.", field="title")
    value = value.strip()
    if not value:
        raise InvalidInput("document.title-missing", "Vul de titel in.", field="title")
    if len(value) > TITLE_MAX_LENGTH:
        raise InvalidInput("document.too-long", f"Hoogstens {TITLE_MAX_LENGTH} tekens (gekregen: {len(value)}).", field="title")
    if bad_text(value):
        raise InvalidInput("document.bad-text", "Bevat een ongeldig teken (een losse surrogaat of NUL).", field="title")
    return value


def _kind(value: Any) -> str:
    if value not in Document.Kind.values:
        raise InvalidInput("document.bad-kind", f"Kies de soort uit {', '.join(Document.Kind.values)}.", field="kind")
    return str(value)


def _store(checked: Checked) -> str:
    key = uuid.uuid4().hex
    checked.file.seek(0)
    return storage().save(f"{key[:2]}/{key}{checked.type.extensions[0]}", checked.file)


def _version(actor: Any, document: Document, number: int, checked: Checked, stored: str) -> DocumentVersion:
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        file_name=checked.file_name,
        size=checked.size,
        content_type=checked.type.content_type,
        sha256=checked.sha256,
        storage_name=stored,
        uploaded_by=actor if hasattr(actor, "pk") else None,
        uploaded_at=timezone.now().replace(microsecond=0),
    )
    audit.append(actor=actor, action="document.version", obj=version, after=snapshot(version), agreement=document.agreement.slug)
    return version


def _write(fn: Any) -> Any:
    """Run `fn(stored_name_holder)` in a transaction; if it fails, delete the file it stored (no orphan file)."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            return fn(stored)
    except BaseException:
        for name in stored:
            storage().delete(name)
        raise


def add_document(
    *, actor: Any, target: Target, title: str, kind: str, file: Any, file_name: str | None = None, public: bool = False
) -> Document:
    """Attach a new document (its first version) to a meeting, agenda item, proposal, party decision or dispute."""
    _require_upload(actor, target)
    title = _title(title)
    kind = _kind(kind)
    checked = check_file(file, file_name)
    agreement = _agreement_of(target)

    def write(stored: list[str]) -> Document:
        audit.lock_for_write()
        document = Document(
            agreement=agreement,
            title=title,
            kind=kind,
            public=bool(public),
            created_by=actor if hasattr(actor, "pk") else None,
            **{_target_field(target): target},
        )
        stored.append(_store(checked))
        document.save()
        audit.append(actor=actor, action="document.create", obj=document, after=snapshot(document), agreement=agreement.slug)
        _version(actor, document, 1, checked, stored[0])
        return document

    result: Document = _write(write)
    return result


def _target_field(target: Target) -> str:
    if isinstance(target, Meeting):
        return "meeting"
    if isinstance(target, AgendaItem):
        return "agenda_item"
    if isinstance(target, Proposal):
        return "proposal"
    if isinstance(target, PartyDecision):
        return "party_decision"
    if isinstance(target, Dispute):
        return "dispute"
    if isinstance(target, RecordedFact):
        return "fact"
    raise InvalidInput(
        "document.target", "Een stuk hoort bij een vergadering, agendapunt, voorstel, besluit, geschil of feit.", field="attach_to"
    )


def add_version(*, actor: Any, document: Document, file: Any, file_name: str | None = None) -> DocumentVersion:
    """Upload a new version of `document`: it becomes the one its stable link serves; earlier versions stay."""
    _require_upload(actor, document)
    checked = check_file(file, file_name)

    def write(stored: list[str]) -> DocumentVersion:
        audit.lock_for_write()
        latest = DocumentVersion.objects.filter(document=document).aggregate(n=Max("number"))["n"] or 0
        stored.append(_store(checked))
        return _version(actor, document, latest + 1, checked, stored[0])

    result: DocumentVersion = _write(write)
    return result
