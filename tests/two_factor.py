"""Logging in with the second factor in tests: compute the TOTP code as an authenticator app would.

The demo accounts of the secretariat, the chair and finance are enrolled with the demo secret
(SAMEN_DEMO_TOTP_SECRET); `log_in` passes the password step and then the real code step.
django-otp refuses a code whose time step was used before (replay protection) and slows down
after a failure; tests log the same user in many times within one 30-second step, so `fresh_code`
clears that state first. Tests of the protection itself do not use it.
"""

from __future__ import annotations

from typing import Any

PASSWORD = "samen-demo"
DEMO_SECRET = "SAMENDEMOSECRET2SAMENDEMOSECRET2"


def code_for(device: Any, *, offset: int = 0) -> str:
    """The code the device's authenticator app shows now (`offset` time steps later)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def device_of(username: str) -> Any:
    """The user's confirmed authenticator device; one is made (as enrolment would) when there is none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from samen.accounts.models import User

    user = User.objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def fresh_code(username: str) -> str:
    """A code that the next verification accepts: replay guard, drift and throttle cleared first."""
    device = device_of(username)
    type(device).objects.filter(pk=device.pk).update(last_t=-1, drift=0, throttling_failure_count=0, throttling_failure_timestamp=None)
    device.refresh_from_db()
    return code_for(device)


def needs_code(username: str) -> bool:
    from samen.accounts import twofactor
    from samen.accounts.models import User

    return twofactor.needs_code(User.objects.get(username=username))


def pass_code_step(client: Any, username: str) -> None:
    """Pass the code step of a client logged in with its password (nothing to do for roles without it)."""
    if not needs_code(username):
        return
    response = client.post("/inloggen/code/", {"code": fresh_code(username)})
    assert response.status_code == 302, (username, response.status_code)


def log_in(client: Any, username: str, password: str = PASSWORD) -> Any:
    """Log a Django test client in: the password, then (for roles that need it) the code step."""
    assert client.login(username=username, password=password), username
    pass_code_step(client, username)
    return client
