"""Accounts with a role in one agreement; a representative is bound to one party."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    """What a user is in the agreement; permissions follow from it (accounts/permissions.py)."""

    SECRETARIAT = "secretariat", "secretariaat"
    CHAIR = "chair", "voorzitter"
    REPRESENTATIVE = "representative", "vertegenwoordiger"
    FINANCE = "finance", "financiën"
    OBSERVER = "observer", "waarnemer"


class ReminderDelivery(models.TextChoices):
    """How a user receives reminders of deadlines (samen.reminders)."""

    IMMEDIATE = "immediate", "per e-mail"
    WEEKLY = "weekly", "weekoverzicht"


class User(AbstractUser):
    """A user of samen."""

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.OBSERVER)
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, null=True, blank=True, related_name="users")
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, null=True, blank=True, related_name="users")
    # The calendar feed's link is an HMAC of (SECRET_KEY, id, this number); resetting the link adds one,
    # so every earlier link stops working (accounts.feeds, accounts.services.reset_calendar_feed).
    calendar_feed_generation = models.PositiveIntegerField(default=0)
    # Reminders of deadlines (samen.reminders): each by its own e-mail, or collected in a weekly digest.
    reminder_delivery = models.CharField(max_length=10, choices=ReminderDelivery.choices, default=ReminderDelivery.IMMEDIATE)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="representative") | models.Q(party__isnull=False),
                name="representative_has_party",
            )
        ]


def default_token_expiry() -> datetime:
    """When a token made now expires: SAMEN_TOKEN_DAYS (default 90) days from now."""
    return timezone.now() + timedelta(days=settings.TOKEN_DAYS)


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once.

    A token works while it is not revoked and not expired; changing the password revokes all of
    the user's tokens (accounts.services.set_password).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(max_length=120)
    key_sha256 = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=default_token_expiry)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.label}"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def active(self) -> bool:
        return not self.revoked and not self.expired

    @property
    def status(self) -> str:
        """ "active", "revoked" or "expired"."""
        return "revoked" if self.revoked else "expired" if self.expired else "active"


class SecurityEvent(models.Model):
    """Something that happened to an account: a login, a failure, a lockout, a token, a role.

    Recorded for every attempt (accounts.events); those that change access also go into the audit
    chain, by the service that makes the change.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", "ingelogd"
        LOGIN_FAILED = "login-failed", "inloggen mislukt"
        LOCKOUT = "lockout", "geblokkeerd"
        LOGOUT = "logout", "uitgelogd"
        TWO_FACTOR_ENROLLED = "2fa-enrolled", "tweestapsverificatie ingesteld"
        TWO_FACTOR_VERIFIED = "2fa-verified", "tweede stap gehaald"
        TWO_FACTOR_FAILED = "2fa-failed", "tweede stap mislukt"
        RECOVERY_CODE_USED = "recovery-code-used", "herstelcode gebruikt"
        PASSWORD_CHANGED = "password-changed", "wachtwoord gewijzigd"
        PASSWORD_RESET = "password-reset", "wachtwoord hersteld"
        TOKEN_CREATED = "token-created", "API-token gemaakt"
        TOKEN_REVOKED = "token-revoked", "API-token ingetrokken"
        ROLE_CHANGED = "role-changed", "rol gewijzigd"
        CALENDAR_FEED_RESET = "calendar-feed-reset", "agendalink vernieuwd"

    kind = models.CharField(max_length=24, choices=Kind.choices)
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="security_events")
    username = models.CharField(max_length=150, blank=True, help_text="the username given (also when no such user exists)")
    address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["username", "kind", "at"], name="security_event_username")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"
