"""A user's calendar feed (iCalendar, RFC 5545, with the `icalendar` package): their meetings and the deadlines they may see.

Meetings: those of the bodies the user takes part in (`accounts.permissions.calendar_scope`): every
body for the host's staff, the bodies where their party holds a seat on the meeting's date for a
representative, the bodies with a participant's seat for an observer. A meeting with a start time is a
timed event in Europe/Amsterdam (TZID, with the VTIMEZONE in the feed) blocking `MEETING_HOURS` (samen
records no end time); without one it is an all-day event. A cancelled meeting stays in the feed with
STATUS:CANCELLED, so calendars strike it instead of keeping a stale copy.

Deadlines: exactly those of the dashboard (`web.queries.dashboard` for the same user and today: the
rules' evaluation with the user's permissions applied by `records.queries`), each an all-day event
that cites its articles and links to its explanation page.

UIDs are stable (`meeting-<id>@samen`, `<deadline id>.<agreement>@samen`) so that a client updates an
event rather than adding a copy.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from samen.accounts import permissions
from samen.agreements.models import Agreement
from samen.governance.models import Meeting, Membership
from samen.publication.addresses import base_url
from samen.web import queries

TZID = "Europe/Amsterdam"
ZONE = ZoneInfo(TZID)
# samen records when a meeting starts, not when it ends: a calendar blocks this long.
MEETING_HOURS = 2
# Calendar clients that honour it ask again after this long (REFRESH-INTERVAL, X-PUBLISHED-TTL).
REFRESH = timedelta(hours=1)
CANCELLED = "cancelled"  # a meeting status, when the meetings know one


def meetings_for(user: Any, agreement: Agreement) -> QuerySet[Meeting]:
    """The meetings in `user`'s feed, by date (see the module's docstring; none for an unknown role)."""
    scope = permissions.calendar_scope(user)
    qs = Meeting.objects.filter(agreement=agreement).select_related("body").prefetch_related("agenda_items").order_by("held_on", "pk")
    if scope == "all":
        return qs
    seated_on_the_day = Q(body=OuterRef("body"), start__lte=OuterRef("held_on")) & (
        Q(until__isnull=True) | Q(until__gte=OuterRef("held_on"))
    )
    if scope == "party":
        return qs.filter(Exists(Membership.objects.filter(seated_on_the_day, person__party_id=user.party_id)))
    if scope == "participants":
        return qs.filter(Exists(Membership.objects.filter(seated_on_the_day, person__participant__isnull=False)))
    return qs.none()


def _timezone() -> icalendar.Timezone:
    """Europe/Amsterdam as a VTIMEZONE: the EU rule (last Sunday of March and of October) that holds since 1996."""
    tz = icalendar.Timezone()
    tz.add("tzid", TZID)
    tz.add("x-lic-location", TZID)
    summer = icalendar.TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("dtstart", datetime(1996, 3, 31, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = icalendar.TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("dtstart", datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def _meeting_event(m: Meeting, base: str, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"meeting-{m.pk}@samen")
    event.add("dtstamp", stamp)
    name = m.title or f"{m.body.short_name} {m.held_on:%d-%m-%Y}"
    cancelled = m.status == CANCELLED
    event.add("summary", _("Geannuleerd: %(name)s") % {"name": name} if cancelled else name)
    if m.start_time is not None:
        event.add("dtstart", datetime.combine(m.held_on, m.start_time, tzinfo=ZONE))
        event.add("duration", timedelta(hours=MEETING_HOURS))
    else:
        event.add("dtstart", m.held_on)
        event.add("dtend", m.held_on + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    if m.place:
        event.add("location", m.place)
    url = base + reverse("web:meeting", args=[m.pk])
    lines = [m.body.name, f"{_('Status')}: {m.get_status_display()}"]
    items = list(m.agenda_items.all())
    if items:
        lines += ["", _("Agenda:")] + [f"{i.position}. {i.title}" for i in items]
    lines += ["", url]
    event.add("description", "\n".join(lines))
    event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("categories", [_("Vergadering")])
    return event


def _deadline_event(d: dict[str, Any], agreement: Agreement, base: str, stamp: datetime) -> icalendar.Event:
    day = date.fromisoformat(d["date"])
    cited = ", ".join(d.get("articles", []))
    event = icalendar.Event()
    event.add("uid", f"{d['id']}.{agreement.slug}@samen")
    event.add("dtstamp", stamp)
    event.add("summary", _("Termijn: %(title)s") % {"title": d["title"]} + (f" ({cited})" if cited else ""))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    url = base + reverse("web:explanation", args=[d["id"]])
    status = f"{_('Stand')}: {d['status_label']}" if d.get("status_label") else ""
    parts = [p for p in (status, str(d.get("explanation", "")), f"{_('Uitleg')}: {url}") if p]
    event.add("description", "\n\n".join(parts))
    event.add("url", url)
    event.add("categories", [_("Termijn")])
    return event


def calendar_for(user: Any, *, today: date | None = None, request: Any = None) -> bytes:
    """The feed of `user` as iCalendar bytes (UTF-8): their meetings and the dashboard's deadlines as of `today`."""
    agreement = queries.agreement_for(user)
    permissions.require(user, "view_agreement")
    today = today or date.today()
    base = base_url(request)
    stamp = datetime.now(UTC).replace(microsecond=0)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//samen//agenda-abonnement//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"samen: {agreement.citation_title}")
    cal.add("name", f"samen: {agreement.citation_title}")
    cal.add("x-wr-timezone", TZID)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    meetings = list(meetings_for(user, agreement))
    if any(m.start_time is not None for m in meetings):
        cal.add_component(_timezone())
    for m in meetings:
        cal.add_component(_meeting_event(m, base, stamp))
    board = queries.dashboard(user, agreement, today)
    for d in board.deadlines + board.past_deadlines:
        cal.add_component(_deadline_event(d, agreement, base, stamp))
    return bytes(cal.to_ical())
