"""The proposal pages through the Django test client (issue 8)."""

from __future__ import annotations

import re

import pytest

from samen.parties.models import Party
from samen.proposals.models import PartyDecision, Proposal
from tests.web.web_helpers import client_for, load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(db):
    return load_demo(with_text=False)


NEW = {
    "ref": "W-2026-1",
    "subject": "Verlenging tot eind 2030",
    "explanation": "",
    "kind": "extension",
    "proposed_by": "GM0153",
    "proposed_on": "2026-03-01",
    "parameters": "withdrawal.notice_months = 12",
    "end_date": "2030-12-31",
    "effective_date": "",
}


def test_secretariat_puts_a_proposal_and_fills_the_table_in_one_go(agreement):
    c = client_for("secretariaat")
    assert "/voorstellen/" in c.get("/").content.decode()
    assert "/voorstellen/" in c.get("/overeenkomst/").content.decode()
    r = c.post("/voorstellen/", NEW)
    assert r.status_code == 302, r.content.decode()[:2000]
    p = Proposal.objects.get(ref="W-2026-1")
    page = c.get(r["Location"]).content.decode()
    assert page.count('scope="row"') == 15
    assert "art. 12 lid 2" in page
    data = {}
    for party in Party.objects.filter(agreement=agreement):
        data[f"{party.code}-decided_on"] = "2026-04-01"
        data[f"{party.code}-outcome"] = "consent"
        data[f"{party.code}-document"] = f"Collegebesluit {party.name}"
    r = c.post(f"/voorstellen/{p.public_id}/", data)
    assert r.status_code == 302
    assert PartyDecision.objects.filter(proposal=p).count() == 15
    page = c.get(f"/voorstellen/{p.public_id}/?as_of=2026-06-01").content.decode()
    assert "aangenomen" in page
    table = page.split('id="wijzigingen"', 1)[1].split("</table>", 1)[0]
    assert (
        "31 december 2030" in table and "withdrawal.notice_months" in table and '<td class="utrecht-table__cell">24 maanden</td>' in table
    )
    explanation = re.search(r'id="uitkomst">.*?href="(/uitleg/[^"]+)"', page, re.S)
    assert explanation is not None
    assert "art. 12 lid 2" in c.get(explanation.group(1).replace("&amp;", "&")).content.decode()
    overview = c.get("/overeenkomst/?as_of=2026-06-01").content.decode()
    assert "Gewijzigd door W-2026-1" in overview and "31 december 2030" in overview


def test_one_row_at_a_time_and_the_error_names_the_field(agreement):
    c = client_for("secretariaat")
    c.post("/voorstellen/", NEW)
    p = Proposal.objects.get(ref="W-2026-1")
    r = c.post(f"/voorstellen/{p.public_id}/", {"GM0164-decided_on": "2026-04-01"})
    assert r.status_code == 400
    page = r.content.decode()
    assert 'id="error-summary"' in page and 'aria-invalid="true"' in page and 'href="#id_GM0164-outcome"' in page
    r = c.post(f"/voorstellen/{p.public_id}/", {"GM0164-decided_on": "2026-02-01", "GM0164-outcome": "refuse"})
    assert r.status_code == 400 and 'href="#id_GM0164-decided_on"' in r.content.decode()
    r = c.post(f"/voorstellen/{p.public_id}/", {"GM0164-decided_on": "2026-04-01", "GM0164-outcome": "refuse"})
    assert r.status_code == 302
    assert "verworpen" in c.get(f"/voorstellen/{p.public_id}/?as_of=2026-06-01").content.decode()


def test_bad_proposal_is_shown_on_its_field(agreement):
    c = client_for("secretariaat")
    r = c.post("/voorstellen/", {**NEW, "parameters": "withdrawal.notice_months = 0"})
    assert r.status_code == 400
    page = r.content.decode()
    assert 'href="#id_parameters"' in page and 'aria-invalid="true"' in page
    assert not Proposal.objects.filter(ref=NEW["ref"]).exists()


@pytest.mark.parametrize("username", ["voorzitter", "hengelo", "financien", "waarnemer"])
def test_other_roles_see_but_do_not_write(agreement, username):
    c = client_for("secretariaat")
    c.post("/voorstellen/", NEW)
    p = Proposal.objects.get(ref="W-2026-1")
    other = client_for(username)
    page = other.get(f"/voorstellen/{p.public_id}/").content.decode()
    assert "W-2026-1" in page
    assert 'name="GM0164-outcome"' not in page
    assert other.post("/voorstellen/", {**NEW, "ref": "X-1"}).status_code == 403
    assert other.post(f"/voorstellen/{p.public_id}/", {"GM0164-decided_on": "2026-04-01", "GM0164-outcome": "refuse"}).status_code == 403
    assert not PartyDecision.objects.filter(proposal=p).exists()


def test_the_as_of_date_is_kept_after_saving(agreement):
    c = client_for("secretariaat")
    r = c.post("/voorstellen/?as_of=2026-06-01", NEW)
    assert r.status_code == 302 and r["Location"].endswith("/?as_of=2026-06-01")
    r = c.post(r["Location"], {"GM0164-decided_on": "2026-04-01", "GM0164-outcome": "consent"})
    assert r.status_code == 302 and r["Location"].endswith("?as_of=2026-06-01#besluiten")


def test_parameters_are_written_as_key_value_lines_and_the_rules_bound_names_the_key(agreement):
    """The secretary writes `key = value` lines (as in the what-if form), not JSON; a value outside the
    agreement's bounds (withdrawal.notice_months 1..120) is refused by the rules and shown on the field."""
    c = client_for("secretariaat")
    r = c.post("/voorstellen/", {**NEW, "parameters": "withdrawal.notice_months = 500"})
    assert r.status_code == 400
    page = r.content.decode()
    assert 'href="#id_parameters"' in page and "withdrawal.notice_months" in page
    assert not Proposal.objects.filter(ref=NEW["ref"]).exists()
    r = c.post("/voorstellen/", {**NEW, "parameters": '{"withdrawal.notice_months": 12}'})
    assert r.status_code == 400 and "Regel 1" in r.content.decode()
    r = c.post("/voorstellen/", {**NEW, "parameters": "withdrawal.notice_months = 12\ndispute.chair_phase_weeks = 8"})
    assert r.status_code == 302
    assert Proposal.objects.get(ref=NEW["ref"]).parameters == {"withdrawal.notice_months": 12, "dispute.chair_phase_weeks": 8}
