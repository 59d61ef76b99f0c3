"""Disputes (art. 14): what the rules do not read, keyed to the facts they do.

The facts the rules evaluate (`dispute-notified`, `mediation-started`, `dispute-submitted-to-gs`,
`dispute-resolved`, `mediation-costs`) stay `records.RecordedFact` rows: they are the one truth for the
parties, dates and amounts. A `Dispute` adds the notice's subject and the party's proposed solution
(art. 14 lid 2) to its `dispute-notified` fact; each `DisputeStep` adds the texts of one step (who chairs,
the mediator, the written outcome, a note) to the fact that step recorded, or stands alone for the chair
phase, which the rules read no fact for. Nothing here repeats a value a fact holds.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.agreements.models import Agreement
from samen.records.models import RecordedFact


class Dispute(models.Model):
    """One dispute: its notice fact (ref, parties, date of receipt) with the subject and proposed solution."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="disputes")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    notice = models.OneToOneField(RecordedFact, on_delete=models.PROTECT, related_name="dispute_record")
    subject = models.TextField(help_text="De omschrijving van het geschil (art. 14 lid 2)")
    proposed_solution = models.TextField(blank=True, help_text="De mogelijke oplossing van de melder (art. 14 lid 2)")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["agreement", "pk"]

    def __str__(self) -> str:
        return str(_("geschil %(ref)s") % {"ref": self.ref})

    @property
    def ref(self) -> str:
        return str(self.notice.payload.get("dispute", ""))

    @property
    def involved(self) -> tuple[str, ...]:
        """The parties to the dispute as its notice names them: who notified it, then those it is against."""
        p = self.notice.payload
        against = p.get("against") if isinstance(p.get("against"), list) else []
        return (str(p.get("by", "")), *map(str, against))


class DisputeStep(models.Model):
    """The texts of one step of a dispute; `fact` is the fact the step recorded (none for the chair phase)."""

    class Kind(models.TextChoices):
        CHAIR_PHASE = "chair-phase", _("overleg onder leiding van de voorzitter")
        MEDIATION = "mediation", _("mediation begonnen")
        GS = "gs", _("voorgelegd aan Gedeputeerde Staten")
        RESOLUTION = "resolution", _("opgelost")
        COSTS = "costs", _("kosten van de mediation")

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    fact = models.OneToOneField(RecordedFact, on_delete=models.PROTECT, null=True, blank=True, related_name="dispute_step")
    # Who chairs the consultation (chair phase) or the mediator (mediation); empty for other steps.
    person = models.CharField(max_length=200, blank=True)
    # The written outcome (resolution), the handling notes (chair phase), or a note on the step.
    text = models.TextField(blank=True)
    # The chair phase has no fact: its date is here; every other step's date is its fact's.
    on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dispute", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="chair-phase", fact__isnull=True, on__isnull=False)
                | (~models.Q(kind="chair-phase") & models.Q(fact__isnull=False, on__isnull=True)),
                name="dispute_step_fact_or_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dispute.ref} {self.kind}"
