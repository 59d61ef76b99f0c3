"""Accounts, issue 7 section 3: two factors, passwords, idle sessions, lockout per username, tokens, events."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db.models import F
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samen import cli
from samen import demo as demo_data
from samen.accounts import services, twofactor
from samen.accounts.models import ApiToken, Role, SecurityEvent, User
from samen.audit import services as audit
from samen.audit.models import AuditEntry
from samen.core.errors import NotAllowed, NotFound
from tests.two_factor import DEMO_SECRET, PASSWORD, code_for, fresh_code, log_in

Kind = SecurityEvent.Kind
API = "/api/v1/agreements"


def kinds(username: str) -> list[str]:
    return list(SecurityEvent.objects.filter(username=username).order_by("at", "id").values_list("kind", flat=True))


def password_step(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post("/inloggen/", {"username": username, "password": password}, **extra)


def new_user(twente, username: str, role: str, **kwargs) -> User:
    return services.create_account(
        actor="system:test", username=username, role=role, agreement=twente, password="een-lang-wachtwoord", **kwargs
    )


# --- two factors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["secretariaat", "voorzitter", "financien"])
def test_the_roles_with_two_factors_go_from_the_password_to_the_code_step(client, demo, username):
    response = password_step(client, username)
    assert response.status_code == 302 and response["Location"] == "/inloggen/code/?next=%2F"
    # Logged in with the password only: every page sends the session back to the code step ...
    for url in ("/", "/overeenkomst/", "/wat-als/", "/account/", "/account/tokens/", "/beheer/"):
        refused = client.get(url)
        assert refused.status_code == 302 and refused["Location"].startswith("/inloggen/code/?next="), url
    # ... and the API treats it as not logged in.
    assert client.get(API).status_code == 401
    code = client.get("/inloggen/code/")
    assert code.status_code == 200 and 'autocomplete="one-time-code"' in code.content.decode()
    # The code step shows no menu or account link that would only lead back to it.
    assert 'class="samen-nav"' not in code.content.decode() and "/account/" not in code.content.decode()
    ok = client.post("/inloggen/code/", {"code": fresh_code(username), "next": "/overeenkomst/"})
    assert ok.status_code == 302 and ok["Location"] == "/overeenkomst/"
    page = client.get("/overeenkomst/")
    assert page.status_code == 200 and 'class="samen-nav"' in page.content.decode()
    assert client.get(API).status_code == 200
    assert kinds(username)[-2:] == [Kind.LOGIN, Kind.TWO_FACTOR_VERIFIED]


@pytest.mark.parametrize("username", ["hengelo", "waarnemer"])
def test_the_other_roles_log_in_with_the_password_alone(client, demo, username):
    response = password_step(client, username)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_code_is_refused_recorded_and_a_used_code_cannot_be_replayed(client, demo):
    password_step(client, "secretariaat")
    wrong = client.post("/inloggen/code/", {"code": "000000" if fresh_code("secretariaat") != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "Deze code klopt niet" in wrong.content.decode()
    assert client.get("/").status_code == 302
    assert kinds("secretariaat")[-1] == Kind.TWO_FACTOR_FAILED

    code = fresh_code("secretariaat")
    assert client.post("/inloggen/code/", {"code": code}).status_code == 302
    other = Client()
    password_step(other, "secretariaat")
    replay = other.post("/inloggen/code/", {"code": code})  # the same code again, in another session
    assert replay.status_code == 400
    assert other.get("/").status_code == 302


def test_guessing_codes_is_slowed_down(client, demo, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 3600  # each failure doubles a wait of an hour: no timing in the test
    password_step(client, "voorzitter")
    device = TOTPDevice.objects.get(user__username="voorzitter")
    right = code_for(device)
    wrong = "000000" if right != "000000" else "111111"
    assert client.post("/inloggen/code/", {"code": wrong}).status_code == 400
    assert client.post("/inloggen/code/", {"code": right}).status_code == 400, "the right code counts only after the wait"


def test_a_recovery_code_works_once_instead_of_the_app(client, demo):
    user = User.objects.get(username="financien")
    codes = services.renew_recovery_codes(actor=user, user=user)
    assert len(codes) == 10 and len(set(codes)) == 10
    password_step(client, "financien")
    assert client.post("/inloggen/code/", {"code": codes[0].upper()}).status_code == 302
    assert client.get("/").status_code == 200
    assert kinds("financien")[-1] == Kind.RECOVERY_CODE_USED
    assert twofactor.remaining_recovery_codes(user) == 9
    again = Client()
    password_step(again, "financien")
    assert again.post("/inloggen/code/", {"code": codes[0]}).status_code == 400


def test_a_new_user_of_such_a_role_enrols_with_a_qr_code_and_gets_recovery_codes_once(client, twente):
    user = new_user(twente, "nieuwe-secretaris", Role.SECRETARIAT)
    response = password_step(client, "nieuwe-secretaris", "een-lang-wachtwoord")
    assert response["Location"] == "/inloggen/tweestapsverificatie/?next=%2F"
    assert client.get("/").status_code == 302
    page = client.get("/inloggen/tweestapsverificatie/").content.decode()
    assert 'src="data:image/svg+xml' in page and 'alt="QR-code' in page
    secret = re.search(r'<code class="samen-secret" id="totp-secret">([A-Z2-7 ]+)</code>', page).group(1)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert twofactor.hex_key_from_base32(secret) == device.key, "the secret in text is the one in the QR code"
    assert "otpauth://totp/samen%3Anieuwe-secretaris" in device.config_url

    wrong = client.post("/inloggen/tweestapsverificatie/", {"code": "abc"})
    assert wrong.status_code == 400 and not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    confirmed = client.post("/inloggen/tweestapsverificatie/", {"code": code_for(device), "next": "/"})
    assert confirmed.status_code == 302 and confirmed["Location"].startswith("/account/herstelcodes/")
    shown = client.get(confirmed["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown)
    assert len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert not re.findall(r"<li><code>", client.get("/account/herstelcodes/").content.decode()), "shown once"
    assert client.get("/").status_code == 200, "enrolment verified this session"
    entry = AuditEntry.objects.get(action="account.2fa-enrol")
    assert entry.after == {"user": "nieuwe-secretaris", "device": "authenticator-app", "confirmed": True}
    assert device.key not in str(entry.after)
    assert kinds("nieuwe-secretaris")[-1] == Kind.TWO_FACTOR_ENROLLED


def test_someone_with_only_the_password_cannot_enrol_a_device_of_their_own(client, demo):
    password_step(client, "secretariaat")
    response = client.get("/inloggen/tweestapsverificatie/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/code/")
    assert not TOTPDevice.objects.filter(user__username="secretariaat", confirmed=False).exists()


def test_a_superuser_needs_two_factors_too(client, twente):
    admin = User.objects.create_superuser("beheerder", "beheer@example.org", "een-lang-wachtwoord", role=Role.OBSERVER)
    client.force_login(admin)
    assert client.get("/beheer/").status_code == 302


def test_a_bearer_token_is_its_own_factor(client, demo):
    _, key = services.create_api_token(actor="system:test", username="secretariaat", label="script")
    assert client.get(API, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    password_step(client, "secretariaat")  # an unverified session does not get in the token's way
    assert client.get(API, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    assert client.get(API).status_code == 401


def test_demo_accounts_are_enrolled_with_the_demo_secret_only_in_demo_mode(demo, settings, client):
    key = twofactor.hex_key_from_base32(DEMO_SECRET)
    enrolled = dict(TOTPDevice.objects.filter(confirmed=True).values_list("user__username", "key"))
    assert enrolled == {"secretariaat": key, "voorzitter": key, "financien": key}
    login_page = client.get("/inloggen/").content.decode()
    assert DEMO_SECRET in login_page
    password_step(client, "voorzitter")
    assert DEMO_SECRET in client.get("/inloggen/code/").content.decode()
    settings.DEMO_MODE = False
    assert DEMO_SECRET not in Client().get("/inloggen/").content.decode()
    with pytest.raises(RuntimeError):
        services.enrol_demo_totp(actor="system:test", user=User.objects.get(username="voorzitter"), secret=DEMO_SECRET)


def test_the_demo_secret_comes_from_the_setting(twente, settings):
    settings.DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    demo_data.load(agreement=twente)
    assert TOTPDevice.objects.get(user__username="secretariaat").key == twofactor.hex_key_from_base32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")


# --- passwords -----------------------------------------------------------------------------------


def test_changing_your_password_needs_the_current_one_and_revokes_your_tokens(demo):
    client = log_in(Client(), "financien")
    token, key = services.create_api_token(actor="system:test", username="financien", label="boekhouding")
    wrong = client.post(
        "/account/wachtwoord/",
        {"old_password": "niet-het-wachtwoord", "new_password1": "een-nieuw-wachtwoord-7", "new_password2": "een-nieuw-wachtwoord-7"},
    )
    assert wrong.status_code == 400 and 'id="error-summary"' in wrong.content.decode()
    ok = client.post(
        "/account/wachtwoord/",
        {"old_password": PASSWORD, "new_password1": "een-nieuw-wachtwoord-7", "new_password2": "een-nieuw-wachtwoord-7"},
    )
    assert ok.status_code == 302 and ok["Location"] == "/account/wachtwoord/gewijzigd/"
    assert client.get("/").status_code == 200, "this session stays logged in"
    token.refresh_from_db()
    assert token.revoked and token.revoked_at is not None
    assert Client().get(API, headers={"Authorization": f"Bearer {key}"}).status_code == 401
    user = User.objects.get(username="financien")
    assert user.check_password("een-nieuw-wachtwoord-7")
    entry = AuditEntry.objects.get(action="account.password-change")
    assert (entry.object_type, entry.object_id, entry.actor) == ("accounts.user", str(user.pk), "financien")
    assert entry.after == audit.snapshot(user)
    assert AuditEntry.objects.filter(action="api-token.revoke", object_id=str(token.pk)).exists()
    assert Kind.PASSWORD_CHANGED in kinds("financien") and Kind.TOKEN_REVOKED in kinds("financien")


def test_a_password_reset_mails_a_link_and_never_says_whether_the_address_exists(client, demo):
    User.objects.filter(username="hengelo").update(email="hengelo@example.org")
    _, key = services.create_api_token(actor="system:test", username="hengelo", label="koppeling")
    unknown = client.post("/wachtwoord-vergeten/", {"email": "niemand@example.org"})
    known = client.post("/wachtwoord-vergeten/", {"email": "hengelo@example.org"})
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == "/wachtwoord-vergeten/verstuurd/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hengelo@example.org"]
    link = re.search(r"http://testserver(/wachtwoord-herstellen/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "hersteld-wachtwoord-9", "new_password2": "hersteld-wachtwoord-9"})
    assert done.status_code == 302 and done["Location"] == "/wachtwoord-herstellen/klaar/"
    assert User.objects.get(username="hengelo").check_password("hersteld-wachtwoord-9")
    assert Client().get(API, headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert AuditEntry.objects.filter(action="account.password-reset").count() == 1
    assert Kind.PASSWORD_RESET in kinds("hengelo")
    assert client.get(link).status_code == 200 and "werkt niet" in client.get(link).content.decode(), "a link works once"


def test_a_password_reset_does_not_skip_the_second_factor(client, demo):
    User.objects.filter(username="voorzitter").update(email="voorzitter@example.org")
    client.post("/wachtwoord-vergeten/", {"email": "voorzitter@example.org"})
    link = re.search(r"http://testserver(/wachtwoord-herstellen/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": "hersteld-wachtwoord-9", "new_password2": "hersteld-wachtwoord-9"})
    response = password_step(client, "voorzitter", "hersteld-wachtwoord-9")
    assert response["Location"].startswith("/inloggen/code/")


# --- sessions ------------------------------------------------------------------------------------


def test_sessions_expire_after_thirty_idle_minutes_and_a_request_renews_them(demo, settings):
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    from samen.accounts.middleware import RENEWED_KEY

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = log_in(Client(), "hengelo")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/").status_code == 200  # renews it (the first page after logging in)
    # Within a minute of the last renewal a request writes nothing: the session keeps its expiry.
    nearly = timezone.now() + timedelta(minutes=1)
    Session.objects.filter(session_key=key).update(expire_date=nearly)
    assert client.get("/").status_code == 200
    assert Session.objects.get(session_key=key).expire_date == nearly
    # A minute after the last renewal (nearly idle for 30 minutes): one request gives it 30 minutes again.
    store = SessionStore(session_key=key)
    store[RENEWED_KEY] = store[RENEWED_KEY] - 61
    store.save()
    Session.objects.filter(session_key=key).update(expire_date=nearly)
    assert client.get("/").status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert timedelta(minutes=29) < renewed <= timedelta(minutes=30)
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 1800
    # Idle for longer than that: the session is gone, back to the login page.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


# --- lockout -------------------------------------------------------------------------------------


def test_200_guesses_from_50_addresses_lock_that_username_and_no_one_else(client, demo):
    addresses = [f"198.51.100.{i}" for i in range(1, 51)]
    for i in range(200):
        response = password_step(client, "hengelo", f"gok-{i}", REMOTE_ADDR=addresses[i % 50])
        assert response.status_code in (200, 429)
    # Each address tried only four times (under the per-address limit of five) ...
    assert SecurityEvent.objects.filter(username="hengelo", kind=Kind.LOGIN_FAILED, address="198.51.100.7").count() <= 4
    # ... and still the username is locked, even with the right password, from any address.
    for address in (addresses[0], "203.0.113.9"):
        locked = password_step(client, "hengelo", PASSWORD, REMOTE_ADDR=address)
        assert locked.status_code == 429 and "geblokkeerd" in locked.content.decode()
    assert Kind.LOCKOUT in kinds("hengelo")
    # Other users log in from those very addresses: an address is never locked as such.
    for address in addresses[:3]:
        other = Client()
        assert password_step(other, "waarnemer", PASSWORD, REMOTE_ADDR=address)["Location"] == "/"
        assert password_step(Client(), "voorzitter", PASSWORD, REMOTE_ADDR=address)["Location"].startswith("/inloggen/code/")
    # Once the failures are older than the window (15 minutes), the username opens again.
    SecurityEvent.objects.filter(username="hengelo").update(at=F("at") - timedelta(minutes=16))
    assert password_step(Client(), "hengelo", PASSWORD, REMOTE_ADDR="203.0.113.10")["Location"] == "/"


def test_failures_and_logins_are_recorded_with_the_address(client, demo):
    password_step(client, "bestaat-niet", "x", REMOTE_ADDR="192.0.2.4")
    password_step(client, "hengelo", "fout", REMOTE_ADDR="192.0.2.5")
    password_step(client, "hengelo", PASSWORD, REMOTE_ADDR="192.0.2.5")
    client.post("/uitloggen/", REMOTE_ADDR="192.0.2.5")
    failed = SecurityEvent.objects.get(username="bestaat-niet")
    assert (failed.kind, failed.user, failed.address) == (Kind.LOGIN_FAILED, None, "192.0.2.4")
    events = SecurityEvent.objects.filter(username="hengelo").order_by("at", "id")
    assert [(e.kind, e.address) for e in events] == [
        (Kind.LOGIN_FAILED, "192.0.2.5"),
        (Kind.LOGIN, "192.0.2.5"),
        (Kind.LOGOUT, "192.0.2.5"),
    ]
    assert events[0].user == User.objects.get(username="hengelo")


# --- tokens --------------------------------------------------------------------------------------


def test_tokens_expire_by_default_after_90_days_and_note_their_last_use(client, demo):
    token, key = services.create_api_token(actor="system:test", username="hengelo", label="koppeling")
    entry = AuditEntry.objects.get(action="api-token.create")
    assert (entry.object_type, entry.object_id) == ("accounts.apitoken", str(token.pk))
    assert entry.after == audit.snapshot(token)
    assert timedelta(days=89, hours=23) < token.expires_at - timezone.now() <= timedelta(days=90)
    assert token.last_used_at is None
    assert client.get(API, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(API, headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_a_token_notes_its_use_at_most_once_a_minute_and_opens_nothing_for_an_inactive_user(client, demo):
    token, key = services.create_api_token(actor="system:test", username="hengelo", label="koppeling")
    auth = {"Authorization": f"Bearer {key}"}
    assert client.get(API, headers=auth).status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    assert client.get(API, headers=auth).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first, "a second call within the minute writes nothing"
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    assert client.get(API, headers=auth).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at >= first
    User.objects.filter(username="hengelo").update(is_active=False)
    assert client.get(API, headers=auth).status_code == 401
    assert client.get(API, headers={"Authorization": "Bearer " + key[:-1] + ("A" if key[-1] != "A" else "B")}).status_code == 401


def test_the_token_page_lists_and_revokes_only_your_own_tokens(demo):
    mine, key = services.create_api_token(actor="system:test", username="hengelo", label="mijn-koppeling")
    theirs, their_key = services.create_api_token(actor="system:test", username="waarnemer", label="hun-koppeling")
    client = log_in(Client(), "hengelo")
    page = client.get("/account/tokens/").content.decode()
    assert "mijn-koppeling" in page and "hun-koppeling" not in page and mine.key_sha256 not in page
    assert client.post(f"/account/tokens/{theirs.pk}/intrekken/").status_code == 302
    theirs.refresh_from_db()
    assert not theirs.revoked, "another user's token is not found, let alone revoked"
    assert client.post(f"/account/tokens/{mine.pk}/intrekken/").status_code == 302
    mine.refresh_from_db()
    assert mine.revoked
    assert Client().get(API, headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert Client().get(API, headers={"Authorization": f"Bearer {their_key}"}).status_code == 200
    entry = AuditEntry.objects.get(action="api-token.revoke")
    assert (entry.actor, entry.object_id, entry.after) == ("hengelo", str(mine.pk), audit.snapshot(mine))
    with pytest.raises(NotFound):
        services.revoke_api_token(actor=User.objects.get(username="hengelo"), token_id=theirs.pk)


def test_samen_token_list_and_revoke(demo, capsys):
    token, _ = services.create_api_token(actor="system:test", username="financien", label="boekhouding")
    services.create_api_token(actor="system:test", username="hengelo", label="koppeling")
    assert cli.main(["token", "list", "financien"]) == 0
    out = capsys.readouterr().out
    assert "boekhouding" in out and "active" in out and "koppeling" not in out
    assert cli.main(["token", "list"]) == 0
    assert "koppeling" in capsys.readouterr().out
    assert cli.main(["token", "revoke", str(token.pk)]) == 0
    assert f"token {token.pk}" in capsys.readouterr().out
    token.refresh_from_db()
    assert token.revoked
    assert cli.main(["token", "revoke", str(token.pk)]) == 1
    assert "token.already-revoked" in capsys.readouterr().err
    assert cli.main(["token", "revoke", "999999"]) == 1
    assert "token.unknown" in capsys.readouterr().err
    assert cli.main(["token", "list", "niemand"]) == 2
    assert "veld: USER" in capsys.readouterr().err


# --- roles and the audit contract ----------------------------------------------------------------


def test_a_role_change_is_audited_and_a_new_chair_must_enrol(demo):
    secretariaat = User.objects.get(username="secretariaat")
    waarnemer = User.objects.get(username="waarnemer")
    client = log_in(Client(), "waarnemer")
    assert client.get("/").status_code == 200
    waarnemer.refresh_from_db()
    before = audit.snapshot(waarnemer)
    with pytest.raises(NotAllowed):
        services.change_role(actor=User.objects.get(username="hengelo"), user=waarnemer, role=Role.CHAIR)
    changed = services.change_role(actor=secretariaat, user=waarnemer, role=Role.CHAIR)
    entry = AuditEntry.objects.get(action="account.role-change")
    assert (entry.actor, entry.object_type, entry.object_id) == ("secretariaat", "accounts.user", str(waarnemer.pk))
    assert entry.before == before and entry.after == audit.snapshot(changed)
    assert entry.after["role"] == Role.CHAIR
    assert kinds("waarnemer")[-1] == Kind.ROLE_CHANGED
    # The running session of the new chair is refused until a device is enrolled.
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/tweestapsverificatie/")


def test_create_account_audits_the_snapshot_of_the_user(twente):
    user = new_user(twente, "nieuw", Role.OBSERVER)
    entry = AuditEntry.objects.get(action="account.create", object_id=str(user.pk))
    assert entry.object_type == "accounts.user" and entry.after == audit.snapshot(user)


def test_every_access_change_of_the_demo_is_in_one_intact_chain(demo):
    assert audit.verify().intact
    assert AuditEntry.objects.filter(action="account.2fa-enrol").count() == 3


def test_a_user_of_another_role_may_enrol_and_is_then_asked_for_the_code(demo):
    client = log_in(Client(), "hengelo")
    page = client.get("/inloggen/tweestapsverificatie/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user__username="hengelo", confirmed=False)
    assert client.post("/inloggen/tweestapsverificatie/", {"code": code_for(device)}).status_code == 302
    again = Client()
    assert password_step(again, "hengelo")["Location"].startswith("/inloggen/code/")
    assert again.get("/").status_code == 302
    assert again.post("/inloggen/code/", {"code": fresh_code("hengelo")}).status_code == 302
    assert again.get("/").status_code == 200
