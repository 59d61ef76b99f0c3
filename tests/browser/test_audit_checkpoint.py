"""The agreement page publishes the latest signed checkpoint of the audit chain, accessibly."""

from __future__ import annotations

import pytest
from browser_helpers import axe_violations, log_in
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_agreement_page_shows_the_signed_checkpoint(page, demo):
    from samen.audit import keys
    from samen.audit import services as audit

    keys.ensure_key()
    checkpoint = audit.make_checkpoint()
    log_in(page, "waarnemer")
    page.goto(page.base_url + "/overeenkomst/")
    expect(page.locator("#auditketen")).to_have_text("Auditketen")
    expect(page.get_by_text(checkpoint.head)).to_be_visible()
    expect(page.get_by_text(checkpoint.key_fingerprint)).to_be_visible()
    assert axe_violations(page) == []
