"""`{% document_section meeting %}` / `{% document_section proposal %}` and `{% document_list item %}`: the documents
on the meeting and proposal pages, as one include each so those pages change by a line.

What is shown is decided in documents.queries (who may see) and documents.services (who may upload).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from samen.disputes.models import Dispute
from samen.documents import queries, services
from samen.governance.models import AgendaItem, Meeting
from samen.proposals.models import Proposal

register = template.Library()


def _rows(documents: list[Any]) -> list[dict[str, Any]]:
    from samen.documents.views import decision_label

    out = []
    for d in documents:
        versions = list(d.versions.all())
        latest = versions[-1] if versions else None
        out.append(
            {
                "document": d,
                "latest": latest,
                "size": services.size_label(latest.size) if latest else "",
                "decision": decision_label(d.party_decision) if d.party_decision_id else "",
            }
        )
    return out


@register.inclusion_tag("documents/_section.html", takes_context=True)
def document_section(context: template.Context, owner: Meeting | Proposal | Dispute) -> dict[str, Any]:
    """The documents of a meeting (the meeting's own; its agenda items' are listed per item) or of a proposal
    (the proposal's and its decisions'), with the upload form for who may upload."""
    from samen.documents.views import upload_form

    user = context["request"].user
    if isinstance(owner, Dispute):
        documents = queries.attached_to(user, owner.agreement, dispute=owner)
        action = reverse("web:document_upload_dispute", args=[owner.ref])
    elif isinstance(owner, Meeting):
        documents = queries.attached_to(user, owner.agreement, meeting=owner)
        action = reverse("web:document_upload_meeting", args=[owner.pk])
    else:
        documents = queries.attached_to(user, owner.agreement, proposal=owner) + queries.attached_to(
            user, owner.agreement, party_decision__proposal=owner
        )
        action = reverse("web:document_upload_proposal", args=[owner.public_id])
    may = services.may_upload(user, owner)
    return {
        "rows": _rows(documents),
        "form": upload_form(owner) if may else None,
        "action": action,
        "is_meeting": isinstance(owner, Meeting),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("documents/_list.html", takes_context=True)
def document_list(context: template.Context, item: AgendaItem) -> dict[str, Any]:
    """The documents of one agenda item (compact)."""
    user = context["request"].user
    return {"rows": _rows(queries.attached_to(user, item.meeting.agreement, agenda_item=item)), "compact": True}


@register.filter
def size_label(size: int) -> str:
    """A file size in kB or MB (documents.services.size_label)."""
    return services.size_label(int(size))
