"""Bodies of the agreement, who sits where (memberships), and meetings held."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.agreements.models import Agreement
from samen.parties.models import Participant, Party, Person


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
    """A meeting of a body, planned or held (art. 5 lid 4 counts the board's held meetings).

    `held_on` is the meeting's one date: the day it is planned for, and the day it was held once
    its status is "held". Only held meetings are projected as `meeting-held` facts (records.queries);
    a cancelled (afgelast) meeting stays visible but is projected as nothing, so art. 5 lid 4 never counts it.

    The minutes (notulen) of a held meeting are drafted after it (`minutes`, status "draft") and adopted at a
    later held meeting of the same body (`minutes_adopted_at`, status "adopted"), possibly with changes
    (`minutes_amended`).
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("gepland")
        HELD = "held", _("gehouden")
        CANCELLED = "cancelled", _("afgelast")

    class MinutesStatus(models.TextChoices):
        NONE = "", _("geen")
        DRAFT = "draft", _("concept")
        ADOPTED = "adopted", _("vastgesteld")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="meetings")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.HELD)
    start_time = models.TimeField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    # Openbaar: a public meeting's agenda, decisions and public documents are published (ORI export);
    # the cooperation's bodies meet behind closed doors unless the secretariat marks a meeting public.
    public = models.BooleanField(default=False)
    minutes = models.TextField(blank=True)
    minutes_status = models.CharField(max_length=16, choices=MinutesStatus.choices, blank=True, default=MinutesStatus.NONE)
    minutes_adopted_at = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="adopted_minutes")
    minutes_amended = models.BooleanField(default=False)

    class Meta:
        ordering = ["agreement", "held_on"]

    def __str__(self) -> str:
        return f"{self.body} {self.held_on}"


class AgendaItem(models.Model):
    """One item of a meeting's agenda, in order; its decision and outcome are recorded when the meeting is held."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("aangenomen")
        REJECTED = "rejected", _("verworpen")
        POSTPONED = "postponed", _("aangehouden")
        NOTED = "noted", _("voor kennisgeving aangenomen")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    explanation = models.TextField(blank=True)
    proposal = models.TextField(blank=True)
    brought_by = models.CharField(max_length=200, blank=True)
    decision = models.TextField(blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["meeting", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Attendance(models.Model):
    """Whether a party or a participant was present at a held meeting (the presentielijst)."""

    class Status(models.TextChoices):
        PRESENT = "present", _("aanwezig")
        ABSENT = "absent", _("afwezig")
        REPRESENTED = "represented", _("vertegenwoordigd")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="attendances")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="attendances")
    status = models.CharField(max_length=16, choices=Status.choices)
    represented_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "party__position", "participant__code"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(party__isnull=False) & models.Q(participant__isnull=True))
                | (models.Q(party__isnull=True) & models.Q(participant__isnull=False)),
                name="attendance_party_xor_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.party or self.participant} {self.status}"
