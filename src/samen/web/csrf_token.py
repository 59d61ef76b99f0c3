"""The CSRF token for a form, as `django.middleware.csrf.get_token` gives it, masked with one read of the OS's randomness.

Django masks the session's CSRF secret anew for every response (against BREACH): a token is 32 random characters
(the mask) followed by the secret with each character shifted by the mask's, all from CSRF_ALLOWED_CHARS. Django
draws the mask with `secrets.choice`, one `os.urandom` call per character: 72 us per token on the development
machine, 8 % of a kept dashboard's time, and paid on every page with a form. `masked_token` draws the same kind of
mask from one `secrets.token_bytes` (each byte below 248 = 4 x 62 taken modulo 62, the others skipped, so every
character stays equally likely) and shifts the secret the same way, in a few microseconds. The pages'
`{% csrf_token %}` takes it from `csrf` (settings.TEMPLATES), the kept dashboard directly. Django's
CsrfViewMiddleware checks it as its own (`tests/web/test_cached_dashboard.py` posts with it;
`tests/web/test_csrf_token.py` unmasks it).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.functional import SimpleLazyObject

_CHARS = CSRF_ALLOWED_CHARS
_COUNT = len(_CHARS)  # 62
_FAIR = 256 - 256 % _COUNT  # bytes from here up would make the first characters likelier
_INDEX = {char: i for i, char in enumerate(_CHARS)}


def masked_token(request: HttpRequest) -> str:
    """`get_token(request)`: the request's CSRF secret, masked anew (and the cookie renewed, as `get_token` does)."""
    secret = request.META.get("CSRF_COOKIE")
    if not isinstance(secret, str) or len(secret) != CSRF_SECRET_LENGTH or not set(secret) <= _INDEX.keys():
        return get_token(request)  # no secret yet (Django makes one and sets its cookie), or one of another form
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as get_token: the cookie is sent again, its expiry renewed
    mask = _mask()
    index = _INDEX
    return mask + "".join([_CHARS[(index[s] + index[m]) % _COUNT] for s, m in zip(secret, mask, strict=True)])


def _mask() -> str:
    """CSRF_SECRET_LENGTH characters of CSRF_ALLOWED_CHARS, each equally likely."""
    chars: list[str] = []
    while len(chars) < CSRF_SECRET_LENGTH:
        # 40 bytes: fewer than 32 of them below _FAIR happens about three times in a million draws; then more are read.
        chars += [_CHARS[b % _COUNT] for b in secrets.token_bytes(40) if b < _FAIR]
    return "".join(chars[:CSRF_SECRET_LENGTH])


def csrf(request: HttpRequest) -> dict[str, Any]:
    """The template context's `csrf_token` (what `{% csrf_token %}` writes), masked by `masked_token` when a form asks
    for it: in place of Django's built-in processor, which RequestContext runs first and this one overrides."""
    return {"csrf_token": SimpleLazyObject(lambda: masked_token(request))}
