"""Pages of the cooperation agenda: every role sees the overview by pillar and an assignment; the secretariat
creates and edits assignments, adds and ends project group members, records progress and links meetings;
everyone else gets 403 on the forms; errors are summarised, marked and nothing is saved."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import html as lxml_html

from samen.audit import services as audit
from samen.cooperation.models import Assignment, MeetingLink, ProgressUpdate, ProjectGroupMember
from samen.governance.models import Meeting
from samen.parties.models import Person
from tests.web.web_helpers import ROLES, client_for

pytestmark = pytest.mark.django_db
AS_OF = "?as_of=2026-11-28"


def _principal(agreement, code="GM0164"):
    return Person.objects.filter(agreement=agreement, party__code=code).order_by("pk").first()


def _form(agreement, **extra):
    data = {
        "pillar": "c",
        "title": "Toezicht energiebesparingsplicht",
        "description": "Samen toezicht houden.",
        "deliverables": "Een werkwijze.",
        "principal": str(_principal(agreement).pk),
        "civil_principal": "",
        "start": "2026-01-15",
        "planned_end": "2026-12-31",
        "budget": "12.500,50",
    }
    return {**data, **extra}


def _section(html: str, key: str) -> str:
    doc = lxml_html.fromstring(html)
    return " ".join(doc.xpath(f"//section[@aria-labelledby='pijler-{key}']")[0].itertext())


def test_every_role_sees_the_overview_by_pillar_and_an_assignment(demo):
    a = Assignment.objects.get(agreement=demo, title="Regionaal beleidskader VTH")
    for role in ROLES:
        c = client_for(role)
        page = c.get("/samenwerkingsagenda/" + AS_OF)
        assert page.status_code == 200
        html = page.content.decode()
        assert 'aria-current="page">Samenwerkingsagenda<' in html  # in the main menu
        assert "Regionaal beleidskader VTH" in _section(html, "a")
        assert "afgerond, 100%" in _section(html, "a")
        assert "Regionale handhavingsstrategie" in _section(html, "e")
        assert "Nog geen opdrachten onder deze pijler." in _section(html, "d")
        assert ("€\xa025.000,00" in html) is (role != "waarnemer"), role  # budgets: who sees amounts
        assert ("/samenwerkingsagenda/nieuw/" in html) is (role == "secretariaat")
        detail = c.get(f"/samenwerkingsagenda/{a.pk}/" + AS_OF)
        assert detail.status_code == 200
        text = detail.content.decode()
        assert "Beleidsadviseur VTH Hengelo (voorbeeld)" in text and "Beleidskader vastgesteld" in text
        assert f"/vergaderingen/{Meeting.objects.get(body__key='board', held_on=date(2024, 12, 12)).pk}/" in text
        assert (f"/samenwerkingsagenda/{a.pk}/voortgang/" in text) is (role == "secretariaat")


def test_the_status_follows_the_as_of_date(demo):
    a = Assignment.objects.get(agreement=demo, title="Regionaal beleidskader VTH")
    c = client_for("hengelo")
    stand = lxml_html.fromstring(c.get(f"/samenwerkingsagenda/{a.pk}/?as_of=2025-10-01").content).get_element_by_id("stand")
    assert "in uitvoering" in stand.text_content() and "80% gereed" in stand.text_content()
    stand = lxml_html.fromstring(c.get(f"/samenwerkingsagenda/{a.pk}/?as_of=2025-01-01").content).get_element_by_id("stand")
    assert "voorbereiding" in stand.text_content()


def test_others_get_403_on_the_forms_and_nothing_is_saved(demo):
    a = Assignment.objects.filter(agreement=demo).first()
    m = ProjectGroupMember.objects.filter(assignment=a).first()
    urls = [
        "/samenwerkingsagenda/nieuw/",
        f"/samenwerkingsagenda/{a.pk}/wijzigen/",
        f"/samenwerkingsagenda/{a.pk}/voortgang/",
        f"/samenwerkingsagenda/{a.pk}/projectgroep/",
        f"/samenwerkingsagenda/{a.pk}/projectgroep/{m.pk}/beeindigen/",
        f"/samenwerkingsagenda/{a.pk}/vergaderingen/",
    ]
    before = (Assignment.objects.count(), ProgressUpdate.objects.count(), ProjectGroupMember.objects.count())
    for role in ("voorzitter", "hengelo", "financien", "waarnemer"):
        c = client_for(role)
        for url in urls:
            assert c.get(url).status_code == 403, (role, url)
            assert c.post(url, _form(demo)).status_code == 403, (role, url)
    assert (Assignment.objects.count(), ProgressUpdate.objects.count(), ProjectGroupMember.objects.count()) == before


def test_the_secretariat_creates_an_assignment_and_works_it_from_the_pages(demo):
    c = client_for("secretariaat")
    assert c.get("/samenwerkingsagenda/nieuw/").status_code == 200
    response = c.post("/samenwerkingsagenda/nieuw/", _form(demo))
    assert response.status_code == 302
    a = Assignment.objects.get(agreement=demo, title="Toezicht energiebesparingsplicht")
    assert response["Location"] == f"/samenwerkingsagenda/{a.pk}/"
    assert str(a.budget) == "12500.50" and a.pillar.key == "c"

    assert c.post(f"/samenwerkingsagenda/{a.pk}/wijzigen/", _form(demo, title="Toezicht energiebesparing")).status_code == 302
    member = {"party": "GM0173", "name": "Adviseur Oldenzaal", "role": "lead", "start": "2026-01-15"}
    response = c.post(f"/samenwerkingsagenda/{a.pk}/projectgroep/", member)
    assert response.status_code == 302 and response["Location"].endswith("#projectgroep")
    member = ProjectGroupMember.objects.get(assignment=a)
    assert c.post(f"/samenwerkingsagenda/{a.pk}/projectgroep/{member.pk}/beeindigen/", {"until": "2026-06-30"}).status_code == 302
    progress = {"date": "2026-03-01", "status": "in_progress", "percent": "40", "milestone": "Werkwijze in concept", "note": ""}
    assert c.post(f"/samenwerkingsagenda/{a.pk}/voortgang/", progress).status_code == 302
    held = Meeting.objects.filter(agreement=demo, status="held").order_by("-held_on").first()
    assert c.post(f"/samenwerkingsagenda/{a.pk}/vergaderingen/", {"target": f"meeting-{held.pk}", "note": "besproken"}).status_code == 302
    planned = Meeting.objects.get(agreement=demo, status="planned")
    item = planned.agenda_items.first()
    assert c.post(f"/samenwerkingsagenda/{a.pk}/vergaderingen/", {"target": f"item-{item.pk}"}).status_code == 302

    page = c.get(f"/samenwerkingsagenda/{a.pk}/?as_of=2026-11-28").content.decode()
    assert "Toezicht energiebesparing" in page and "Adviseur Oldenzaal" in page and "30 juni 2026" in page
    assert "Werkwijze in concept" in page and "40% gereed" in page and "besproken" in page and item.title in page
    assert "Toezicht energiebesparing" in _section(c.get("/samenwerkingsagenda/").content.decode(), "c")
    assert MeetingLink.objects.filter(assignment=a).count() == 2
    assert audit.replay() == []


def test_errors_are_summarised_and_marked_and_nothing_is_saved(demo):
    c = client_for("secretariaat")
    before = Assignment.objects.count()
    response = c.post("/samenwerkingsagenda/nieuw/", _form(demo, title="", planned_end="2025-01-01", budget="veel"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html and 'href="#id_title"' in html
    assert 'aria-invalid="true"' in html
    # A refusal by the service lands on the field it names, with the article: a person of a party without a board seat.
    from samen.parties import services as parties

    losser = demo.parties.get(code="GM0168")
    newcomer = parties.add_person(actor="system:test", agreement=demo, name="Nieuwe wethouder Losser", party=losser)
    response = c.post("/samenwerkingsagenda/nieuw/", _form(demo, principal=str(newcomer.pk)))
    html = response.content.decode()
    assert response.status_code == 400 and 'href="#id_principal"' in html and "art. 1 sub d" in html
    response = c.post("/samenwerkingsagenda/nieuw/", _form(demo, civil_principal=str(_principal(demo).pk)))
    assert response.status_code == 400 and 'href="#id_civil_principal"' in response.content.decode()
    response = c.post("/samenwerkingsagenda/nieuw/", _form(demo, planned_end="2025-01-01"))
    assert response.status_code == 400 and 'href="#id_planned_end"' in response.content.decode()
    assert Assignment.objects.count() == before
    a = Assignment.objects.filter(agreement=demo).first()
    response = c.post(f"/samenwerkingsagenda/{a.pk}/voortgang/", {"date": "2999-01-01", "status": "in_progress"})
    assert response.status_code == 400 and 'href="#id_date"' in response.content.decode()
    response = c.post(f"/samenwerkingsagenda/{a.pk}/voortgang/", {"date": "2026-11-01", "status": "completed", "percent": "50"})
    assert response.status_code == 400 and 'href="#id_percent"' in response.content.decode()
    assert ProgressUpdate.objects.filter(assignment=a, on=date(2026, 11, 1)).count() == 0


def test_an_unknown_assignment_is_404(demo):
    assert client_for("hengelo").get("/samenwerkingsagenda/999999/").status_code == 404
