"""Authentication backends."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes lockout for logins that come with a request (the login page, the admin).

    A call without a request does not come from the web (the test client, a shell): there is no
    address to lock out, so this backend steps aside instead of refusing, and the model backend
    decides.
    """

    def authenticate(self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
