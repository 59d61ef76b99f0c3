"""Refuse a session that has not passed the second factor, for users who must have one.

After the password step the session is logged in but not verified. Until the code step (or, for
a user without a device, enrolment) is done, every page redirects there and the API treats the
session as not logged in (401). Only the login steps, logout, password reset, the language
switch, static files and the health check are open. A bearer token is its own factor: a request
that authenticates with one (the API's BearerToken) is not touched here (docs/security.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import LazyObject, empty
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.accounts import twofactor
from samen.core.rows import OneRow

# /kalender/: the calendar feed answers to its secret link, never to the session (samen.publication.views).
OPEN_PREFIXES = ("/static/", "/healthz", "/i18n/", "/favicon.ico", "/kalender/")
OPEN_VIEWS = frozenset(
    {
        "web:login",
        "web:login_code",
        "web:two_factor_setup",
        "web:logout",
        "web:password_reset",
        "web:password_reset_done",
        "web:password_reset_confirm",
        "web:password_reset_complete",
        "set_language",
    }
)


def _open(request: HttpRequest) -> bool:
    if request.path.startswith(OPEN_PREFIXES):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in OPEN_VIEWS


# The devices samen enrols, by the label in their persistent id ("otp_totp.totpdevice/7"), each read by id.
_DEVICES = {model.model_label(): OneRow(model, "id") for model in (TOTPDevice, StaticDevice)}


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's OTPMiddleware, with the session's device read by a statement compiled once (samen.core.rows).

    The device found is the one `Device.from_persistent_id` finds (by its model and id; a malformed id finds none),
    and django-otp itself then refuses a device of another user or one not confirmed (`_finalize_device`). A session
    naming a kind of device samen does not enrol (only the two above) has no device: django-otp's own lookup would
    fail with an error on a label that is not a device at all."""

    def _device_from_persistent_id(self, persistent_id: str) -> Any:
        persistent_id = self._normalize_persistent_id(persistent_id)
        label, _, device_id = persistent_id.rpartition("/")
        reader = _DEVICES.get(label)
        if reader is None:
            return None
        try:
            return reader.get(int(device_id))
        except ValueError:
            return None


def _unwrapped(user: Any) -> Any:
    """The object inside `user`'s lazy wrappers, once they have been evaluated (a `SimpleLazyObject` that has not
    been is left as it is)."""
    while isinstance(user, LazyObject) and user._wrapped is not empty:
        user = user._wrapped
    return user


class TwoFactorRequiredMiddleware:
    """After django-otp's OTPMiddleware: redirect or de-authenticate an unverified session that needs two factors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(OPEN_PREFIXES):
            return self.get_response(request)  # without touching the user, so the session is not even read
        user = request.user
        authenticated = getattr(user, "is_authenticated", False)  # reads the session's user, and its device
        # The user, read now, in place of the two lazy objects around it (auth's, then django-otp's): every later
        # attribute read (the permissions, the menu, the templates: about 150 per page) went through both proxies.
        request.user = user = _unwrapped(user)
        if authenticated and not twofactor.is_verified(request) and twofactor.needs_code(user):
            # Pages of the login steps show no menu, account link or as-of bar until the code step is passed.
            request.two_factor_pending = True  # type: ignore[attr-defined]
            if request.path.startswith("/api/"):
                # The session does not count for the API; a bearer token still does.
                request.user = AnonymousUser()
            elif not _open(request):
                step = "web:login_code" if twofactor.is_enrolled(user) else "web:two_factor_setup"
                url = reverse(step) + "?" + urlencode({"next": request.get_full_path()})
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = url
                    return response
                return HttpResponseRedirect(url)
        return self.get_response(request)


# A session's idle expiry (SESSION_COOKIE_AGE) moves on at most once a minute: see SessionRenewalMiddleware.
RENEW_AFTER_SECONDS = 60
RENEWED_KEY = "_samen_renewed"


class SessionRenewalMiddleware:
    """Sliding idle expiry (30 minutes, settings.SESSION_COOKIE_AGE) without a database write on every request.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) renews its expiry exactly, but makes every
    page view a write, which queues readers behind the write lock. Here a request saves the session (with a new
    expiry, and the cookie's max-age) only when the last renewal is a minute old or more: a session expires after
    30 idle minutes, counted from a request at most a minute earlier than the last one. Runs inside Django's
    SessionMiddleware, which saves a modified session on the way out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            renewed = session.get(RENEWED_KEY, 0)
            if not isinstance(renewed, int) or now - renewed >= RENEW_AFTER_SECONDS:
                session[RENEWED_KEY] = now
        return response
