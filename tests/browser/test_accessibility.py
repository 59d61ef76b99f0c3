"""Every page, for every demo role, passes axe-core's WCAG 2.1 AA rules; plus focus, titles, landmarks."""

from __future__ import annotations

import re

import pytest
from browser_helpers import AS_OF, ROLES, axe_violations, log_in
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def assert_accessible(page, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{what} ({page.url}): {violations}"
    assert page.title().strip(), f"{what}: no title"
    expect(page.locator("main"), f"{what}: one <main>").to_have_count(1)
    expect(page.locator("h1"), f"{what}: one <h1>").to_have_count(1)
    assert page.get_attribute("html", "lang") in ("nl", "en")


def test_login_page_and_its_error_summary_are_accessible(page, demo):
    page.goto(page.base_url + "/inloggen/")
    assert_accessible(page, "login")
    expect(page).to_have_title("Inloggen · samen")
    page.click("button[type=submit] >> text=Inloggen")
    # The form posts and a new page loads: wait for it with expect (it retries), never read
    # is_visible() or inner_text() right after the click (that reads whichever page is there).
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Vul uw gebruikersnaam in.")
    expect(page).to_have_title(re.compile(r"^Fout: "))
    expect(page.locator("#id_username")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "login with errors")
    page.fill("#id_username", "secretariaat")
    page.fill("#id_password", "verkeerd-wachtwoord")
    page.click("button[type=submit] >> text=Inloggen")
    expect(page.locator("#error-summary")).to_contain_text("klopt niet")
    assert_accessible(page, "login with a wrong password")


@pytest.mark.parametrize("username", ROLES)
def test_every_page_is_accessible_for_every_role(page, demo, username):
    from samen.cooperation.models import Assignment

    assignment = Assignment.objects.order_by("pk").first()
    log_in(page, username)
    q = f"?as_of={AS_OF}"
    pages = {
        "dashboard": f"/{q}",
        "agreement": f"/overeenkomst/{q}",
        "text": f"/overeenkomst/tekst/{q}",
        "explanation (deadline)": f"/uitleg/deadline.term.evaluation-due/{q}",
        "explanation (finding)": f"/uitleg/finding.art-3.evaluation-overdue/{q}",
        "what-if": f"/wat-als/{q}",
        "bodies": f"/overeenkomst/organen/{q}",
        "body (board)": f"/overeenkomst/organen/board/{q}",
        "body (core group)": f"/overeenkomst/organen/core-group/{q}",
        "cooperation agenda": f"/samenwerkingsagenda/{q}",
        "assignment": f"/samenwerkingsagenda/{assignment.pk}/{q}",
    }
    for what, url in pages.items():
        page.goto(page.base_url + url)
        assert_accessible(page, f"{username}: {what}")
    # An amount's explanation, when the role may see amounts.
    link = page.goto(page.base_url + f"/{q}") and page.locator("a[href*='/uitleg/amount.']").first
    if link and link.count():
        link.click()
        page.wait_for_url("**/uitleg/amount.**")
        assert_accessible(page, f"{username}: explanation (amount)")
    # The sandbox with a result, then with field errors.
    page.goto(page.base_url + f"/wat-als/{q}")
    page.fill("#id_facts", '[{"fact": "evaluation-completed", "date": "2026-10-15"}]')
    page.click("button[value=compare]")
    page.locator("#h-result").wait_for()
    assert_accessible(page, f"{username}: what-if with a result")
    page.fill("#id_facts", '[{"fact": "evaluation-completed", "date": "15-10-2026"}]')
    page.click("button[value=compare]")
    page.locator("#error-summary").wait_for()
    assert_accessible(page, f"{username}: what-if with errors")


def test_focus_is_visible_on_links_buttons_and_fields(page, demo):
    log_in(page, "secretariaat")
    page.goto(page.base_url + f"/wat-als/?as_of={AS_OF}")
    page.keyboard.press("Tab")  # the skip link
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Naar de inhoud"
    for _ in range(6):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"
        )
        assert (style[0] != "none" and style[1] != "0px") or style[2] != "none", style


def test_the_sandbox_swaps_the_fact_form_with_htmx(page, demo):
    log_in(page, "secretariaat")
    page.goto(page.base_url + f"/wat-als/?as_of={AS_OF}")
    page.select_option("#id_soort", "cost-per-fte")
    page.locator("#id_feit-year").wait_for()
    page.fill("#id_feit-year", "2026")
    page.fill("#id_feit-amount", "120000,00")
    page.click("button[value=add]")
    page.locator("#h-result").wait_for()
    # Focus moves to the result once htmx has settled the swap (static/web/samen.js).
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'h-result'")
    expect(page.locator("#sandbox")).to_contain_text("€\xa012.000,00")


def test_the_sandbox_works_without_javascript(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.base_url = live_server.url
    try:
        log_in(page, "secretariaat")
        page.goto(page.base_url + f"/wat-als/?as_of={AS_OF}")
        page.select_option("#id_soort", "evaluation-completed")
        page.click("button[value=choose]")
        page.fill("#id_feit-date", "2026-10-15")
        page.click("button[value=add]")
        expect(page.locator("#sandbox")).to_contain_text("vervalt")
        page.click("button[value=clear]")
        expect(page.locator("#sandbox")).not_to_contain_text("vervalt")
        page.click("button[value=add]")  # no date: an error summary, server-rendered
        expect(page.locator("#error-summary")).to_be_visible()
    finally:
        context.close()


def test_an_untouched_required_textarea_is_not_shown_as_wrong_until_the_form_is_sent(page, demo):
    # A required textarea is `:invalid` while empty; it looks like any other field until a submit marks it.
    log_in(page, "secretariaat")
    page.goto(page.base_url + "/geschillen/")
    subject = page.locator("#id_notice-subject")
    expect(subject).to_have_attribute("required", "")
    normal = page.locator("#id_notice-ref").evaluate("e => getComputedStyle(e).borderTopColor")
    expect(subject).to_have_css("border-top-color", normal)
    page.click("button[type=submit] >> text=Melding vastleggen")
    expect(page.locator("#error-summary")).to_be_visible()
    subject = page.locator("#id_notice-subject")
    expect(subject).to_have_attribute("aria-invalid", "true")
    expect(subject).not_to_have_css("border-top-color", normal)
