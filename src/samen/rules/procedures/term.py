"""The term (art. 3, art. 11): start, evaluation within two years, end, extension by amendment."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from samen.rules import periods
from samen.rules.conclusions import Conclusions, Context, Deadline, Finding, PlanPeriod, ProcedureState
from samen.rules.explain import Explanation, Step
from samen.rules.facts import EvaluationCompleted
from samen.rules.i18n import _, long_date
from samen.rules.procedures.amendment import AmendmentOutcome

EVALUATION_ARTICLES = ("art. 3 lid 3", "art. 11 lid 2")
WARN_MONTHS = 3  # how long before a deadline the overview starts warning (art. 4 lid 5)


def term_end(ctx: Context, amendments: list[AmendmentOutcome]) -> tuple[date, Explanation]:
    """The last day of the term: the original end, or the end date of the latest adopted extension."""
    a = ctx.agreement
    end = a.end_date()
    explanation = Explanation.of(
        Step(
            "art. 11 lid 1",
            _(
                "De overeenkomst gaat in op {start} voor een periode van {years} jaar; de laatste dag is {end}",
                start=long_date(a.start),
                years=a.term_years,
                end=long_date(end),
            ),
            parameters={"term.start": a.start.isoformat(), "term.years": str(a.term_years)},
        )
    )
    for o in _extensions(ctx, amendments):
        assert o.request.end_date is not None
        end = o.request.end_date
        explanation = explanation.then(
            Step(
                "art. 12 lid 2",
                _(
                    "Wijziging {amendment} is op {adopted} door alle partijen aangenomen; de looptijd eindigt nu op {end}",
                    amendment=o.request.amendment,
                    adopted=long_date(o.decided_on or o.request.date),
                    end=long_date(end),
                ),
                facts=(o.request, *o.consents),
                reading=ctx.reading_used("extension_is_amendment"),
            )
        )
    return end, explanation


def _extensions(ctx: Context, amendments: list[AmendmentOutcome]) -> list[AmendmentOutcome]:
    """The adopted amendments that set a new end date, in the order they were adopted (reading extension_is_amendment)."""
    if not ctx.reading("extension_is_amendment"):
        return []
    return sorted(
        (o for o in amendments if o.state == "adopted" and o.request.end_date is not None),
        key=lambda o: (o.decided_on or o.request.date, o.request.amendment),
    )


def plan_periods(ctx: Context, amendments: list[AmendmentOutcome]) -> list[PlanPeriod]:
    """The plan periods (art. 1 sub j): `[plan_period] years` at a time from the start to the original end (for this
    agreement one: the term), then one more for every adopted extension, from the day after the previous end to
    the new end; an extension that ends earlier cuts the periods short instead."""
    a = ctx.agreement
    original_end = a.end_date()
    out: list[PlanPeriod] = []
    start = a.start
    while start <= original_end:
        end = min(periods.previous_day(periods.add_years(start, a.plan_years)), original_end)
        out.append(PlanPeriod(start, end))
        start = periods.next_day(end)
    for o in _extensions(ctx, amendments):
        assert o.request.end_date is not None
        new_end = o.request.end_date
        if new_end > out[-1].end:
            out.append(PlanPeriod(periods.next_day(out[-1].end), new_end, o.request.amendment))
        else:
            out = [replace(p, end=min(p.end, new_end)) for p in out if p.start <= new_end] or out[:1]
    return out


def evaluation_deadline(ctx: Context) -> Deadline:
    """The last day for the evaluation: two years after the start (art. 3 lid 3, art. 11 lid 2)."""
    start = ctx.agreement.start
    years = ctx.int_parameter("evaluation.within_years", start)
    # An amendment (art. 12) that changes the period and takes effect before the evaluation falls
    # due governs it; one taking effect after the original due date does not revive it.
    lookup = start
    amended = ctx.int_parameter("evaluation.within_years", periods.after(start, years=years))
    if amended != years:
        lookup, years = periods.after(start, years=years), amended
    day, rolled, roll_step = ctx.deadline_after(start, years=years)
    steps = [
        Step(
            "art. 3 lid 3",
            _("Na uiterlijk twee jaar vindt een evaluatie plaats; afhankelijk van de uitkomst wordt de samenwerking verlengd"),
        ),
        Step(
            "art. 11 lid 2",
            _(
                "{years} jaar na de start van de overeenkomst op {start}: {day}",
                years=years,
                start=long_date(start),
                day=long_date(periods.after(start, years=years)),
            ),
            parameters={"evaluation.within_years": str(years)},
        ),
        *ctx.parameter_steps("evaluation.within_years", lookup),
    ]
    if roll_step is not None:
        steps.append(roll_step)
    return Deadline("term", ctx.agreement.slug, "evaluation-due", day, EVALUATION_ARTICLES, Explanation(tuple(steps)), rolled=rolled)


def evaluate(ctx: Context) -> Conclusions:
    """Term deadlines, the term's state, and findings about the evaluation and the end of the term."""
    out = Conclusions()
    a = ctx.agreement
    due = evaluation_deadline(ctx)
    end_deadline = Deadline("term", a.slug, "term-end", ctx.term_end, ("art. 11 lid 1",), ctx.term_end_explanation)

    evaluations = ctx.of(EvaluationCompleted)
    done = evaluations[0] if evaluations else None
    # evaluation-due awaits the (first) evaluation; term-end is a date, not an act.
    out.deadlines += [
        due.settled(ctx.as_of, awaits=_("de evaluatie is uitgevoerd"), done=done, done_text=_("de evaluatie is uitgevoerd")),
        end_deadline.settled(ctx.as_of),
    ]
    if done is not None:
        text = _("De evaluatie is uitgevoerd op {day}", day=long_date(done.date))
        if done.date > due.date:
            out.findings.append(
                Finding(
                    "art-3.evaluation-late",
                    "warning",
                    _(
                        "De evaluatie is uitgevoerd op {day}, na de uiterste datum {due}.",
                        day=long_date(done.date),
                        due=long_date(due.date),
                    ),
                    EVALUATION_ARTICLES,
                    due.explanation.then(Step("art. 11 lid 2", text, facts=(done,))),
                )
            )
    elif ctx.as_of > due.date:
        out.findings.append(
            Finding(
                "art-3.evaluation-overdue",
                "error",
                _("De evaluatie had uiterlijk op {due} moeten plaatsvinden en is niet vastgelegd.", due=long_date(due.date)),
                EVALUATION_ARTICLES,
                due.explanation.then(Step("art. 11 lid 2", _("Op {as_of} is geen evaluatie vastgelegd", as_of=long_date(ctx.as_of)))),
            )
        )
    elif ctx.as_of >= periods.add_months(due.date, -WARN_MONTHS):
        out.findings.append(
            Finding(
                "art-3.evaluation-due",
                "warning",
                _("De evaluatie moet uiterlijk op {due} plaatsvinden.", due=long_date(due.date)),
                EVALUATION_ARTICLES,
                due.explanation.then(Step("art. 11 lid 2", _("Op {as_of} is nog geen evaluatie vastgelegd", as_of=long_date(ctx.as_of)))),
            )
        )

    if ctx.as_of < a.start:
        state = "not-started"
    elif ctx.as_of > ctx.term_end:
        state = "ended"
        out.findings.append(
            Finding(
                "art-11.term-ended",
                "info",
                _(
                    "De looptijd is geëindigd op {end}; variabele bijdragen kunnen ook daarna nog ontstaan (art. 7 lid 4).",
                    end=long_date(ctx.term_end),
                ),
                ("art. 11 lid 1", "art. 7 lid 4"),
                ctx.term_end_explanation,
            )
        )
    else:
        state = "running"
        if ctx.as_of >= periods.add_months(ctx.term_end, -WARN_MONTHS):
            out.findings.append(
                Finding(
                    "art-11.term-ending",
                    "warning",
                    _(
                        "De looptijd eindigt op {end}; verlenging vraagt een wijziging met instemming van alle partijen.",
                        end=long_date(ctx.term_end),
                    ),
                    ("art. 11 lid 1", "art. 3 lid 3"),
                    ctx.term_end_explanation,
                )
            )
    out.procedures.append(
        ProcedureState(
            "term",
            a.slug,
            state,
            ("art. 11 lid 1",),
            ctx.term_end_explanation,
            since=a.start if state != "ended" else ctx.term_end,
            next_deadline=next((d for d in (due, end_deadline) if d.date >= ctx.as_of and not (d is due and done)), None),
            details={
                "start": a.start.isoformat(),
                "end": ctx.term_end.isoformat(),
                "evaluated_on": done.date.isoformat() if done else None,
            },
        )
    )
    return out
