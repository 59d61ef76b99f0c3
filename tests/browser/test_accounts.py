"""The account pages in a real browser: enrolment with the QR code, the code step, recovery codes.

axe-core on each, and no Content Security Policy violation (the QR code is a data: image).
"""

from __future__ import annotations

import pytest
from browser_helpers import axe_violations
from playwright.sync_api import expect
from tests.two_factor import code_for

pytestmark = pytest.mark.browser


def test_enrolment_the_code_step_and_recovery_codes_are_accessible(page, demo):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from samen.accounts.models import Role
    from samen.accounts.services import create_account

    create_account(actor="system:test", username="nieuw", role=Role.CHAIR, agreement=demo, password="een-lang-wachtwoord")
    messages: list[str] = []
    page.on("console", lambda msg: messages.append(msg.text))

    page.goto(page.base_url + "/inloggen/")
    page.fill("#id_username", "nieuw")
    page.fill("#id_password", "een-lang-wachtwoord")
    page.click("button[type=submit] >> text=Inloggen")
    page.wait_for_url("**/inloggen/tweestapsverificatie/**")
    qr = page.locator("img.samen-qr")
    expect(qr).to_be_visible()
    assert page.evaluate("() => document.querySelector('img.samen-qr').naturalWidth") > 0, "the QR code renders"
    assert axe_violations(page) == []

    page.fill("#id_code", "12")
    page.click("button[type=submit] >> text=Bevestigen")
    expect(page.locator("#error-summary")).to_be_visible()
    assert page.title().startswith("Fout: ")
    assert axe_violations(page) == []

    device = TOTPDevice.objects.get(user__username="nieuw", confirmed=False)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    page.fill("#id_code", code_for(device))
    page.click("button[type=submit] >> text=Bevestigen")
    page.wait_for_url("**/account/herstelcodes/**")
    expect(page.locator(".samen-recovery-codes li")).to_have_count(10)
    assert axe_violations(page) == []
    page.click("text=Ik heb de codes bewaard, ga verder")
    page.wait_for_url(lambda url: url.rstrip("/") == page.base_url)
    expect(page.locator("h1")).to_have_text("Overzicht")

    # Next login: the code step, with its error summary.
    page.goto(page.base_url + "/account/")
    page.click("button[type=submit] >> text=Uitloggen")
    page.wait_for_url("**/inloggen/")
    page.fill("#id_username", "nieuw")
    page.fill("#id_password", "een-lang-wachtwoord")
    page.click("button[type=submit] >> text=Inloggen")
    page.wait_for_url("**/inloggen/code/**")
    assert axe_violations(page) == []
    page.fill("#id_code", "")
    page.click("button[type=submit] >> text=Doorgaan")
    expect(page.locator("#error-summary")).to_contain_text("Vul de code in.")
    assert axe_violations(page) == []
    assert [m for m in messages if "Content Security Policy" in m] == []
