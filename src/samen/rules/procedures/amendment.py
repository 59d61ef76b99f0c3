"""Amendments (art. 12): any party may ask; adopted only when every party has consented."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from samen.rules.conclusions import Conclusions, Context, Finding, ProcedureState
from samen.rules.explain import Explanation, Step, join_nl, nl_date
from samen.rules.facts import AmendmentDecided, AmendmentRequested

ARTICLES = ("art. 12 lid 2",)


@dataclass(frozen=True)
class AmendmentOutcome:
    """An amendment request and the decisions known so far."""

    request: AmendmentRequested
    state: str  # pending, adopted, rejected
    decided_on: date | None
    consents: tuple[AmendmentDecided, ...]
    refusals: tuple[AmendmentDecided, ...]
    awaiting: tuple[str, ...]


def outcomes(ctx: Context) -> list[AmendmentOutcome]:
    """Every requested amendment with its state as of the date, in request order."""
    decisions: dict[str, list[AmendmentDecided]] = {}
    for d in ctx.of(AmendmentDecided):
        decisions.setdefault(d.amendment, []).append(d)
    result = []
    for request in ctx.of(AmendmentRequested):
        # Art. 12 lid 2: "alle partijen" are the parties when the amendment is requested; a party that
        # had already left does not decide, one in its notice period still does.
        deciders = [p for p in ctx.agreement.party_codes if not (p in ctx.exits and ctx.exits[p] < request.date)]
        ds = decisions.get(request.amendment, [])
        consents = tuple(d for d in ds if d.decision == "consent")
        refusals = tuple(d for d in ds if d.decision == "refuse")
        decided = {d.party for d in ds}
        awaiting = tuple(p for p in deciders if p not in decided)
        if refusals:
            state, on = "rejected", min(d.date for d in refusals)
        elif not awaiting:
            state, on = "adopted", max((d.date for d in consents), default=request.date)
        else:
            state, on = "pending", None
        result.append(AmendmentOutcome(request, state, on, consents, refusals, awaiting))
    return result


def evaluate(ctx: Context, found: list[AmendmentOutcome]) -> Conclusions:
    """Procedure states and findings for the amendments."""
    out = Conclusions()
    for o in found:
        r = o.request
        extension = f" met als nieuwe einddatum {nl_date(r.end_date)}" if r.end_date else ""
        steps = [
            Step(
                "art. 12 lid 1", f"{ctx.party_label(r.by)} verzocht op {nl_date(r.date)} om wijziging {r.amendment}{extension}", facts=(r,)
            )
        ]
        all_count = len(o.consents) + len(o.refusals) + len(o.awaiting)
        if o.state == "rejected":
            names = join_nl(ctx.party_label(d.party) for d in o.refusals)
            text = f"Een wijziging vereist instemming van alle partijen; {names} stemde(n) niet in, dus de wijziging is verworpen"
        elif o.state == "adopted":
            adopted_on = nl_date(o.decided_on or r.date)
            text = f"Alle {all_count} partijen stemden in; aangenomen op {adopted_on} (datum van het laatste instemmingsbesluit)"
        else:
            text = (
                f"{len(o.consents)} van de {all_count} partijen stemden in; de wijziging wacht nog op het besluit van "
                f"{join_nl(ctx.party_label(p) for p in o.awaiting)}"
            )
        steps.append(Step("art. 12 lid 2", text, facts=(*o.consents, *o.refusals), parameters={"partijen": str(all_count)}))
        if r.end_date and ctx.reading("extension_is_amendment"):
            steps.append(
                Step(
                    "art. 3 lid 3",
                    "Een verlenging van de samenwerking wijzigt de overeenkomst en volgt dus art. 12",
                    reading=ctx.reading_used("extension_is_amendment"),
                )
            )
        explanation = Explanation(tuple(steps))
        details = {
            "requested_by": r.by,
            "end_date": r.end_date.isoformat() if r.end_date else None,
            "consented": [d.party for d in o.consents],
            "refused": [d.party for d in o.refusals],
            "awaiting": list(o.awaiting),
        }
        out.procedures.append(
            ProcedureState("amendment", r.amendment, o.state, ARTICLES, explanation, since=o.decided_on or r.date, details=details)
        )
        if o.state == "pending":
            out.findings.append(
                Finding(
                    "art-12.decisions-awaited",
                    "info",
                    f"Wijziging {r.amendment} wacht op het instemmingsbesluit van {len(o.awaiting)} partij(en): {join_nl(o.awaiting)}.",
                    ARTICLES,
                    explanation,
                    ref=r.amendment,
                )
            )
    return out
