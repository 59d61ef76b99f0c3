"""Writes for accounts: API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction

from samen.accounts import permissions
from samen.accounts.models import ApiToken, Role, User
from samen.audit import services as audit
from samen.core.errors import InvalidInput, NotAllowed


@transaction.atomic
def create_account(
    *, actor: Any, username: str, role: str, agreement: Any, password: str, display_name: str = "", party: Any = None
) -> User:
    """Create an account with a role in `agreement`; a representative is bound to one party."""
    audit.lock_for_write()  # before checking that the username is free
    if role not in Role.values:
        raise InvalidInput("account.role", f"Onbekende rol {role!r}; kies uit {', '.join(Role.values)}.", field="role")
    if role == Role.REPRESENTATIVE and party is None:
        raise InvalidInput("account.party-required", "Een vertegenwoordiger hoort bij een partij.", field="party")
    if User.objects.filter(username=username).exists():
        raise InvalidInput("account.exists", f"Gebruiker {username!r} bestaat al.", field="username")
    user = User(username=username, role=role, party=party, agreement=agreement, first_name=display_name)
    user.set_password(password)
    user.save()
    audit.append(actor=actor, action="account.create", obj=user, after=audit.snapshot(user), agreement=getattr(agreement, "slug", ""))
    return user


@transaction.atomic
def change_role(*, actor: Any, user: User, role: str, party: Any = None) -> User:
    """Give `user` another role (and party, for a representative); only the system or a superuser may.

    One audit entry with the account before and after (audit.tracking: never the password hash).
    """
    if not (permissions.is_system(actor) or getattr(actor, "is_superuser", False)):
        raise NotAllowed("auth.forbidden", "Alleen een beheerder mag rollen wijzigen (change_role).")
    if role not in Role.values:
        raise InvalidInput("account.role", f"Onbekende rol {role!r}; kies uit {', '.join(Role.values)}.", field="role")
    if role == Role.REPRESENTATIVE and party is None:
        raise InvalidInput("account.party-required", "Een vertegenwoordiger hoort bij een partij.", field="party")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.agreement_id is not None and party is not None and party.agreement_id != user.agreement_id:
        raise InvalidInput("account.party-other-agreement", "Die partij hoort bij een andere overeenkomst.", field="party")
    before = audit.snapshot(user)
    user.role, user.party = role, party
    user.save(update_fields=["role", "party"])
    slug = user.agreement.slug if user.agreement_id else ""
    audit.append(actor=actor, action="account.change-role", obj=user, before=before, after=audit.snapshot(user), agreement=slug)
    return user


def token_hash(key: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_api_token(*, actor: Any, username: str, label: str) -> tuple[ApiToken, str]:
    """Create a bearer token for `username`; returns the record and the token (shown only now)."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise InvalidInput("account.unknown", f"Geen gebruiker {username!r}.", field="username")
    key = "samen_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, label=label or "api", key_sha256=token_hash(key))
    audit.append(actor=actor, action="api-token.create", obj=token, after={"user": username, "label": token.label})
    return token, key


def user_for_token(key: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    token = ApiToken.objects.select_related("user").filter(key_sha256=token_hash(key), revoked=False).first()
    if token is None or not token.user.is_active:
        return None
    from samen.accounts.demo_guard import is_refused_demo_account

    if is_refused_demo_account(token.user.username):  # outside demo mode a demo account's token opens nothing
        return None
    return token.user
