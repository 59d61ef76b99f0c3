"""The API for disputes (art. 14): the disputes the caller may see, and one operation per step.

Registered on the one API by `samen.api` (`api.add_router`); the same services and queries as the pages: each
step stores its fact and its texts in one transaction; a dispute the caller may not see answers 404, as an
unknown one does (`permissions.may_view_dispute`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from samen.accounts import permissions
from samen.agreements.models import Agreement
from samen.api_support import PagePagination
from samen.core.errors import InvalidInput, NotFound
from samen.disputes import queries, services

router = Router(tags=["Geschillen (art. 14)"])

# Status codes beyond the ones every operation can answer (samen.api.EXTRA_ERRORS): a second chair phase is a Conflict.
EXTRA_ERRORS = {"/api/v1/agreements/{slug}/disputes/{ref}/chair-phase": {"post": [409]}}

_REF = r"^[A-Za-z0-9._-]{1,64}$"
_TEXT = 20000
_NAME = 200


class DisputeStepOut(Schema):
    kind: str  # dispute-notified, chair-phase, mediation-started, dispute-submitted-to-gs, dispute-resolved, mediation-costs
    date: date | None
    by: str | None = None  # the party that notified it or put it to GS (its name)
    amount: str | None = None  # mediation costs, euros with two decimals
    person: str  # who chairs (chair phase) or the mediator (mediation)
    text: str  # the written outcome, the notes of the chair phase, or a note


class CostShareOut(Schema):
    party: str  # the party's code
    year: int
    amount: str  # the party's share, euros with two decimals (art. 14 lid 6)


class DisputeOut(Schema):
    ref: str
    subject: str  # the notice's description of the dispute (art. 14 lid 2); empty when recorded without it
    proposed_solution: str
    by: str  # the party that notified the dispute (code)
    against: list[str]  # the parties it is against (codes)
    state: str  # the rules' state: chair-phase, mediation-pending, mediation, mediation-failed, with-gs, resolved
    articles: list[str]
    chair_involved: bool  # the chair is a party: no chair phase (art. 14 lid 4)
    next_steps: list[str]  # the steps the caller may record now, the next one first
    deadline: date | None  # the deadline of the current phase (art. 14 lid 3 or lid 5)
    steps: list[DisputeStepOut]
    mediation_costs: list[CostShareOut]


class NoticeIn(Schema):
    ref: str = Field(pattern=_REF, description="Kenmerk van het geschil, bijv. G-2026-1")
    by: str = Field(max_length=64, description="Code van de partij die het geschil meldde")
    against: list[str] = Field(min_length=1, max_length=20, description="Codes van de partijen met wie het geschil is")
    received_on: date = Field(description="Datum van ontvangst van de melding (art. 14 lid 3)")
    subject: str = Field(min_length=1, max_length=_TEXT)
    proposed_solution: str = Field(min_length=1, max_length=_TEXT)


class ChairPhaseIn(Schema):
    chaired_by: str = Field(min_length=1, max_length=_NAME)
    on: date
    notes: str = Field(default="", max_length=_TEXT)


class MediationIn(Schema):
    mediator: str = Field(min_length=1, max_length=_NAME)
    started_on: date
    note: str = Field(default="", max_length=_TEXT)


class GsIn(Schema):
    by: str = Field(max_length=64, description="Code van de partij die het geschil aan Gedeputeerde Staten voorlegde")
    submitted_on: date
    note: str = Field(default="", max_length=_TEXT)


class ResolutionIn(Schema):
    resolved_on: date
    outcome: str = Field(min_length=1, max_length=_TEXT, description="De schriftelijke uitkomst; per e-mail aan wie het geschil mag zien")


class CostsIn(Schema):
    amount: str = Field(pattern=r"^\d{1,12}(\.\d{1,2})?$", description="Euro's, bijv. 1250.00")
    date: date
    note: str = Field(default="", max_length=_TEXT)


def _agreement(request: HttpRequest, slug: str) -> Agreement:
    found = Agreement.objects.filter(slug=slug).first()
    user: Any = request.user
    if found is None or (user.agreement_id and user.agreement_id != found.pk):
        raise NotFound("agreement.unknown", f"Geen overeenkomst {slug!r}.", field="slug")
    permissions.require(user, "view_agreement")
    return found


def _out(x: dict[str, Any]) -> dict[str, Any]:
    d = x["dispute"]
    proc = x["procedure"]
    history = x.get("history", [])
    return {
        "ref": x["ref"],
        "subject": d.subject if d else "",
        "proposed_solution": d.proposed_solution if d else "",
        "by": proc.get("by", ""),
        "against": list(proc.get("against", [])),
        "state": proc["state"],
        "articles": list(proc["articles"]),
        "chair_involved": x["chair_involved"],
        "next_steps": x["steps"],
        "deadline": date.fromisoformat(x["deadline"]) if x["deadline"] else None,
        "steps": [
            {
                "kind": h["kind"],
                "date": h["on"],
                "by": h["by"] or None,
                "amount": h["amount"],
                "person": h["person"],
                "text": h["text"],
            }
            for h in history
        ],
        "mediation_costs": [{"party": c["party"], "year": c["year"], "amount": c["amount"]} for c in x.get("costs", [])],
    }


def _one(request: HttpRequest, agreement: Agreement, ref: str) -> dict[str, Any]:
    found = queries.one(request.user, agreement, ref, date.today())
    if found is None:
        raise NotFound("dispute.unknown", f"Geschil {ref} bestaat niet.", field="ref")
    return _out(found)


@router.get("/agreements/{slug}/disputes", response=list[DisputeOut], summary="Geschillen die u mag zien (art. 14)", by_alias=True)
@paginate(PagePagination)
def list_disputes(request: HttpRequest, slug: str) -> Any:
    """The disputes the caller may see (the parties involved, the chair and the secretariat), newest notice first,
    each with the rules' state as of today."""
    agreement = _agreement(request, slug)
    return [_one(request, agreement, x["ref"]) for x in queries.visible(request.user, agreement, date.today())]


