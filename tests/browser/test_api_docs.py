"""Swagger UI at /api/v1/docs renders the operations from our own static files, with no CSP violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_api_docs_render_the_operations_under_the_csp(page, demo):
    messages: list[str] = []
    page.on("console", lambda msg: messages.append(msg.text))
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(page.base_url) else outside.append(request.url))
    response = page.goto(page.base_url + "/api/v1/docs")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/evaluate")).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/agreements/{slug}/facts").first).to_be_visible()
    expect(page.locator(".info .title")).to_contain_text("samen API")
    violations = [m for m in messages if "Content Security Policy" in m]
    assert violations == []
    assert [u for u in outside if not u.startswith("data:")] == []
