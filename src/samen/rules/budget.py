"""The budget (art. 6): drafted by the host, consented by the bodies of the agreement before the
year starts, then adopted in the host's programme budget by its council.

States per budget year (procedure `budget`, ref = the year): `missing` (nothing known), `draft`
(drafted by the host), `consented` (consented by the bodies of the agreement), `adopted` (adopted
in the host's programme budget by its council).
"""

from __future__ import annotations

from datetime import date

from samen.rules import periods
from samen.rules.conclusions import Conclusions, Context, Deadline, Finding, ProcedureState
from samen.rules.explain import Explanation, Step
from samen.rules.facts import BudgetAdopted, BudgetConsented, BudgetDrafted
from samen.rules.i18n import _, long_date

ARTICLES = ("art. 6",)
WARN_MONTHS = 3


def budget_years(ctx: Context) -> list[int]:
    """The years of the term that start within it (1 January after the start, up to the end)."""
    start, end = ctx.agreement.start, ctx.term_end
    first = start.year if start == date(start.year, 1, 1) else start.year + 1
    return list(range(first, end.year + 1))


def consent_deadline(ctx: Context, year: int) -> Deadline:
    """The last day to consent to the budget for `year`: 31 December of the year before."""
    day = date(year - 1, 12, 31)
    explanation = Explanation.of(
        Step(
            "art. 6",
            _(
                "Elk kalenderjaar stelt de gastheerorganisatie de begroting op voor het volgende jaar en legt die ter instemming voor; "
                "de begroting voor {year} moet dus vóór {first} zijn ingestemd: uiterlijk {day}",
                year=year,
                first=long_date(date(year, 1, 1)),
                day=long_date(day),
            ),
        )
    )
    return Deadline("budget", str(year), "budget-consent-due", day, ARTICLES, explanation)


def _state(
    ctx: Context,
    year: int,
    deadline: Deadline | None,
    draft: BudgetDrafted | None,
    consent: BudgetConsented | None,
    adopted: BudgetAdopted | None,
) -> ProcedureState:
    steps: list[Step] = []
    if draft is not None:
        steps.append(
            Step(
                "art. 6",
                _("De gastheerorganisatie stelde de begroting voor {year} op op {day}", year=year, day=long_date(draft.date)),
                facts=(draft,),
            )
        )
    if consent is not None:
        steps.append(
            Step(
                "art. 6",
                _("De gremia van de overeenkomst stemden op {day} in met de begroting voor {year}", day=long_date(consent.date), year=year),
                facts=(consent,),
            )
        )
    if adopted is not None:
        steps.append(
            Step(
                "art. 6",
                _(
                    "De gemeenteraad van de gastheerorganisatie stelde op {day} de programmabegroting vast waarin het "
                    "budget voor {year} is opgenomen",
                    day=long_date(adopted.date),
                    year=year,
                ),
                facts=(adopted,),
            )
        )
    since: date | None
    if adopted is not None:
        state, since = "adopted", adopted.date
    elif consent is not None:
        state, since = "consented", consent.date
        steps.append(
            Step("art. 6", _("Het budget moet nog worden opgenomen in de door de gemeenteraad vast te stellen programmabegroting"))
        )
    elif draft is not None:
        state, since = "draft", draft.date
        steps.append(Step("art. 6", _("De begroting voor {year} wacht op instemming van de gremia van de overeenkomst", year=year)))
    else:
        state, since = "missing", None
        steps.append(
            Step("art. 6", _("Op {day} is van de begroting voor {year} nog niets vastgelegd", day=long_date(ctx.as_of), year=year))
        )
    if deadline is not None:
        steps = [*deadline.explanation.steps, *steps]
    next_deadline = deadline if deadline is not None and state in ("missing", "draft") and ctx.as_of <= deadline.date else None
    return ProcedureState(
        "budget",
        str(year),
        state,
        ARTICLES,
        Explanation(tuple(steps)),
        since=since,
        next_deadline=next_deadline,
        details={
            "year": year,
            "drafted_on": draft.date.isoformat() if draft else None,
            "consented_on": consent.date.isoformat() if consent else None,
            "adopted_on": adopted.date.isoformat() if adopted else None,
        },
    )


def evaluate(ctx: Context) -> Conclusions:
    """Budget states, consent deadlines for every year of the term, and findings for years without a timely consent."""
    out = Conclusions()
    drafts = {c.year: c for c in ctx.of(BudgetDrafted)}
    consents = {c.year: c for c in ctx.of(BudgetConsented)}
    adoptions = {c.year: c for c in ctx.of(BudgetAdopted)}
    in_term = budget_years(ctx)
    for year in sorted({*in_term, *drafts, *consents, *adoptions}):
        deadline = consent_deadline(ctx, year) if year in in_term else None
        consent, adopted = consents.get(year), adoptions.get(year)
        procedure = _state(ctx, year, deadline, drafts.get(year), consent, adopted)
        out.procedures.append(procedure)
        if adopted is not None and (consent is None or consent.date > adopted.date):
            out.findings.append(
                Finding(
                    "art-6.budget-adopted-without-consent",
                    "warning",
                    _(
                        "Het budget voor {year} is op {day} in de programmabegroting vastgesteld zonder dat de gremia "
                        "van de overeenkomst eerst hadden ingestemd.",
                        year=year,
                        day=long_date(adopted.date),
                    ),
                    ARTICLES,
                    procedure.explanation.then(
                        Step("art. 6", _("De begroting wordt eerst ter instemming voorgelegd en daarna in de programmabegroting opgenomen"))
                    ),
                    ref=str(year),
                )
            )
        if deadline is None:
            ctx.notes.append(
                _("De begroting voor {year} valt buiten de jaren van de looptijd; er geldt geen instemmingstermijn (art. 6).", year=year)
            )
            continue
        out.deadlines.append(
            deadline.settled(
                ctx.as_of,
                awaits=_("de gremia van de overeenkomst met de begroting voor {year} hebben ingestemd", year=year),
                done=consent,
                done_text=_("de gremia van de overeenkomst stemden in met de begroting voor {year}", year=year),
            )
        )
        if consent is not None and consent.date <= deadline.date:
            continue
        if consent is not None:
            if ctx.as_of >= date(year, 1, 1):
                out.findings.append(
                    Finding(
                        "art-6.budget-consented-late",
                        "warning",
                        _(
                            "De begroting voor {year} is pas op {day} ingestemd, na het begin van het jaar.",
                            year=year,
                            day=long_date(consent.date),
                        ),
                        ARTICLES,
                        deadline.explanation.then(Step("art. 6", _("Instemming op {day}", day=long_date(consent.date)), facts=(consent,))),
                        ref=str(year),
                    )
                )
        elif ctx.as_of > deadline.date:
            out.findings.append(
                Finding(
                    "art-6.budget-not-consented",
                    "error",
                    _("Het jaar {year} is begonnen zonder ingestemde begroting.", year=year),
                    ARTICLES,
                    deadline.explanation.then(
                        Step(
                            "art. 6",
                            _("Op {day} is geen instemming met de begroting voor {year} vastgelegd", day=long_date(ctx.as_of), year=year),
                        )
                    ),
                    ref=str(year),
                )
            )
        elif ctx.as_of >= periods.add_months(deadline.date, -WARN_MONTHS):
            out.findings.append(
                Finding(
                    "art-6.budget-consent-due",
                    "warning",
                    _("De begroting voor {year} moet uiterlijk op {day} zijn ingestemd.", year=year, day=long_date(deadline.date)),
                    ARTICLES,
                    deadline.explanation,
                    ref=str(year),
                )
            )
    return out
