"""Outside demo mode the demo accounts neither log in nor keep a session (issue 7 §2)."""

from __future__ import annotations

import pytest

from samen.accounts.models import Role, User
from tests.two_factor import log_in

pytestmark = pytest.mark.django_db


def test_demo_account_logs_in_in_demo_mode(client, demo):
    assert client.login(username="secretariaat", password="samen-demo")


@pytest.mark.parametrize("username", ["secretariaat", "voorzitter", "hengelo", "financien", "waarnemer"])
def test_demo_accounts_are_refused_outside_demo_mode(client, demo, settings, username):
    settings.DEMO_MODE = False
    assert not client.login(username=username, password="samen-demo")


def test_demo_account_is_refused_on_the_login_page_outside_demo_mode(client, demo, settings):
    settings.DEMO_MODE = False
    response = client.post("/inloggen/", {"username": "secretariaat", "password": "samen-demo"})
    assert response.status_code == 200  # the form again, with its error; no redirect into the app
    assert "_auth_user_id" not in client.session


def test_demo_account_is_refused_whatever_its_password(client, demo, settings):
    user = User.objects.get(username="secretariaat")
    user.set_password("een-ander-wachtwoord-2026")
    user.save()
    settings.DEMO_MODE = False
    assert not client.login(username="secretariaat", password="een-ander-wachtwoord-2026")


def test_a_session_opened_in_demo_mode_ends_outside_it(client, demo, settings):
    log_in(client, "secretariaat")
    assert client.get("/").status_code == 200
    settings.DEMO_MODE = False
    response = client.get("/")
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"]


def test_other_accounts_log_in_outside_demo_mode(client, twente, settings):
    from samen.accounts.services import create_account

    settings.DEMO_MODE = False
    create_account(
        actor="system:test",
        username="j.jansen",
        role=Role.SECRETARIAT,
        agreement=twente,
        password="een-lang-wachtwoord-2026",
        display_name="J. Jansen",
    )
    log_in(client, "j.jansen", "een-lang-wachtwoord-2026")  # the password, then the second factor
    assert client.get("/", secure=True).status_code == 200


def test_a_demo_accounts_api_token_opens_nothing_outside_demo_mode(client, demo, settings):
    from samen.accounts.services import create_api_token

    _, key = create_api_token(actor="system:test", username="secretariaat", label="demo")
    url = "/api/v1/agreements/twente-vth-2024/parties"
    assert client.get(url, headers={"Authorization": f"Bearer {key}"}, secure=True).status_code == 200
    settings.DEMO_MODE = False  # the API then also requires HTTPS, hence secure=True
    assert client.get(url, headers={"Authorization": f"Bearer {key}"}, secure=True).status_code == 401
