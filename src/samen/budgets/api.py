"""The API for budgets (art. 6) and commitments within them (art. 4 lid 4).

Registered on the one API by `samen.api` (`api.add_router`); the same services and queries as the pages. A commitment
beyond what is left on its line answers 400 `application/problem+json` with `code` `art-4.commitment-beyond-budget`
(nothing is written). Who sees what as on the pages: the host's staff everything, a representative the totals and
their own party's contribution, the observer nothing (403).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from samen.accounts import permissions
from samen.agreements.models import Agreement
from samen.api_support import PagePagination
from samen.budgets import queries, services
from samen.budgets.models import Commitment
from samen.core.errors import NotAllowed, NotFound

router = Router(tags=["Begroting en verplichtingen (art. 4, 6)"])

EXTRA_ERRORS = {
    "/api/v1/agreements/{slug}/budgets": {"post": [409]},
    "/api/v1/agreements/{slug}/budgets/{year}/lines": {"post": [409]},
    "/api/v1/agreements/{slug}/commitments": {"post": [409]},
    "/api/v1/agreements/{slug}/commitments/{ref}/approval": {"post": [409]},
}

_REF = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
_AMOUNT = r"^\d{1,12}(\.\d{1,2})?$"


class LineOut(Schema):
    line: str
    adopted: str  # euros with two decimals
    committed: str
    left: str


class ContributionOut(Schema):
    party: str  # the party's code
    kind: str  # annual-contribution or capacity-contribution
    amount: str


class StaffingOut(Schema):
    funded_fte: str
    staffed_fte: str
    gap: bool  # the rules flag art-4.staffing-gap for this year


class BudgetOut(Schema):
    year: int
    adopted: bool  # adopted in the host's programme budget (art. 6): its lines no longer change
    total: str
    committed: str
    left: str
    income: str  # the parties' contributions for the year (art. 7)
    balance: str  # income minus the lines: added to (positive) or withdrawn from (negative) the reserves
    opening_reserve: str
    closing_reserve: str
    lines: list[LineOut]  # empty for a representative (totals only)
    contributions: list[ContributionOut]  # a representative: their own party's only
    staffing: StaffingOut | None


class CommitmentOut(Schema):
    ref: str
    year: int
    line: str
    counterparty: str
    description: str
    amount: str
    date: date
    mandate: str
    approved_on: date | None
    status: str  # within, beyond, awaiting-approval, approved (the rules' finding for it as of today)


class BudgetIn(Schema):
    year: int = Field(ge=1900, le=2999)
    opening_reserve: str = Field(default="0.00", pattern=_AMOUNT, description="Stand van de werkbudgetten en reserveringen, bijv. 25000.00")


class LineIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    amount: str = Field(pattern=_AMOUNT, description="Euro's, bijv. 12500.00")


class CommitmentIn(Schema):
    ref: str = Field(pattern=_REF, description="Kenmerk, bijv. V-2026-4")
    year: int = Field(ge=1900, le=2999)
    line: str = Field(min_length=1, max_length=200, description="De naam van de begrotingspost")
    counterparty: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=2000)
    amount: str = Field(pattern=_AMOUNT, description="Euro's, bijv. 2500.00")
    date: date
    mandate: str = Field(
        default="", max_length=2000, description="De mandaatregeling die toestaat dat de verplichting verder gaat dan de post"
    )


class ApprovalIn(Schema):
    approved_on: date


def _agreement(request: HttpRequest, slug: str) -> Agreement:
    found = Agreement.objects.filter(slug=slug).first()
    user: Any = request.user
    if found is None or (user.agreement_id and user.agreement_id != found.pk):
        raise NotFound("agreement.unknown", f"Geen overeenkomst {slug!r}.", field="slug")
    permissions.require(user, "view_agreement")
    if not queries.may_view(user):
        raise NotAllowed("auth.forbidden", "Uw rol ziet geen bedragen.")
    return found


def _budget(request: HttpRequest, agreement: Agreement, year: int) -> dict[str, Any]:
    services.budget_of(agreement, year)  # NotFound (404) for a year without a budget, or out of range
    v = queries.year_view(request.user, agreement, year, date.today())
    if v.budget is None:
        raise NotFound("budget.unknown", f"Er is geen begroting voor {year}.", field="year")
    staffing = None
    if v.staffing is not None:
        staffing = {"funded_fte": v.staffing["funded_fte"], "staffed_fte": v.staffing["staffed_fte"], "gap": v.staffing_finding is not None}
    return {
        **queries.totals(v),
        "lines": [
            {"line": x.name, "adopted": f"{x.adopted:.2f}", "committed": f"{x.committed:.2f}", "left": f"{x.left:.2f}"} for x in v.lines
        ]
        if v.detail
        else [],
        "contributions": [{"party": c["party"], "kind": c["kind"], "amount": f"{c['amount']:.2f}"} for c in v.contributions],
        "staffing": staffing,
    }


STATUS = {"beyond": "beyond", "awaiting": "awaiting-approval", "approved": "approved"}


def _commitment(agreement: Agreement, c: Commitment, flags: dict[str, str] | None = None) -> dict[str, Any]:
    flags = flags if flags is not None else queries.commitment_flags(agreement, date.today())
    return {
        "ref": c.ref,
        "year": c.line.budget.year,
        "line": c.line.name,
        "counterparty": c.counterparty,
        "description": c.description,
        "amount": f"{c.amount:.2f}",
        "date": c.committed_on,
        "mandate": c.mandate,
        "approved_on": c.approved_at,
        "status": STATUS.get(flags.get(c.ref, ""), "within"),
    }


def _host_staff(request: HttpRequest) -> None:
    if not queries.sees_all(request.user):
        raise NotAllowed("auth.forbidden", "Alleen wie de bedragen van alle partijen ziet, ziet de verplichtingen.")


@router.get("/agreements/{slug}/budgets", response=list[BudgetOut], summary="Begrotingen per jaar (art. 6)", by_alias=True)
@paginate(PagePagination)
def list_budgets(request: HttpRequest, slug: str) -> Any:
    """Every year with a budget: totals, reserves, lines with what is committed and left (art. 4 lid 4) and contributions,
    as the caller may see them."""
    agreement = _agreement(request, slug)
    return [_budget(request, agreement, y["year"]) for y in queries.years(request.user, agreement)]


@router.get("/agreements/{slug}/budgets/{year}", response=BudgetOut, summary="De begroting van één jaar (art. 6)")
def get_budget(request: HttpRequest, slug: str, year: int) -> Any:
    return _budget(request, _agreement(request, slug), year)


@router.post("/agreements/{slug}/budgets", response={201: BudgetOut}, summary="Een begroting voor een jaar opstellen (art. 6)")
def create_budget(request: HttpRequest, slug: str, payload: BudgetIn) -> Any:
    agreement = _agreement(request, slug)
    services.create_budget(actor=request.user, agreement=agreement, year=payload.year, opening_reserve=payload.opening_reserve)
    return 201, _budget(request, agreement, payload.year)


@router.post("/agreements/{slug}/budgets/{year}/lines", response={201: BudgetOut}, summary="Een begrotingspost toevoegen (art. 6)")
def add_line(request: HttpRequest, slug: str, year: int, payload: LineIn) -> Any:
    """Refused (`art-6.budget-adopted`) once the year's budget is adopted in the host's programme budget."""
    agreement = _agreement(request, slug)
    services.add_line(actor=request.user, budget=services.budget_of(agreement, year), name=payload.name, amount=payload.amount)
    return 201, _budget(request, agreement, year)


@router.get("/agreements/{slug}/commitments", response=list[CommitmentOut], summary="Verplichtingen (art. 4 lid 4)", by_alias=True)
@paginate(PagePagination)
def list_commitments(request: HttpRequest, slug: str) -> Any:
    agreement = _agreement(request, slug)
    _host_staff(request)
    rows = Commitment.objects.filter(agreement=agreement).select_related("line__budget")
    flags = queries.commitment_flags(agreement, date.today())
    return [_commitment(agreement, c, flags) for c in rows]


@router.post(
    "/agreements/{slug}/commitments",
    response={201: CommitmentOut},
    summary="Een verplichting vastleggen binnen de begroting (art. 4 lid 4)",
)
def record_commitment(request: HttpRequest, slug: str, payload: CommitmentIn) -> Any:
    """Refused with 400 and code `art-4.commitment-beyond-budget` when it goes beyond what is left on its line, unless a
    `mandate` is given: then it is stored and awaits approval."""
    agreement = _agreement(request, slug)
    c = services.record_commitment(
        actor=request.user,
        agreement=agreement,
        ref=payload.ref,
        year=payload.year,
        line=payload.line,
        counterparty=payload.counterparty,
        description=payload.description,
        amount=payload.amount,
        committed_on=payload.date,
        mandate=payload.mandate,
    )
    return 201, _commitment(agreement, c)


@router.post(
    "/agreements/{slug}/commitments/{ref}/approval",
    response=CommitmentOut,
    summary="Een verplichting buiten de post goedkeuren onder het mandaat (art. 4 lid 4)",
)
def approve(request: HttpRequest, slug: str, ref: str, payload: ApprovalIn) -> Any:
    agreement = _agreement(request, slug)
    _host_staff(request)
    c = services.approve_commitment(
        actor=request.user, commitment=services.commitment_by_ref(agreement, ref), approved_on=payload.approved_on
    )
    return _commitment(agreement, c)
