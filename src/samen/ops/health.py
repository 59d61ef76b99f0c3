"""GET /healthz: is this app server up and can it reach its database? For load balancers and benchmarks.

No login, no session, no cookie: the view reads neither `request.user` nor `request.session`, so
the session and CSRF middleware leave the response alone. One `SELECT 1`, nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        problem = {
            "type": "https://samen.example/problems/health.database-unreachable",
            "title": "Database niet bereikbaar",
            "status": 503,
            "detail": "De database antwoordt niet op SELECT 1.",
            "code": "health.database-unreachable",
        }
        return HttpResponse(json.dumps(problem), status=503, content_type="application/problem+json")
    return HttpResponse(b'{"status": "ok"}', content_type="application/json")


class HealthCheckMiddleware:
    """Answer `GET /healthz` before the session, CSRF, authentication and two-factor middleware run.

    A probe that happens to carry a session cookie would otherwise read it, and renew it once a minute
    (accounts.middleware.SessionRenewalMiddleware, docs/security.md). Placed after SecurityMiddleware
    (its HTTPS redirect exempts /healthz) and before SessionMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return healthz(request)
        return self.get_response(request)
