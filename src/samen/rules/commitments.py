"""Budget lines and commitments (art. 4 lid 4, art. 6) and staffing against funding (art. 4 lid 1) [ext].

- Per budget year whose adoption (`budget-adopted`) carries `lines`: each line's adopted amount, what is committed
  on it (`commitment-made` on that line, dated up to the date of evaluation) and what is left.
- A commitment beyond what is left on its line when it was made (in date order, then by ref) is an error
  (`art-4.commitment-beyond-budget`): the host enters into agreements with third parties only within adopted
  budgets and mandates (art. 4 lid 4). A line not in the adopted budget, or a year whose budget with lines was not
  adopted on or before the commitment's date, has nothing left. With a `mandate` it is a warning
  (`art-4.commitment-awaiting-approval`) until it is `approved` under that mandate, then an information
  (`art-4.commitment-approved-under-mandate`). docs/readings.md, "Commitments within the budget".
- Per year of the term, once any position is known (`staff-employed`): the FTE the parties fund (the FTE per
  party times the parties that owe the annual contribution that year: a contribution is for the whole year) against
  the FTE the host employs over the year (each position by its days in the year); a difference is a warning
  (`art-4.staffing-gap`).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from samen.rules.conclusions import BudgetLineState, BudgetState, Conclusions, Context, Finding, StaffingState
from samen.rules.explain import Explanation, Step
from samen.rules.facts import BudgetAdopted, CommitmentMade, StaffEmployed
from samen.rules.finance import annual_payers
from samen.rules.i18n import N_, _, join_words, long_date, number, translate
from samen.rules.money import euro

ART_4_4 = "art. 4 lid 4"
ART_4_1 = "art. 4 lid 1"
ZERO = Decimal("0")
FTE = Decimal("0.01")


def _adoptions(ctx: Context) -> dict[int, BudgetAdopted]:
    """The adoption of each budget year that carries lines (known by the date of evaluation)."""
    return {a.year: a for a in ctx.of(BudgetAdopted) if a.lines is not None}


def _commitment_sort(c: CommitmentMade) -> tuple[date, str]:
    return (c.date, c.ref)


def _fte(value: Decimal) -> str:
    return number(value.quantize(FTE), 2)


def commitments(ctx: Context) -> Conclusions:
    """What is adopted, committed and left per line, and a finding for each commitment beyond its line."""
    out = Conclusions()
    adoptions = _adoptions(ctx)
    committed: dict[tuple[int, str], Decimal] = {}
    for c in sorted(ctx.of(CommitmentMade), key=_commitment_sort):
        adoption = adoptions.get(c.year)
        lines = dict(adoption.lines or ()) if adoption is not None and adoption.date <= c.date else {}
        before = committed.get((c.year, c.line), ZERO)
        committed[(c.year, c.line)] = before + c.amount
        if c.line in lines:
            left = lines[c.line] - before
            where = Step(
                ART_4_4,
                _(
                    "Op begrotingspost {line} van de begroting {year} ({adopted}, vastgesteld op {day}) was vóór deze "
                    "verplichting {committed} verplicht; er resteerde {left}",
                    line=c.line,
                    year=c.year,
                    adopted=euro(lines[c.line]),
                    day=long_date(adoption.date),  # type: ignore[union-attr]
                    committed=euro(before),
                    left=euro(max(left, ZERO)),
                ),
                facts=(adoption, c),  # type: ignore[arg-type]
            )
        else:
            left = ZERO
            if adoption is None or adoption.lines is None:
                why = _("voor {year} is (nog) geen begroting met begrotingsposten vastgesteld", year=c.year)
            elif adoption.date > c.date:
                why = _(
                    "de begroting {year} werd pas op {day} vastgesteld, na de verplichting op {date}",
                    year=c.year,
                    day=long_date(adoption.date),
                    date=long_date(c.date),
                )
            else:
                why = _("de vastgestelde begroting {year} heeft geen begrotingspost {line}", year=c.year, line=c.line)
            where = Step(ART_4_4, _("Er resteerde niets voor deze verplichting: {why}", why=why), facts=(c,))
        if c.amount <= left:
            continue
        shown_left = max(left, ZERO)
        base = Step(
            ART_4_4,
            _(
                "De gastheerorganisatie gaat namens de partijen alleen overeenkomsten met derden aan binnen vastgestelde "
                "begrotingen, budgetten en mandaatregelingen; verplichting {ref} ({counterparty}, {date}) van {amount} op "
                "{line} gaat verder dan de {left} die resteerde",
                ref=c.ref,
                counterparty=c.counterparty,
                date=long_date(c.date),
                amount=euro(c.amount),
                line=c.line,
                left=euro(shown_left),
            ),
            facts=(c,),
        )
        explanation = Explanation.of(where, base)
        if c.mandate is None:
            out.findings.append(
                Finding(
                    "art-4.commitment-beyond-budget",
                    "error",
                    _(
                        "Verplichting {ref} van {amount} op begrotingspost {line} ({year}) gaat verder dan wat resteert: {left}.",
                        ref=c.ref,
                        amount=euro(c.amount),
                        line=c.line,
                        year=c.year,
                        left=euro(shown_left),
                    ),
                    (ART_4_4,),
                    explanation,
                    ref=c.ref,
                )
            )
        elif c.approved is None or c.approved > ctx.as_of:
            out.findings.append(
                Finding(
                    "art-4.commitment-awaiting-approval",
                    "warning",
                    _(
                        "Verplichting {ref} van {amount} op begrotingspost {line} ({year}) gaat verder dan wat resteert ({left}) "
                        "en wacht op goedkeuring onder het mandaat: {mandate}.",
                        ref=c.ref,
                        amount=euro(c.amount),
                        line=c.line,
                        year=c.year,
                        left=euro(shown_left),
                        mandate=c.mandate,
                    ),
                    (ART_4_4,),
                    explanation.then(
                        Step(
                            ART_4_4,
                            _("Een mandaatregeling kan dit toestaan: {mandate}; de goedkeuring is nog niet vastgelegd", mandate=c.mandate),
                        )
                    ),
                    ref=c.ref,
                )
            )
        else:
            out.findings.append(
                Finding(
                    "art-4.commitment-approved-under-mandate",
                    "info",
                    _(
                        "Verplichting {ref} van {amount} op begrotingspost {line} ({year}) gaat verder dan wat resteerde ({left}) "
                        "en is op {day} goedgekeurd onder het mandaat: {mandate}.",
                        ref=c.ref,
                        amount=euro(c.amount),
                        line=c.line,
                        year=c.year,
                        left=euro(shown_left),
                        day=long_date(c.approved),
                        mandate=c.mandate,
                    ),
                    (ART_4_4,),
                    explanation.then(
                        Step(ART_4_4, _("Goedgekeurd op {day} onder het mandaat: {mandate}", day=long_date(c.approved), mandate=c.mandate))
                    ),
                    ref=c.ref,
                )
            )
    for year, adoption in sorted(adoptions.items()):
        states = tuple(BudgetLineState(name, amount, committed.get((year, name), ZERO)) for name, amount in adoption.lines or ())
        listed = join_words(
            [
                _("{line} {adopted}, verplicht {committed}", line=s.line, adopted=euro(s.adopted), committed=euro(s.committed))
                for s in states
            ]
        )
        used = tuple(c for c in ctx.of(CommitmentMade) if c.year == year)
        explanation = Explanation.of(
            Step(
                "art. 6",
                _(
                    "De begroting {year} is op {day} vastgesteld met de begrotingsposten: {listed}",
                    year=year,
                    day=long_date(adoption.date),
                    listed=listed or _("geen"),
                ),
                facts=(adoption,),
            ),
            Step(
                ART_4_4,
                _(
                    "Wat resteert per post is het vastgestelde bedrag min de verplichtingen op die post tot en met {as_of}",
                    as_of=long_date(ctx.as_of),
                ),
                facts=used,
            ),
        )
        out.budgets.append(BudgetState(year, adoption.date, states, ("art. 6", ART_4_4), explanation))
    return out


def _days_in(start: date, end: date, first: date, last: date) -> int:
    """The days from `start` to `end` (inclusive) that lie in `first`..`last` (inclusive)."""
    lo, hi = max(start, first), min(end, last)
    return max((hi - lo).days + 1, 0)


def staffing(ctx: Context) -> Conclusions:
    """Funded against staffed FTE per year of the term, once a position is known (art. 4 lid 1)."""
    out = Conclusions()
    positions = ctx.of(StaffEmployed)
    if not positions:
        return out
    start, end = ctx.agreement.start, ctx.term_end
    payers = annual_payers(ctx)
    for year in range(start.year, end.year + 1):
        first, last = date(year, 1, 1), date(year, 12, 31)
        year_days = (last - first).days + 1
        fte, amended = ctx.yearly_decimal("contribution.fte_per_party", year)
        owing = [p for p in payers if ctx.owes_periodic_contributions(p, year, "annual-contribution")[0]]
        # The annual contribution is for the whole calendar year, also a year only partly in the term (docs/readings.md):
        # what it funds is that many FTE for the year; the positions count by their days in the year.
        funded = fte * Decimal(len(owing))
        staffed = ZERO
        parts: list[str] = []
        for s in positions:
            days = _days_in(s.date, s.until or date.max - timedelta(days=1), first, last)
            if days == 0:
                continue
            staffed += s.fte * Decimal(days) / Decimal(year_days)
            parts.append(
                _(
                    "{role} {fte} fte{scale}, {days} dagen",
                    role=translate(_ROLE.get(s.role, s.role)),
                    fte=number(s.fte),
                    scale=_(" (schaal {scale})", scale=s.scale) if s.scale is not None else "",
                    days=days,
                )
            )
        funded_q, staffed_q = funded.quantize(FTE), staffed.quantize(FTE)
        steps = [
            Step(
                "art. 7 lid 1",
                _(
                    "Gefinancierd in {year}: {fte} fte per deelnemer × {count} deelnemers die de jaarbijdrage betalen = "
                    "{funded} fte; de jaarbijdrage is voor het hele kalenderjaar, ook een jaar dat maar deels in de looptijd valt",
                    year=year,
                    fte=number(fte.quantize(Decimal("0.000001")).normalize()),
                    count=len(owing),
                    funded=_fte(funded),
                ),
                parameters={"contribution.fte_per_party": str(fte.quantize(Decimal("0.000001")).normalize())},
                reading=ctx.reading_used("annual_contribution_payers"),
            ),
            *amended,
            Step(
                ART_4_1,
                _(
                    "Bezet in {year}: de aanstellingen bij de gastheerorganisatie naar rato van de dagen in het jaar: "
                    "{parts} = {staffed} fte",
                    year=year,
                    parts=join_words(parts) if parts else _("geen"),
                    staffed=_fte(staffed),
                ),
                facts=tuple(positions),
            ),
        ]
        state = StaffingState(year, funded_q, staffed_q, (ART_4_1, "art. 7 lid 1"), Explanation(tuple(steps)))
        out.staffing.append(state)
        if funded_q != staffed_q and year <= ctx.as_of.year:
            out.findings.append(
                Finding(
                    "art-4.staffing-gap",
                    "warning",
                    _(
                        "In {year} financieren de partijen {funded} fte (de jaarbijdragen van het jaar), terwijl de "
                        "gastheerorganisatie over het jaar gerekend {staffed} fte in dienst heeft.",
                        year=year,
                        funded=_fte(funded),
                        staffed=_fte(staffed),
                    ),
                    (ART_4_1, "art. 7 lid 1"),
                    state.explanation,
                    ref=str(year),
                )
            )
    return out


_ROLE = {
    "chair": N_("ambtelijk voorzitter"),
    "secretary": N_("secretaris"),
    "other": N_("andere functie"),
}


def evaluate(ctx: Context) -> Conclusions:
    out = commitments(ctx)
    out.extend(staffing(ctx))
    return out
