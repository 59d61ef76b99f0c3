"""Two-factor login (django-otp): who needs it, their devices, the QR code. Writes are in services.py.

A user whose role is in settings.TWO_FACTOR_ROLES (secretariat, chair, finance), and every
superuser, logs in with a password and then a code: a TOTP code from an authenticator app, or one
of ten recovery codes (each works once). `TwoFactorRequiredMiddleware` refuses every page and the
session-authenticated API to such a user until the session has passed the code step. Any other
user may enrol too, and is then asked for the code in the same way (`needs_code`).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import segno
from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10


def required_for(user: Any) -> bool:
    """Whether `user` must pass a second factor to use a session (pages, session API)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(getattr(user, "is_superuser", False)) or getattr(user, "role", None) in settings.TWO_FACTOR_ROLES


def needs_code(user: Any) -> bool:
    """Whether a session of `user` must pass the code step: required by the role, or a device they chose to enrol."""
    return required_for(user) or (bool(getattr(user, "is_authenticated", False)) and is_enrolled(user))


def totp_device(user: Any, *, confirmed: bool = True) -> TOTPDevice | None:
    """The user's (confirmed, or pending) authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-id").first()


def recovery_device(user: Any) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def is_enrolled(user: Any) -> bool:
    return totp_device(user) is not None


def remaining_recovery_codes(user: Any) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device is not None else 0


def is_verified(request: Any) -> bool:
    """Whether this session passed the second factor (django-otp's OTPMiddleware decides)."""
    user = request.user
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def base32_secret(device: TOTPDevice) -> str:
    """The device's secret in base32, as authenticator apps take it by hand (groups of four)."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def hex_key_from_base32(secret: str) -> str:
    """A base32 secret (spaces and case ignored) as django-otp's hex key; ValueError when it is not base32."""
    text = secret.replace(" ", "").upper()
    text += "=" * (-len(text) % 8)
    try:
        raw = base64.b32decode(text)
    except (binascii.Error, ValueError):
        raise ValueError(f"not a base32 secret: {secret!r}") from None
    if len(raw) < 10:
        raise ValueError("a TOTP secret needs at least 80 bits")
    return raw.hex()


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URI as a QR code, an SVG data URI (the CSP allows `img-src data:`, no inline script)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4, dark="#000", light="#fff"))
