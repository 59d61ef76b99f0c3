"""The calendar feed at /kalender/<token>.ics: no session, no login; the secret link is the key (accounts.feeds)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from samen.accounts import feeds
from samen.api_support import RateLimited, rate_limit
from samen.publication import ics


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed of the user whose current link this is; 404 for any other token, a deactivated user included."""
    user = feeds.user_for_token(token)
    if user is None:
        raise Http404("Deze agendalink bestaat niet (meer).")
    try:
        rate_limit(request, "calendar-feed", limit=settings.SAMEN_CALENDAR_RATE, window=60, user=user)
    except RateLimited as e:
        response = HttpResponse(e.message, status=429, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(e.retry_after)
        return response
    response = HttpResponse(ics.calendar_for(user, request=request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="samen.ics"'
    # The link is a secret: no shared cache keeps the feed, no page it links to learns the link.
    response["Cache-Control"] = "private, max-age=0, no-cache"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
