"""Disputes (art. 14): chair phase of six weeks, mediation of three months, then GS of Overijssel."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import partial
from operator import attrgetter
from typing import NamedTuple

from samen.rules.conclusions import Amount, Conclusions, Context, Deadline, Finding, ProcedureState, fixed_step, make_amount
from samen.rules.explain import Explanation, Once, ReadingUsed, Step, make_step, new_step
from samen.rules.facts import (
    ChairElected,
    DisputeNotified,
    DisputeResolved,
    DisputeSubmittedToGs,
    Fact,
    MediationCosts,
    MediationStarted,
)
from samen.rules.i18n import N_, _, current, join_words, long_date, message, message_in_two, translate
from samen.rules.money import euro, split_equally
from samen.rules.periods import next_day

# The steps said for every dispute, deadline and party are made by `make_step` (cheaper than calling `Step`, about two
# thousand per answer of the bench).

_AMOUNT = attrgetter("amount")
_ZERO = Decimal("0")  # the start of a year's sum of mediation costs (made once)

STATE_ARTICLES: dict[str, tuple[str, ...]] = {
    "chair-phase": ("art. 14 lid 3",),
    "mediation-pending": ("art. 14 lid 4",),
    "mediation": ("art. 14 lid 4", "art. 14 lid 5"),
    "mediation-failed": ("art. 14 lid 5",),
    "with-gs": ("art. 14 lid 5",),
    "resolved": ("art. 14 lid 3",),
}


def chair_at(ctx: Context, day: date) -> ChairElected | None:
    """The latest chair election on or before `day` (art. 5 lid 5), or None when none is known."""
    chair = None
    for elected in ctx.of(ChairElected):
        if elected.date <= day:
            chair = elected
    return chair


def _chair_finder(ctx: Context) -> Callable[[date], ChairElected | None]:
    """`chair_at` for one evaluation's disputes: a binary search over the elections' days when they are in date
    order (`Context.of` gives them so: the last one on or before a day is then the one before the first later),
    else `chair_at` itself."""
    elections = ctx.of(ChairElected)
    days = [elected.date for elected in elections]
    if days != sorted(days):
        return partial(chair_at, ctx)
    return partial(_chair_by_day, elections, days)


def _chair_by_day(elections: list[ChairElected], days: list[date], day: date) -> ChairElected | None:
    found = bisect_right(days, day)
    return elections[found - 1] if found else None


def chair_phase_deadline(ctx: Context, notice: DisputeNotified) -> Deadline:
    """The end of the chair's six weeks after receipt of the notice (art. 14 lid 3)."""
    return _period_deadline(ctx, notice, "dispute.chair_phase_weeks", "weeks", "art. 14 lid 3", "chair-phase-end", _chair_phase_text)


def _chair_phase_text(notice: DisputeNotified | MediationStarted, weeks: int, day: date) -> str:
    return _CHAIR_PHASE_TEXT(weeks, long_date(notice.date), long_date(day))


# The texts of every dispute's deadlines and receipt, filled in by position (`i18n.message`).
_CHAIR_PHASE_TEXT = message(N_("{weeks} weken na ontvangst van de melding op {received}: {day}"), "weeks", "received", "day")
_MEDIATION_TEXT = message(N_("{months} maanden nadat de mediation is aangevangen op {started}: {day}"), "months", "started", "day")
_RESOLVED_TEXT = message(N_("Op {day} is een oplossing vastgelegd en aan alle partijen bekendgemaakt"), "day")
_NOTIFIED_TEXT = message(
    N_("{by} meldde schriftelijk een geschil met {against}; de melding is ontvangen op {received}"), "by", "against", "received"
)


def mediation_deadline(ctx: Context, started: MediationStarted) -> Deadline:
    """The end of the three months of mediation after it started (art. 14 lid 5)."""
    return _period_deadline(ctx, started, "dispute.mediation_months", "months", "art. 14 lid 5", "mediation-end", _mediation_text)


def _mediation_text(started: DisputeNotified | MediationStarted, months: int, day: date) -> str:
    return _MEDIATION_TEXT(months, long_date(started.date), long_date(day))


