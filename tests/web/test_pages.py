"""The pages through Django's test client: what each role sees, explanations, as-of, text, what-if."""

from __future__ import annotations

import re

import pytest
from tests.two_factor import fresh_code

AS_OF = "2026-11-28"


def html(response) -> str:
    return response.content.decode()


def test_pages_need_a_login(client, agreement):
    for url in ("/", "/overeenkomst/", "/overeenkomst/tekst/", "/wat-als/", "/uitleg/deadline.term.evaluation-due/"):
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/inloggen/"), url


def test_login_shows_an_error_summary_linked_to_the_fields(client, agreement):
    r = client.post("/inloggen/", {"username": "", "password": ""})
    page = html(r)
    assert 'id="error-summary"' in page and 'role="alert"' in page
    assert '<a class="utrecht-link" href="#id_username">Vul uw gebruikersnaam in.</a>' in page
    assert 'aria-invalid="true"' in page and 'aria-describedby="id_username-error"' in page
    assert "<title>Fout: Inloggen · samen</title>" in page
    r = client.post("/inloggen/", {"username": "secretariaat", "password": "fout-wachtwoord"})
    assert "De gebruikersnaam of het wachtwoord klopt niet." in html(r)
    r = client.post("/inloggen/", {"username": "secretariaat", "password": "samen-demo"})
    assert r.status_code == 302 and r["Location"] == "/inloggen/code/?next=%2F"  # the secretariat's second step
    r = client.post("/inloggen/code/", {"code": fresh_code("secretariaat"), "next": "/"})
    assert r.status_code == 302 and r["Location"] == "/"


def test_as_of_2026_11_28_the_secretariat_sees_the_evaluation_overdue_with_its_articles_linked(secretariat):
    page = html(secretariat.get(f"/?as_of={AS_OF}"))
    assert "De evaluatie had uiterlijk op 1 november 2026 moeten plaatsvinden en is niet vastgelegd." in page
    assert "verlopen, 27 dagen geleden" in page
    assert f'href="/overeenkomst/tekst/?as_of={AS_OF}#art-3-lid-3">art. 3 lid 3</a>' in page
    assert f'href="/overeenkomst/tekst/?as_of={AS_OF}#art-11-lid-2">art. 11 lid 2</a>' in page
    assert f'href="/uitleg/deadline.term.evaluation-due/?as_of={AS_OF}"' in page
    # The day before the deadline it is not overdue, only near.
    page = html(secretariat.get("/?as_of=2026-10-31"))
    assert "verlopen" not in page.split('id="h-deadlines"')[1].split("</section>")[0]
    assert "nog 1 dag" in page


def _amount_parties(page: str) -> set[str]:
    return set(re.findall(r"/uitleg/amount\.([A-Z0-9]+)\.", page))


def test_a_representative_sees_only_the_amounts_of_their_own_party(agreement, login):
    page = html(login("hengelo").get(f"/?as_of={AS_OF}"))
    assert _amount_parties(page) == {"GM0164"}
    assert "Wat uw partij verschuldigd is in 2026" in page
    assert login("hengelo").get(f"/uitleg/amount.GM0153.2026.annual-contribution/?as_of={AS_OF}").status_code == 404
    assert login("hengelo").get(f"/uitleg/amount.GM0164.2026.annual-contribution/?as_of={AS_OF}").status_code == 200


@pytest.mark.parametrize("username", ["secretariaat", "voorzitter", "financien"])
def test_secretariat_chair_and_finance_see_every_partys_amounts(agreement, login, username):
    page = html(login(username).get(f"/?as_of={AS_OF}"))
    assert len(_amount_parties(page)) == 15
    assert "€\xa0152.182,50" in page  # 15 x 0.1 fte x EUR 101,455.00


def test_the_observer_sees_no_amounts(agreement, login):
    c = login("waarnemer")
    page = html(c.get(f"/?as_of={AS_OF}"))
    assert _amount_parties(page) == set()
    assert "Uw rol geeft geen inzage in de bedragen van de partijen." in page
    assert c.get(f"/uitleg/amount.GM0164.2026.annual-contribution/?as_of={AS_OF}").status_code == 404


def test_a_dispute_is_visible_only_to_its_parties_the_chair_and_the_secretariat(agreement, login):
    from samen.records.services import record_fact

    record_fact(
        actor="system:test",
        agreement=agreement,
        raw={"fact": "dispute-notified", "dispute": "G-1", "by": "GM0141", "against": ["GM0147"], "date": "2026-11-02"},
    )
    assert "Geschil G-1" in html(login("secretariaat").get(f"/?as_of={AS_OF}"))
    assert "Geschil G-1" in html(login("voorzitter").get(f"/?as_of={AS_OF}"))
    for username in ("hengelo", "financien", "waarnemer"):
        page = html(login(username).get(f"/?as_of={AS_OF}"))
        assert "G-1" not in page, username
        assert login(username).get(f"/uitleg/procedure.dispute.G-1/?as_of={AS_OF}").status_code == 404


