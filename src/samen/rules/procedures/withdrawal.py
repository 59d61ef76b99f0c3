"""Withdrawal (art. 9, art. 10): notice, the board's consent, exit 24 months after the consent."""

from __future__ import annotations

from datetime import date

from samen.rules.conclusions import Conclusions, Context, Deadline, Finding, PlanBinding, ProcedureState
from samen.rules.explain import Explanation, Step
from samen.rules.facts import DisintegrationCostsAgreed, WithdrawalConsented, WithdrawalNotified, WithdrawalObligationWaived
from samen.rules.i18n import _, long_date
from samen.rules.periods import next_day


def exit_deadline(ctx: Context, consent: WithdrawalConsented) -> Deadline:
    """The day the withdrawing party leaves: the notice period (art. 9 lid 3) after the board's consent."""
    months = ctx.int_parameter("withdrawal.notice_months", consent.date)
    # An exit date ends the party's membership; it is not a period for doing something, and the notice
    # period is longer than three months, so the Algemene termijnenwet never moves it (docs/readings.md,
    # reading 1); with roll_forward on, the explanation says so.
    day, _rolled, roll_step = ctx.deadline_after(consent.date, months=months, roll=False)
    explanation = Explanation.of(
        Step(
            "art. 9 lid 1",
            _(
                "Het bestuurlijk overleg stemde op {day} in met de uittreding van {party}",
                day=long_date(consent.date),
                party=ctx.party_label(consent.party),
            ),
            facts=(consent,),
        ),
        Step(
            "art. 9 lid 3",
            _(
                "Opzegtermijn van {months} maanden na de instemming op {consented}: uittreding op {day}",
                months=months,
                consented=long_date(consent.date),
                day=long_date(day),
            ),
            parameters={"withdrawal.notice_months": str(months)},
        ),
        *ctx.parameter_steps("withdrawal.notice_months", consent.date),
    )
    if roll_step is not None:
        explanation = explanation.then(roll_step)
    return Deadline("withdrawal", consent.party, "exit", day, ("art. 9 lid 3",), explanation)


def exits(ctx: Context) -> dict[str, Deadline]:
    """Exit deadline per party with a consented withdrawal."""
    return {c.party: exit_deadline(ctx, c) for c in ctx.of(WithdrawalConsented)}


def waivers(ctx: Context) -> dict[str, WithdrawalObligationWaived]:
    """Per party, the decision that releases it from (some of) its financial obligations (art. 9 lid 2)."""
    return {w.party: w for w in ctx.of(WithdrawalObligationWaived)}


def plan_bindings(ctx: Context) -> dict[str, PlanBinding]:
    """Per party with a consented withdrawal: the plan period it gave notice in (art. 9 lid 2), by the day of its
    notice (the consent's when no notice is known); none when that day lies in no plan period."""
    notices = {n.party: n.date for n in ctx.of(WithdrawalNotified)}
    out: dict[str, PlanBinding] = {}
    for consent in ctx.of(WithdrawalConsented):
        day = notices.get(consent.party, consent.date)
        period = next((p for p in ctx.plan_periods if p.holds(day)), None)
        if period is not None:
            out[consent.party] = PlanBinding(period, day)
    return out


def plan_step(ctx: Context, party: str, exit_day: date) -> Step | None:
    """What the party keeps owing for its plan period after it has left (art. 9 lid 2), or None."""
    binding = ctx.plan_bindings.get(party)
    if binding is None:
        return None
    waiver = ctx.waivers.get(party)
    released = (
        _(" Het besluit van {day} stelt {party} daarvan (deels) vrij.", day=long_date(waiver.date), party=ctx.party_label(party))
        if waiver is not None
        else ""
    )
    if binding.period.end > exit_day:
        text = _(
            "{party} zegde op binnen de planperiode van {start} tot en met {end}; het tussentijds opzeggen verandert in "
            "beginsel niets aan de financiële verplichtingen die {party} voor die periode is aangegaan: de jaarlijkse "
            "bijdragen blijven verschuldigd tot en met {end_year}, ook na de uittreding.{released}",
            party=ctx.party_label(party),
            start=long_date(binding.period.start),
            end=long_date(binding.period.end),
            end_year=binding.period.end.year,
            released=released,
        )
    else:
        text = _(
            "{party} zegde op binnen de planperiode van {start} tot en met {end}; die periode eindigt vóór de uittreding, "
            "dus tot de uittreding blijven de financiële verplichtingen ongewijzigd.{released}",
            party=ctx.party_label(party),
            start=long_date(binding.period.start),
            end=long_date(binding.period.end),
            released=released,
        )
    return Step("art. 9 lid 2", text, facts=(waiver,) if waiver is not None else (), reading=None)


