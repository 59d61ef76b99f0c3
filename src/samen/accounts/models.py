"""Accounts with a role in one agreement; a representative is bound to one party."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    """What a user is in the agreement; permissions follow from it (accounts/permissions.py)."""

    SECRETARIAT = "secretariat", "secretariaat"
    CHAIR = "chair", "voorzitter"
    REPRESENTATIVE = "representative", "vertegenwoordiger"
    FINANCE = "finance", "financiën"
    OBSERVER = "observer", "waarnemer"


class User(AbstractUser):
    """A user of samen."""

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.OBSERVER)
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, null=True, blank=True, related_name="users")
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, null=True, blank=True, related_name="users")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="representative") | models.Q(party__isnull=False),
                name="representative_has_party",
            )
        ]


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(max_length=120)
    key_sha256 = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user} {self.label}"
