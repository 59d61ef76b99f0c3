"""The admin writes through the services (one audit entry per change) or not at all."""

from __future__ import annotations

import pytest

from samen.accounts.models import Role, User
from samen.audit import services as audit
from samen.audit.models import AuditEntry
from samen.governance.models import Body, Meeting
from samen.parties.models import Person
from tests.two_factor import pass_code_step


@pytest.fixture
def beheer(client, demo):
    admin = User.objects.create_superuser("beheerder", "beheer@example.org", "een-lang-wachtwoord", role=Role.SECRETARIAT)
    client.force_login(admin)
    pass_code_step(client, "beheerder")
    return client


def test_changing_a_meeting_through_the_admin_is_impossible(beheer):
    meeting = Meeting.objects.first()
    url = f"/beheer/governance/meeting/{meeting.pk}/change/"
    page = beheer.get(url)
    assert page.status_code == 200  # shown, read-only
    assert 'name="held_on"' not in page.content.decode()
    before = AuditEntry.objects.count()
    response = beheer.post(url, {"body": meeting.body_id, "held_on": "2030-01-01", "title": "x"})
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert str(meeting.held_on) != "2030-01-01" and AuditEntry.objects.count() == before
    assert beheer.post(f"/beheer/governance/meeting/{meeting.pk}/delete/", {"post": "yes"}).status_code == 403


def test_adding_a_meeting_through_the_admin_is_one_audit_entry(beheer, demo):
    board = Body.objects.get(agreement=demo, key="board")
    before = AuditEntry.objects.count()
    response = beheer.post("/beheer/governance/meeting/add/", {"body": board.pk, "held_on": "2026-11-12", "title": "Bestuurlijk overleg"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Meeting.objects.filter(body=board, held_on="2026-11-12").count() == 1
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.actor) == ("meeting.record", "beheerder")
    # The only row the chain does not know is the test's superuser, made with create_superuser outside the services.
    assert {(m.object_type, m.object_id) for m in audit.replay()} == {("accounts.user", str(User.objects.get(username="beheerder").pk))}


def test_a_refusal_in_the_admin_writes_nothing_and_says_why(client, demo):
    """A staff observer with Django's add permission still meets the service's own permission check."""
    from django.contrib.auth.models import Permission

    staff = User.objects.create_user("kijker", password="een-lang-wachtwoord", role=Role.OBSERVER, is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["add_meeting", "view_meeting"]))
    client.force_login(staff)
    board = Body.objects.get(agreement=demo, key="board")
    before = (AuditEntry.objects.count(), Meeting.objects.count())
    response = client.post("/beheer/governance/meeting/add/", {"body": board.pk, "held_on": "2026-11-12"}, follow=True)
    assert (AuditEntry.objects.count(), Meeting.objects.count()) == before
    assert "auth.forbidden: uw rol mag dit niet" in response.content.decode().lower()


def test_a_membership_added_through_the_admin_is_one_audit_entry(beheer, demo):
    body = Body.objects.get(agreement=demo, key="board")
    person = Person.objects.filter(agreement=demo).first()
    before = AuditEntry.objects.count()
    response = beheer.post(
        "/beheer/governance/membership/add/", {"body": body.pk, "person": person.pk, "role": "member", "start": "2026-01-01"}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.order_by("-seq").first().action == "membership.add"


@pytest.mark.parametrize("model", ["governance/membership", "governance/body", "parties/person", "parties/signature", "parties/party",
                                   "parties/participant", "records/recordedfact", "agreements/agreement", "audit/auditentry"])  # fmt: skip
def test_no_record_is_changed_or_deleted_through_the_admin(beheer, model):
    from django.apps import apps

    obj = apps.get_model(model.replace("/", ".")).objects.first()
    change = f"/beheer/{model}/{obj.pk}/change/"
    assert beheer.post(change, {}).status_code == 403
    assert beheer.post(f"/beheer/{model}/{obj.pk}/delete/", {"post": "yes"}).status_code == 403


def test_a_role_change_through_the_admin_goes_through_change_role(beheer):
    user = User.objects.get(username="waarnemer")
    before = AuditEntry.objects.count()
    response = beheer.post(f"/beheer/accounts/user/{user.pk}/change/", {"role": "chair", "party": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.role == "chair"
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "account.role-change" and entry.after["role"] == "chair" and "password" not in entry.after
    assert beheer.post(f"/beheer/accounts/user/{user.pk}/delete/", {"post": "yes"}).status_code == 403
    assert beheer.get(f"/beheer/accounts/user/{user.pk}/password/").status_code == 403


def test_an_account_added_through_the_admin_is_audited(beheer, demo):
    response = beheer.post(
        "/beheer/accounts/user/add/",
        {"username": "nieuw", "password1": "een-heel-lang-wachtwoord-9", "password2": "een-heel-lang-wachtwoord-9",
         "usable_password": "true", "role": "observer", "agreement": demo.pk, "party": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="nieuw")
    assert user.check_password("een-heel-lang-wachtwoord-9")
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "account.create" and entry.object_id == str(user.pk)
    assert not [m for m in audit.replay() if m.object_id == str(user.pk)]
