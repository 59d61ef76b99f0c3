"""What the budget pages, the API and the CLI show: one year's budget with its lines, commitments, contributions,
reserves and staffing, as the rules conclude it, cut to what the actor may see.

The rules are evaluated over every recorded fact (`evaluate_recorded` without an actor, as the services do), and
the result is then cut here with `permissions.amount_scope`: whoever sees every party's money ("all": secretariat,
chair, finance) sees everything; a representative ("own") sees the budget's totals and their own party's
contribution only; without amounts (the observer) the pages are not shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from samen.accounts import permissions
from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.budgets.models import Budget, Commitment
from samen.budgets.services import adoption_of
from samen.records.answers import answer_json
from samen.records.models import RecordedFact

ZERO = Decimal("0")
INCOME_KINDS = ("annual-contribution", "capacity-contribution")
COMMITMENT_CODES = {
    "art-4.commitment-beyond-budget": "beyond",
    "art-4.commitment-awaiting-approval": "awaiting",
    "art-4.commitment-approved-under-mandate": "approved",
}


def may_view(actor: Any) -> bool:
    """Whether `actor` may see the budget pages at all: whoever sees any amount."""
    return permissions.amount_scope(actor) is not None


def sees_all(actor: Any) -> bool:
    return permissions.amount_scope(actor) == "all"


@dataclass
class Line:
    name: str
    adopted: Decimal
    committed: Decimal

    @property
    def left(self) -> Decimal:
        return self.adopted - self.committed


@dataclass
class YearView:
    """One year's budget as the actor may see it."""

    year: int
    budget: Budget | None
    scope: str
    adopted_fact: RecordedFact | None
    procedure: dict[str, Any] | None
    lines: list[Line] = field(default_factory=list)
    contributions: list[dict[str, Any]] = field(default_factory=list)
    income: Decimal = ZERO
    commitments: list[dict[str, Any]] = field(default_factory=list)
    staffing: dict[str, Any] | None = None
    staffing_finding: dict[str, Any] | None = None
    cost_per_fte: list[dict[str, Any]] = field(default_factory=list)
    staff: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((x.adopted for x in self.lines), ZERO)

    @property
    def committed(self) -> Decimal:
        return sum((x.committed for x in self.lines), ZERO)

    @property
    def left(self) -> Decimal:
        return self.total - self.committed

    @property
    def balance(self) -> Decimal:
        """The year's income minus its lines: added to the reserves (positive) or withdrawn from them (negative)."""
        return self.income - self.total

    @property
    def balance_size(self) -> Decimal:
        """The balance without its sign, for the page, which says in words whether it is added or withdrawn."""
        return abs(self.balance)

    @property
    def opening_reserve(self) -> Decimal:
        return self.budget.opening_reserve if self.budget is not None else ZERO

    @property
    def closing_reserve(self) -> Decimal:
        return self.opening_reserve + self.balance

    @property
    def adopted(self) -> bool:
        return self.adopted_fact is not None

    @property
    def own(self) -> bool:
        return self.scope == "own"

    @property
    def detail(self) -> bool:
        """Lines, commitments and every party's contribution: for whoever sees every party's money."""
        return self.scope == "all"


def years(actor: Any, agreement: Agreement) -> list[dict[str, Any]]:
    """Every year with a budget, with its totals (the same for every actor who may see budgets)."""
    out = []
    adopted = {
        f.payload.get("year")
        for f in RecordedFact.objects.filter(agreement=agreement, kind="budget-adopted", correction__isnull=True)
        if isinstance(f.payload, dict)
    }
    for b in Budget.objects.filter(agreement=agreement).prefetch_related("lines"):
        total = sum((x.amount for x in b.lines.all()), ZERO)
        out.append({"year": b.year, "total": total, "lines": len(b.lines.all()), "adopted": b.year in adopted, "example": b.example_figure})
    return out


def _answer(agreement: Agreement, as_of: date, language: str) -> dict[str, Any]:
    return answer_json(agreement, as_of=as_of, language=language)