def _period_deadline(
    ctx: Context,
    fact: DisputeNotified | MediationStarted,
    parameter: str,
    unit: str,
    article: str,
    step: str,
    text: Callable[[DisputeNotified | MediationStarted, int, date], str],
) -> Deadline:
    """A dispute's deadline a number of weeks or months (`parameter`) after `fact`, rolled forward where needed; its
    explanation (built when asked) states the plain date in `text(fact, count, plain)`, then the parameter's steps and
    the roll."""
    count = ctx.int_parameter(parameter, fact.date)
    weeks, months = (count, 0) if unit == "weeks" else (0, count)
    plain, day, rolled = ctx.deadline_on(fact.date, weeks=weeks, months=months)  # plain: before any roll-forward
    # A partial of module functions rather than closures: one object for the collector instead of functions, their
    # closures and a cell per variable (a deadline per dispute phase, made by every evaluation).
    explain = partial(_period_steps, ctx, fact, parameter, article, text, count, weeks, months, plain)
    return Deadline("dispute", fact.dispute, step, day, (article,), Explanation.later(explain), rolled=rolled)


def _period_steps(
    ctx: Context,
    fact: DisputeNotified | MediationStarted,
    parameter: str,
    article: str,
    text: Callable[[DisputeNotified | MediationStarted, int, date], str],
    count: int,
    weeks: int,
    months: int,
    plain: date,
) -> list[Step]:
    """The steps of `_period_deadline`'s explanation: the plain date (before any roll-forward), the parameter's
    steps and the roll (built when first asked for)."""
    roll_step = ctx.deadline_after(fact.date, weeks=weeks, months=months, plain=plain)[2]
    steps = [make_step(article, text(fact, count, plain), (fact,), {parameter: str(count)}), *ctx.parameter_steps(parameter, fact.date)]
    if roll_step is not None:
        steps.append(roll_step)
    return steps


# What each act did (translated when used).
RESOLVED_TEXT = N_("het geschil is opgelost")
MEDIATION_TEXT = N_("de mediation is begonnen")
GS_TEXT = N_("het geschil is voorgelegd aan Gedeputeerde Staten")


def _first(*acts: tuple[Fact | None, str]) -> tuple[Fact | None, str]:
    """The earliest of the acts that happened (fact, what it did), or (None, "")."""
    first: Fact | None = None
    first_on: date | None = None
    said = ""
    for fact, text in acts:
        on = fact.on if fact is not None else None
        if on is not None and (first_on is None or on < first_on):  # the first of those on the earliest day
            first, first_on, said = fact, on, text
    if first is None:
        return None, ""
    return first, translate(said)  # only the act that is said


def _settled_chair_phase(
    ctx: Context,
    deadline: Deadline,
    done: DisputeResolved | None,
    mediation: MediationStarted | None,
    gs: DisputeSubmittedToGs | None,
) -> Deadline:
    """chair-phase-end's status: the chair phase ends with a solution, or when the dispute moves on to
    mediation (or, prematurely, to GS); until one of these the dispute awaits the mediation of lid 4."""
    fact, text = _first((done, RESOLVED_TEXT), (mediation, MEDIATION_TEXT), (gs, GS_TEXT))
    return deadline.settled(
        ctx.as_of, awaits=_("het geschil is opgelost of de mediation is begonnen"), done=fact, done_text=text, after_is_late=False
    )


def _settled_mediation(ctx: Context, deadline: Deadline, done: DisputeResolved | None, gs: DisputeSubmittedToGs | None) -> Deadline:
    """mediation-end's status: met by a solution or a submission to GS; once lapsed, the dispute
    awaits one of them (a party may go to GS, art. 14 lid 5)."""
    fact, text = _first((done, RESOLVED_TEXT), (gs, GS_TEXT))
    return deadline.settled(
        ctx.as_of,
        awaits=_("het geschil is opgelost of aan Gedeputeerde Staten is voorgelegd"),
        done=fact,
        done_text=text,
        after_is_late=False,
    )


