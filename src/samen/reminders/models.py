"""One row per reminder claimed for one user: the record that makes each reminder go exactly once."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Reminder(models.Model):
    """A reminder of one deadline for one user, of one kind ("before-30", "before-7", "passed").

    The unique constraint is the exactly-once guarantee: a run claims a reminder by inserting its row
    in the same transaction that sends the mail, so a second run (or a second worker racing the first)
    cannot insert it again. A deadline that moves to another date is a new deadline (a new row).
    With a weekly digest the row is claimed at once and `sent_at` is set when the digest goes.
    """

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", "per e-mail"
        DIGEST = "digest", "weekoverzicht"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="reminders")
    deadline_id = models.CharField(max_length=200)
    deadline_date = models.DateField()
    kind = models.CharField(max_length=16)
    title = models.CharField(max_length=300)
    articles = models.CharField(max_length=200, blank=True)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    due_on = models.DateField(help_text="the day the run that claimed it was for (--as-of)")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "agreement", "deadline_id", "deadline_date", "kind"], name="reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.deadline_id} {self.deadline_date} {self.kind}"
