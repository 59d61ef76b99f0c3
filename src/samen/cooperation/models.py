"""The cooperation agenda (samenwerkingsagenda, art. 1 sub d, art. 2): its pillars and the administrative
assignments (bestuurlijke opdrachten) worked out under them.

One truth for an assignment's status: it lives on its `ProgressUpdate`s only. The status on a day is the
status of the latest update dated on or before that day (the latest recorded last when several share a
date); an assignment without an update by then is in preparation (voorbereiding). The assignment itself
has no status column, so nothing can disagree with its history (`cooperation.queries.status_on`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.agreements.models import Agreement
from samen.governance.models import AgendaItem, Meeting
from samen.parties.models import Party, Person


class Pillar(models.Model):
    """A pillar of the cooperation (art. 2 lid 1 sub a-g), created from the agreement's definition file."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="pillars")
    key = models.CharField(max_length=4)  # the letter of art. 2 lid 1: a..g
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["agreement", "position"]
        constraints = [models.UniqueConstraint(fields=["agreement", "key"], name="pillar_unique_key")]

    def __str__(self) -> str:
        return f"{self.key}. {self.title}"

    @property
    def article(self) -> str:
        """The citation of the pillar in the agreement."""
        return f"art. 2 lid 1 sub {self.key}"


class Status(models.TextChoices):
    """An assignment's status at a date (on its progress updates)."""

    PREPARATION = "preparation", _("voorbereiding")
    IN_PROGRESS = "in_progress", _("in uitvoering")
    COMPLETED = "completed", _("afgerond")
    STOPPED = "stopped", _("gestopt")


class Assignment(models.Model):
    """An administrative assignment (bestuurlijke opdracht, art. 1 sub d) under a pillar.

    The principal (bestuurlijk opdrachtgever) is a bestuurder who sits on the board; the civil-service principal
    (ambtelijk opdrachtgever, art. 1 sub e) represents the circle of municipal secretaries. See docs/readings.md.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="assignments")
    pillar = models.ForeignKey(Pillar, on_delete=models.PROTECT, related_name="assignments")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    deliverables = models.TextField(blank=True)  # resultaten: what is to be delivered
    principal = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assignments_as_principal")
    civil_principal = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="assignments_as_civil_principal"
    )
    start = models.DateField()
    planned_end = models.DateField(null=True, blank=True)
    # Euros in whole cents; null when no budget is set aside for it.
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["agreement", "pillar__position", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True) | models.Q(planned_end__gte=models.F("start")),
                name="assignment_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0), name="assignment_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pillar.key}: {self.title}"


class ProjectGroupMember(models.Model):
    """A member of an assignment's project group on behalf of a party (art. 1 sub h), from start to until (inclusive)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("trekker")
        MEMBER = "member", _("lid")
        ADVISOR = "advisor", _("adviseur")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="members")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=16, choices=Role.choices)
    start = models.DateField()
    until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["assignment", "party__position", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("start")), name="projectgroupmember_until_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.party})"


class ProgressUpdate(models.Model):
    """The progress of an assignment on a date: its status then, a percentage and/or a milestone, a note."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices)
    percent = models.PositiveSmallIntegerField(null=True, blank=True)
    milestone = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["assignment", "on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__isnull=True) | models.Q(percent__lte=100), name="progress_percent_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} {self.on} {self.status}"


class MeetingLink(models.Model):
    """A meeting (and optionally its agenda item) that decided on or discussed an assignment."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="meeting_links")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(max_length=200, blank=True)  # e.g. "opdracht verleend", "voortgang besproken"

    class Meta:
        ordering = ["assignment", "meeting__held_on", "id"]

    def __str__(self) -> str:
        return f"{self.assignment} {self.meeting}"
