"""Writes for accounts: accounts and roles, passwords, the second factor, API tokens.

Every change of access is a service: it checks who may, runs in one transaction, records a
security event and appends to the audit chain. The audit contract (docs/security.md): an entry
that writes a User carries `obj=user, after=snapshot(user)`; one that writes an ApiToken
`obj=token, after=snapshot(token)`. Second-factor devices are never snapshotted (their secret
would enter the chain): their entries name the user and the device only.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.accounts import events, permissions, twofactor
from samen.accounts.models import ApiToken, ReminderDelivery, Role, SecurityEvent, User
from samen.audit import services as audit
from samen.core.errors import InvalidInput, NotAllowed, NotFound, Refused
from samen.core.rows import OneRow

Kind = SecurityEvent.Kind


def _slug(user: User) -> str:
    agreement = user.agreement if user.agreement_id else None
    return getattr(agreement, "slug", "")


@transaction.atomic
def create_account(
    *, actor: Any, username: str, role: str, agreement: Any, password: str, display_name: str = "", party: Any = None, email: str = ""
) -> User:
    """Create an account with a role in `agreement`; a representative is bound to one party."""
    audit.lock_for_write()  # before checking that the username is free
    if role not in Role.values:
        raise InvalidInput("account.role", f"Onbekende rol {role!r}; kies uit {', '.join(Role.values)}.", field="role")
    if role == Role.REPRESENTATIVE and party is None:
        raise InvalidInput("account.party-required", "Een vertegenwoordiger hoort bij een partij.", field="party")
    if User.objects.filter(username=username).exists():
        raise InvalidInput("account.exists", f"Gebruiker {username!r} bestaat al.", field="username")
    email = _valid_email(email)
    user = User(username=username, role=role, party=party, agreement=agreement, first_name=display_name, email=email)
    user.set_password(password)
    user.save()
    audit.append(actor=actor, action="account.create", obj=user, after=audit.snapshot(user), agreement=getattr(agreement, "slug", ""))
    return user
    return user


@transaction.atomic
def change_role(*, actor: Any, user: User, role: str, party: Any = None, request: Any = None) -> User:
    """Give `user` another role (and, for a representative, a party); audited, with a security event.

    A user who moves into a role that needs two factors must enrol at their next request.
    """
    permissions.require(actor, "manage_accounts")
    if role not in Role.values:
        raise InvalidInput("account.role", f"Onbekende rol {role!r}; kies uit {', '.join(Role.values)}.", field="role")
    if role == Role.REPRESENTATIVE and party is None:
        raise InvalidInput("account.party-required", "Een vertegenwoordiger hoort bij een partij.", field="party")
    audit.lock_for_write()
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.agreement_id is not None and party is not None and party.agreement_id != user.agreement_id:
        raise InvalidInput("account.party-other-agreement", "Die partij hoort bij een andere overeenkomst.", field="party")
    before = audit.snapshot(user)
    old = user.role
    user.role = role
    user.party = party
    user.save(update_fields=["role", "party"])
    audit.append(actor=actor, action="account.role-change", obj=user, before=before, after=audit.snapshot(user), agreement=_slug(user))
    events.record(Kind.ROLE_CHANGED, user=user, request=request, detail=f"{old} -> {role} (door {audit.actor_name(actor)})")
    return user


# --- passwords ----------------------------------------------------------------------------------


@transaction.atomic
def set_password(*, actor: Any, user: User, password: str, how: str = "change", request: Any = None) -> User:
    """Set a new password (`how`: "change" by the user, "reset" through the e-mailed link).

    Revokes all of the user's API tokens in the same transaction: whoever had the old password
    may have made one. Other sessions end too (Django checks the password hash in the session).
    """
    if how not in ("change", "reset"):
        raise InvalidInput("password.how", "Kies change of reset.", field="how")
    if not permissions.is_system(actor) and getattr(actor, "pk", None) != user.pk:
        raise NotAllowed("auth.forbidden", "Alleen de gebruiker zelf wijzigt het eigen wachtwoord.")
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    user.save(update_fields=["password"])
    action, kind = {
        "change": ("account.password-change", Kind.PASSWORD_CHANGED),
        "reset": ("account.password-reset", Kind.PASSWORD_RESET),
    }[how]
    audit.append(actor=actor, action=action, obj=user, after=audit.snapshot(user), agreement=_slug(user))
    events.record(kind, user=user, request=request)
    for token in ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True):
        _revoke(actor=actor, token=token, request=request, reason="wachtwoord gewijzigd")
    return user


# --- the second factor --------------------------------------------------------------------------


@transaction.atomic
def start_totp_enrolment(*, user: User) -> TOTPDevice:
    """The pending (unconfirmed) authenticator device for `user`, made once; it grants nothing until confirmed.

    Not audited: an unconfirmed device changes no access (confirm_totp is audited).
    """
    device = twofactor.totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator-app", confirmed=False)
    return device


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="herstelcodes", confirmed=True)
    codes = []
    while len(codes) < twofactor.RECOVERY_CODES:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def _enrolled(*, actor: Any, user: User, device: TOTPDevice, request: Any, detail: str) -> None:
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    audit.append(
        actor=actor,
        action="account.2fa-enrol",
        object_type="otp_totp.totpdevice",
        object_id=str(device.pk),
        after={"user": user.username, "device": device.name, "confirmed": True},
        agreement=_slug(user),
    )
    events.record(Kind.TWO_FACTOR_ENROLLED, user=user, request=request, detail=detail)


def confirm_totp(*, actor: Any, user: User, code: str, request: Any = None) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator device with a code from it; returns it and ten new recovery codes.

    The codes are shown once; only they are stored (django-otp's static device). Any earlier
    device of the user is removed. A wrong code is refused, and the refusal (django-otp's
    throttle, the security event) is kept.
    """
    if not permissions.is_system(actor) and getattr(actor, "pk", None) != user.pk:
        raise NotAllowed("auth.forbidden", "Alleen de gebruiker zelf stelt de tweede stap in.")
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-id").first()
        if device is None:
            raise Refused("2fa.no-pending-device", "Er wordt geen authenticator-app ingesteld; begin opnieuw.", field="code")
        verified = device.verify_token(_digits(code))
    if not verified:
        events.record(Kind.TWO_FACTOR_FAILED, user=user, request=request, detail="bij instellen")
        raise InvalidInput("2fa.wrong-code", "Deze code klopt niet. Vul de code in die de app nu toont.", field="code")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        _enrolled(actor=actor, user=user, device=device, request=request, detail="authenticator-app ingesteld")
    return device, codes


