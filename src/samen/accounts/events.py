"""Security events: who logged in, failed, was locked out, enrolled a second factor, made a token.

`record` writes one `SecurityEvent`; the signal receivers below record logins, failures, lockouts
and logouts wherever they happen (the login page, the admin). Events that change access are also
appended to the audit chain, by the service that makes the change (accounts/services.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from samen.accounts.models import SecurityEvent, User

Kind = SecurityEvent.Kind


def client_address(request: Any) -> str | None:
    """The client's address as the lockout sees it (django-axes: REMOTE_ADDR unless configured)."""
    if request is None or not hasattr(request, "META"):
        return None
    from axes.helpers import get_client_ip_address

    address = get_client_ip_address(request)
    return address or None


def record(kind: str, *, user: Any = None, username: str = "", request: Any = None, detail: str = "") -> SecurityEvent:
    """Record one security event (the username as given, truncated; the client's address)."""
    real = user if isinstance(user, User) else None
    name = username or (real.get_username() if real is not None else "")
    return SecurityEvent.objects.create(
        kind=kind, user=real, username=str(name)[:150], address=client_address(request), detail=detail[:200]
    )


def _username(credentials: dict[str, Any]) -> str:
    value = credentials.get("username") or credentials.get(User.USERNAME_FIELD) or ""
    return str(value).replace("\0", "")[:150]


@receiver(auth_signals.user_logged_in, dispatch_uid="samen-security-login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from samen.accounts import twofactor

    detail = "wachtwoord; tweede stap vereist" if twofactor.needs_code(user) else "wachtwoord"
    record(Kind.LOGIN, user=user, request=request, detail=detail)


@receiver(auth_signals.user_login_failed, dispatch_uid="samen-security-login-failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    from samen.accounts import backends

    username = _username(credentials)
    user = User.objects.filter(username=username).first() if username else None
    refused = getattr(request, "samen_lockout", "") if request is not None else ""
    if refused:
        record(Kind.LOCKOUT, user=user, username=username, request=request, detail=f"geweigerd: {refused}")
        return
    record(Kind.LOGIN_FAILED, user=user, username=username, request=request)
    if username and backends.username_failures(username) == backends.username_limit():
        record(Kind.LOCKOUT, user=user, username=username, request=request, detail="gebruikersnaam geblokkeerd (alle adressen)")


@receiver(auth_signals.user_logged_out, dispatch_uid="samen-security-logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(Kind.LOGOUT, user=user, request=request)


def _axes_locked_out(sender: Any, request: Any = None, username: str = "", ip_address: str = "", **kwargs: Any) -> None:
    """django-axes locked a username+address pair (the attempt that reached the limit)."""
    if request is not None and getattr(request, "samen_lockout", ""):
        return  # an attempt refused while locked: recorded by _login_failed
    user = User.objects.filter(username=username).first() if username else None
    record(Kind.LOCKOUT, user=user, username=username or "", request=request, detail="gebruikersnaam en adres geblokkeerd")


def connect() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_axes_locked_out, dispatch_uid="samen-security-axes-lockout")