def evaluate(ctx: Context) -> Conclusions:
    """State, deadlines, findings and mediation costs of every dispute, in order of receipt."""
    out = Conclusions()
    resolved = {f.dispute: f for f in ctx.of(DisputeResolved)}
    mediations = {f.dispute: f for f in ctx.of(MediationStarted)}
    submitted = {f.dispute: f for f in ctx.of(DisputeSubmittedToGs)}
    costs: dict[str, list[MediationCosts]] = {}
    for c in ctx.of(MediationCosts):
        costs.setdefault(c.dispute, []).append(c)
    province = [p.code for p in ctx.agreement.parties if p.kind == "province"]

    # Art. 14 lid 4: when the chair is a party to the dispute, mediation comes first.
    chair_rule = ctx.reading("chair_is_party") == "board-chair-party"
    chair_on = _chair_finder(ctx)
    for notice in ctx.of(DisputeNotified):
        ref = notice.dispute
        involved = notice.involved
        chair = chair_on(notice.date) if chair_rule else None
        chair_involved = chair is not None and chair.party in involved
        done, gs, mediation = resolved.get(ref), submitted.get(ref), mediations.get(ref)
        chair_deadline = None if chair_involved else chair_phase_deadline(ctx, notice)
        if chair_deadline is not None:
            out.deadlines.append(_settled_chair_phase(ctx, chair_deadline, done, mediation, gs))
        mediation_deadline_ = mediation_deadline(ctx, mediation) if mediation else None
        if mediation_deadline_ is not None:
            out.deadlines.append(_settled_mediation(ctx, mediation_deadline_, done, gs))

        next_deadline: Deadline | None = None
        if done is not None:
            state, since = "resolved", done.date
        elif gs is not None:
            state, since = "with-gs", gs.date
        elif mediation is not None and mediation_deadline_ is not None:
            if ctx.as_of <= mediation_deadline_.date:
                state, since, next_deadline = "mediation", mediation.date, mediation_deadline_
            else:
                state, since = "mediation-failed", next_day(mediation_deadline_.date)
        elif chair_deadline is None:
            state, since = "mediation-pending", notice.date
        elif ctx.as_of <= chair_deadline.date:
            state, since, next_deadline = "chair-phase", notice.date, chair_deadline
        else:
            state, since = "mediation-pending", next_day(chair_deadline.date)
        explanation = Explanation.later(
            partial(_dispute_steps, ctx, notice, chair_rule, chair, chair_deadline, mediation, mediation_deadline_, done, gs, state)
        )
        out.procedures.append(
            ProcedureState(
                "dispute",
                ref,
                state,
                STATE_ARTICLES[state],
                explanation,
                since=since,
                next_deadline=next_deadline,
                details={"by": notice.by, "against": list(notice.against), "chair_involved": chair_involved},
            )
        )
        if state == "mediation-pending":
            out.findings.append(
                Finding(
                    "art-14.mediation-not-started",
                    "warning",
                    _(
                        "Geschil {ref}: de voorzitter moet de gastheerorganisatie verzoeken het geschil aan een erkend "
                        "mediator voor te dragen.",
                        ref=ref,
                    ),
                    ("art. 14 lid 4",),
                    explanation,
                    ref=ref,
                )
            )
        # Art. 14 lid 5: a party *may* go to GS once mediation has run its three months without a
        # solution. A submission before that (or without any mediation) is recorded as it happened
        # (state with-gs) and flagged for judgement; it is not refused as input.
        if state == "with-gs" and gs is not None:
            premature = None
            if mediation is None or mediation_deadline_ is None:
                premature = _("zonder dat er een mediation is begonnen")
            elif gs.date <= mediation_deadline_.date:
                premature = _("terwijl de mediation nog tot en met {day} liep", day=long_date(mediation_deadline_.date))
            if premature is not None:
                out.findings.append(
                    Finding(
                        "art-14.early-gs-submission",
                        "warning",
                        _(
                            "Geschil {ref} is op {day} aan Gedeputeerde Staten voorgelegd {premature}; een partij kan "
                            "dat pas doen als de mediation niet binnen drie maanden tot een oplossing heeft geleid.",
                            ref=ref,
                            day=long_date(gs.date),
                            premature=premature,
                        ),
                        ("art. 14 lid 5",),
                        explanation,
                        ref=ref,
                    )
                )
        if state in ("mediation-failed", "with-gs") and any(p in involved for p in province):
            out.findings.append(
                Finding(
                    "art-14.province-party-at-gs",
                    "warning",
                    _(
                        "Geschil {ref}: de provincie is zelf partij, terwijl het college van Gedeputeerde Staten van "
                        "Overijssel over het geschil beslist; "
                        "beoordeel de onpartijdigheid (beroep staat open bij de bestuursrechter).",
                        ref=ref,
                    ),
                    ("art. 14 lid 5",),
                    explanation,
                    ref=ref,
                )
            )
        out.amounts += mediation_cost_shares(ctx, notice, costs.get(ref, []))
    return out


_NO_PARAMETERS: dict[str, str] = {}  # what `make_step` gives a step without parameters (a new dict each; never changed)


