"""Meeting pages (art. 5): list with the year at a glance, a meeting, plan and record-held forms, 403 for others."""

from __future__ import annotations

from datetime import date

import pytest
from tests.web.web_helpers import ROLES, client_for

from samen.audit import services as audit
from samen.governance.models import Meeting

pytestmark = pytest.mark.django_db


def _plan_data(**extra):
    data = {"body": "board", "date": date.today().isoformat(), "start_time": "14:00", "place": "Hengelo"}
    for i, title in enumerate(["Opening", "Verslag", "Werkplan"], start=1):
        data[f"item_{i}_title"] = title
    return {**data, **extra}


def test_every_role_sees_the_meetings_and_the_year_at_a_glance(demo):
    for role in ROLES:
        page = client_for(role).get("/vergaderingen/?as_of=2026-11-29")
        assert page.status_code == 200
        assert "2026: 3 gehouden, 1 gepland, minimaal 4" in page.content.decode()
        planned = Meeting.objects.get(agreement=demo, status="planned")
        detail = client_for(role).get(f"/vergaderingen/{planned.pk}/").content.decode()
        assert "Werkplan 2027 samenwerkingsagenda" in detail
        may = role in ("secretariaat", "voorzitter")
        assert ("/vergaderingen/plannen/" in page.content.decode()) is may
        assert (f"/vergaderingen/{planned.pk}/gehouden/" in detail) is may


def test_observer_and_finance_get_403_on_the_forms(demo):
    planned = Meeting.objects.get(agreement=demo, status="planned")
    for role in ("waarnemer", "financien", "hengelo"):
        c = client_for(role)
        assert c.get("/vergaderingen/plannen/").status_code == 403
        assert c.post("/vergaderingen/plannen/", _plan_data()).status_code == 403
        assert c.get(f"/vergaderingen/{planned.pk}/gehouden/").status_code == 403
    assert Meeting.objects.filter(agreement=demo).count() == 14


def test_plan_then_record_held_from_the_pages(demo):
    c = client_for("secretariaat")
    response = c.post("/vergaderingen/plannen/", _plan_data())
    assert response.status_code == 302
    m = Meeting.objects.get(agreement=demo, place="Hengelo")
    assert [i.title for i in m.agenda_items.all()] == ["Opening", "Verslag", "Werkplan"]
    form = c.get(f"/vergaderingen/{m.pk}/gehouden/")
    assert form.status_code == 200
    data = {"held_on": m.held_on.isoformat()}
    for p in demo.parties.all():
        data[f"att_{p.code}"] = "present"
    data["att_GM0164"] = "represented"
    data["rep_GM0164"] = "wethouder"
    for pt in demo.participants.all():
        data[f"att_{pt.code}"] = "absent"
    for i in m.agenda_items.all():
        data[f"decision_{i.pk}"] = f"Besluit {i.position}"
        data[f"outcome_{i.pk}"] = "adopted"
    assert c.post(f"/vergaderingen/{m.pk}/gehouden/", data).status_code == 302
    m.refresh_from_db()
    assert m.status == "held" and m.attendances.count() == demo.parties.count() + demo.participants.count()
    page = c.get(f"/vergaderingen/{m.pk}/").content.decode()
    assert "Besluit 3" in page and "wethouder" in page
    assert audit.replay() == []


def test_errors_are_summarised_and_marked_and_nothing_is_saved(demo):
    c = client_for("secretariaat")
    before = Meeting.objects.count()
    response = c.post("/vergaderingen/plannen/", _plan_data(date="2026-02-31", item_2_title="", item_2_proposal="iets"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html and 'href="#id_date"' in html and 'href="#id_item_2_title"' in html
    assert 'aria-invalid="true"' in html
    assert Meeting.objects.count() == before
    planned = Meeting.objects.get(agreement=demo, status="planned")
    held = c.post(f"/vergaderingen/{planned.pk}/gehouden/", {"held_on": "2026-12-10", "att_GM0164": "represented"})
    assert held.status_code == 400
    assert 'href="#id_rep_GM0164"' in held.content.decode()
    planned.refresh_from_db()
    assert planned.status == "planned"
