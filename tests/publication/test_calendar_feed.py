"""The calendar feed (agenda-abonnement): a secret link per user, their meetings and the deadlines they may see."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.test import Client

from samen.accounts import feeds
from samen.accounts import services as accounts
from samen.accounts.models import Role, SecurityEvent, User
from samen.audit import services as audit
from samen.audit.models import AuditEntry
from samen.governance import services as governance
from samen.governance.models import Body, Meeting, Membership
from samen.parties.models import Party
from samen.records.services import record_fact
from samen.web import queries
from tests.two_factor import log_in

CORE_PARTIES = ("GM0153", "GM0164", "GM0141", "PV23")  # the demo's core group (samen.demo)


def _url(user: User) -> str:
    return f"/kalender/{feeds.token_for(user)}.ics"


def _feed(user: User) -> icalendar.Calendar:
    response = Client().get(_url(user))
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _uids(cal: icalendar.Calendar) -> set[str]:
    return {str(e["UID"]) for e in cal.walk("VEVENT")}


def _meeting_uids(qs) -> set[str]:
    return {f"meeting-{m.pk}@samen" for m in qs}


def _event(cal: icalendar.Calendar, uid: str) -> icalendar.Event:
    return next(e for e in cal.walk("VEVENT") if str(e["UID"]) == uid)


def _representative(agreement, code: str, username: str) -> User:
    party = Party.objects.get(agreement=agreement, code=code)
    return accounts.create_account(
        actor="system:test", username=username, role=Role.REPRESENTATIVE, agreement=agreement, password="x" * 12, party=party
    )


def test_the_feed_parses_and_holds_the_users_meetings_and_the_dashboards_deadlines(demo):
    hengelo = User.objects.get(username="hengelo")  # Hengelo sits in the board and the core group
    cal = _feed(hengelo)
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"])
    uids = _uids(cal)
    assert _meeting_uids(Meeting.objects.filter(body__key__in=("board", "core-group"))) <= uids

    # The deadlines are the dashboard's, for the same user on the same day, each citing its articles.
    board = queries.dashboard(hengelo, demo, date.today())
    deadlines = board.deadlines + board.past_deadlines
    assert deadlines
    for d in deadlines:
        event = _event(cal, f"{d['id']}.{demo.slug}@samen")
        assert event.decoded("DTSTART") == date.fromisoformat(d["date"])  # all day
        assert event.decoded("DTEND") == date.fromisoformat(d["date"]) + timedelta(days=1)
        assert all(article in str(event["SUMMARY"]) for article in d["articles"]), event["SUMMARY"]
        assert str(event["URL"]).endswith(f"/uitleg/{d['id']}/")
        assert "DTSTAMP" in event


def test_a_meeting_with_a_start_time_is_timed_in_amsterdam_with_its_vtimezone(demo):
    planned = Meeting.objects.get(body__key="board", status=Meeting.Status.PLANNED)
    cal = _feed(User.objects.get(username="secretariaat"))
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    event = _event(cal, f"meeting-{planned.pk}@samen")
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 12, 10, 14, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert str(event["LOCATION"]) == "Gemeentehuis Hengelo, raadzaal"
    assert "Werkplan 2027 samenwerkingsagenda" in str(event["DESCRIPTION"])  # the agenda
    held = Meeting.objects.filter(body__key="board", status=Meeting.Status.HELD).first()
    assert _event(cal, f"meeting-{held.pk}@samen").decoded("DTSTART") == held.held_on  # no time: all day


def test_a_representative_gets_only_the_bodies_where_their_party_has_a_seat_on_the_day(demo):
    code = Party.objects.filter(agreement=demo).exclude(code__in=CORE_PARTIES).order_by("position").first().code
    user = _representative(demo, code, "borne")
    uids = _uids(_feed(user))
    board = Meeting.objects.filter(body__key="board")
    core = Meeting.objects.filter(body__key="core-group")
    assert _meeting_uids(board) <= uids
    assert not _meeting_uids(core) & uids  # their party has no seat in the core group

    # The seat ends: meetings after its last day leave the feed, earlier ones stay.
    seat = Membership.objects.get(body__key="board", body__agreement=demo, person__party__code=code, until__isnull=True)
    governance.end_membership(actor="system:test", membership=seat, until=date(2025, 6, 1))
    uids = _uids(_feed(user))
    assert _meeting_uids(board.filter(held_on__lte=date(2025, 6, 1))) <= uids
    assert not _meeting_uids(board.filter(held_on__gt=date(2025, 6, 1))) & uids


def test_the_host_staff_get_every_body_and_the_observer_the_bodies_with_a_participant(demo):
    everything = _meeting_uids(Meeting.objects.filter(agreement=demo))
    for username in ("secretariaat", "voorzitter", "financien"):
        assert everything <= _uids(_feed(User.objects.get(username=username))), username
    observer = _uids(_feed(User.objects.get(username="waarnemer")))
    assert _meeting_uids(Meeting.objects.filter(body__key="board")) <= observer  # the Waterschap's seat
    assert not _meeting_uids(Meeting.objects.filter(body__key="core-group")) & observer


def test_deadlines_of_a_dispute_are_only_in_the_feeds_of_those_who_may_see_it(demo):
    record_fact(
        actor="system:test",
        agreement=demo,
        raw={"fact": "dispute-notified", "dispute": "D-9", "by": "GM0141", "against": ["GM0147"], "date": "2025-06-02"},
    )
    dispute = "deadline.dispute.D-9."
    secretary = _uids(_feed(User.objects.get(username="secretariaat")))
    assert any(uid.startswith(dispute) for uid in secretary)
    hengelo = _uids(_feed(User.objects.get(username="hengelo")))  # not a party to it
    assert not any(uid.startswith(dispute) for uid in hengelo)
    assert not any(uid.startswith(dispute) for uid in _uids(_feed(User.objects.get(username="waarnemer"))))


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(demo):
    planned = Meeting.objects.get(body__key="board", status=Meeting.Status.PLANNED)
    Meeting.objects.filter(pk=planned.pk).update(status="cancelled")  # the status the meeting pages may record
    event = _event(_feed(User.objects.get(username="secretariaat")), f"meeting-{planned.pk}@samen")
    assert str(event["STATUS"]) == "CANCELLED"


def test_resetting_the_link_makes_the_old_one_404_audited_with_a_security_event(demo):
    user = User.objects.get(username="hengelo")
    old = _url(user)
    assert Client().get(old).status_code == 200
    entries = AuditEntry.objects.count()
    accounts.reset_calendar_feed(actor=user, user=user)
    user.refresh_from_db()
    assert user.calendar_feed_generation == 1
    assert Client().get(old).status_code == 404
    assert Client().get(_url(user)).status_code == 200
    assert AuditEntry.objects.count() == entries + 1
    assert AuditEntry.objects.order_by("-seq").first().action == "account.calendar-feed-reset"
    assert SecurityEvent.objects.filter(user=user, kind=SecurityEvent.Kind.CALENDAR_FEED_RESET).exists()
    assert audit.replay() == []


def test_setting_the_generation_back_past_the_services_is_caught_by_the_audit_replay(demo):
    user = User.objects.get(username="hengelo")
    accounts.reset_calendar_feed(actor=user, user=user)
    User.objects.filter(pk=user.pk).update(calendar_feed_generation=0)  # reopening an old link
    assert [m.field for m in audit.replay()] == ["calendar_feed_generation"]


def test_only_the_user_themself_resets_their_link(demo):
    from samen.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        accounts.reset_calendar_feed(actor=User.objects.get(username="secretariaat"), user=User.objects.get(username="hengelo"))


@pytest.mark.parametrize(
    "token",
    ["", "abc", "3-" + "A" * 32, "999999-" + "A" * 32, "0-" + "A" * 32, "3-" + "A" * 31, "3-" + "A" * 33, "3-../../etc"],
)
def test_a_bad_token_is_404(demo, token):
    assert Client().get(f"/kalender/{token}.ics").status_code == 404


def test_another_users_mac_does_not_open_a_feed(demo):
    hengelo, observer = User.objects.get(username="hengelo"), User.objects.get(username="waarnemer")
    mac = feeds.token_for(hengelo).split("-", 1)[1]
    assert Client().get(f"/kalender/{observer.pk}-{mac}.ics").status_code == 404


def test_a_deactivated_users_feed_is_404(demo):
    user = User.objects.get(username="hengelo")
    url = _url(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert Client().get(url).status_code == 404


def test_a_rotated_secret_key_keeps_links_open_while_it_is_a_fallback(demo, settings):
    user = User.objects.get(username="hengelo")
    url = _url(user)
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = [old]
    assert Client().get(url).status_code == 200
    assert _url(user) != url  # the page shows the link made with the new key
    settings.SECRET_KEY_FALLBACKS = []
    assert Client().get(url).status_code == 404
    assert Client().get(_url(user)).status_code == 200


def test_the_feed_needs_no_session_and_sets_no_cookie(demo):
    response = Client().get(_url(User.objects.get(username="secretariaat")))  # a two-factor role, no login
    assert response.status_code == 200
    assert not response.cookies
    assert "no-referrer" in response["Referrer-Policy"]


def test_the_feed_answers_only_get_and_head(demo):
    url = _url(User.objects.get(username="hengelo"))
    assert Client().head(url).status_code == 200
    assert Client().post(url).status_code == 405


def test_the_feed_is_rate_limited_per_user(demo, settings, fresh_rate_window):
    settings.SAMEN_CALENDAR_RATE = 2
    url = _url(User.objects.get(username="hengelo"))
    assert [Client().get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_the_account_page_shows_the_links_and_resets_through_a_post(demo):
    client = log_in(Client(), "hengelo")
    user = User.objects.get(username="hengelo")
    page = client.get("/account/").content.decode()
    token = feeds.token_for(user)
    assert f"http://testserver/kalender/{token}.ics" in page
    assert f"webcal://testserver/kalender/{token}.ics" in page
    assert client.get("/account/agenda/vernieuwen/").status_code == 405
    response = client.post("/account/agenda/vernieuwen/")
    assert response.status_code == 302 and response["Location"] == "/account/#agenda"
    user.refresh_from_db()
    assert user.calendar_feed_generation == 1
    page = client.get("/account/").content.decode()
    assert feeds.token_for(user) in page and token not in page
    assert "De oude link werkt niet meer" in page


def test_the_reset_needs_the_csrf_token(demo):
    client = log_in(Client(enforce_csrf_checks=True), "hengelo")
    assert client.post("/account/agenda/vernieuwen/").status_code == 403
    assert User.objects.get(username="hengelo").calendar_feed_generation == 0


def test_links_use_the_base_url_setting(demo, settings):
    settings.SAMEN_BASE_URL = "https://samen.example.nl"
    client = log_in(Client(), "hengelo")
    page = client.get("/account/").content.decode()
    assert "webcal://samen.example.nl/kalender/" in page
    planned = Meeting.objects.get(body__key="board", status=Meeting.Status.PLANNED)
    event = _event(_feed(User.objects.get(username="hengelo")), f"meeting-{planned.pk}@samen")
    assert str(event["URL"]) == f"https://samen.example.nl/vergaderingen/{planned.pk}/"


def test_a_meeting_planned_later_appears_with_the_same_uid_after_it_changes(demo):
    secretary = User.objects.get(username="secretariaat")
    board = Body.objects.get(agreement=demo, key="board")
    m = governance.plan_meeting(actor=secretary, body=board, on=date(2027, 2, 11), start_time=time(9, 30), items=[{"title": "Opening"}])
    cal = _feed(secretary)
    assert _event(cal, f"meeting-{m.pk}@samen").decoded("DTSTART").hour == 9
    item = m.agenda_items.get()
    decisions = {item.pk: {"outcome": "noted"}}
    governance.record_held(
        actor=secretary, meeting=m, attendance={}, decisions=decisions, held_on=date(2027, 2, 11), today=date(2027, 2, 11)
    )
    uids = [str(e["UID"]) for e in _feed(secretary).walk("VEVENT")]
    assert uids.count(f"meeting-{m.pk}@samen") == 1