def test_a_dispute_shows_to_a_representative_of_an_involved_party_on_the_dashboard_and_explanation(agreement, login):
    from samen.accounts.models import Role, User
    from samen.parties.models import Party
    from samen.records.services import record_fact

    record_fact(
        actor="system:test",
        agreement=agreement,
        raw={"fact": "dispute-notified", "dispute": "G-1", "by": "GM0141", "against": ["GM0147"], "date": "2026-11-02"},
    )
    borne = Party.objects.get(agreement=agreement, code="GM0147")
    User.objects.create_user(username="borne", password="samen-demo", role=Role.REPRESENTATIVE, party=borne, agreement=agreement)
    page = html(login("borne").get(f"/?as_of={AS_OF}"))
    assert "Geschil G-1" in page
    assert login("borne").get(f"/uitleg/deadline.dispute.G-1.chair-phase-end/?as_of={AS_OF}").status_code == 200
    for username in ("hengelo", "waarnemer"):
        assert login(username).get(f"/uitleg/deadline.dispute.G-1.chair-phase-end/?as_of={AS_OF}").status_code == 404


def test_deadlines_on_the_dashboard_follow_the_rules_status_overdue_first(agreement, secretariat):
    from samen.records.services import record_fact

    record_fact(actor="system:test", agreement=agreement, raw={"fact": "budget-drafted", "year": 2027, "date": "2026-09-01"})
    page = html(secretariat.get("/?as_of=2027-01-10"))
    table = page.split('id="h-deadlines"')[1].split("</table>")[0]
    # Evaluation (1 November 2026) and budget 2027 consent (31 December 2026) are overdue: listed first, days ago.
    assert table.index("Evaluatie uiterlijk") < table.index("Einde looptijd")
    assert table.index("Instemming begroting uiterlijk") < table.index("Einde looptijd")
    assert "verlopen, 70 dagen geleden" in table and "verlopen, 10 dagen geleden" in table
    assert "nog 294 dagen" in table  # term end, 31 October 2027
    # The budget for 2026 was consented in 2025 (demo): met, listed apart with the date it was met.
    past = page.split('id="h-deadlines"')[1].split("</section>")[0].split("</table>")[1]
    assert "afgehandelde of verstreken termijn" in past and "gehaald op" in past
    record_fact(actor="system:test", agreement=agreement, raw={"fact": "evaluation-completed", "date": "2026-11-20"})
    page = html(secretariat.get("/?as_of=2027-01-10"))
    table = page.split('id="h-deadlines"')[1].split("</table>")[0]
    assert "Evaluatie uiterlijk" not in table and "verlopen, 70 dagen geleden" not in table
    assert "te laat gehaald op 20 november 2026" in page
    explained = html(secretariat.get("/uitleg/deadline.term.evaluation-due/?as_of=2027-01-10"))
    assert "te laat gehaald op 20 november 2026" in explained and "Te laat: de evaluatie is uitgevoerd op 20 november 2026" in explained


def test_the_explanation_shows_steps_facts_parameters_readings_and_the_cited_text(secretariat):
    page = html(secretariat.get(f"/uitleg/deadline.term.evaluation-due/?as_of={AS_OF}"))
    assert "<h1" in page and "Evaluatie uiterlijk" in page
    assert "evaluation.within_years" in page  # a parameter value
    assert "roll_forward" in page  # the reading applied
    assert "Gekozen lezing" in page
    assert "Evaluatie vindt plaats uiterlijk binnen twee jaar na start van de overeenkomst" in page  # art. 11 lid 2, imported
    page = html(secretariat.get(f"/uitleg/amount.GM0164.2026.annual-contribution/?as_of={AS_OF}"))
    assert "Kosten per fte" in page and "€\u00a0101.455,00" in page  # the fact used, its amount in Dutch notation
    assert "101455.00" not in page and ">0,1<" in page  # the parameters the step used, too (0.1 fte per party)
    assert 'art. 7 lid 1</a> <span class="samen-muted">Bijdrage</span>' in page  # the cited article's title once, not "art. 7 art. 7"
    assert secretariat.get(f"/uitleg/geen.conclusie/?as_of={AS_OF}").status_code == 404


def test_the_explanation_works_without_imported_text(agreement_without_text, login):
    page = html(login("secretariaat").get(f"/uitleg/deadline.term.evaluation-due/?as_of={AS_OF}"))
    assert "De tekst van dit artikel is niet ingelezen" in page
    assert '<span class="samen-muted">Start overeenkomst, evaluatie en beëindiging</span>' in page  # the title, after the citation


def test_the_as_of_date_is_kept_across_navigation(secretariat):
    page = html(secretariat.get(f"/overeenkomst/?as_of={AS_OF}"))
    for url in ("/", "/overeenkomst/", "/overeenkomst/tekst/", "/wat-als/"):
        assert f'href="{url}?as_of={AS_OF}"' in page, url
    assert 'value="2026-11-28"' in page
    assert "(peildatum 28-11-2026)" in page
    bad = html(secretariat.get("/?as_of=2026-13-45"))
    assert "Die datum is ongeldig" in bad


