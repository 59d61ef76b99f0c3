"""An independent check: a crawler that finds pages by following links (no list of pages), for
every demo role, and runs axe-core on each page it reaches. A page that a role can reach but
that the hand-written accessibility tests forgot is caught here.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from browser_helpers import AS_OF, ROLES, axe_violations, log_in

pytestmark = pytest.mark.browser

# Leaving these out: logging out ends the crawl, the admin and the API are not the app's pages; nor PDFs (downloads)
# nor calendar feeds.
SKIP_PREFIXES = ("/uitloggen/", "/beheer/", "/api/", "/static/", "/i18n/", "/kalender/")
# A document's stable link and its versions are files (downloads), not pages; the document's page with its
# versions (/documenten/<id>/versies/) is crawled.
DOWNLOAD = re.compile(r"^/documenten/[^/]+/(versies/\d+/)?$")
# Files, not pages: printed agendas and invoices (PDF), e-invoices (XML), the invoices of a year (XLSX).
FILE_SUFFIXES = (".pdf", ".xml", ".xlsx")
# Explanation pages share one template; a few of each kind are enough to check it per role.
PER_KIND = 3
MAX_PAGES = 40


def kind_of(path: str) -> str:
    """Group explanation pages by their kind (deadline, procedure, amount, finding), meeting and assignment pages."""
    parts = path.strip("/").split("/")
    if parts[0] == "uitleg" and len(parts) > 1:
        return "uitleg:" + parts[1].split(".")[0]
    if parts[0] == "financien" and len(parts) > 2:
        return "financien:" + parts[1]  # one template for every invoice's page (samen.invoicing)
    if parts[0] == "documenten":
        return "documenten"  # one template for every document's page
    if parts[0] == "vergaderingen" and len(parts) > 1 and parts[1].isdigit():
        return "vergaderingen:" + (parts[2] if len(parts) > 2 else "detail")  # one template per kind of meeting page
    if parts[0] == "samenwerkingsagenda" and len(parts) > 1 and parts[1].isdigit():
        return "samenwerkingsagenda:" + "/".join(p for p in parts[2:] if not p.isdigit())  # one per kind of assignment page
    return path


def crawl(page, start: str) -> list[str]:
    """Visit pages breadth-first from `start`, same site only; return the paths visited."""
    origin = urlsplit(page.base_url).netloc
    queue, seen, visited, per_kind = [start], {start}, [], {}
    while queue and len(visited) < MAX_PAGES:
        url = queue.pop(0)
        response = page.goto(page.base_url + url)
        assert response is not None and response.status == 200, f"{url}: {response and response.status}"
        violations = axe_violations(page)
        assert violations == [], f"{url}: {violations}"
        visited.append(url)
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
    return visited


@pytest.mark.parametrize("username", ROLES)
def test_every_page_a_role_can_reach_has_no_axe_violations(page, demo, username):
    log_in(page, username)
    visited = crawl(page, f"/?as_of={AS_OF}")
    paths = {urlsplit(u).path for u in visited}
    assert {"/", "/overeenkomst/", "/overeenkomst/tekst/", "/wat-als/"} <= paths, visited
    assert any(p.startswith("/uitleg/") for p in paths), "the crawler reached no explanation page"
