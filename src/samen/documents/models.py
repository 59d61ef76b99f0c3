"""Documents (stukken): agendas, memos, minutes and decisions, each attached to one meeting, agenda item,
proposal, party decision or dispute, with its versions.

A `Document` is the stable thing a link names (`public_id`); each upload is a `DocumentVersion`
(1..n). The latest version is what `/documenten/<public_id>/` serves; older versions stay stored and
downloadable. The file itself lives in the storage alias "documents" under a random name
(`storage_name`), never the user's file name.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samen.agreements.models import Agreement
from samen.disputes.models import Dispute
from samen.governance.models import AgendaItem, Meeting
from samen.proposals.models import PartyDecision, Proposal

TARGETS = ("meeting", "agenda_item", "proposal", "party_decision", "dispute", "fact")


def _exactly_one() -> Q:
    out = Q()
    for name in TARGETS:
        q = Q(**{f"{name}__isnull": False})
        for other in TARGETS:
            if other != name:
                q &= Q(**{f"{other}__isnull": True})
        out |= q
    return out


class Document(models.Model):
    """A document attached to exactly one meeting, agenda item, proposal, party decision, dispute (art. 14: visible
    as the dispute is, `permissions.may_view_dispute`) or recorded fact (a procedure step: seen as its fact is)."""

    class Kind(models.TextChoices):
        AGENDA = "agenda", _("agenda")
        MEMO = "memo", _("notitie")
        MINUTES = "minutes", _("notulen")
        PARTY_DECISION = "party-decision", _("besluit")
        OTHER = "other", _("overig")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Openbaar: only a public document of a public meeting (or of one of its agenda items) is ever published
    # or downloadable without logging in; everything else is for the agreement's users.
    public = models.BooleanField(default=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="documents")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="documents")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, null=True, blank=True, related_name="documents")
    party_decision = models.ForeignKey(PartyDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="documents")
    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, null=True, blank=True, related_name="documents")
    # A step of a procedure (issue 9): the notice letter, the evaluation report, the budget, attached to the recorded fact.
    fact = models.ForeignKey("records.RecordedFact", on_delete=models.PROTECT, null=True, blank=True, related_name="documents")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["agreement", "pk"]
        constraints = [models.CheckConstraint(condition=_exactly_one(), name="document_attached_to_exactly_one")]

    def __str__(self) -> str:
        return self.title

    def owning_meeting(self) -> Meeting | None:
        """The meeting this document belongs to (directly or through its agenda item), or None."""
        if self.meeting_id:
            return self.meeting
        if self.agenda_item_id:
            return self.agenda_item.meeting  # type: ignore[union-attr]
        return None

    def owning_proposal(self) -> Proposal | None:
        if self.proposal_id:
            return self.proposal
        if self.party_decision_id:
            return self.party_decision.proposal  # type: ignore[union-attr]
        return None


class DocumentVersion(models.Model):
    """One uploaded version of a document (number 1..n); the file is in the "documents" storage."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file_name = models.CharField(max_length=255)  # the uploader's file name, for the download's name only
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)  # as detected from the content, never the browser's
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=200, unique=True)  # random, never the user's file name
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="document_version_number_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"