def test_the_agreement_page_shows_term_parties_bodies_pillars_and_chain_partners(secretariat):
    page = html(secretariat.get(f"/overeenkomst/?as_of={AS_OF}"))
    assert '<h1 class="utrecht-heading-1">Samenwerkingsovereenkomst Beleid Uitvoering en Handhaving Omgevingsrecht Twente</h1>' in page
    assert "1 november 2024" in page and "31 oktober 2027" in page
    assert "de heer Jan Eshuis, gemeentesecretaris" in page  # Hengelo's representative
    assert "Alle 15 partijen hebben ondertekend." in page
    assert "Kerngroep" in page and "Vertegenwoordiger Waterschap Vechtstromen" in page
    assert "Wet Kwaliteitsborging voor het bouwen" in page  # pillar f
    assert "Veiligheidsregio Twente" in page  # a chain partner
    # Before anyone signed, the signatures are open.
    page = html(secretariat.get("/overeenkomst/?as_of=2024-10-01"))
    assert "0 van de 15 partijen hebben ondertekend" in page


def test_the_text_page_has_an_anchor_for_every_article_and_lid(secretariat):
    page = html(secretariat.get("/overeenkomst/tekst/"))
    for anchor in ("art-1", "art-1-sub-g", "art-14-lid-3", "art-11-lid-2", "art-15"):
        assert f'id="{anchor}"' in page, anchor
    assert "Binnen zes weken" in page.split('id="art-14-lid-3"')[1][:600]


def test_the_text_page_shows_titles_only_when_no_text_was_imported(agreement_without_text, login):
    r = login("secretariaat").get("/overeenkomst/tekst/")
    page = html(r)
    assert r.status_code == 200
    assert "nog niet ingelezen" in page
    assert "Artikel 14 Geschillen en toepasbaar recht" in page
    assert 'id="art-14-lid-3"' in page


def test_every_page_can_switch_to_english(secretariat):
    r = secretariat.post("/i18n/setlang/", {"language": "en", "next": f"/?as_of={AS_OF}"})
    assert r.status_code == 302 and r["Location"] == f"/?as_of={AS_OF}"
    page = html(secretariat.get(f"/?as_of={AS_OF}"))
    assert '<html lang="en">' in page
    assert ">Overview</h1>" in page and "Findings" in page and "Log out" in page
    page = html(secretariat.get(f"/wat-als/?as_of={AS_OF}"))
    assert "What if" in page
    secretariat.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert ">Overzicht</h1>" in html(secretariat.get("/"))


def test_the_english_dashboard_shows_the_rules_texts_in_english(secretariat):
    secretariat.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = html(secretariat.get(f"/?as_of={AS_OF}"))
    assert "The evaluation should have taken place by 1 November 2026 at the latest and has not been recorded." in page
    assert f'href="/overeenkomst/tekst/?as_of={AS_OF}#art-3-lid-3">art. 3 lid 3</a>' in page
    assert "De evaluatie had uiterlijk" not in page
    page = html(secretariat.get(f"/uitleg/deadline.term.evaluation-due/?as_of={AS_OF}"))
    assert "2 years after the start of the agreement on 1 November 2024: 1 November 2026" in page
    assert "Overdue: the period ended on 1 November 2026" in page
    # The what-if sandbox compares two English answers.
    r = secretariat.post(
        f"/wat-als/?as_of={AS_OF}", {"soort": "evaluation-completed", "action": "add", "feit-date": "2026-10-15", "facts": ""}
    )
    assert r.status_code == 200
    assert "The evaluation should have taken place by 1 November 2026 at the latest" in html(r)
    secretariat.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert "De evaluatie had uiterlijk op 1 november 2026" in html(secretariat.get(f"/?as_of={AS_OF}"))


def test_the_pages_are_printable(secretariat):
    css = secretariat.get("/static/web/samen.css")
    body = b"".join(css.streaming_content) if css.streaming else css.content
    assert b"@media print" in body
    assert "Stand op 28 november 2026" in html(secretariat.get(f"/?as_of={AS_OF}"))


def test_dutch_is_the_default_whatever_the_browser_prefers(secretariat):
    page = html(secretariat.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
    assert '<html lang="nl">' in page and ">Overzicht</h1>" in page


def test_open_procedures_leave_out_what_is_done(secretariat):
    page = html(secretariat.get(f"/?as_of={AS_OF}"))
    section = page.split('id="h-procedures"')[1].split("</section>")[0]
    # The demo's budget 2027 is put to the parties (B-2027): ten consented, one refused, four to decide.
    assert "Begroting 2027</a>: wacht op instemming van alle partijen" in section
    assert "Begroting 2026" not in section  # consented in 2025 by all fifteen parties


def test_every_page_names_the_icon_and_favicon_ico_leads_to_it(client, agreement):
    """Browsers show the icon in the tab; a page naming none (an API answer, the admin) makes them ask for
    /favicon.ico, which was a 404 and one console error on every page."""
    page = html(client.get("/inloggen/"))
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert icon, "the login page names no icon"
    r = client.get(icon.group(1))
    assert r.status_code == 200 and r["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(r.streaming_content)
    r = client.get("/favicon.ico")
    assert r.status_code == 302 and r["Location"] == icon.group(1)
