"""The public address samen is reached at (SAMEN_BASE_URL), for links and identifiers that leave samen."""

from __future__ import annotations

from typing import Any

from django.conf import settings

FALLBACK = "http://localhost:8000"


def base_url(request: Any = None) -> str:
    """SAMEN_BASE_URL; without it, the scheme and host of `request`, else http://localhost:8000 (no trailing slash)."""
    configured = str(getattr(settings, "SAMEN_BASE_URL", "") or "").rstrip("/")
    if configured:
        return configured
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return FALLBACK


def absolute(path: str, request: Any = None) -> str:
    """`path` (starting with /) under the base address."""
    return base_url(request) + path
