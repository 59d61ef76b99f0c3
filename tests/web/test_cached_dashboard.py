"""The dashboard's content is kept under the head of the audit chain (web.views.dashboard, issue 11): a write through
a service shows on the next view, and one viewer's content never reaches another."""

from __future__ import annotations

from samen.records import answers
from samen.records.services import record_fact

AS_OF = "2026-11-28"
OVERDUE = "De evaluatie had uiterlijk op 1 november 2026 moeten plaatsvinden en is niet vastgelegd."


def test_the_dashboard_is_served_again_until_a_write_and_then_shows_it(agreement, login):
    secretariat = login("secretariaat")
    first = secretariat.get(f"/?as_of={AS_OF}").content.decode()
    assert OVERDUE in first
    assert secretariat.get(f"/?as_of={AS_OF}").content.decode().count(OVERDUE) == 1
    kept = next(s for s in answers.STORES if s.prefix == "samen:dashboard:")
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