@transaction.atomic
def renew_recovery_codes(*, actor: Any, user: User, request: Any = None) -> list[str]:
    """Ten new recovery codes for `user` (the old ones stop working); shown once."""
    if not permissions.is_system(actor) and getattr(actor, "pk", None) != user.pk:
        raise NotAllowed("auth.forbidden", "Alleen de gebruiker zelf maakt nieuwe herstelcodes.")
    codes = _new_recovery_codes(user)
    audit.append(
        actor=actor,
        action="account.recovery-codes",
        object_type="accounts.user",
        object_id=str(user.pk),
        after={"user": user.username, "recovery_codes": len(codes)},
        agreement=_slug(user),
    )
    events.record(Kind.TWO_FACTOR_ENROLLED, user=user, request=request, detail="nieuwe herstelcodes")
    return codes


@transaction.atomic
def enrol_demo_totp(*, actor: Any, user: User, secret: str) -> TOTPDevice | None:
    """Demo mode only: enrol `user` with the known base32 `secret` (SAMEN_DEMO_TOTP_SECRET); None when already so."""
    if not settings.DEMO_MODE:
        raise RuntimeError("demo second factors exist only in demo mode (SAMEN_DEMO=1)")
    try:
        key = twofactor.hex_key_from_base32(secret)
    except ValueError as e:
        raise InvalidInput("2fa.demo-secret", f"SAMEN_DEMO_TOTP_SECRET: {e}", field="SAMEN_DEMO_TOTP_SECRET") from None
    current = twofactor.totp_device(user)
    if current is not None and current.key == key:
        return None
    device = TOTPDevice.objects.create(user=user, name="demo", key=key, confirmed=True)
    _enrolled(actor=actor, user=user, device=device, request=None, detail="demogeheim (SAMEN_DEMO_TOTP_SECRET)")
    return device


def _digits(code: str) -> str:
    return "".join(ch for ch in str(code) if not ch.isspace())


