"""Contributions (art. 7) and disintegration costs (art. 10): what each party owes per year, and why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import partial
from operator import attrgetter
from typing import NamedTuple

from samen.rules.conclusions import Amount, Conclusions, Context, fixed_step, make_amount
from samen.rules.explain import Explanation, Once, ReadingUsed, Step, make_step, new_step
from samen.rules.facts import CapacityNotSupplied, CostPerFte, DisintegrationCostsAgreed, ExtraCost
from samen.rules.i18n import N_, _, _n, current, join_words, long_date, message_in_two, number
from samen.rules.money import cents, euro, split_equally

_ZERO = Decimal("0")  # the start of a sum (made once: a year's extra costs are summed per category)
_AMOUNT = attrgetter("amount")


def _in_term(ctx: Context, year: int) -> bool:
    return ctx.agreement.start.year <= year <= ctx.term_end.year


def annual_payers(ctx: Context) -> list[str]:
    """Who pays the annual contribution (reading annual_contribution_payers), in agreement order."""
    if ctx.reading("annual_contribution_payers") == "municipalities":
        return [p.code for p in ctx.agreement.parties if p.kind == "municipality"]
    return list(ctx.agreement.party_codes)


def annual_contributions(ctx: Context) -> list[Amount]:
    """0.1 FTE at the host's cost level per FTE, per party per year with a known cost level (art. 7 lid 1-2)."""
    out: list[Amount] = []
    for cost in ctx.of(CostPerFte):
        year = cost.year
        if not _in_term(ctx, year):
            ctx.notes.append(
                _(
                    "Het kostenniveau per fte voor {year} is genegeerd: {year} valt buiten de looptijd (art. 7 lid 1, art. 11 lid 1).",
                    year=year,
                )
            )
            continue
        fte, amended = ctx.yearly_decimal("contribution.fte_per_party", year)
        amount = cents(fte * cost.amount)
        if fte != fte.quantize(Decimal("0.000001")):
            fte = fte.quantize(Decimal("0.000001"))  # shown rounded; the amount is from the exact weighted value
        # What every party's explanation of the year says alike, made once (when the first is asked for).
        year_part = Once(partial(_annual_year, ctx, cost, fte, amount, amended))
        for party in annual_payers(ctx):
            owes, why = ctx.owes_periodic_contributions(party, year, "annual-contribution")
            if not owes:
                ctx.notes.append(_("Geen jaarbijdrage {year} voor {party}: {why}.", year=year, party=ctx.party_label(party), why=why))
                continue
            after_exit = party in ctx.exits and ctx.exits[party].year < year
            articles = ("art. 7 lid 1", "art. 9 lid 2") if after_exit else ("art. 7 lid 1",)
            explanation = Explanation.later(partial(_annual_steps, ctx, year_part, party, year))
            out.append(make_amount(Amount, (party, year, "annual-contribution", amount, articles, explanation, "")))
    return out


def _annual_year(ctx: Context, cost: CostPerFte, fte: Decimal, amount: Decimal, amended: tuple[Step, ...]) -> tuple[Step, ...]:
    """The steps of a year's annual contribution that are the same for every party: the amount per party, where the
    parameter comes from, and how it is paid (art. 7 lid 1-2)."""
    return (
        Step(
            "art. 7 lid 1",
            _(
                "Jaarbijdrage {year}: {fte} fte per deelnemer tegen het kostenniveau per fte (inclusief overhead) van "
                "de gastheerorganisatie van {cost}: {fte} × {cost} = {amount}",
                year=cost.year,
                fte=number(fte),
                cost=euro(cost.amount),
                amount=euro(amount),
            ),
            facts=(cost,),
            parameters={"contribution.fte_per_party": str(fte), "kostenniveau per fte": str(cost.amount)},
            reading=ctx.reading_used("annual_contribution_payers"),
        ),
        *amended,
        ctx.shared_step(fixed_step, "art. 7 lid 2", ONE_INSTALMENT_TEXT),
    )


ONE_INSTALMENT_TEXT = N_("De jaarbijdrage wordt in één termijn in rekening gebracht en betaald")


def _annual_steps(ctx: Context, year_part: Once[tuple[Step, ...]], party: str, year: int) -> tuple[Step, ...]:
    """Why `party` owes its annual contribution for `year` (built when first asked for)."""
    return (*year_part.get(), *ctx.withdrawal_steps(party, year))


def cost_date(year: int) -> date:
    """The first day of `year`: the date on which a yearly parameter's value is looked up."""
    return date(year, 1, 1)


