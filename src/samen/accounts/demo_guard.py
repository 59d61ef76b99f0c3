"""Outside demo mode the demo accounts are dead: they neither log in nor keep a session.

The demo accounts have a published password (`samen-demo`), so a database that was once run in
demo mode and is then switched to production (`SAMEN_DEMO=0`) must not let them in. The accounts
are known by name (`samen.demo.ACCOUNTS`); outside demo mode those usernames are reserved and no
password opens them. `DemoGuardedModelBackend` replaces Django's model backend: its
`user_can_authenticate` is asked both at login and for every request of an existing session
(`get_user`), so a session opened in demo mode ends too.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from samen.core.rows import OneRow


@functools.cache
def _user_reader() -> OneRow:
    return OneRow(get_user_model(), "pk")


def demo_usernames() -> frozenset[str]:
    """The usernames of the demo accounts (reserved outside demo mode)."""
    from samen.demo import ACCOUNTS

    return frozenset(ACCOUNTS)


def is_refused_demo_account(username: str | None) -> bool:
    """Whether `username` is a demo account while demo mode is off."""
    return not settings.DEMO_MODE and (username or "").lower() in demo_usernames()


class DemoGuardedModelBackend(ModelBackend):
    """Django's model backend, except that outside demo mode the demo accounts cannot authenticate.

    The user of a session is read on every request by a statement compiled once (samen.core.rows.OneRow): the same
    row as `ModelBackend.get_user`'s `get(pk=...)`, then the same `user_can_authenticate` (inactive users and, outside
    demo mode, the demo accounts are refused)."""

    def get_user(self, user_id: Any) -> Any:
        user = _user_reader().get(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user: Any) -> bool:
        if is_refused_demo_account(getattr(user, "username", None)):
            return False
        return super().user_can_authenticate(user)
