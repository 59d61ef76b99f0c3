"""Browser fixtures: one Debian Chromium for the whole session (never a downloaded browser), the demo data.

Playwright's sync API runs an event loop in this thread, so Django's async-safety check must be
told that database access from the test thread is fine.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from browser_helpers import AXE, CHROMIUM, CHROMIUM_ARGS, SEED_TEXT, SLUG


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(config, items):
    """Every test in this folder drives the browser: it carries the `browser` marker, whether or not its file says
    so (`make test-postgres` deselects them with `-m "not browser"`). The screenshot maker is not a check: it runs
    only for `make screenshots` (SAMEN_SCREENSHOTS=1)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
    if os.environ.get("SAMEN_SCREENSHOTS") == "1":
        return
    keep = [item for item in items if "test_screenshots" not in item.nodeid]
    if len(keep) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in keep])
        items[:] = keep


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run scripts/ensure-chromium (make test does)")
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run scripts/build_assets.py (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    pg.base_url = live_server.url  # type: ignore[attr-defined]
    yield pg
    context.close()


@pytest.fixture
def demo(transactional_db):
    """The agreement with its text (when the seed file is there) and the demo accounts."""
    from samen import demo as demo_data
    from samen.agreements.services import import_text, load_definition

    agreement = load_definition(actor="system:test", slug=SLUG)
    if SEED_TEXT.is_file():
        import_text(actor="system:test", agreement=agreement, text=SEED_TEXT.read_text(encoding="utf-8"))
    demo_data.load(agreement=agreement)
    return agreement
