"""Helpers for the browser tests: paths, demo accounts, axe-core, logging in."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "build" / "static" / "vendor" / "axe-core" / "axe.min.js"
SEED_TEXT = ROOT / ".." / "shared" / "seeds" / "samenwerkingsovereenkomst-vth-twente.txt"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SLUG = "twente-vth-2024"
PASSWORD = "samen-demo"
ROLES = ("secretariaat", "voorzitter", "hengelo", "financien", "waarnemer")
AS_OF = "2026-11-28"


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the page; the violations, summarised."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: a <script> tag would be blocked, rightly, by
        # the pages' Content Security Policy (no inline script).
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }"""
    )
    return result


def log_in(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the pages: the password, then (secretariat, chair, finance) the code step."""
    from tests.two_factor import fresh_code, needs_code

    page.goto(page.base_url + "/inloggen/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit] >> text=Inloggen")
    if needs_code(username):
        page.wait_for_url(lambda url: "/inloggen/code/" in url)
        page.fill("#id_code", fresh_code(username))
        page.click("button[type=submit] >> text=Doorgaan")
    page.wait_for_url(lambda url: "/inloggen/" not in url)
