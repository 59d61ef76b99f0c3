"""The budget (art. 6): the budget for a year is consented before that year starts."""

from __future__ import annotations

from datetime import date

from samen.rules import periods
from samen.rules.conclusions import Conclusions, Context, Deadline, Finding
from samen.rules.explain import Explanation, Step, nl_date
from samen.rules.facts import BudgetConsented

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
            f"Elk kalenderjaar stelt de gastheerorganisatie de begroting op voor het volgende jaar en legt die ter instemming voor; "
            f"de begroting voor {year} moet dus vóór 1 januari {year} zijn ingestemd: uiterlijk {nl_date(day)}",
        )
    )
    return Deadline("budget", str(year), "budget-consent-due", day, ARTICLES, explanation)


def evaluate(ctx: Context) -> Conclusions:
    """Budget deadlines for every year of the term and findings for years without a timely consent."""
    out = Conclusions()
    consents = {c.year: c for c in ctx.of(BudgetConsented)}
    for year in budget_years(ctx):
        deadline = consent_deadline(ctx, year)
        out.deadlines.append(deadline)
        consent = consents.get(year)
        if consent is not None and consent.date <= deadline.date:
            continue
        if consent is not None:
            if ctx.as_of >= date(year, 1, 1):
                out.findings.append(
                    Finding(
                        "art-6.budget-consented-late",
                        "warning",
                        f"De begroting voor {year} is pas op {nl_date(consent.date)} ingestemd, na het begin van het jaar.",
                        ARTICLES,
                        deadline.explanation.then(Step("art. 6", f"Instemming op {nl_date(consent.date)}", facts=(consent,))),
                        ref=str(year),
                    )
                )
        elif ctx.as_of > deadline.date:
            out.findings.append(
                Finding(
                    "art-6.budget-not-consented",
                    "error",
                    f"Het jaar {year} is begonnen zonder ingestemde begroting.",
                    ARTICLES,
                    deadline.explanation.then(
                        Step("art. 6", f"Op {nl_date(ctx.as_of)} is geen instemming met de begroting voor {year} vastgelegd")
                    ),
                    ref=str(year),
                )
            )
        elif ctx.as_of >= periods.add_months(deadline.date, -WARN_MONTHS):
            out.findings.append(
                Finding(
                    "art-6.budget-consent-due",
                    "warning",
                    f"De begroting voor {year} moet uiterlijk op {nl_date(deadline.date)} zijn ingestemd.",
                    ARTICLES,
                    deadline.explanation,
                    ref=str(year),
                )
            )
    return out
