"""The dashboard's content is kept under the head of the audit chain (web.views.dashboard, issue 11): a write through
a service shows on the next view, and one viewer's content never reaches another."""

from __future__ import annotations

import re

from django.test import Client
from tests.two_factor import log_in

from samen.records import answers
from samen.records.services import record_fact

AS_OF = "2026-11-28"
OVERDUE = "De evaluatie had uiterlijk op 1 november 2026 moeten plaatsvinden en is niet vastgelegd."


def test_the_dashboard_is_served_again_until_a_write_and_then_shows_it(agreement, login):
    secretariat = login("secretariaat")
    first = secretariat.get(f"/?as_of={AS_OF}").content.decode()
    assert OVERDUE in first
    assert secretariat.get(f"/?as_of={AS_OF}").content.decode().count(OVERDUE) == 1
    kept = next(s for s in answers.STORES if s.prefix == "samen:dashboard-bytes:")
    assert kept.stats.memory >= 1  # the second view was served from memory
    record_fact(actor="system:test", agreement=agreement, raw={"fact": "evaluation-completed", "date": "2026-10-20"})
    assert OVERDUE not in secretariat.get(f"/?as_of={AS_OF}").content.decode()


def test_one_viewers_dashboard_never_reaches_another(agreement, login):
    record_fact(
        actor="system:test",
        agreement=agreement,
        raw={"fact": "dispute-notified", "dispute": "G-7", "by": "GM0141", "against": ["GM0147"], "date": "2026-11-02"},
    )
    assert "Geschil G-7" in login("secretariaat").get(f"/?as_of={AS_OF}").content.decode()
    for username in ("hengelo", "waarnemer", "voorzitter"):
        page = login(username).get(f"/?as_of={AS_OF}").content.decode()
        assert ("G-7" in page) == (username == "voorzitter"), username
    english = login("secretariaat")
    english.cookies["django_language"] = "en"
    assert "Overview" in english.get(f"/?as_of={AS_OF}").content.decode()


def test_a_kept_dashboard_carries_each_requests_own_csrf_token(agreement):
    """The whole page is kept; the CSRF token in its forms (language, log out) is put in per request, so a page kept
    for one session never hands its token to another, and the token works."""
    first, second = log_in(Client(), "secretariaat"), log_in(Client(), "secretariaat")
    for client in (first, second):
        client.handler.enforce_csrf_checks = True  # from here on, as a browser's post is checked
    tokens = []
    for client in (first, second, first):
        page = client.get(f"/?as_of={AS_OF}").content.decode()
        found = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
        assert len(found) == 1 and "csrf-" not in next(iter(found))
        tokens.append((client, next(iter(found))))
    kept = next(s for s in answers.STORES if s.prefix == "samen:dashboard-bytes:")
    assert kept.stats.memory >= 2  # the second and third views were the kept page
    assert tokens[0][1] != tokens[2][1]  # one session's kept page, masked anew for each response
    # Each session's token is its own: it logs that session out, and another session's token is refused.
    assert second.post("/uitloggen/", {"csrfmiddlewaretoken": tokens[0][1]}).status_code == 403
    response = second.post("/uitloggen/", {"csrfmiddlewaretoken": tokens[1][1]})
    assert response.status_code == 302
