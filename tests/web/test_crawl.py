"""An independent crawl: from the dashboard, follow every internal link for each role; every page is whole."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from lxml import html as lxml_html
from web_helpers import ROLES, client_for

START = "/?as_of=2026-11-28"
# One invoice's XML and PDF stand for all (samen.invoicing): every invoice's file comes from the same code.
INVOICE_FILE = re.compile(r"^/financien/facturen/\d{4}-\d{4}\.(xml|pdf)")
SKIP_PREFIXES = ("/static/", "/beheer/", "/api/", "/i18n/", "/kalender/")


def _links(url: str, body: bytes) -> list[str]:
    doc = lxml_html.fromstring(body)
    found = []
    for href in doc.xpath("//a/@href"):
        href = urldefrag(href)[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/") or href.startswith(SKIP_PREFIXES):
            continue
        found.append(href)
    return found


@pytest.mark.parametrize("username", ROLES)
def test_every_page_reachable_from_the_dashboard_is_whole(agreement, username):
    client = client_for(username)
    seen: set[str] = {START}
    todo = deque([START])
    while todo:
        url = todo.popleft()
        r = client.get(url)
        assert r.status_code == 200, f"{username}: {url} -> {r.status_code}"
        if r.get("Content-Disposition", "").startswith("attachment"):
            # A document's file (samen.documents) or an invoice's XML or XLSX (samen.invoicing): a download, not a page.
            assert url.startswith(("/documenten/", "/financien/facturen/")) and r["X-Content-Type-Options"] == "nosniff", url
            continue
        if r["Content-Type"] == "application/pdf":  # a meeting's printed agenda or decision list: whole, no links
            assert r.content.startswith(b"%PDF-") and r.content.rstrip().endswith(b"%%EOF"), url
            continue
        doc = lxml_html.fromstring(r.content)
        assert doc.get("lang") in ("nl", "en"), url
        assert (doc.findtext(".//title") or "").strip(), f"{url}: no <title>"
        assert len(doc.xpath("//main")) == 1, f"{url}: one <main>"
        assert len(doc.xpath("//h1")) == 1, f"{url}: one <h1>"
        for link in _links(url, r.content):
            file = INVOICE_FILE.match(link)
            if file and f"invoice.{file.group(1)}" in seen:
                continue
            if file:
                seen.add(f"invoice.{file.group(1)}")
            if link not in seen:
                seen.add(link)
                todo.append(link)
    assert len(seen) >= 5, seen
