"""Bodies of the agreement, who sits where (memberships), and meetings held."""

from __future__ import annotations

from django.db import models

from samen.agreements.models import Agreement
from samen.parties.models import Person


class Body(models.Model):
    """A body: board, core group, policy meeting, project group or the circle of secretaries."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="bodies")
    key = models.SlugField(max_length=32)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=120)
    kind = models.CharField(max_length=32)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["agreement", "position"]
        verbose_name_plural = "bodies"
        constraints = [models.UniqueConstraint(fields=["agreement", "key"], name="body_unique_key")]

    def __str__(self) -> str:
        return self.short_name


class Membership(models.Model):
    """A person's seat in a body, with a role and the period it runs (until is inclusive)."""

    class Role(models.TextChoices):
        CHAIR = "chair", "voorzitter"
        SECRETARY = "secretary", "secretaris"
        MEMBER = "member", "lid"
        OBSERVER = "observer", "deelnemer zonder stem"
        PRINCIPAL = "principal", "opdrachtgever"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    start = models.DateField()
    until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["body", "role", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("start")), name="membership_until_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.role} {self.body}"


class Meeting(models.Model):
    """A meeting of a body that was held (art. 5 lid 4 counts those of the board)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="meetings")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["agreement", "held_on"]

    def __str__(self) -> str:
        return f"{self.body} {self.held_on}"
