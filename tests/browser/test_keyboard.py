"""A keyboard-only journey: log in (password and code), open a deadline's explanation, switch to English, log out."""

from __future__ import annotations

import re

import pytest
from browser_helpers import AS_OF, PASSWORD
from playwright.sync_api import expect
from tests.two_factor import fresh_code

pytestmark = pytest.mark.browser


def focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   return {tag: e.tagName, id: e.id, text: (e.innerText || e.value || '').trim(), href: e.getAttribute('href') || ''}; }"""
    )


def tab_to(page, matches, *, limit: int = 250) -> dict:
    """Press Tab until the focused element matches; fail when it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        el = focused(page)
        if matches(el):
            return el
    raise AssertionError("not reachable with Tab")


def test_keyboard_only_journey(page, demo):
    page.goto(page.base_url + f"/inloggen/?next=/%3Fas_of%3D{AS_OF}")

    tab_to(page, lambda e: e["id"] == "id_username")
    page.keyboard.type("secretariaat")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    # The secretariat's second step: the code from the authenticator app, by keyboard too.
    page.wait_for_url("**/inloggen/code/**")
    tab_to(page, lambda e: e["id"] == "id_code")
    page.keyboard.type(fresh_code("secretariaat"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/?as_of={AS_OF}")
    expect(page).to_have_title(re.compile(r"^Overzicht"))

    # The skip link comes first and leads into <main>.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Naar de inhoud"
    page.keyboard.press("Enter")

    link = tab_to(page, lambda e: "/uitleg/deadline.term.evaluation-due/" in e["href"])
    assert link["tag"] == "A"
    page.keyboard.press("Enter")
    page.wait_for_url("**/uitleg/deadline.term.evaluation-due/**")
    expect(page.locator("h1")).to_have_text(re.compile(r"^Termijn: Evaluatie uiterlijk"))
    assert f"as_of={AS_OF}" in page.url

    tab_to(page, lambda e: e["tag"] == "BUTTON" and e["text"] == "English")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    expect(page.locator("h1")).to_have_text(re.compile(r"^Deadline: Evaluation due"))
    assert "/uitleg/deadline.term.evaluation-due/" in page.url

    tab_to(page, lambda e: e["tag"] == "BUTTON" and e["text"] == "Log out")
    page.keyboard.press("Enter")
    page.wait_for_url("**/inloggen/")
    expect(page.locator("h1")).to_have_text("Log in")