def _dispute_steps(
    ctx: Context,
    notice: DisputeNotified,
    chair_rule: bool,
    chair: ChairElected | None,
    chair_deadline: Deadline | None,
    mediation: MediationStarted | None,
    mediation_deadline_: Deadline | None,
    done: DisputeResolved | None,
    gs: DisputeSubmittedToGs | None,
    state: str,
) -> list[Step]:
    """The steps of a dispute's state as `evaluate` decided it: receipt, the chair, the chair phase, then
    what happened after (built when the explanation is first asked for)."""
    # `make_step` without its call for the two steps said of hundreds of disputes (`new_step`; fixed-form citations).
    steps = [
        new_step(
            Step,
            (
                "art. 14 lid 2",
                _NOTIFIED_TEXT(ctx.party_label(notice.by), join_words(map(ctx.party_label, notice.against)), long_date(notice.date)),
                (notice,),
                _NO_PARAMETERS,
                None,
                current(),
            ),
        )
    ]
    if chair_rule:
        if chair is None:
            steps.append(ctx.shared_step(_no_chair_step))
        else:
            # Said alike of every dispute under one chair election, for the disputes it is a party to and the others.
            steps.append(ctx.shared_fact_step(_chair_step, chair, chair.party in notice.involved))
    if chair_deadline is not None:
        steps += chair_deadline.explanation.steps
    else:
        steps.append(ctx.shared_step(fixed_step, "art. 14 lid 4", CHAIR_PHASE_LAPSES_TEXT))
    if state == "resolved" and done is not None:
        steps.append(new_step(Step, ("art. 14 lid 3", _RESOLVED_TEXT(long_date(done.date)), (done,), _NO_PARAMETERS, None, current())))
    elif state == "with-gs" and gs is not None:
        if mediation_deadline_ is not None:
            steps += mediation_deadline_.explanation.steps
        steps.append(
            make_step(
                "art. 14 lid 5",
                _(
                    "{by} legde het geschil op {day} voor aan Gedeputeerde Staten van Overijssel",
                    by=ctx.party_label(gs.by),
                    day=long_date(gs.date),
                ),
                facts=(gs,),
            )
        )
    elif state in ("mediation", "mediation-failed") and mediation is not None and mediation_deadline_ is not None:
        steps += mediation_deadline_.explanation.steps
        if state == "mediation":
            steps.append(make_step("art. 14 lid 4", _("De mediation loopt sinds {day}", day=long_date(mediation.date))))
        else:
            steps.append(ctx.shared_step(fixed_step, "art. 14 lid 5", MEDIATION_FAILED_TEXT))
    elif chair_deadline is None:
        steps.append(ctx.shared_step(fixed_step, "art. 14 lid 4", MEDIATION_NOT_STARTED_TEXT))
    elif state == "chair-phase":
        steps.append(
            make_step(
                "art. 14 lid 3",
                _(
                    "De voorzitter probeert tot en met {day} met de betrokken partijen tot een oplossing te komen",
                    day=long_date(chair_deadline.date),
                ),
            )
        )
    else:
        steps.append(ctx.shared_step(fixed_step, "art. 14 lid 4", CHAIR_PHASE_FAILED_TEXT))
    return steps


# Fixed sentences of a dispute's state (translated when used), each one step shared by the disputes that say it.
CHAIR_PHASE_LAPSES_TEXT = N_(
    "De fase onder leiding van de voorzitter vervalt; de gastheerorganisatie draagt het geschil voor aan een mediator"
)
MEDIATION_FAILED_TEXT = N_(
    "De mediation heeft niet binnen de termijn tot een oplossing geleid; een partij kan het geschil voorleggen aan Gedeputeerde Staten"
)
MEDIATION_NOT_STARTED_TEXT = N_("De mediation is nog niet begonnen")
CHAIR_PHASE_FAILED_TEXT = N_(
    "Het overleg onder leiding van de voorzitter heeft niet binnen zes weken tot overeenstemming geleid; de mediation is nog niet begonnen"
)


def _no_chair_step(ctx: Context) -> Step:
    """No chair known at receipt: the chair counts as no party (reading chair_is_party)."""
    text = _("Er is bij ontvangst geen gekozen voorzitter van het bestuurlijk overleg bekend; de voorzitter geldt niet als partij")
    return Step("art. 14 lid 4", text, reading=ctx.reading_used("chair_is_party"))


