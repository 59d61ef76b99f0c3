"""Withdrawal (art. 9, art. 10): notice, the board's consent, exit 24 months after the consent."""

from __future__ import annotations

from datetime import date

from samen.rules.conclusions import Conclusions, Context, Deadline, Finding, ProcedureState
from samen.rules.explain import Explanation, Step
from samen.rules.facts import DisintegrationCostsAgreed, WithdrawalConsented, WithdrawalNotified, WithdrawalObligationWaived
from samen.rules.i18n import _, long_date
from samen.rules.periods import next_day


def exit_deadline(ctx: Context, consent: WithdrawalConsented) -> Deadline:
    """The day the withdrawing party leaves: the notice period (art. 9 lid 3) after the board's consent."""
    months = ctx.int_parameter("withdrawal.notice_months", consent.date)
    # An exit date ends the party's membership; it is not a period for doing something, so the
    # Algemene termijnenwet never moves it (docs/readings.md).
    day = ctx.deadline_after(consent.date, months=months, roll=False)[0]
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
    return Deadline("withdrawal", consent.party, "exit", day, ("art. 9 lid 3",), explanation)


def exits(ctx: Context) -> dict[str, Deadline]:
    """Exit deadline per party with a consented withdrawal."""
    return {c.party: exit_deadline(ctx, c) for c in ctx.of(WithdrawalConsented)}


def waivers(ctx: Context) -> dict[str, date]:
    """Date per party from which its remaining financial obligations were waived (art. 9 lid 2)."""
    return {w.party: w.date for w in ctx.of(WithdrawalObligationWaived)}


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
                details={"exit_date": deadline.date.isoformat()},
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