def capacity_contributions(ctx: Context) -> list[Amount]:
    """EUR 10,000 for a party that did not supply staff capacity in a year (art. 7 lid 3)."""
    out: list[Amount] = []
    once = ctx.reading("capacity_contribution_period") == "once"
    charged: set[str] = set()
    for fact in sorted(ctx.of(CapacityNotSupplied), key=lambda f: (f.year, ctx.agreement.party_codes.index(f.party))):
        party, year = fact.party, fact.year
        if not _in_term(ctx, year):
            ctx.notes.append(
                _(
                    "Capaciteit niet geleverd door {party} in {year} is genegeerd: {year} valt buiten de looptijd (art. 7 lid 3).",
                    party=ctx.party_label(party),
                    year=year,
                )
            )
            continue
        owes, why = ctx.owes_periodic_contributions(party, year, "capacity-contribution")
        if not owes:
            ctx.notes.append(_("Geen capaciteitsbijdrage {year} voor {party}: {why}.", year=year, party=ctx.party_label(party), why=why))
            continue
        after_exit = party in ctx.exits and ctx.exits[party].year < year
        if once and party in charged:
            ctx.notes.append(
                _(
                    "Geen tweede capaciteitsbijdrage voor {party} in {year}: "
                    "de bijdrage is volgens de gekozen lezing eenmalig (art. 7 lid 3).",
                    party=ctx.party_label(party),
                    year=year,
                )
            )
            continue
        charged.add(party)
        value, amended = ctx.yearly_decimal("capacity.contribution_amount", year)
        amount = cents(value)
        explanation = Explanation.later(partial(_capacity_steps, ctx, fact, amount, amended))
        articles = ("art. 7 lid 3", "art. 9 lid 2") if after_exit else ("art. 7 lid 3",)
        out.append(make_amount(Amount, (party, year, "capacity-contribution", amount, articles, explanation, "")))
    return out


def _capacity_steps(ctx: Context, fact: CapacityNotSupplied, amount: Decimal, amended: tuple[Step, ...]) -> tuple[Step, ...]:
    """Why `fact.party` owes `amount` as its capacity contribution for `fact.year` (built when first asked for)."""
    party, year = fact.party, fact.year
    return (
        make_step(
            "art. 7 lid 3",
            _(
                "{party} heeft in {year} geen personele capaciteit ingezet voor de kerngroep, de "
                "Twentebrede beleidsoverleggen en projectgroepen en betaalt daarom {amount}",
                party=ctx.party_label(party),
                year=year,
                amount=euro(amount),
            ),
            facts=(fact,),
            parameters={"capacity.contribution_amount": str(amount)},
            reading=ctx.reading_used("capacity_contribution_period"),
        ),
        *amended,
        *ctx.withdrawal_steps(party, year),
    )


def variable_contributions(ctx: Context) -> list[Amount]:
    """The host's extra employer costs of a year, split equally over all parties (art. 7 lid 4)."""
    out: list[Amount] = []
    by_year: dict[int, list[ExtraCost]] = {}
    for cost in ctx.of(ExtraCost):
        by_year.setdefault(cost.year, []).append(cost)
    for year in sorted(by_year):
        items = by_year[year]
        if year < ctx.agreement.start.year:
            ctx.notes.append(
                _("Extra kosten voor {year} zijn genegeerd: {year} ligt vóór de start van de overeenkomst (art. 7 lid 4).", year=year)
            )
            continue
        total = sum(map(_AMOUNT, items), _ZERO)  # no generator: the bench sums 1,650 extra costs
        # Parties that left before the year began are no longer party in it and share nothing of it.
        payers = ctx.parties_in_split_order([p for p in ctx.agreement.party_codes if ctx.is_member_in(p, year)])
        if not payers:
            ctx.notes.append(_("Extra kosten voor {year} zijn niet verdeeld: er is in {year} geen partij meer (art. 7 lid 4).", year=year))
            continue
        shares = split_equally(total, payers)
        # What every party's explanation of the year says alike, made once (when the first is asked for).
        year_part = Once(partial(_variable_year, ctx, year, tuple(items), total, payers))
        for party in payers:
            explanation = Explanation.later(partial(_variable_steps, ctx, year_part, party, shares[party]))
            out.append(make_amount(Amount, (party, year, "variable-contribution", shares[party], ("art. 7 lid 4",), explanation, "")))
        left = [p for p in ctx.agreement.party_codes if p not in payers]
        if left:
            ctx.notes.append(
                _(
                    "De variabele bijdrage {year} is verdeeld zonder {parties}: uitgetreden vóór {year} (art. 7 lid 4, art. 9 lid 3).",
                    year=year,
                    parties=join_words(ctx.party_label(p) for p in left),
                )
            )
    return out


