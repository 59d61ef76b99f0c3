"""The secret link of a user's calendar feed: derived, never stored (docs/security.md, "Calendar feed links").

A calendar client cannot send a bearer token or a session cookie, so the link itself is the secret:
`/kalender/<user id>-<mac>.ics`, where the mac is an HMAC-SHA256 (Django's `salted_hmac`, its own salt)
of the user's id and their `calendar_feed_generation` with SECRET_KEY, cut to 192 bits. Nothing secret
is in the database: the page can always show the user their link again, and resetting it adds one to the
generation (accounts.services.reset_calendar_feed), which changes the mac, so every earlier link fails.

Links made with a key in SECRET_KEY_FALLBACKS still open (a rotation does not cut every subscription at
once); once the old key is dropped, every link made with it answers 404 and users copy the new one from
their account page. A deactivated account's link, a demo account's outside demo mode, an unknown id and
a wrong or old mac all answer the same: nothing (the view's 404).
"""

from __future__ import annotations

import base64
import re
from typing import Any

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from samen.accounts.models import User

_SALT = "samen.accounts.calendar-feed"
_MAC_BYTES = 24
TOKEN_RE = re.compile(r"^([1-9][0-9]{0,17})-([A-Za-z0-9_-]{32})$")


def _mac(user_id: int, generation: int, secret: str) -> str:
    digest = salted_hmac(_SALT, f"{user_id}:{generation}", secret=secret, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:_MAC_BYTES]).decode("ascii")


def token_for(user: Any) -> str:
    """The current feed token of `user` (made with SECRET_KEY): `<id>-<mac>`."""
    return f"{user.pk}-{_mac(user.pk, user.calendar_feed_generation, settings.SECRET_KEY)}"


def user_for_token(token: str) -> User | None:
    """The active user whose current feed token `token` is (SECRET_KEY or a fallback), or None.

    The mac is compared in constant time with the one made with each key.
    """
    match = TOKEN_RE.match(token or "")
    if match is None:
        return None
    user_id, given = int(match.group(1)), match.group(2)
    user = User.objects.filter(pk=user_id).select_related("party", "agreement").first()
    generation = user.calendar_feed_generation if user is not None else 0
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    # Every key is tried, also when the user does not exist, so the answer takes as long either way.
    matched = [constant_time_compare(given, _mac(user_id, generation, key)) for key in keys]
    if user is None or not any(matched) or not user.is_active:
        return None
    from samen.accounts.demo_guard import is_refused_demo_account

    if is_refused_demo_account(user.username):  # outside demo mode a demo account's link opens nothing
        return None
    return user