def verify_second_factor(*, user: User, code: str, request: Any = None) -> Any:
    """Check a code from the authenticator app, or a recovery code (used up); the device that took it, or None.

    django-otp refuses a TOTP code used before (replay) and slows down guessing (each failure
    doubles the wait before the next try counts). Every outcome is a security event.
    """
    text = _digits(code).replace("-", "").lower()
    device: Any = None
    with transaction.atomic():
        if text.isdigit():
            candidate = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("-id").first()
            if candidate is not None and candidate.verify_token(text):
                device = candidate
        elif text:
            candidate = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("-id").first()
            if candidate is not None and candidate.verify_token(text):
                device = candidate
    if device is None:
        events.record(Kind.TWO_FACTOR_FAILED, user=user, request=request)
    elif isinstance(device, StaticDevice):
        left = device.token_set.count()
        events.record(Kind.RECOVERY_CODE_USED, user=user, request=request, detail=f"nog {left} over")
    else:
        events.record(Kind.TWO_FACTOR_VERIFIED, user=user, request=request)
    return device


@transaction.atomic
def reset_second_factor(*, actor: Any, user: User, request: Any = None) -> None:
    """Remove a user's devices and recovery codes (a lost phone): they enrol again at their next login."""
    permissions.require(actor, "manage_accounts")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.append(
        actor=actor,
        action="account.2fa-reset",
        object_type="accounts.user",
        object_id=str(user.pk),
        after={"user": user.username, "devices": 0},
        agreement=_slug(user),
    )
    events.record(Kind.TWO_FACTOR_ENROLLED, user=user, request=request, detail=f"verwijderd door {audit.actor_name(actor)}")


# --- API tokens ---------------------------------------------------------------------------------


def token_hash(key: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_api_token(*, actor: Any, username: str, label: str, days: int | None = None, request: Any = None) -> tuple[ApiToken, str]:
    """Create a bearer token for `username`; returns the record and the token (shown only now).

    It expires after `days` (default SAMEN_TOKEN_DAYS, 90).
    """
    user = User.objects.filter(username=username).first()
    if user is None:
        raise InvalidInput("account.unknown", f"Geen gebruiker {username!r}.", field="username")
    if not permissions.is_system(actor) and getattr(actor, "pk", None) != user.pk:
        raise NotAllowed("auth.forbidden", "Alleen de gebruiker zelf of de beheerder maakt een token.")
    days = settings.TOKEN_DAYS if days is None else days
    if not 1 <= days <= 366:
        raise InvalidInput("token.days", "Een token geldt 1 tot 366 dagen.", field="days")
    key = "samen_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, label=(label or "api")[:120], key_sha256=token_hash(key), expires_at=timezone.now() + timedelta(days=days)
    )
    audit.append(actor=actor, action="api-token.create", obj=token, after=audit.snapshot(token), agreement=_slug(user))
    events.record(Kind.TOKEN_CREATED, user=user, request=request, detail=f"token {token.pk} ({token.label})")
    return token, key


def _revoke(*, actor: Any, token: ApiToken, request: Any, reason: str) -> ApiToken:
    before = audit.snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.append(actor=actor, action="api-token.revoke", obj=token, before=before, after=audit.snapshot(token), agreement=_slug(token.user))
    events.record(Kind.TOKEN_REVOKED, user=token.user, request=request, detail=f"token {token.pk} ({token.label}): {reason}")
    return token


@transaction.atomic
def revoke_api_token(*, actor: Any, token_id: int, request: Any = None) -> ApiToken:
    """Revoke one token: its owner may, and the system (the command line) or a superuser."""
    token = ApiToken.objects.select_for_update().select_related("user").filter(pk=token_id).first()
    mine = token is not None and getattr(actor, "pk", None) == token.user_id
    if token is None or not (mine or permissions.is_system(actor) or getattr(actor, "is_superuser", False)):
        raise NotFound("token.unknown", f"Geen token {token_id}.", field="id")
    if token.revoked:
        raise Refused("token.already-revoked", f"Token {token_id} is al ingetrokken.", field="id")
    return _revoke(actor=actor, token=token, request=request, reason=f"ingetrokken door {audit.actor_name(actor)}")


