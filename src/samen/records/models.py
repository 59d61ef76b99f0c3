"""Recorded facts in the scenario format: the one truth the rules evaluate.

Signatures and meetings have their own tables (they carry more than the rules need); every other
fact the rules know (an evaluation completed, a budget consented, a cost per FTE, a notice
received...) is stored here as the scenario-format dict, validated by the rules' own parser
before it is written. The database never stores a conclusion the rules can derive.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from samen.agreements.models import Agreement


class RecordedFact(models.Model):
    """One dated fact, as the scenario format writes it (`payload` holds the whole fact dict)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="facts")
    # The identifier the API and pages show: random, so that a list reveals nothing about the facts
    # left out of it (sequential ids would count the hidden ones by their gaps).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=48)
    payload = models.JSONField()
    occurred_on = models.DateField(null=True, blank=True, help_text="The fact's date, when it has one")
    note = models.TextField(blank=True)
    example_figure = models.BooleanField(default=False, help_text="A made-up figure for the demo, not a real one")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        ordering = ["agreement", "occurred_on", "id"]
        indexes = [models.Index(fields=["agreement", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_on or ''}"


class FactCorrection(models.Model):
    """A recorded fact withdrawn because it was recorded wrongly, with the reason (issue 9, "Corrections").

    Nothing is edited or deleted: the fact stays in its table and in the audit chain, and this row
    says it no longer counts. `records.queries.stored_facts` leaves a withdrawn fact out of every
    evaluation; the lists of facts show it marked as withdrawn, with the reason. The right fact, if
    there is one, is recorded anew.
    """

    fact = models.OneToOneField(RecordedFact, on_delete=models.PROTECT, related_name="correction")
    reason = models.TextField()
    corrected_at = models.DateTimeField(auto_now_add=True)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"correctie van {self.fact}"


class StepDetail(models.Model):
    """What a procedure step adds to the fact the rules read, and the rules do not read themselves.

    The fact (`withdrawal-notified`, `withdrawal-consented`, `evaluation-completed`, `budget-drafted`...) is
    the truth for its date and party; this row only adds the letter's reference, the outcome or summary
    text and the board's decision (an agenda item of a meeting) it rests on. Stored once: no date or party
    here.
    """

    fact = models.OneToOneField(RecordedFact, on_delete=models.PROTECT, related_name="detail")
    reference = models.CharField(max_length=200, blank=True, help_text="Kenmerk of titel van de brief of het rapport")
    text = models.TextField(blank=True, help_text="Uitkomst, samenvatting of toelichting")
    agenda_item = models.ForeignKey(
        "governance.AgendaItem", on_delete=models.PROTECT, null=True, blank=True, related_name="procedure_steps"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"toelichting bij {self.fact}"
