"""Authentication backends: the login lockout.

Two limits (docs/security.md, "Lockout"):

- django-axes: AXES_FAILURE_LIMIT (5) failures for one username from one address lock that pair
  for AXES_COOLOFF_TIME. Someone who mistypes is stopped early, and nobody else is affected.
- per username, across addresses (here): LOGIN_USERNAME_FAILURE_LIMIT (20) failed logins for one
  username within LOGIN_USERNAME_WINDOW_MINUTES (15), since that user's last successful login,
  lock that username from every address until the window has passed. This stops a guesser who
  spreads attempts over many addresses (200 guesses from 50 addresses), and caps guessing at
  about 80 an hour per account (OWASP ASVS 2.2.1 asks for at most 100).

Nothing locks an address as such: behind a shared proxy every user has the same address, and one
attacker there must not lock every user out. The failures are counted from the security events
(`SecurityEvent`, kind login-failed), which are recorded anyway.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.utils import timezone


def username_limit() -> int:
    return int(settings.LOGIN_USERNAME_FAILURE_LIMIT)


def username_failures(username: str) -> int:
    """Failed logins for `username` (from any address) within the window, since its last successful login."""
    from samen.accounts.models import SecurityEvent

    since = timezone.now() - timedelta(minutes=settings.LOGIN_USERNAME_WINDOW_MINUTES)
    last_login = (
        SecurityEvent.objects.filter(username=username, kind=SecurityEvent.Kind.LOGIN, at__gte=since)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if last_login is not None:
        since = last_login
    return SecurityEvent.objects.filter(username=username, kind=SecurityEvent.Kind.LOGIN_FAILED, at__gt=since).count()


def username_locked(username: str | None) -> bool:
    """Whether `username` is locked from every address (too many failures within the window)."""
    return bool(username) and username_failures(str(username)) >= username_limit()


class LockoutBackend(AxesStandaloneBackend):
    """django-axes lockout per username+address, plus the lockout per username across addresses.

    Only for logins that come with a request (the login page, the admin). A call without a request
    does not come from the web (the test client, a shell): there is no address to lock out, so this
    backend steps aside instead of refusing, and the model backend decides.
    """

    def authenticate(self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any) -> Any:
        if request is None:
            return None
        if username_locked(username):
            # Refused even with the right password; AxesMiddleware answers with the lockout page.
            request.samen_lockout = "gebruikersnaam"
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("samen: this username is locked after too many failures")
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            request.samen_lockout = "gebruikersnaam en adres"
            raise
