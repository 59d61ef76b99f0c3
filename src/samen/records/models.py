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
