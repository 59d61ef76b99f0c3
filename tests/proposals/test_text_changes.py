"""An amendment that changes the agreement's wording (art. 12): recorded from the proposal form and the API,
shown side by side with the previous text on the agreement page, and in force on the text page from its date."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from samen.accounts.services import create_api_token
from samen.core.errors import InvalidInput
from samen.parties.models import Party
from samen.proposals import services
from samen.proposals.models import Proposal
from tests.web.web_helpers import client_for, load_demo

pytestmark = pytest.mark.django_db

NEW_TEXT = "Het bestuurlijk overleg komt in elk geval 6 keer per jaar bij elkaar."
FORM = {
    "ref": "W-2026-7",
    "subject": "Zes vergaderingen per jaar",
    "explanation": "",
    "kind": "amendment",
    "proposed_by": "GM0153",
    "proposed_on": "2026-03-01",
    "parameters": "",
    "end_date": "",
    "effective_date": "2027-01-01",
    "text_ref": "art. 5 lid 4",
    "text_new": NEW_TEXT,
}


@pytest.fixture
def agreement(db):
    return load_demo(with_text=True)


def _consent_all(c: Client, proposal: Proposal) -> None:
    data = {}
    for party in Party.objects.filter(agreement=proposal.agreement):
        data[f"{party.code}-decided_on"] = "2026-05-01"
        data[f"{party.code}-outcome"] = "consent"
    assert c.post(f"/voorstellen/{proposal.public_id}/", data).status_code == 302


def test_a_new_wording_is_shown_side_by_side_and_is_in_force_from_its_date(agreement):
    c = client_for("secretariaat")
    r = c.post("/voorstellen/", FORM)
    assert r.status_code == 302, r.content.decode()[:3000]
    proposal = Proposal.objects.get(ref="W-2026-7")
    assert proposal.text_changes == [{"ref": "art. 5 lid 4", "text": NEW_TEXT}]
    _consent_all(c, proposal)

    overview = c.get("/overeenkomst/?as_of=2026-06-01").content.decode()
    version = overview.split("Gewijzigd door W-2026-7", 1)[1].split("</section>", 1)[0]
    assert "Tekst van art. 5 lid 4" in version
    assert "4 keer per jaar" in version and NEW_TEXT in version  # was and becomes, side by side

    after = c.get("/overeenkomst/tekst/?as_of=2027-02-01").content.decode()
    lid = after.split('id="art-5-lid-4"', 1)[1].split("</div>", 1)[0]
    assert NEW_TEXT in lid and "Tekst gewijzigd door W-2026-7" in lid and "Oorspronkelijke tekst" in after
    before = c.get("/overeenkomst/tekst/?as_of=2026-12-31").content.decode()
    lid = before.split('id="art-5-lid-4"', 1)[1].split("</p>", 1)[0]
    assert "4 keer per jaar" in lid and NEW_TEXT not in before


def test_a_pending_wording_changes_nothing(agreement):
    c = client_for("secretariaat")
    assert c.post("/voorstellen/", FORM).status_code == 302
    page = c.get("/overeenkomst/tekst/?as_of=2027-02-01").content.decode()
    assert NEW_TEXT not in page


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text_ref": "art. 99 lid 1"}, "id_text_ref"),  # not a choice of the form
        ({"text_new": ""}, "id_text_new"),
        ({"text_ref": ""}, "id_text_ref"),
    ],
)
def test_a_bad_text_change_is_named_on_its_field(agreement, change, field):
    c = client_for("secretariaat")
    r = c.post("/voorstellen/", {**FORM, **change})
    assert r.status_code == 400
    assert f'href="#{field}"' in r.content.decode()
    assert not Proposal.objects.filter(ref=FORM["ref"]).exists()


def test_the_service_checks_places_and_repeats(agreement):
    args = {
        "actor": "system:test",
        "agreement": agreement,
        "ref": "W-1",
        "subject": "s",
        "kind": "amendment",
        "proposed_on": date(2026, 3, 1),
        "proposed_by": "GM0153",
    }
    with pytest.raises(InvalidInput) as e:
        services.create_proposal(**args, text_changes=[{"ref": "art. 5 lid 9", "text": "x"}])
    assert e.value.field == "text_changes[0].ref"
    with pytest.raises(InvalidInput) as e:
        services.create_proposal(**args, text_changes=[{"ref": "art. 6", "text": "x"}, {"ref": "art. 6", "text": "y"}])
    assert e.value.field == "text_changes[1].ref"
    with pytest.raises(InvalidInput) as e:
        services.create_proposal(**{**args, "kind": "other"}, text_changes=[{"ref": "art. 6", "text": "x"}])
    assert e.value.field == "text_changes"
    created = services.create_proposal(**args, text_changes=[{"ref": "art. 1 sub g", "text": "Kerngroep: ..."}])
    assert created.text_changes == [{"ref": "art. 1 sub g", "text": "Kerngroep: ..."}]


def test_the_api_takes_text_changes_and_names_a_bad_place(agreement):
    _, key = create_api_token(actor="system:test", username="secretariaat", label="test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    base = f"/api/v1/agreements/{agreement.slug}/proposals"
    body = {"ref": "W-9", "subject": "Tekst", "kind": "amendment", "proposed_on": "2026-03-01", "proposed_by": "GM0153"}
    r = Client().post(base, {**body, "text_changes": [{"ref": "art. 77", "text": "x"}]}, content_type="application/json", **auth)
    assert r.status_code == 400 and r["Content-Type"].startswith("application/problem+json")
    assert "text_changes[0].ref" in r.content.decode()
    r = Client().post(
        base, {**body, "text_changes": [{"ref": "art. 6", "text": "Nieuwe begrotingsregel."}]}, content_type="application/json", **auth
    )
    assert r.status_code == 201, r.content
    assert r.json()["text_changes"] == [{"ref": "art. 6", "text": "Nieuwe begrotingsregel."}]
