"""Read side of the proposal pages and API: proposals, the parties' decisions, and the rules' answer on each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from samen.agreements import registry
from samen.parties.models import Party
from samen.proposals.models import PartyDecision, Proposal


@dataclass
class Row:
    """One party's row in the proposal's table: its latest decision and the ones it replaced."""

    party: Party
    latest: PartyDecision | None = None
    earlier: list[PartyDecision] = field(default_factory=list)


def rows(proposal: Proposal) -> list[Row]:
    """Fifteen rows (one per party, in the agreement's order) with the decisions recorded, latest last."""
    out = {p.pk: Row(p) for p in Party.objects.filter(agreement=proposal.agreement).order_by("position")}
    for d in PartyDecision.objects.filter(proposal=proposal).order_by("decided_on", "pk"):
        row = out.get(d.party_id)
        if row is None:
            continue
        if row.latest is not None:
            row.earlier.append(row.latest)
        row.latest = d
    return list(out.values())


def procedure(answer: dict[str, Any], proposal: Proposal) -> dict[str, Any] | None:
    """The rules' procedure for a proposal, from an answer's JSON: for a proposal to amend or extend the amendment
    (art. 12, ref = the proposal's ref), for a budget proposal the budget of its year (art. 6, ref = the year);
    None for other kinds."""
    if proposal.is_amendment:
        kind, ref = "amendment", proposal.ref
    elif proposal.kind == Proposal.Kind.BUDGET and proposal.budget_year is not None:
        kind, ref = "budget", str(proposal.budget_year)
    else:
        return None
    return next((p for p in answer.get("procedures", []) if p["procedure"] == kind and p["ref"] == ref), None)


def changes(answer: dict[str, Any], proposal: Proposal) -> list[dict[str, Any]]:
    """What an adopted amendment changed, side by side with the version before it (the original or an earlier
    amendment's): parameters (with their unit), the end date and the wording of articles or leden."""
    from samen.proposals.services import text_refs

    mine = procedure(answer, proposal) if proposal.is_amendment else None
    if mine is None or mine["state"] != "adopted" or not mine.get("effective_date"):
        return []
    effective = date.fromisoformat(mine["effective_date"])
    d = registry.definition(proposal.agreement.slug)
    earlier = sorted(
        (p for p in answer["procedures"] if p["procedure"] == "amendment" and p["state"] == "adopted" and p["ref"] != proposal.ref),
        key=lambda p: p.get("effective_date") or "",
    )
    earlier = [p for p in earlier if p.get("effective_date") and date.fromisoformat(p["effective_date"]) < effective]
    out = []
    for key, new in (mine.get("parameters") or {}).items():
        parameter = d.parameters.get(key)
        old: Any = parameter.values[0].value if parameter is not None else None
        for p in earlier:
            old = (p.get("parameters") or {}).get(key, old)
        unit = parameter.unit if parameter else ""
        out.append(
            {
                "what": key,
                "kind": "parameter",
                "unit": unit,
                "article": parameter.article if parameter else "art. 12",
                "old": old,
                "new": new,
            }
        )
    if mine.get("end_date"):
        old_end: Any = d.end_date().isoformat()
        for p in earlier:
            old_end = p.get("end_date") or old_end
        out.append({"what": "end_date", "kind": "end_date", "article": "art. 11 lid 1", "old": old_end, "new": mine["end_date"]})
    if proposal.text_changes:
        wording = text_refs(proposal.agreement)
        earlier_refs = [p["ref"] for p in earlier]
        olders = Proposal.objects.filter(agreement=proposal.agreement, ref__in=earlier_refs)
        for older in sorted(olders, key=lambda o: earlier_refs.index(o.ref)):
            for change in older.text_changes or []:
                wording[change["ref"]] = change["text"]
        for change in proposal.text_changes:
            out.append(
                {
                    "what": change["ref"],
                    "kind": "text",
                    "article": change["ref"],
                    "old": wording.get(change["ref"], ""),
                    "new": change["text"],
                }
            )
    for row in out:
        row["from"] = effective
    return out


def text_in_force(agreement: Any, answer: dict[str, Any], on: date) -> dict[str, dict[str, Any]]:
    """The wording adopted amendments gave articles and leden, in force on `on`: ref -> {text, ref of the
    amendment, effective date}. A place no adopted amendment changed keeps its original text (not listed)."""
    adopted = sorted(
        (
            p
            for p in answer.get("procedures", [])
            if p["procedure"] == "amendment"
            and p["state"] == "adopted"
            and p.get("effective_date")
            and p["effective_date"] <= on.isoformat()
        ),
        key=lambda p: (p["effective_date"], p["ref"]),
    )
    proposals = {p.ref: p for p in Proposal.objects.filter(agreement=agreement, ref__in=[p["ref"] for p in adopted])}
    out: dict[str, dict[str, Any]] = {}
    for p in adopted:
        proposal = proposals.get(p["ref"])
        for change in (proposal.text_changes if proposal else None) or []:
            out[change["ref"]] = {"text": change["text"], "amendment": p["ref"], "from": date.fromisoformat(p["effective_date"])}
    return out