def year_view(actor: Any, agreement: Agreement, year: int, as_of: date, *, language: str = "nl") -> YearView:
    """One year's budget as `actor` may see it (the caller checked `may_view`)."""
    scope = permissions.amount_scope(actor) or ""
    own_party = permissions.party_code(actor)
    budget = Budget.objects.filter(agreement=agreement, year=year).first()
    answer = _answer(agreement, as_of, language)
    procedure = next((p for p in answer["procedures"] if p["procedure"] == "budget" and p["ref"] == str(year)), None)
    view = YearView(year, budget, scope, adoption_of(agreement, year), procedure)
    rules_budget = next((b for b in answer.get("budgets", []) if b["year"] == year), None)
    committed_rows = (
        Commitment.objects.filter(agreement=agreement, line__budget__year=year, committed_on__lte=as_of).select_related("line")
        if budget is not None
        else Commitment.objects.none()
    )
    if rules_budget is not None:
        view.lines = [Line(x["line"], Decimal(x["adopted"]), Decimal(x["committed"])) for x in rules_budget["lines"]]
    elif budget is not None:
        # Not adopted yet: the draft's lines, with what is committed on them so far (the rules find those beyond).
        sums: dict[int, Decimal] = {}
        for c in committed_rows:
            sums[c.line_id] = sums.get(c.line_id, ZERO) + c.amount
        view.lines = [Line(x.name, x.amount, sums.get(x.pk, ZERO)) for x in budget.lines.all()]
    amounts = [a for a in answer["amounts"] if a["year"] == year and a["kind"] in INCOME_KINDS]
    view.income = sum((Decimal(a["amount"]) for a in amounts), ZERO)
    shown = amounts if scope == "all" else [a for a in amounts if a["party"] == own_party]
    names = {p.code: p.name for p in registry.definition(agreement.slug).parties}
    view.contributions = [
        {"party": a["party"], "name": names.get(a["party"], a["party"]), "kind": a["kind"], "amount": Decimal(a["amount"]), "id": a["id"]}
        for a in shown
    ]
    view.staffing = next((x for x in answer.get("staffing", []) if x["year"] == year), None)
    view.staffing_finding = next((f for f in answer["findings"] if f["code"] == "art-4.staffing-gap" and f.get("ref") == str(year)), None)
    if scope == "all":
        flags = {f.get("ref"): (COMMITMENT_CODES[f["code"]], f) for f in answer["findings"] if f["code"] in COMMITMENT_CODES}
        rows = Commitment.objects.filter(agreement=agreement, line__budget__year=year).select_related("line", "approved_by")
        view.commitments = [{"c": c, "flag": flags.get(c.ref, ("", None))[0], "finding": flags.get(c.ref, ("", None))[1]} for c in rows]
        view.cost_per_fte = _facts(agreement, "cost-per-fte", lambda p: p.get("year") == year)
        view.staff = _facts(agreement, "staff-employed", lambda p: True)
    else:
        view.cost_per_fte = _facts(agreement, "cost-per-fte", lambda p: p.get("year") == year, documents=False)
        view.staff = _facts(agreement, "staff-employed", lambda p: True)
    return view


def _facts(agreement: Agreement, kind: str, keep: Any, *, documents: bool = True) -> list[dict[str, Any]]:
    rows = RecordedFact.objects.filter(agreement=agreement, kind=kind, correction__isnull=True).order_by("occurred_on", "pk")
    if documents:
        rows = rows.prefetch_related("documents")
    out = []
    for r in rows:
        p = r.payload if isinstance(r.payload, dict) else {}
        if keep(p):
            out.append({"record": r, "fact": p, "documents": list(r.documents.all()) if documents else []})
    return out


def totals(view: YearView) -> dict[str, Any]:
    """The totals every actor who may see the budget sees (JSON form for the API)."""
    return {
        "year": view.year,
        "adopted": view.adopted,
        "total": f"{view.total:.2f}",
        "committed": f"{view.committed:.2f}",
        "left": f"{view.left:.2f}",
        "income": f"{view.income:.2f}",
        "balance": f"{view.balance:.2f}",
        "opening_reserve": f"{view.opening_reserve:.2f}",
        "closing_reserve": f"{view.closing_reserve:.2f}",
    }


def commitment_flags(agreement: Agreement, as_of: date) -> dict[str, str]:
    """For each commitment the rules flag as of `as_of`: "beyond", "awaiting" or "approved" (by ref)."""
    answer = _answer(agreement, as_of, "nl")
    return {str(f.get("ref")): COMMITMENT_CODES[f["code"]] for f in answer["findings"] if f["code"] in COMMITMENT_CODES}


def commitment_rows(agreement: Agreement, as_of: date) -> list[dict[str, Any]]:
    """Every commitment with the rules' flag, for the command line (`samen commitments list`)."""
    flags = commitment_flags(agreement, as_of)
    rows = (
        Commitment.objects.filter(agreement=agreement).select_related("line__budget").order_by("line__budget__year", "committed_on", "ref")
    )
    return [{"c": c, "flag": flags.get(c.ref, "")} for c in rows]
