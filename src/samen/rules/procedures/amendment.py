"""Amendments (art. 12): any party may ask; adopted only when every party has consented.

An adopted amendment makes a new, dated version of the agreement: an `end_date` moves the end of
the term (art. 3 lid 3 reading), and `parameters` change the agreement's parameters from the
amendment's effective date on (earlier periods keep their old values).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from samen.rules.conclusions import Conclusions, Context, Finding, ProcedureState
from samen.rules.definition import DatedValue
from samen.rules.explain import Explanation, Step
from samen.rules.facts import AmendmentDecided, AmendmentRequested, BudgetDecided
from samen.rules.i18n import _, _n, join_words, long_date

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
    superseded: tuple[AmendmentDecided, ...] = ()  # earlier decisions a party replaced by a later one
    ignored: tuple[AmendmentDecided, ...] = ()  # decisions of parties that had left, or after adoption

    @property
    def effective_date(self) -> date | None:
        """From when the amended parameters apply: the stated effective date, else the adoption date."""
        if self.state != "adopted":
            return None
        return self.request.effective_date or self.decided_on or self.request.date


def outcomes(ctx: Context) -> list[AmendmentOutcome]:
    """Every requested amendment with its state as of the date, in request order.

    Reading (docs/readings.md): a party's latest decision counts (a college may replace its decision
    by a new one); one refusal that stands rejects the amendment; once every party's decision is
    consent the amendment is adopted on that day, and later decisions no longer undo it (that would
    take a new amendment).
    """
    decisions: dict[str, list[AmendmentDecided]] = {}
    for d in ctx.of(AmendmentDecided):
        decisions.setdefault(d.amendment, []).append(d)
    result = []
    for request in ctx.of(AmendmentRequested):
        # Art. 12 lid 2: "alle partijen" are the parties when the amendment is requested; a party that
        # had already left does not decide, one in its notice period still does.
        deciders = [p for p in ctx.agreement.party_codes if not (p in ctx.exits and ctx.exits[p] < request.date)]
        wanted = set(deciders)
        current: dict[str, AmendmentDecided] = {}
        superseded: list[AmendmentDecided] = []
        ignored: list[AmendmentDecided] = []
        adopted_on: date | None = None
        for d in sorted(decisions.get(request.amendment, []), key=lambda d: (d.date, d.party)):
            if d.party not in wanted or adopted_on is not None:
                ignored.append(d)
                continue
            if d.party in current:
                superseded.append(current[d.party])
            current[d.party] = d
            if len(current) == len(deciders) and all(x.decision == "consent" for x in current.values()):
                adopted_on = d.date
        ordered = [current[p] for p in deciders if p in current]
        consents = tuple(d for d in ordered if d.decision == "consent")
        refusals = tuple(d for d in ordered if d.decision == "refuse")
        awaiting = tuple(p for p in deciders if p not in current)
        if adopted_on is not None:
            state, on = "adopted", adopted_on
        elif refusals:
            state, on = "rejected", min(d.date for d in refusals)
        else:
            state, on = "pending", None
        result.append(AmendmentOutcome(request, state, on, consents, refusals, awaiting, tuple(superseded), tuple(ignored)))
    return result


def parameter_changes(found: list[AmendmentOutcome]) -> list[tuple[str, DatedValue]]:
    """The dated parameter values of the adopted amendments, in order of adoption."""
    changes: list[tuple[str, DatedValue]] = []
    adopted = sorted((o for o in found if o.state == "adopted"), key=lambda o: (o.decided_on or o.request.date, o.request.amendment))
    for o in adopted:
        effective = o.effective_date
        assert effective is not None
        for key, value in o.request.parameters or ():
            changes.append((key, DatedValue(effective, value, source=o.request.amendment, adopted_on=o.decided_on)))
    return changes


def superseded_step(ctx: Context, article: str, old: AmendmentDecided | BudgetDecided) -> Step:
    """The step saying a party's earlier decision was replaced by a later one (its latest decision counts);
    shared by amendments (art. 12 lid 2) and budget decisions (art. 6)."""
    return Step(
        article,
        _(
            "Het besluit van {party} van {day} ({decision}) is vervangen door een later besluit van die partij; het laatste besluit telt",
            party=ctx.party_label(old.party),
            day=long_date(old.date),
            decision=old.decision,
        ),
        facts=(old,),
    )


def _amendment_steps(ctx: Context, o: AmendmentOutcome) -> list[Step]:
    """Why an amendment stands where it does: the request, the decisions counted and not, what it changes
    (built when first asked for)."""
    r = o.request
    extension = _(" met als nieuwe einddatum {end}", end=long_date(r.end_date)) if r.end_date else ""
    steps = [
        Step(
            "art. 12 lid 1",
            _(
                "{by} verzocht op {day} om wijziging {amendment}{extension}",
                by=ctx.party_label(r.by),
                day=long_date(r.date),
                amendment=r.amendment,
                extension=extension,
            ),
            facts=(r,),
        )
    ]
    all_count = len(o.consents) + len(o.refusals) + len(o.awaiting)
    for old in o.superseded:
        steps.append(superseded_step(ctx, "art. 12 lid 2", old))
    for d in o.ignored:
        exit_day = ctx.exits.get(d.party)
        if exit_day is not None and exit_day < r.date:
            why = _("de partij was bij het verzoek al uitgetreden (op {day})", day=long_date(exit_day))
        else:
            why = _("het kwam na de aanneming; een aangenomen wijziging kan alleen door een nieuwe wijziging worden teruggedraaid")
        steps.append(
            Step(
                "art. 12 lid 2",
                _(
                    "Het besluit van {party} van {day} telt niet mee: {why}",
                    party=ctx.party_label(d.party),
                    day=long_date(d.date),
                    why=why,
                ),
                facts=(d,),
            )
        )
    if o.state == "rejected":
        names = join_words(ctx.party_label(d.party) for d in o.refusals)
        text = _n(
            "Een wijziging vereist instemming van alle partijen; {names} stemde niet in, dus de wijziging is verworpen",
            "Een wijziging vereist instemming van alle partijen; {names} stemden niet in, dus de wijziging is verworpen",
            len(o.refusals),
            names=names,
        )
    elif o.state == "adopted":
        text = _(
            "Alle {count} partijen stemden in; aangenomen op {day} (datum van het laatste instemmingsbesluit)",
            count=all_count,
            day=long_date(o.decided_on or r.date),
        )
    else:
        text = _(
            "{consented} van de {count} partijen stemden in; de wijziging wacht nog op het besluit van {awaiting}",
            consented=len(o.consents),
            count=all_count,
            awaiting=join_words(ctx.party_label(p) for p in o.awaiting),
        )
    steps.append(Step("art. 12 lid 2", text, facts=(*o.consents, *o.refusals), parameters={"partijen": str(all_count)}))
    if r.end_date and ctx.reading("extension_is_amendment"):
        steps.append(
            Step(
                "art. 3 lid 3",
                _("Een verlenging van de samenwerking wijzigt de overeenkomst en volgt dus art. 12"),
                reading=ctx.reading_used("extension_is_amendment"),
            )
        )
    if r.parameters:
        changed = "; ".join(f"{key} = {value}" for key, value in r.parameters)
        if o.state == "adopted":
            effective = o.effective_date or r.date
            source = _("de in de wijziging genoemde ingangsdatum") if r.effective_date else _("de datum van aanneming")
            text = _(
                "Vanaf {day} ({source}) gelden de gewijzigde parameters: {changed}; perioden daarvóór worden met de oude waarden berekend",
                day=long_date(effective),
                source=source,
                changed=changed,
            )
        else:
            when = _(" vanaf {day}", day=long_date(r.effective_date)) if r.effective_date else ""
            text = _(
                "De wijziging zou{when} deze parameters wijzigen: {changed}; zolang zij niet is aangenomen gelden de oude waarden",
                when=when,
                changed=changed,
            )
        steps.append(Step("art. 12 lid 2", text, parameters={key: str(value) for key, value in r.parameters}))
    return steps


def evaluate(ctx: Context, found: list[AmendmentOutcome]) -> Conclusions:
    """Procedure states and findings for the amendments."""
    out = Conclusions()
    for o in found:
        r = o.request
        explanation = Explanation.later(partial(_amendment_steps, ctx, o))
        details = {
            "requested_by": r.by,
            "end_date": r.end_date.isoformat() if r.end_date else None,
            "effective_date": o.effective_date.isoformat()
            if o.effective_date
            else (r.effective_date.isoformat() if r.effective_date else None),
            "parameters": {k: (v if isinstance(v, int) else str(v)) for k, v in r.parameters or ()},
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
                    _n(
                        "Wijziging {amendment} wacht op het instemmingsbesluit van {count} partij: {parties}.",
                        "Wijziging {amendment} wacht op het instemmingsbesluit van {count} partijen: {parties}.",
                        len(o.awaiting),
                        amendment=r.amendment,
                        count=len(o.awaiting),
                        parties=join_words(ctx.party_label(p) for p in o.awaiting),
                    ),
                    ARTICLES,
                    explanation,
                    ref=r.amendment,
                )
            )
    return out
