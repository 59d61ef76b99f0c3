"""Read side of documents: which documents a user may see, per meeting, agenda item, proposal or decision."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from samen.accounts import permissions
from samen.agreements.models import Agreement
from samen.documents.models import Document, DocumentVersion


def _versions() -> Prefetch[Any]:
    return Prefetch("versions", queryset=DocumentVersion.objects.order_by("number"))


def is_published(document: Document) -> bool:
    """Public (openbaar) and of a public meeting or one of its agenda items: downloadable without logging in."""
    meeting = document.owning_meeting()
    return bool(document.public and meeting is not None and meeting.public)


def may_view(actor: Any, document: Document) -> bool:
    if document.fact_id and not _fact_visible(actor, document.fact):
        return False
    if document.dispute_id:
        parties = document.dispute.involved  # type: ignore[union-attr]
        return permissions.may_view_document(actor, document.agreement_id, published=False, of_dispute=True, dispute_parties=parties)
    return permissions.may_view_document(actor, document.agreement_id, published=is_published(document))


def _disputes_seen(actor: Any, agreement: Agreement) -> list[int]:
    """The disputes of `agreement` whose documents `actor` may see (`permissions.may_view_document` with `of_dispute`)."""
    from samen.disputes.models import Dispute

    rows = Dispute.objects.filter(agreement=agreement).select_related("notice")
    return [
        d.pk
        for d in rows
        if permissions.may_view_document(actor, agreement.pk, published=False, of_dispute=True, dispute_parties=d.involved)
    ]


def _fact_visible(actor: Any, fact: Any) -> bool:
    """A procedure step's document is seen as its fact is (`permissions.may_view_fact`: a party's money, disputes)."""
    from samen.records.queries import visible_records

    return bool(visible_records(actor, [fact]))


PUBLISHED = Q(public=True) & (Q(meeting__public=True) | Q(agenda_item__meeting__public=True))


def visible(actor: Any, agreement: Agreement) -> QuerySet[Document]:
    """The documents of `agreement` that `actor` may see (the same decision as `may_view`, as a query)."""
    qs = Document.objects.filter(agreement=agreement)
    if not permissions.may_view_document(actor, agreement.pk, published=False):
        qs = qs.filter(PUBLISHED)
    qs = qs.filter(Q(dispute__isnull=True) | Q(dispute__in=_disputes_seen(actor, agreement)))
    # Documents of procedure steps: only those of facts the actor may see (the fact's own decision).
    from samen.records.models import RecordedFact
    from samen.records.queries import visible_records

    with_documents = RecordedFact.objects.filter(agreement=agreement, documents__isnull=False).distinct()
    hidden = {f.pk for f in with_documents} - {f.pk for f in visible_records(actor, with_documents)}
    if hidden:
        qs = qs.exclude(fact__in=hidden)
    return (
        qs.select_related(
            "meeting", "agenda_item__meeting", "proposal", "party_decision__proposal", "party_decision__party", "dispute__notice", "fact"
        )
        .prefetch_related(_versions())
        .order_by("pk")
    )


def published_of(meeting: Any) -> list[Document]:
    """The published documents of a meeting and its agenda items (public, and the meeting public): open data."""
    qs = Document.objects.filter(PUBLISHED).filter(Q(meeting=meeting) | Q(agenda_item__meeting=meeting))
    return list(qs.select_related("meeting", "agenda_item__meeting").prefetch_related(_versions()).order_by("pk"))


def attached_to(actor: Any, agreement: Agreement, **target: Any) -> list[Document]:
    """The visible documents attached to one thing: `meeting=`, `agenda_item=`, `proposal=`, `party_decision__proposal=` or
    `dispute=`."""
    return list(visible(actor, agreement).filter(**target))


def latest(document: Document) -> DocumentVersion | None:
    versions = list(document.versions.all())
    return versions[-1] if versions else None


def version(document: Document, number: int) -> DocumentVersion | None:
    return next((v for v in document.versions.all() if v.number == number), None)


def download_name(document: Document, v: DocumentVersion) -> str:
    """A safe file name for Content-Disposition: the uploader's name without path, control or odd characters,
    ending in the extension of the detected type."""
    from samen.documents.filetypes import BY_CONTENT_TYPE

    ext = BY_CONTENT_TYPE[v.content_type].extensions[0] if v.content_type in BY_CONTENT_TYPE else ".bin"
    base = re.split(r"[/\\]", v.file_name)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = unicodedata.normalize("NFC", stem)
    stem = re.sub(r"[^\w\s.,()+-]", "_", stem, flags=re.UNICODE)
    stem = re.sub(r"\s+", " ", stem).strip(" ._") or "document"
    suffix = f"-v{v.number}" if v.number > 1 else ""
    return f"{stem[:150]}{suffix}{ext}"
