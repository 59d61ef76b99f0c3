"""The Content Security Policy holds on every page the app serves, and breaks none of them."""

from __future__ import annotations

import pytest
from browser_helpers import AS_OF, log_in

pytestmark = pytest.mark.browser


def test_pages_run_under_the_csp_without_violations(page, demo):
    messages: list[str] = []
    page.on("console", lambda msg: messages.append(msg.text))
    log_in(page, "secretariaat")
    response = page.goto(page.base_url + f"/?as_of={AS_OF}")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    for path in ("/overeenkomst/", "/overeenkomst/tekst/", "/wat-als/"):
        page.goto(page.base_url + path + f"?as_of={AS_OF}")
    # The sandbox swaps its fact form with htmx: scripts must still run under the policy.
    page.select_option("#id_soort", "cost-per-fte")
    page.locator("#id_feit-year").wait_for()
    page.fill("#id_feit-year", "2026")
    page.fill("#id_feit-amount", "120000,00")
    page.click("button[value=add]")
    page.locator("#h-result").wait_for()
    violations = [m for m in messages if "Content Security Policy" in m]
    assert violations == []
