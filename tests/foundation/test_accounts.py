"""Accounts and roles: one demo account per role; permissions decided in services."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate

from samen import demo as demo_data
from samen.accounts import permissions
from samen.accounts.models import Role, User
from samen.core.errors import NotAllowed


def test_demo_creates_one_account_per_role(demo):
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "secretariaat": Role.SECRETARIAT,
        "voorzitter": Role.CHAIR,
        "hengelo": Role.REPRESENTATIVE,
        "financien": Role.FINANCE,
        "waarnemer": Role.OBSERVER,
    }
    assert User.objects.get(username="hengelo").party.code == "GM0164"
    assert authenticate(username="financien", password="samen-demo") is not None


def test_demo_password_comes_from_the_setting(twente, settings):
    settings.DEMO_PASSWORD = "een-ander-wachtwoord"
    demo_data.load(agreement=twente)
    assert authenticate(username="voorzitter", password="een-ander-wachtwoord") is not None
    assert authenticate(username="voorzitter", password="samen-demo") is None


def test_no_demo_accounts_outside_demo_mode(twente, settings):
    settings.DEMO_MODE = False
    with pytest.raises(RuntimeError):
        demo_data.load(agreement=twente)
    assert not User.objects.exists()


def test_demo_load_is_idempotent(demo):
    from samen.audit.models import AuditEntry

    count = AuditEntry.objects.count()
    demo_data.load(agreement=demo)
    assert AuditEntry.objects.count() == count


def test_a_representative_cannot_manage_parties_but_the_secretariat_can(demo):
    hengelo = User.objects.get(username="hengelo")
    secretariaat = User.objects.get(username="secretariaat")
    with pytest.raises(NotAllowed):
        permissions.require(hengelo, "manage_parties")
    permissions.require(secretariaat, "manage_parties")
    assert permissions.allows(User.objects.get(username="financien"), "record_finance_fact")
    assert not permissions.allows(User.objects.get(username="waarnemer"), "record_fact")


def test_a_representative_must_belong_to_a_party(db):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        User.objects.create(username="zonder-partij", role=Role.REPRESENTATIVE)


def test_five_wrong_passwords_lock_the_login(client, demo):
    for _ in range(5):
        response = client.post("/inloggen/", {"username": "hengelo", "password": "fout-wachtwoord"})
        assert response.status_code in (200, 429)
    locked = client.post("/inloggen/", {"username": "hengelo", "password": "samen-demo"})
    assert locked.status_code == 429
    assert "geblokkeerd" in locked.content.decode()
    other = client.post("/inloggen/", {"username": "secretariaat", "password": "samen-demo"})
    assert other.status_code == 302, "another user from the same address is not locked out"


def test_create_account_refuses_bad_input_naming_the_field(twente):
    from samen.accounts.services import create_account
    from samen.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as e:
        create_account(actor="system:test", username="x", role="representative", agreement=twente, password="een-wachtwoord")
    assert e.value.field == "party"
    with pytest.raises(InvalidInput) as e:
        create_account(actor="system:test", username="x", role="koning", agreement=twente, password="een-wachtwoord")
    assert e.value.field == "role"
    assert not User.objects.exists()
