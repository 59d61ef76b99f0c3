"""What needs doing (the dashboard): every open next step, gathered from providers, with a link to the form that does it.

A provider is a dotted path to a function `(actor, agreement, as_of) -> list[dict]`, each dict a step with
`title`, `url` (the page with the form), `deadline` (ISO date or None) and `articles`. Each provider decides
itself which steps the actor may see and take (with `accounts.permissions`). To add one (the disputes of
`samen.disputes`, say), add its path to PROVIDERS.
"""

from __future__ import annotations

from datetime import date
from importlib import import_module
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext

from samen.accounts import permissions
from samen.agreements.models import Agreement
from samen.governance.models import Meeting

PROVIDERS: list[str] = [
    "samen.web.procedures.next_steps",  # withdrawals, the evaluation, the budgets (issue 9)
    "samen.disputes.queries.next_steps",  # the open step of each dispute the actor may see and record (art. 14)
    "samen.web.next_steps.meeting_steps",  # planned meetings whose date has passed
    "samen.web.next_steps.proposal_steps",  # proposals to the parties still waiting for decisions
]


def meeting_steps(actor: Any, agreement: Agreement, as_of: date) -> list[dict[str, Any]]:
    """A planned meeting whose date has passed waits to be recorded as held (or cancelled)."""
    if not permissions.allows(actor, "record_meeting"):
        return []
    past = Meeting.objects.filter(agreement=agreement, status=Meeting.Status.PLANNED, held_on__lte=as_of).select_related("body")
    return [
        {
            "title": gettext("Vergadering van %(day)s als gehouden vastleggen: %(title)s")
            % {"day": date_format(m.held_on, "j F Y"), "title": m.title or m.body.short_name},
            "url": reverse("web:meeting_held", args=[m.pk]),
            "deadline": None,
            "articles": ["art. 5 lid 4"],
        }
        for m in past.order_by("held_on", "pk")
    ]


def proposal_steps(actor: Any, agreement: Agreement, as_of: date) -> list[dict[str, Any]]:
    """A proposal to amend, extend or consent to a budget whose outcome (the rules' state) still waits for decisions."""
    from samen.proposals.models import Proposal
    from samen.proposals.queries import procedure
    from samen.web.queries import conclusions

    if not permissions.allows(actor, "record_proposal"):
        return []
    answer = conclusions(actor, agreement, as_of)
    out = []
    for p in Proposal.objects.filter(agreement=agreement, proposed_on__lte=as_of).order_by("proposed_on", "pk"):
        state = procedure(answer, p)
        if state is not None and state["state"] == "pending":
            out.append(
                {
                    "title": gettext("Besluiten van de partijen vastleggen op voorstel %(ref)s") % {"ref": p.ref},
                    "url": reverse("web:proposal", args=[p.public_id]),
                    "deadline": None,
                    "articles": list(state.get("articles", [])),
                }
            )
    return out


def _provider(path: str) -> Any:
    # A path that does not import fails loudly: a misspelt provider must not silently drop its steps.
    module, _, name = path.rpartition(".")
    return getattr(import_module(module), name)


def gather(actor: Any, agreement: Agreement, as_of: date) -> list[dict[str, Any]]:
    """Every provider's open steps, those with a deadline first (soonest first), then the rest by title."""
    steps: list[dict[str, Any]] = []
    for path in PROVIDERS:
        steps.extend(_provider(path)(actor, agreement, as_of))
    for s in steps:
        s.setdefault("deadline", None)
        s.setdefault("articles", [])
        s["days"] = (date.fromisoformat(str(s["deadline"])) - as_of).days if s["deadline"] else None
    return sorted(steps, key=lambda s: (s["deadline"] is None, str(s["deadline"] or ""), str(s["title"])))