def tokens_of(user: User | None = None) -> QuerySet[ApiToken]:
    """A user's tokens (or everyone's), newest first."""
    qs = ApiToken.objects.select_related("user")
    return qs.filter(user=user) if user is not None else qs


def user_for_token(key: str) -> User | None:
    """The active user a bearer token belongs to (not revoked, not expired), or None; notes when it was used.

    Asked on every API call: the token (by its hash, not expired) and then its user are each read by a statement
    compiled once per connection (samen.core.rows.OneRow) instead of one built by the ORM each time."""
    now = timezone.now()
    token = _TOKEN.get(token_hash(key), now)
    if token is None or token.revoked_at is not None:
        return None
    from samen.accounts.demo_guard import DemoGuardedModelBackend

    # Read as a session's user is read: the same row, and the same refusal of an inactive user and, outside demo
    # mode, of a demo account (whose token then opens nothing).
    user = DemoGuardedModelBackend().get_user(token.user_id)
    if user is None:
        return None
    if token.last_used_at is None or token.last_used_at < now - timedelta(minutes=1):  # noted at most once a minute
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # usage, not a change of access: no audit entry
    return user


# A token by its hash (unique), not expired; whether it is revoked is read from the row.
_TOKEN = OneRow(ApiToken, "key_sha256", "expires_at__gt")


# --- the calendar feed's secret link ------------------------------------------------------------


@transaction.atomic
def reset_calendar_feed(*, actor: Any, user: User, request: Any = None) -> User:
    """A new secret link for `user`'s calendar feed; every earlier link stops working (accounts.feeds).

    The user themself, a superuser or the system (the command line) may. The generation that the link
    is derived from goes up by one; audited with the user's snapshot, and a security event.
    """
    if not (permissions.is_system(actor) or getattr(actor, "pk", None) == user.pk or getattr(actor, "is_superuser", False)):
        raise NotAllowed("auth.forbidden", "Alleen de gebruiker zelf vernieuwt de link van de eigen agenda.")
    user = User.objects.select_for_update().get(pk=user.pk)
    before = audit.snapshot(user)
    user.calendar_feed_generation += 1
    user.save(update_fields=["calendar_feed_generation"])
    audit.append(
        actor=actor, action="account.calendar-feed-reset", obj=user, before=before, after=audit.snapshot(user), agreement=_slug(user)
    )
    events.record(Kind.CALENDAR_FEED_RESET, user=user, request=request, detail=f"door {audit.actor_name(actor)}")
    return user


# --- reminders: the address and how they arrive (samen.reminders) -------------------------------------------


def _valid_email(email: str) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidInput("account.email", f"Geen geldig e-mailadres: {email!r}.", field="email") from None
    return email


def _self_or_system(actor: Any, user: User, what: str) -> None:
    if not (permissions.is_system(actor) or getattr(actor, "pk", None) == user.pk or getattr(actor, "is_superuser", False)):
        raise NotAllowed("auth.forbidden", f"Alleen de gebruiker zelf wijzigt {what}.")


@transaction.atomic
def set_email(*, actor: Any, user: User, email: str) -> User:
    """Set the address reminders (and password resets) go to; the user themself, a superuser or the system."""
    _self_or_system(actor, user, "het e-mailadres")
    email = _valid_email(email)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = audit.snapshot(user)
    user.email = email
    user.save(update_fields=["email"])
    audit.append(actor=actor, action="account.email", obj=user, before=before, after=audit.snapshot(user), agreement=_slug(user))
    return user


@transaction.atomic
def set_reminder_delivery(*, actor: Any, user: User, delivery: str) -> User:
    """Reminders each by their own e-mail ("immediate") or in a weekly digest ("weekly"); audited."""
    _self_or_system(actor, user, "hoe herinneringen komen")
    if delivery not in ReminderDelivery.values:
        raise InvalidInput(
            "account.reminder-delivery", f"Kies {' of '.join(ReminderDelivery.values)}, niet {delivery!r}.", field="reminder_delivery"
        )
    user = User.objects.select_for_update().get(pk=user.pk)
    before = audit.snapshot(user)
    user.reminder_delivery = delivery
    user.save(update_fields=["reminder_delivery"])
    audit.append(
        actor=actor, action="account.reminder-delivery", obj=user, before=before, after=audit.snapshot(user), agreement=_slug(user)
    )
    return user