class _VariableYear(NamedTuple):
    """The parts of a year's variable contribution explanations that are the same for every party."""

    costs: Step  # the step on the year's extra costs (art. 7 lid 4)
    # The sentence of a party's share with the party and its share still to fill in (`i18n.message_in_two`): the
    # number of parties, the approximate share and the sentence on the cents left over are the same for each party.
    say: Callable[[str, str], str]
    parameters: dict[str, str]  # the values every party's step used (to_json copies them into each step's dict)
    reading: ReadingUsed


def _variable_year(ctx: Context, year: int, items: tuple[ExtraCost, ...], total: Decimal, payers: list[str]) -> _VariableYear:
    """The step on the year's extra costs, and what each party's step on its share says alike (art. 7 lid 4)."""
    english = current() == "en"
    titles = {c.key: (c.title_en or c.title) if english else c.title for c in ctx.agreement.extra_cost_categories}
    per_category: dict[str, Decimal] = {}
    for c in items:
        per_category[c.category] = per_category.get(c.category, _ZERO) + c.amount
    breakdown = "; ".join(f"{k} ({titles.get(k, k)}): {euro(v)}" for k, v in sorted(per_category.items()))
    base = cents(total / len(payers))
    leftover = int(cents(total) * 100) % len(payers)
    order_text = (
        _("in oplopende volgorde van hun code") if ctx.reading("split_order") == "code" else _("in de volgorde van de overeenkomst")
    )
    leftover_text = _n(
        "de resterende {count} cent gaat naar de eerste partij {order}",
        "de resterende {count} cent gaan één voor één naar de partijen {order}",
        leftover,
        count=leftover,
        order=order_text,
    )
    costs = Step(
        "art. 7 lid 4",
        _("Extra kosten van de gastheer in {year}: {breakdown}; totaal {total}", year=year, breakdown=breakdown, total=euro(total)),
        facts=items,
        parameters={"totaal": str(total)},
    )
    count = len(payers)
    return _VariableYear(
        costs, _VARIABLE_SHARE(count, euro(base), leftover_text), {"partijen": str(count)}, ctx.reading_used("split_order")
    )


# A party's share of a year's extra costs, said for each party of each year (`i18n.message`: by position).
_VARIABLE_SHARE = message_in_two(
    N_("Gelijk verdeeld over alle {count} partijen (ongeveer {base} elk, in hele centen; {leftover}): aandeel {party} {share}"),
    ("count", "base", "leftover"),
    ("party", "share"),
)


def _variable_steps(ctx: Context, year_part: Once[_VariableYear], party: str, share: Decimal) -> tuple[Step, Step]:
    """Why `party` owes `share` of a year's extra costs, split over the year's parties (built when first asked for)."""
    part = year_part.get()
    # `make_step` without its call (`new_step`: a step per party and year, a fixed-form citation).
    return part.costs, new_step(
        Step, ("art. 7 lid 4", part.say(ctx.party_label(party), euro(share)), (), part.parameters, part.reading, current())
    )


def disintegration_costs(ctx: Context) -> list[Amount]:
    """The agreed disintegration costs, invoiced to the withdrawing party alone (art. 10)."""
    out: list[Amount] = []
    for fact in ctx.of(DisintegrationCostsAgreed):
        explanation = Explanation.later(partial(_disintegration_steps, ctx, fact))
        out.append(Amount(fact.party, fact.date.year, "disintegration-costs", cents(fact.amount), ("art. 10 lid 1",), explanation))
    return out


def _disintegration_steps(ctx: Context, fact: DisintegrationCostsAgreed) -> tuple[Step, Step]:
    """Why the withdrawing party alone owes the agreed disintegration costs (built when first asked for)."""
    return (
        Step(
            "art. 10 lid 1",
            _(
                "De uittredende partij {party} draagt de desintegratiekosten van haar uittreding alleen",
                party=ctx.party_label(fact.party),
            ),
        ),
        Step(
            "art. 10 lid 2",
            _(
                "De gastheerorganisatie en {party} hebben de reële kosten op {day} vastgesteld op {amount}",
                party=ctx.party_label(fact.party),
                day=long_date(fact.date),
                amount=euro(fact.amount),
            ),
            facts=(fact,),
        ),
    )


def evaluate(ctx: Context) -> Conclusions:
    """All contributions and disintegration costs."""
    out = Conclusions()
    out.amounts += annual_contributions(ctx)
    out.amounts += capacity_contributions(ctx)
    out.amounts += variable_contributions(ctx)
    out.amounts += disintegration_costs(ctx)
    return out