@router.get("/agreements/{slug}/disputes/{ref}", response=DisputeOut, summary="Eén geschil met zijn stappen (art. 14)")
def get_dispute(request: HttpRequest, slug: str, ref: str) -> Any:
    return _one(request, _agreement(request, slug), ref)


@router.post("/agreements/{slug}/disputes", response={201: DisputeOut}, summary="Melding van een geschil vastleggen (art. 14 lid 2)")
def notify(request: HttpRequest, slug: str, payload: NoticeIn) -> Any:
    agreement = _agreement(request, slug)
    d = services.notify_dispute(actor=request.user, agreement=agreement, **payload.dict())
    return 201, _one(request, agreement, d.ref)


@router.post(
    "/agreements/{slug}/disputes/{ref}/chair-phase",
    response={201: DisputeOut},
    summary="Overleg onder leiding van de voorzitter vastleggen (art. 14 lid 3)",
)
def chair_phase(request: HttpRequest, slug: str, ref: str, payload: ChairPhaseIn) -> Any:
    agreement = _agreement(request, slug)
    services.record_chair_phase(actor=request.user, agreement=agreement, ref=ref, **payload.dict())
    return 201, _one(request, agreement, ref)


@router.post(
    "/agreements/{slug}/disputes/{ref}/mediation", response={201: DisputeOut}, summary="Begin van de mediation vastleggen (art. 14 lid 4)"
)
def mediation(request: HttpRequest, slug: str, ref: str, payload: MediationIn) -> Any:
    agreement = _agreement(request, slug)
    services.start_mediation(actor=request.user, agreement=agreement, ref=ref, **payload.dict())
    return 201, _one(request, agreement, ref)


@router.post(
    "/agreements/{slug}/disputes/{ref}/gs",
    response={201: DisputeOut},
    summary="Voorleggen aan Gedeputeerde Staten vastleggen (art. 14 lid 5)",
)
def gs(request: HttpRequest, slug: str, ref: str, payload: GsIn) -> Any:
    agreement = _agreement(request, slug)
    services.submit_to_gs(actor=request.user, agreement=agreement, ref=ref, **payload.dict())
    return 201, _one(request, agreement, ref)


@router.post(
    "/agreements/{slug}/disputes/{ref}/resolution",
    response={201: DisputeOut},
    summary="Oplossing met schriftelijke uitkomst vastleggen (art. 14 lid 3)",
)
def resolution(request: HttpRequest, slug: str, ref: str, payload: ResolutionIn) -> Any:
    agreement = _agreement(request, slug)
    services.resolve(actor=request.user, agreement=agreement, ref=ref, **payload.dict())
    return 201, _one(request, agreement, ref)


@router.post(
    "/agreements/{slug}/disputes/{ref}/mediation-costs",
    response={201: DisputeOut},
    summary="Kosten van de mediation vastleggen (art. 14 lid 6)",
)
def mediation_costs(request: HttpRequest, slug: str, ref: str, payload: CostsIn) -> Any:
    agreement = _agreement(request, slug)
    try:
        amount = Decimal(payload.amount)
    except InvalidOperation:
        raise InvalidInput("dispute.bad-amount", "Vul een bedrag in euro's in, bijv. 1250.00.", field="amount") from None
    services.record_mediation_costs(actor=request.user, agreement=agreement, ref=ref, amount=amount, on=payload.date, note=payload.note)
    return 201, _one(request, agreement, ref)