def evaluate(ctx: Context, exit_deadlines: dict[str, Deadline]) -> Conclusions:
    """States, exit deadlines and findings for every withdrawal, in the agreement's party order."""
    out = Conclusions()
    notices = {n.party: n for n in ctx.of(WithdrawalNotified)}
    consents = {c.party: c for c in ctx.of(WithdrawalConsented)}
    costs = {c.party: c for c in ctx.of(DisintegrationCostsAgreed)}
    for party in ctx.agreement.party_codes:
        notice, consent = notices.get(party), consents.get(party)
        if notice is None and consent is None:
            if party in costs:
                out.findings.append(
                    Finding(
                        "art-10.costs-without-withdrawal",
                        "warning",
                        _(
                            "Er zijn desintegratiekosten vastgesteld voor {party}, maar er is geen opzegging bekend.",
                            party=ctx.party_label(party),
                        ),
                        ("art. 10 lid 1",),
                        Explanation.of(Step("art. 10 lid 1", _("Desintegratiekosten horen bij een uittreding"), facts=(costs[party],))),
                        ref=party,
                    )
                )
            continue
        steps: list[Step] = []
        if notice is not None:
            steps.append(
                Step(
                    "art. 9 lid 1",
                    _("{party} zegde de overeenkomst op op {day}", party=ctx.party_label(party), day=long_date(notice.date)),
                    facts=(notice,),
                )
            )
        if consent is None:
            steps.append(
                Step("art. 9 lid 1", _("Uittreding kan alleen met instemming van het bestuurlijk overleg; die instemming is er nog niet"))
            )
            out.procedures.append(
                ProcedureState(
                    "withdrawal", party, "notified", ("art. 9 lid 1",), Explanation(tuple(steps)), since=notice.date if notice else None
                )
            )
            continue
        deadline = exit_deadlines[party]
        out.deadlines.append(deadline.settled(ctx.as_of))  # the exit is a date, not an act
        explanation = Explanation(tuple(steps)) + deadline.explanation
        articles: tuple[str, ...]
        if ctx.as_of > deadline.date:
            state, articles = "exited", ("art. 9 lid 3",)
            explanation = explanation.then(
                Step("art. 9 lid 3", _("De opzegtermijn is verstreken; {party} is geen partij meer", party=ctx.party_label(party)))
            )
        else:
            state, articles = "consented", ("art. 9 lid 1", "art. 9 lid 3")
        plan = plan_step(ctx, party, deadline.date)
        if plan is not None:
            explanation = explanation.then(plan)
            articles = (*articles, "art. 9 lid 2")
        elif state == "consented":
            explanation = explanation.then(
                Step(
                    "art. 9 lid 2",
                    _("Tot de uittreding blijven de financiële verplichtingen voor de planperiode in beginsel ongewijzigd"),
                )
            )
        if notice is not None and notice.date > consent.date:
            out.findings.append(
                Finding(
                    "art-9.consent-before-notice",
                    "warning",
                    _(
                        "Het bestuurlijk overleg stemde op {consented} in met de uittreding van {party}, "
                        "vóór de opzegging op {notified}; de opzegtermijn loopt vanaf de instemming.",
                        consented=long_date(consent.date),
                        party=ctx.party_label(party),
                        notified=long_date(notice.date),
                    ),
                    ("art. 9 lid 1", "art. 9 lid 3"),
                    explanation,
                    ref=party,
                )
            )
        if notice is None:
            out.findings.append(
                Finding(
                    "art-9.consent-without-notice",
                    "warning",
                    _("Instemming met de uittreding van {party} is vastgelegd zonder opzegging.", party=ctx.party_label(party)),
                    ("art. 9 lid 1",),
                    deadline.explanation,
                    ref=party,
                )
            )
        out.procedures.append(
            ProcedureState(
                "withdrawal",
                party,
                state,
                articles,
                explanation,
                since=next_day(deadline.date) if state == "exited" else consent.date,
                next_deadline=deadline if state == "consented" else None,
                details=_details(ctx, party, deadline.date),
            )
        )
        if deadline.date > ctx.term_end:
            message = _(
                "De uittreding van {party} gaat in op {day}, na het einde van de looptijd op {end}.",
                party=ctx.party_label(party),
                day=long_date(deadline.date),
                end=long_date(ctx.term_end),
            )
            ctx.notes.append(message)
            out.findings.append(
                Finding(
                    "art-9.exit-after-term-end",
                    "info",
                    message,
                    ("art. 9 lid 3", "art. 11 lid 1"),
                    deadline.explanation + ctx.term_end_explanation,
                    ref=party,
                )
            )
    return out


def _details(ctx: Context, party: str, exit_day: date) -> dict[str, object]:
    """The exit date and, when the party gave notice within a plan period, that period and the last year it owes for."""
    out: dict[str, object] = {"exit_date": exit_day.isoformat()}
    binding = ctx.plan_bindings.get(party)
    if binding is not None:
        out["plan_period"] = {"start": binding.period.start.isoformat(), "end": binding.period.end.isoformat()}
        out["obligations_until"] = max(exit_day.year, binding.period.end.year)
    return out
