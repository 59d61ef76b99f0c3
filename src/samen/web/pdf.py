"""The printable agenda and decision list of a meeting as PDF (WeasyPrint), rendered from the same includes as the
meeting page (web/_meeting_details.html, _meeting_agenda.html, _meeting_attendance.html) through meeting_print.html.

WeasyPrint needs Debian's pango (libpango-1.0-0, libpangoft2-1.0-0; scripts/ensure-pango installs it). The
document fetches nothing: its styles are inline and every other URL is refused, so user text cannot make the
server fetch anything while printing."""

from __future__ import annotations

from typing import Any, NoReturn

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

from samen.governance.models import Meeting


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"not fetched while printing: {url}")


def render_meeting_pdf(request: HttpRequest | None, meeting: Meeting, *, decisions: bool) -> bytes:
    """The agenda (or, with `decisions`, the decision list with attendance) of `meeting` as PDF bytes."""
    from weasyprint import HTML  # imported here: loading pango is only needed when printing

    html = render_to_string("web/meeting_print.html", {"meeting": meeting, "decisions": decisions}, request=request)
    pdf: bytes = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
    return pdf


def meeting_pdf(request: HttpRequest, meeting: Meeting, *, decisions: bool) -> HttpResponse:
    """The PDF as a download named after the meeting (agenda-... or besluitenlijst-...)."""
    kind = "besluitenlijst" if decisions else "agenda"
    name = f"{kind}-{slugify(meeting.body.short_name)}-{meeting.held_on.isoformat()}.pdf"
    response = HttpResponse(render_meeting_pdf(request, meeting, decisions=decisions), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
