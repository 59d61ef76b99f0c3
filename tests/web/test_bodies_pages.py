"""The pages of the bodies: members over time, the chair, the core group's rule, and the secretariat's forms."""

from __future__ import annotations

from datetime import date

import pytest

from samen.audit.models import AuditEntry
from samen.governance.models import Membership
from samen.parties.models import Person


def _url(key: str = "board") -> str:
    return f"/overeenkomst/organen/{key}/"


def test_the_agreement_page_links_the_bodies_and_shows_the_board_members_not_the_signers(secretariat):
    page = secretariat.get("/overeenkomst/").content.decode()
    assert 'href="/overeenkomst/organen/"' in page
    assert 'href="/overeenkomst/organen/board/"' in page
    assert "Lid van het bestuurlijk overleg" in page


def test_the_board_page_shows_members_per_party_the_waterschap_without_vote_and_the_chair(agreement, login):
    page = login("hengelo").get(_url()).content.decode()
    assert "Gemeente Hengelo" in page or "Hengelo" in page
    assert "deelnemer zonder stem" in page
    assert "(Enschede), gekozen op 12 december 2024 door het bestuurlijk overleg uit zijn midden" in page
    assert "<form" not in page.split('id="leden"')[1], "a representative sees no forms"


def test_the_core_group_page_shows_its_composition_rule(agreement, login):
    page = login("waarnemer").get(_url("core-group")).content.decode()
    assert "minimaal 3 deelnemende partijen" in page
    assert "Geen bevinding: op deze datum zitten 4 deelnemende partijen in de kerngroep" in page


@pytest.mark.parametrize("username", ["hengelo", "waarnemer", "voorzitter"])
def test_others_get_403_on_post_and_nothing_is_written(agreement, login, username):
    before = AuditEntry.objects.count()
    seat = Membership.objects.filter(body__key="board", role="member").first()
    r = login(username).post(_url(), {"action": "end", "end-membership": seat.pk, "end-until": "2026-01-01"})
    assert r.status_code == 403
    assert AuditEntry.objects.count() == before


def test_the_secretariat_ends_a_membership(secretariat):
    seat = Membership.objects.filter(body__key="board", role="member", person__party__code="GM0164").get()
    r = secretariat.post(_url(), {"action": "end", "end-membership": seat.pk, "end-until": "2026-06-30"})
    assert r.status_code == 302
    seat.refresh_from_db()
    assert seat.until.isoformat() == "2026-06-30"


def test_the_secretariat_replaces_a_member(secretariat):
    seat = Membership.objects.filter(body__key="board", role="member", person__party__code="GM0164").get()
    other = Person.objects.filter(party__code="GM0153").first()
    r = secretariat.post(
        _url(), {"action": "replace", "replace-membership": seat.pk, "replace-person": other.pk, "replace-start": "2026-03-01"}
    )
    assert r.status_code == 302
    assert Membership.objects.filter(body__key="board", person=other, start="2026-03-01", role="member").exists()


def test_a_form_with_errors_answers_400_with_an_error_summary_and_aria_invalid(secretariat):
    r = secretariat.post(_url(), {"action": "add", "add-person": "", "add-role": "member", "add-start": "2026-13-01"})
    assert r.status_code == 400
    page = r.content.decode()
    assert 'id="error-summary"' in page
    assert 'href="#id_add-person"' in page and 'href="#id_add-start"' in page
    assert 'aria-invalid="true"' in page


def test_electing_a_non_member_shows_the_refusal_with_its_article_on_the_field(secretariat):
    staff = Person.objects.get(name="Secretaris (voorbeeld)")
    before = AuditEntry.objects.count()
    r = secretariat.post(_url(), {"action": "chair", "chair-person": staff.pk, "chair-on": "2026-02-12"})
    assert r.status_code == 400
    page = r.content.decode()
    assert "art. 5 lid 5" in page and 'href="#id_chair-person"' in page
    assert AuditEntry.objects.count() == before


def test_the_secretariat_elects_a_chair(secretariat):
    hengelo = Person.objects.filter(party__code="GM0164").first()
    r = secretariat.post(_url(), {"action": "chair", "chair-person": hengelo.pk, "chair-on": "2026-02-12"})
    assert r.status_code == 302
    page = secretariat.get(_url() + "?as_of=2026-03-01").content.decode()
    assert f"{hengelo.name} (Hengelo), gekozen op 12 februari 2026" in page


def test_the_secretariat_records_a_new_person_for_a_party(secretariat, agreement):
    hengelo = agreement.parties.get(code="GM0164")
    r = secretariat.post(_url(), {"action": "person", "person-name": "Nieuwe wethouder", "person-organisation": f"party:{hengelo.pk}"})
    assert r.status_code == 302
    assert Person.objects.get(name="Nieuwe wethouder").party == hengelo
    r = secretariat.post(_url(), {"action": "person", "person-name": " ", "person-organisation": f"party:{hengelo.pk}"})
    assert r.status_code == 400 and 'href="#id_person-name"' in r.content.decode()


def test_the_agreement_page_shows_who_holds_the_seat_on_the_date(secretariat, agreement):
    from samen.accounts.models import User
    from samen.governance import services
    from samen.parties import services as parties

    actor = User.objects.get(username="secretariaat")
    seat = Membership.objects.get(body__key="board", role="member", person__party__code="GM0164")
    old_name = seat.person.name
    new = parties.add_person(actor=actor, agreement=agreement, name="Opvolger Hengelo", party=seat.person.party)
    services.replace_membership(actor=actor, membership=seat, person=new, start=date(2026, 3, 1))
    before = secretariat.get("/overeenkomst/?as_of=2026-02-28").content.decode().split("Organen en leden")[0]
    after = secretariat.get("/overeenkomst/?as_of=2026-03-01").content.decode().split("Organen en leden")[0]
    assert old_name in before and "Opvolger Hengelo" not in before
    assert "Opvolger Hengelo" in after and old_name not in after
