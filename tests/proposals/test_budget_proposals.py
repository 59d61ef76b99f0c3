"""Budget proposals (art. 6 with art. 5 lid 3): the budget year, the one projection of the parties'
decisions as `budget-decided` facts, the consent of a year stored once, the page and the API."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from samen.accounts.services import create_api_token
from samen.core.errors import InvalidInput
from samen.parties.models import Party
from samen.proposals import services
from samen.proposals.models import PartyDecision, Proposal
from samen.records import services as records
from samen.records.models import RecordedFact
from samen.records.queries import evaluate_recorded, recorded_facts
from tests.web.web_helpers import client_for, load_demo

pytestmark = pytest.mark.django_db

ACTOR = "system:test"


def _codes(agreement):
    return list(Party.objects.filter(agreement=agreement).order_by("position").values_list("code", flat=True))


def _budget(agreement, ref="B-2028", year=2028, **kw):
    args = {
        "actor": ACTOR,
        "agreement": agreement,
        "ref": ref,
        "subject": f"Begroting {year}",
        "kind": "budget",
        "proposed_on": date(2027, 9, 1),
        "budget_year": year,
    }
    return services.create_proposal(**{**args, **kw})


def _decide(proposal, codes, day, outcome="consent"):
    rows = [{"party": c, "decided_on": day, "outcome": outcome} for c in codes]
    return services.record_decisions(actor=ACTOR, proposal=proposal, rows=rows)


def _budget_state(agreement, year, as_of):
    answer = evaluate_recorded(agreement, as_of=as_of)
    return next(p for p in answer.procedures if p.procedure == "budget" and p.ref == str(year))


# --- services and the projection -----------------------------------------------------------------


def test_decisions_on_a_budget_proposal_are_projected_as_budget_decided_facts_and_decide_the_consent(twente):
    p = _budget(twente)
    codes = _codes(twente)
    _decide(p, codes[:14], date(2027, 10, 1))
    projected = [f for f in recorded_facts(twente) if f["fact"] == "budget-decided"]
    assert len(projected) == 14
    assert projected[0] == {"fact": "budget-decided", "year": 2028, "party": codes[0], "decision": "consent", "date": "2027-10-01"}
    # No amendment facts: the budget proposal is no amendment.
    assert not [f for f in recorded_facts(twente) if f["fact"].startswith("amendment")]
    pending = _budget_state(twente, 2028, date(2027, 11, 1))
    assert pending.state == "pending" and pending.details["awaiting"] == [codes[14]]
    _decide(p, codes[14:], date(2027, 10, 20))
    done = _budget_state(twente, 2028, date(2027, 11, 1))
    assert (done.state, done.details["consented_on"], done.details["consented_by"]) == ("consented", "2027-10-20", "parties")


def test_a_refusal_stands_until_the_party_decides_again(twente):
    p = _budget(twente)
    codes = _codes(twente)
    _decide(p, codes[:14], date(2027, 10, 1))
    _decide(p, codes[14:], date(2027, 10, 5), "refuse")
    state = _budget_state(twente, 2028, date(2027, 11, 1))
    assert state.state == "pending" and state.details["refused"] == [codes[14]]
    _decide(p, codes[14:], date(2027, 11, 15))
    assert _budget_state(twente, 2028, date(2027, 12, 1)).details["consented_on"] == "2027-11-15"
    # Two decisions of one party on one day cannot be ordered.
    with pytest.raises(InvalidInput) as e:
        _decide(p, codes[:1], date(2027, 10, 1), "refuse")
    assert e.value.code == "decision.duplicate"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"budget_year": None}, "proposal.budget-year-missing"),
        ({"budget_year": 1899}, "proposal.bad-budget-year"),
        ({"budget_year": 3000}, "proposal.bad-budget-year"),
        ({"budget_year": True}, "proposal.bad-budget-year"),
        ({"budget_year": "2028"}, "proposal.bad-budget-year"),
        ({"kind": "other"}, "proposal.not-a-budget"),
        ({"kind": "amendment", "proposed_by": "GM0153", "end_date": date(2030, 12, 31)}, "proposal.not-a-budget"),
    ],
)
def test_the_budget_year_is_required_for_a_budget_proposal_and_refused_for_other_kinds(twente, change, code):
    with pytest.raises(InvalidInput) as e:
        _budget(twente, **change)
    assert (e.value.code, e.value.field) == (code, "budget_year")
    assert Proposal.objects.count() == 0


def test_one_budget_proposal_per_year(twente):
    _budget(twente)
    with pytest.raises(InvalidInput) as e:
        _budget(twente, ref="B-2028-bis")
    assert (e.value.code, e.value.field) == ("proposal.budget-year-taken", "budget_year")
    _budget(twente, ref="B-2029", year=2029)


def test_the_consent_of_a_year_is_stored_once(twente):
    # A recorded consent (a year before samen) and a budget proposal for the same year exclude each other.
    records.record_fact(actor=ACTOR, agreement=twente, raw={"fact": "budget-consented", "year": 2025, "date": "2024-12-12"})
    with pytest.raises(InvalidInput) as e:
        _budget(twente, ref="B-2025", year=2025, proposed_on=date(2024, 11, 1))
    assert (e.value.code, e.value.field) == ("proposal.budget-consent-recorded", "budget_year")
    _budget(twente)
    with pytest.raises(InvalidInput) as e:
        records.record_fact(actor=ACTOR, agreement=twente, raw={"fact": "budget-consented", "year": 2028, "date": "2027-12-01"})
    assert (e.value.code, e.value.field) == ("fact.budget-proposal", "year")
    assert "B-2028" in e.value.message
    # The parties' decisions are recorded on the proposal, never as a fact of their own.
    with pytest.raises(InvalidInput) as e:
        records.record_fact(
            actor=ACTOR,
            agreement=twente,
            raw={"fact": "budget-decided", "year": 2028, "party": "GM0164", "decision": "consent", "date": "2027-10-01"},
        )
    assert e.value.code == "fact.own-table"
    assert RecordedFact.objects.filter(agreement=twente, kind__in=["budget-decided"]).count() == 0
    assert RecordedFact.objects.filter(agreement=twente, kind="budget-consented").count() == 1


def test_the_budget_year_is_in_the_audit_chain(twente):
    from samen.audit import services as audit
    from samen.audit.models import AuditEntry

    p = _budget(twente)
    assert AuditEntry.objects.get(action="proposal.create").after["budget_year"] == 2028
    assert audit.replay() == []
    Proposal.objects.filter(pk=p.pk).update(budget_year=2029)  # past the services
    assert [m.object_type for m in audit.replay()] == ["proposals.proposal"]


# --- the demo, the pages, the API ------------------------------------------------------------------


@pytest.fixture
def agreement(db):
    return load_demo(with_text=False)


def test_the_demo_consents_2026_by_fifteen_decisions_and_2027_is_pending(agreement):
    b2026 = _budget_state(agreement, 2026, date(2026, 11, 29))
    # Consented by the parties, then adopted in the programme budget (the demo's budget-adopted, samen.budgets).
    assert (b2026.state, b2026.details["consented_on"], b2026.details["consented_by"]) == ("adopted", "2025-09-11", "parties")
    b2027 = _budget_state(agreement, 2027, date(2026, 11, 29))
    assert b2027.state == "pending" and b2027.details["refused"] == ["GM1742"]
    assert b2027.details["awaiting"] == ["GM0183", "GM1700", "GM0189", "PV23"]
    assert not RecordedFact.objects.filter(agreement=agreement, kind="budget-consented", payload__year=2026).exists()


def test_the_budget_proposal_page_shows_the_outcome_citing_art_6_and_art_5_lid_3(agreement):
    p = Proposal.objects.get(agreement=agreement, ref="B-2027")
    for username in ("secretariaat", "hengelo", "waarnemer"):
        page = client_for(username).get(f"/voorstellen/{p.public_id}/?as_of=2026-11-29").content.decode()
        outcome = page.split('id="uitkomst">', 1)[1].split("</ol>", 1)[0]
        assert "wacht op instemming van alle partijen" in outcome
        assert "art. 6" in outcome and "art. 5 lid 3" in outcome
        assert "Rijssen-Holten (GM1742) stemde niet in" in outcome
        assert "nog geen besluit van Tubbergen (GM0183), Twenterand (GM1700), Wierden (GM0189) en Provincie Overijssel (PV23)" in outcome
    c = client_for("secretariaat")
    page = c.get(f"/voorstellen/{p.public_id}/?as_of=2026-11-29").content.decode()
    explanation = re.search(r'id="uitkomst">.*?href="(/uitleg/[^"]+)"', page, re.S)
    assert explanation is not None
    text = c.get(explanation.group(1).replace("&amp;", "&")).content.decode()
    assert "art. 5 lid 3" in text and "budget_consent_by" in text
    # The remaining parties consent from the page: the budget is consented on the day of the last consent.
    data = {}
    for code in ("GM1742", "GM0183", "GM1700", "GM0189", "PV23"):
        data[f"{code}-decided_on"] = "2026-12-03"
        data[f"{code}-outcome"] = "consent"
    assert c.post(f"/voorstellen/{p.public_id}/", data).status_code == 302
    page = c.get(f"/voorstellen/{p.public_id}/?as_of=2026-12-05").content.decode()
    outcome = page.split('id="uitkomst">', 1)[1].split("</ol>", 1)[0]
    assert "<strong>ingestemd</strong>" in outcome and "3 december 2026" in outcome
    listed = c.get("/voorstellen/?as_of=2026-12-05").content.decode()
    row = listed.split("B-2027", 1)[1].split("</tr>", 1)[0]
    assert "ingestemd" in row


def test_the_proposals_list_shows_the_budget_state(agreement):
    page = client_for("hengelo").get("/voorstellen/?as_of=2026-11-29").content.decode()
    row2027 = page.split(">B-2027<", 1)[1].split("</tr>", 1)[0]
    row2026 = page.split(">B-2026<", 1)[1].split("</tr>", 1)[0]
    assert "wacht op instemming van alle partijen" in row2027
    assert "vastgesteld in de programmabegroting" in row2026 and "geen regel" not in row2026


def test_the_proposal_form_asks_the_budget_year_and_names_the_field_on_error(agreement):
    c = client_for("secretariaat")
    form = c.get("/voorstellen/").content.decode()
    assert 'name="budget_year"' in form and "Alleen bij instemming met de begroting" in form
    new = {"ref": "B-2028", "subject": "Begroting 2028", "kind": "budget", "proposed_on": "2027-09-01", "budget_year": ""}
    r = c.post("/voorstellen/", new)
    assert r.status_code == 400
    page = r.content.decode()
    assert re.search(r'name="budget_year"[^>]*aria-invalid="true"', page) or re.search(r'aria-invalid="true"[^>]*name="budget_year"', page)
    assert "begrotingsjaar" in page
    r = c.post("/voorstellen/", {**new, "budget_year": "2026"})
    assert r.status_code == 400 and "B-2026" in r.content.decode()
    r = c.post("/voorstellen/", {**new, "budget_year": "2028"})
    assert r.status_code == 302
    assert Proposal.objects.get(ref="B-2028").budget_year == 2028


def _api(username):
    _, key = create_api_token(actor="system:test", username=username, label="test")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {key}"}


BASE = "/api/v1/agreements/twente-vth-2024/proposals"


def test_api_budget_year_and_state(agreement):
    c, auth = _api("secretariaat")
    r = c.post(
        BASE,
        {"ref": "B-2028", "subject": "Begroting 2028", "kind": "budget", "proposed_on": "2026-11-01", "budget_year": 2028},
        content_type="application/json",
        **auth,
    )
    assert r.status_code == 201, r.content
    created = r.json()
    # 2028 lies after the term and nothing is decided yet: no budget procedure for it.
    assert created["budget_year"] == 2028 and created["state"] is None
    rows = [{"party": code, "decided_on": "2026-11-20", "outcome": "consent"} for code in _codes(agreement)]
    r = c.post(f"{BASE}/{created['id']}/decisions", {"decisions": rows}, content_type="application/json", **auth)
    assert r.status_code == 201, r.content
    assert r.json()["state"] == "consented" and len(r.json()["decisions"]) == 15
    reader, reader_auth = _api("hengelo")
    items = {p["ref"]: p for p in reader.get(BASE, **reader_auth).json()["items"]}
    assert (items["B-2026"]["budget_year"], items["B-2026"]["state"]) == (2026, "adopted")
    assert (items["B-2027"]["budget_year"], items["B-2027"]["state"]) == (2027, "pending")
    bad = c.post(
        BASE,
        {"ref": "O-1", "subject": "Jaarverslag", "kind": "other", "proposed_on": "2026-01-05", "budget_year": 2027},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/problem+json")
    assert bad.json()["invalidParams"][0]["name"] == "budget_year"
    assert not Proposal.objects.filter(ref="O-1").exists()
    assert PartyDecision.objects.filter(proposal__ref="B-2028").count() == 15
