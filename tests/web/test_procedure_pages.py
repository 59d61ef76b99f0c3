"""The procedure pages (issue 9): withdrawal, evaluation, budget year, the facts with their corrections, what needs doing."""

from __future__ import annotations

AS_OF = "?as_of=2026-10-15"


def test_every_procedure_page_answers_for_the_secretariat(secretariat):
    for url in (
        "/procedures/",
        "/procedures/uittreding/GM0164/",
        "/procedures/evaluatie/",
        "/procedures/begroting/2026/",
        "/procedures/feiten/",
    ):
        r = secretariat.get(url + AS_OF)
        assert r.status_code == 200, (url, r.content.decode()[:3000])
