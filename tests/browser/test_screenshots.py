"""Screenshots for docs/user-guide.md; written only with SAMEN_SCREENSHOTS=1 (`make screenshots`)."""

from __future__ import annotations

import pytest
from browser_helpers import AS_OF, ROOT, log_in

pytestmark = pytest.mark.browser
OUT = ROOT / "docs" / "screenshots"


def test_screenshots(page, demo):
    OUT.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1200, "height": 900})
    q = f"?as_of={AS_OF}"

    page.goto(page.base_url + "/inloggen/")
    page.screenshot(path=str(OUT / "inloggen.png"))
    log_in(page, "secretariaat")

    page.goto(page.base_url + f"/{q}")
    page.screenshot(path=str(OUT / "overzicht.png"), full_page=True)

    page.goto(page.base_url + f"/uitleg/finding.art-3.evaluation-overdue/{q}")
    page.screenshot(path=str(OUT / "uitleg.png"), full_page=True)

    page.goto(page.base_url + f"/overeenkomst/{q}")
    page.screenshot(path=str(OUT / "overeenkomst.png"), full_page=False)

    page.goto(page.base_url + f"/overeenkomst/tekst/{q}#art-14-lid-3")
    page.screenshot(path=str(OUT / "tekst.png"))

    page.goto(page.base_url + f"/wat-als/{q}")
    # "Geschil gemeld" is the fact type the sandbox opens with.
    page.fill("#id_feit-dispute", "G-1")
    page.select_option("#id_feit-by", "GM0164")
    page.check("#id_feit-against_3")  # Enschede
    page.fill("#id_feit-date", "2026-10-20")
    page.click("button[value=add]")
    page.locator("#h-result").wait_for()
    page.screenshot(path=str(OUT / "wat-als.png"), full_page=True)

    # Issue 8: the secretariat's pages.
    from samen.cooperation.models import Assignment
    from samen.governance.models import Meeting
    from samen.proposals.models import Proposal

    page.goto(page.base_url + f"/vergaderingen/{q}")
    page.screenshot(path=str(OUT / "vergaderingen.png"))

    planned = Meeting.objects.filter(agreement=demo, status=Meeting.Status.PLANNED).order_by("held_on").first()
    page.goto(page.base_url + f"/vergaderingen/{planned.pk}/{q}")
    page.screenshot(path=str(OUT / "vergadering.png"), full_page=True)

    page.goto(page.base_url + f"/vergaderingen/{planned.pk}/gehouden/{q}")
    page.screenshot(path=str(OUT / "vergadering-gehouden.png"))

    proposal = Proposal.objects.filter(agreement=demo).order_by("-proposed_on").first()
    if proposal is not None:
        page.goto(page.base_url + f"/voorstellen/{proposal.public_id}/{q}")
        page.screenshot(path=str(OUT / "voorstel.png"))

    page.goto(page.base_url + f"/overeenkomst/organen/board/{q}")
    page.screenshot(path=str(OUT / "orgaan.png"))

    page.goto(page.base_url + f"/samenwerkingsagenda/{q}")
    page.screenshot(path=str(OUT / "samenwerkingsagenda.png"))
    assignment = Assignment.objects.filter(agreement=demo).order_by("pk").first()
    page.goto(page.base_url + f"/samenwerkingsagenda/{assignment.pk}/{q}")
    page.screenshot(path=str(OUT / "opdracht.png"), full_page=True)

    # Issue 10: the budget and an invoice (the demo's 2026 invoices, all paid).
    from samen.invoicing.models import Document

    page.goto(page.base_url + f"/financien/begroting/2026/{q}")
    page.screenshot(path=str(OUT / "begroting.png"))
    invoice = Document.objects.filter(agreement=demo, year=2026, party="GM0164").order_by("number").first()
    page.goto(page.base_url + f"/financien/facturen/{invoice.number}/{q}")
    page.screenshot(path=str(OUT / "factuur.png"), full_page=True)

    page.goto(page.base_url + "/account/")
    page.locator("#agenda").scroll_into_view_if_needed()
    page.screenshot(path=str(OUT / "account-agenda.png"))

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + f"/{q}")
    page.screenshot(path=str(OUT / "overzicht-mobiel.png"))
