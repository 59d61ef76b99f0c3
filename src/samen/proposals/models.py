"""Proposals put to the parties and each party's decision on them (art. 5 lid 3, art. 6, art. 9 lid 1, art. 12).

These rows are the truth. The facts the rules read (`amendment-requested`, `amendment-decided`, and for a
budget proposal `budget-decided`) are derived from them by one projection in `records.queries` (like
signatures and meetings), never also stored as RecordedFact.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.agreements.models import Agreement
from samen.parties.models import Party


class Proposal(models.Model):
    """A proposal to the parties: its kind decides which rule gives the outcome."""

    class Kind(models.TextChoices):
        AMENDMENT = "amendment", _("wijziging (art. 12)")
        EXTENSION = "extension", _("verlenging van de looptijd (art. 3 lid 3, art. 12)")
        BUDGET = "budget", _("instemming met de begroting (art. 6)")
        OTHER = "other", _("overig")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="proposals")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The proposal's reference (kenmerk); for an amendment it is the amendment's ref the rules cite.
    ref = models.CharField(max_length=64)
    subject = models.CharField(max_length=200)
    explanation = models.TextField(blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # The party that asks (art. 12 lid 1: any party may ask for an amendment).
    proposed_by = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    proposed_on = models.DateField()
    # An amendment's parameter changes (key of the agreement's parameters -> new value, as the rules' parser reads them).
    parameters = models.JSONField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, help_text="The new end of the term (extension)")
    effective_date = models.DateField(null=True, blank=True, help_text="From when the changes apply (default: adoption)")
    # An amendment's new wording: a list of {"ref": "art. 5 lid 4" | "art. 6" | "art. 1 sub g", "text": "..."}; the
    # agreement's text page shows the wording in force on a date (the original where no adopted amendment changed it).
    text_changes = models.JSONField(null=True, blank=True)
    # A budget proposal (art. 6): the year whose budget is put to the parties for consent; None for other kinds.
    budget_year = models.IntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["agreement", "proposed_on", "id"]
        constraints = [models.UniqueConstraint(fields=["agreement", "ref"], name="proposal_unique_ref")]

    def __str__(self) -> str:
        return f"{self.ref}: {self.subject}"

    @property
    def is_amendment(self) -> bool:
        return self.kind in (self.Kind.AMENDMENT, self.Kind.EXTENSION)


class PartyDecision(models.Model):
    """One party's decision on a proposal; a party may decide again later (its latest decision counts)."""

    class Outcome(models.TextChoices):
        CONSENT = "consent", _("instemming")
        REFUSE = "refuse", _("geen instemming")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="decisions")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    # The party's own decision document: its reference or a link (text, not a file).
    document = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["proposal", "decided_on", "party__position", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "party", "decided_on"], name="decision_one_per_party_per_day")]

    def __str__(self) -> str:
        return f"{self.party} {self.outcome} {self.decided_on}"