def _chair_step(ctx: Context, chair: ChairElected, involved: bool) -> Step:
    """Whether the chair elected in `chair` is a party to a dispute (`involved`), art. 14 lid 4 (reading chair_is_party)."""
    if involved:
        text = _(
            "De voorzitter van het bestuurlijk overleg vertegenwoordigt {party} (gekozen {elected}) "
            "en is daarmee zelf partij bij het geschil",
            party=ctx.party_label(chair.party),
            elected=long_date(chair.date),
        )
    else:
        text = _(
            "De voorzitter van het bestuurlijk overleg vertegenwoordigt {party} (gekozen {elected}) "
            "en is niet daarmee zelf partij bij het geschil",
            party=ctx.party_label(chair.party),
            elected=long_date(chair.date),
        )
    return Step("art. 14 lid 4", text, facts=(chair,), reading=ctx.reading_used("chair_is_party"))


def mediation_cost_shares(ctx: Context, notice: DisputeNotified, costs: list[MediationCosts]) -> list[Amount]:
    """Mediation costs per year, shared equally by the parties involved (art. 14 lid 6)."""
    if not costs:
        return []
    by_year: dict[int, list[MediationCosts]] = {}
    for c in costs:
        by_year.setdefault(c.date.year, []).append(c)
    order = ctx.parties_in_split_order(notice.involved)
    ref = notice.dispute
    amounts = []
    for year, items in sorted(by_year.items()):
        total = sum(map(_AMOUNT, items), _ZERO)
        shares = split_equally(total, order)
        # What every involved party's explanation of the year says alike, made once (when the first is asked for).
        year_part = Once(partial(_mediation_year, ctx, notice.dispute, year, order, total))
        cited = tuple(items)
        for party in order:
            share = shares[party]
            explanation = Explanation.later(partial(_mediation_cost_steps, ctx, year_part, party, share, cited))
            amounts.append(make_amount(Amount, (party, year, "mediation-costs", share, ("art. 14 lid 6",), explanation, ref)))
    return amounts


class _MediationYear(NamedTuple):
    """The parts of a year's mediation cost explanations that are the same for every party involved."""

    # The sentence of the year with a party and its share still to fill in (`i18n.message_in_two`): the dispute, the
    # year, its costs in euros, the number of parties and their names are the same for each party.
    say: Callable[[str, str], str]
    parameters: dict[str, str]  # the values every party's step used
    reading: ReadingUsed
    own_costs: Step  # the step on each party's own costs
    # Each share in euros with the share, written when first said: the shares differ by a cent at most, and
    # `split_equally` gives equal shares as one object, so a share is found by identity (a Decimal's hash costs more
    # than writing it in euros), else by value.
    shares: list[tuple[Decimal, str]]


def _mediation_year(ctx: Context, ref: str, year: int, order: list[str], total: Decimal) -> _MediationYear:
    """The parts of a year's mediation cost explanations that are the same for every party involved."""
    return _MediationYear(
        _MEDIATION_SHARE(ref, year, euro(total), len(order), join_words(map(ctx.party_label, order))),
        {"totaal": str(total), "partijen": str(len(order))},
        ctx.reading_used("mediation_cost_split"),
        ctx.shared_step(fixed_step, "art. 14 lid 6", OWN_COSTS_TEXT),
        [],
    )


OWN_COSTS_TEXT = N_("Elke partij draagt daarnaast haar eigen kosten van de procedure")


_MEDIATION_SHARE = message_in_two(
    N_(
        "Mediationkosten voor geschil {ref} in {year}: {total}, gelijk gedeeld door de {count} betrokken partijen "
        "({parties}); aandeel {party}: {share}"
    ),
    ("ref", "year", "total", "count", "parties"),
    ("party", "share"),
)


def _mediation_cost_steps(
    ctx: Context,
    year_part: Once[_MediationYear],
    party: str,
    share: Decimal,
    costs: tuple[MediationCosts, ...],
) -> tuple[Step, ...]:
    """Why `party` bears `share` of a dispute's mediation costs in a year (built when first asked for)."""
    part = year_part.get()
    for known, written in part.shares:
        if known is share or known == share:
            share_text = written
            break
    else:
        share_text = euro(share)
        part.shares.append((share, share_text))
    return (
        # `make_step("art. 14 lid 6", ...)` without its call (621 steps per answer of the bench; the citation is in the
        # fixed form).
        new_step(
            Step,
            (
                "art. 14 lid 6",
                part.say(ctx.party_label(party), share_text),
                costs,
                part.parameters,  # the same values for every party (to_json copies them into each step's dict)
                part.reading,
                current(),
            ),
        ),
        part.own_costs,
    )
