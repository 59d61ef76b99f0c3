"""Reflow (WCAG 1.4.10): at 320 CSS px wide no page scrolls sideways.

A crawler follows the links from the dashboard as the secretariat (who reaches the most pages) and,
on every page it reaches, checks that the document is no wider than the window; wide tables stack
their rows or scroll inside their own region (`.samen-table-scroll`), which does not widen the page.
New pages are checked as soon as a link leads to them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser_helpers import AS_OF, log_in
from playwright.sync_api import expect
from test_crawl_axe import DOWNLOAD, FILE_SUFFIXES, SKIP_PREFIXES, kind_of

pytestmark = pytest.mark.browser

WIDTH = 320
PER_KIND = 2
MAX_PAGES = 60
# The elements that stick out to the right of the window, deepest first: says what to fix when the check fails.
OVERFLOWING = """(width) => {
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
        const box = el.getBoundingClientRect();
        if (box.right > width + 1 && box.width > 0 && !el.closest('.samen-table-scroll')
            && ![...el.children].some(c => c.getBoundingClientRect().right > width + 1)) {
            out.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '')
                     + ' "' + (el.textContent || '').trim().slice(0, 40) + '" right=' + Math.round(box.right));
        }
    }
    return out.slice(0, 5);
}"""


def page_width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_no_page_scrolls_sideways_at_320_css_px(page, demo):
    log_in(page, "secretariaat")
    page.set_viewport_size({"width": WIDTH, "height": 800})
    origin = urlsplit(page.base_url).netloc
    start = f"/?as_of={AS_OF}"
    queue, seen, per_kind, visited, too_wide = [start], {start}, {}, [], []
    while queue and len(visited) < MAX_PAGES:
        url = queue.pop(0)
        response = page.goto(page.base_url + url)
        assert response is not None and response.status == 200, f"{url}: {response and response.status}"
        expect(page.locator("main")).to_be_visible()
        visited.append(url)
        if page_width(page) > WIDTH:
            too_wide.append((url, page_width(page), page.evaluate(OVERFLOWING, WIDTH)))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            parts = urlsplit(href)
            if (
                parts.netloc != origin
                or parts.path.startswith(SKIP_PREFIXES)
                or parts.path.endswith(FILE_SUFFIXES)
                or DOWNLOAD.match(parts.path)
            ):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            kind = kind_of(parts.path)
            if target in seen or per_kind.get(kind, 0) >= PER_KIND:
                continue
            seen.add(target)
            per_kind[kind] = per_kind.get(kind, 0) + 1
            queue.append(target)
    assert too_wide == [], "\n".join(f"{url}: {w}px wide: {els}" for url, w, els in too_wide)
    paths = {urlsplit(u).path for u in visited}
    # A table that scrolls in its own region can be reached with the keyboard, and the region is named.
    page.goto(page.base_url + start)
    region = page.locator(".samen-table-scroll").first
    expect(region).to_have_attribute("tabindex", "0")
    expect(region).to_have_attribute("role", "region")
    expect(region).to_have_attribute("aria-label", "Bevindingen, ernstigste eerst")  # its caption
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(region).not_to_have_attribute("tabindex", "0")  # wide enough: no extra stop in the tab order
    # The main pages are among those checked.
    for main_page in ("/", "/overeenkomst/", "/overeenkomst/tekst/", "/wat-als/", "/voorstellen/", "/samenwerkingsagenda/"):
        assert main_page in paths, (main_page, sorted(paths))
    assert any(p.startswith("/uitleg/") for p in paths) and any(p.startswith("/vergaderingen/") for p in paths)


def test_the_main_pages_in_english_do_not_scroll_sideways_at_320_css_px(page, demo):
    # English texts run longer than Dutch ones ("Withdrawal consented", "Against which parties"): the main pages again.
    log_in(page, "secretariaat")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.set_viewport_size({"width": WIDTH, "height": 800})
    page.goto(page.base_url + f"/?as_of={AS_OF}")
    explanation = page.locator("main a[href^='/uitleg/']").first.get_attribute("href")
    urls = ["/", "/overeenkomst/", "/overeenkomst/organen/board/", "/vergaderingen/", "/voorstellen/", "/samenwerkingsagenda/"]
    too_wide = []
    for url in [f"{u}?as_of={AS_OF}" for u in urls] + [explanation, "/wat-als/"]:
        page.goto(page.base_url + url)
        expect(page.locator("main")).to_be_visible()
        if page_width(page) > WIDTH:
            too_wide.append((url, page_width(page), page.evaluate(OVERFLOWING, WIDTH)))
    assert too_wide == [], "\n".join(f"{url}: {w}px wide: {els}" for url, w, els in too_wide)
