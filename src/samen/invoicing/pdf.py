"""An invoice or credit note as PDF (WeasyPrint), from the same include as its page (`invoicing/_invoice.html`).

As web/pdf.py: the styles are inline and every URL is refused while printing (nothing is fetched)."""

from __future__ import annotations

from datetime import date
from typing import Any, NoReturn

from django.http import HttpRequest
from django.template.loader import render_to_string

from samen.invoicing.models import Document
from samen.invoicing.queries import document_context


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"not fetched while printing: {url}")


def render_pdf(doc: Document, as_of: date | None = None, request: HttpRequest | None = None) -> bytes:
    """The PDF bytes of `doc` (paid and open as of `as_of`, default all that is recorded)."""
    from weasyprint import HTML  # imported here: loading pango is only needed when printing

    context = {**document_context(doc, as_of), "printing": True, "as_of_query": ""}
    html = render_to_string("invoicing/invoice_print.html", context, request=request)
    pdf: bytes = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
    return pdf
