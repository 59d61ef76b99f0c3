"""The budget (art. 6): drafted by the host, consented by the bodies of the agreement before the
year starts, then adopted in the host's programme budget by its council.

States per budget year (procedure `budget`, ref = the year): `missing` (nothing known), `draft`
(drafted by the host), `pending` (put to the parties: some decided, not every party consented),
`consented` (consented by the bodies of the agreement), `adopted` (adopted in the host's programme
budget by its council).

Who consents (reading `budget_consent_by`, docs/readings.md): with `parties` (default) the consent of
"de gremia van deze overeenkomst" is given when every party's latest decision (`budget-decided`) is
consent - art. 5 lid 3: decisions are taken by each party separately - on the date of the last
consent; a recorded `budget-consented` (the consent of years before samen) stays valid, and when
both are known the earliest consent counts. With `board` only the recorded `budget-consented` counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from samen.rules import periods
from samen.rules.conclusions import Conclusions, Context, Deadline, Finding, ProcedureState
from samen.rules.explain import Explanation, Step
from samen.rules.facts import BudgetAdopted, BudgetConsented, BudgetDecided, BudgetDrafted, Fact
from samen.rules.i18n import _, _n, join_words, long_date
from samen.rules.procedures.amendment import superseded_step

ARTICLES = ("art. 6",)
# When the parties decide: art. 6 (the budget is put to the bodies for consent) with art. 5 lid 3
# (decisions are taken by each party separately).
PARTY_ARTICLES = ("art. 6", "art. 5 lid 3")
WARN_MONTHS = 3
READING = "budget_consent_by"


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


@dataclass(frozen=True)
class PartiesConsent:
    """The parties' decisions on the budget for one year, as the reading `parties` reads them."""

    year: int
    deciders: tuple[str, ...]  # the parties whose consent is needed, in the agreement's order
    consented_on: date | None  # the day the last party's consent completed it
    last: BudgetDecided | None  # that last consent
    consents: tuple[BudgetDecided, ...]  # latest decisions that are consent
    refusals: tuple[BudgetDecided, ...]  # latest decisions that are refusals
    awaiting: tuple[str, ...]  # parties without a decision
    superseded: tuple[BudgetDecided, ...] = ()  # earlier decisions a party replaced by a later one
    ignored: tuple[BudgetDecided, ...] = ()  # decisions of parties that had left, or after the consent


def parties_consent(ctx: Context, year: int, decisions: list[BudgetDecided]) -> PartiesConsent:
    """Whether every party consented to the budget for `year`, and when (the last consent).

    The parties are those still party on 1 January of the year (a party that left before does not
    contribute to it; one in its notice period still does). A party's latest decision counts; once
    every party's decision is consent, the budget is consented on that day and later decisions do
    not undo it (as for amendments, art. 12 lid 2).
    """
    first_day = date(year, 1, 1)
    deciders = tuple(p for p in ctx.agreement.party_codes if not (p in ctx.exits and ctx.exits[p] < first_day))
    current: dict[str, BudgetDecided] = {}
    superseded: list[BudgetDecided] = []
    ignored: list[BudgetDecided] = []
    last: BudgetDecided | None = None
    for d in sorted(decisions, key=lambda d: (d.date, d.party)):
        if d.party not in deciders or last is not None:
            ignored.append(d)
            continue
        if d.party in current:
            superseded.append(current[d.party])
        current[d.party] = d
        if len(current) == len(deciders) and all(x.decision == "consent" for x in current.values()):
            last = d
    ordered = [current[p] for p in deciders if p in current]
    return PartiesConsent(
        year=year,
        deciders=deciders,
        consented_on=last.date if last is not None else None,
        last=last,
        consents=tuple(d for d in ordered if d.decision == "consent"),
        refusals=tuple(d for d in ordered if d.decision == "refuse"),
        awaiting=tuple(p for p in deciders if p not in current),
        superseded=tuple(superseded),
        ignored=tuple(ignored),
    )


@dataclass(frozen=True)
class Consent:
    """The consent that counts for a year: the fact that gave it, its date, and where it came from."""

    fact: Fact
    day: date
    source: str  # "parties" (the parties' decisions) or "board" (a recorded budget-consented)


def _consent(recorded: BudgetConsented | None, parties: PartiesConsent | None) -> Consent | None:
    """The earliest consent known: a recorded one or the parties' (on the day of the last consent)."""
    found = []
    if recorded is not None:
        found.append(Consent(recorded, recorded.date, "board"))
    if parties is not None and parties.last is not None:
        found.append(Consent(parties.last, parties.last.date, "parties"))
    # On the same day the recorded consent is named first (it needs no reading).
    return min(found, key=lambda c: (c.day, c.source != "board"), default=None)


def _parties_steps(ctx: Context, p: PartiesConsent) -> list[Step]:
    """The steps that read the parties' decisions: the reading, replaced and ignored decisions, the result."""
    year, count = p.year, len(p.deciders)
    steps = [
        Step(
            "art. 5 lid 3",
            _(
                "De besluitvorming vindt plaats bij de afzonderlijke partijen: de gremia van de overeenkomst stemmen in "
                "met de begroting voor {year} als alle {count} partijen hebben ingestemd",
                year=year,
                count=count,
            ),
            reading=ctx.reading_used(READING),
        )
    ]
    for old in p.superseded:
        steps.append(superseded_step(ctx, "art. 6", old))
    for d in p.ignored:
        exit_day = ctx.exits.get(d.party)
        if exit_day is not None and exit_day < date(year, 1, 1):
            why = _("de partij was vóór {year} al uitgetreden (op {day})", year=year, day=long_date(exit_day))
        else:
            why = _("het kwam na de instemming van alle partijen; die blijft staan")
        steps.append(
            Step(
                "art. 6",
                _("Het besluit van {party} van {day} telt niet mee: {why}", party=ctx.party_label(d.party), day=long_date(d.date), why=why),
                facts=(d,),
            )
        )
    if p.last is not None:
        text = _(
            "Alle {count} partijen stemden in met de begroting voor {year}; ingestemd op {day} (datum van het laatste instemmingsbesluit)",
            count=count,
            year=year,
            day=long_date(p.last.date),
        )
    else:
        parts = [
            _(
                "{consented} van de {count} partijen stemden in met de begroting voor {year}",
                consented=len(p.consents),
                count=count,
                year=year,
            )
        ]
        if p.refusals:
            parts.append(
                _n(
                    "{names} stemde niet in; zolang dat zijn laatste besluit is, is er geen instemming",
                    "{names} stemden niet in; zolang dat hun laatste besluit is, is er geen instemming",
                    len(p.refusals),
                    names=join_words(ctx.party_label(d.party) for d in p.refusals),
                )
            )
        if p.awaiting:
            parts.append(_("nog geen besluit van {names}", names=join_words(ctx.party_label(x) for x in p.awaiting)))
        text = "; ".join(parts)
    steps.append(Step("art. 6", text, facts=(*p.consents, *p.refusals), parameters={"partijen": str(count)}))
    return steps


def _state(
    ctx: Context,
    year: int,
    deadline: Deadline | None,
    draft: BudgetDrafted | None,
    recorded: BudgetConsented | None,
    parties: PartiesConsent | None,
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
    if parties is not None:
        steps.extend(_parties_steps(ctx, parties))
    if recorded is not None:
        steps.append(
            Step(
                "art. 6",
                _(
                    "De gremia van de overeenkomst stemden op {day} in met de begroting voor {year}",
                    day=long_date(recorded.date),
                    year=year,
                ),
                facts=(recorded,),
            )
        )
    consent = _consent(recorded, parties)
    if consent is not None and recorded is not None and parties is not None and parties.last is not None:
        which = _("de vastgelegde instemming van de gremia") if consent.source == "board" else _("de instemming van alle partijen")
        steps.append(
            Step(
                "art. 6",
                _(
                    "Voor {year} zijn zowel een vastgelegde instemming als de besluiten van alle partijen bekend; "
                    "de vroegste instemming telt: {which} op {day}",
                    year=year,
                    which=which,
                    day=long_date(consent.day),
                ),
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
        state, since = "consented", consent.day
        steps.append(
            Step("art. 6", _("Het budget moet nog worden opgenomen in de door de gemeenteraad vast te stellen programmabegroting"))
        )
    elif parties is not None:
        decided = [*parties.consents, *parties.refusals]
        state, since = "pending", min((d.date for d in decided), default=None)
        steps.append(
            Step(
                "art. 6", _("De begroting voor {year} is nog niet ingestemd: daarvoor is de instemming van alle partijen nodig", year=year)
            )
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
    next_deadline = deadline if deadline is not None and state in ("missing", "draft", "pending") and ctx.as_of <= deadline.date else None
    return ProcedureState(
        "budget",
        str(year),
        state,
        PARTY_ARTICLES if parties is not None else ARTICLES,
        Explanation(tuple(steps)),
        since=since,
        next_deadline=next_deadline,
        details={
            "year": year,
            "drafted_on": draft.date.isoformat() if draft else None,
            "consented_on": consent.day.isoformat() if consent else None,
            "adopted_on": adopted.date.isoformat() if adopted else None,
            # Where the consent that counts came from: "parties" (their decisions) or "board" (a recorded consent).
            "consented_by": consent.source if consent else None,
            # The parties' latest decisions (null when no party decided, or with the reading `board`).
            "consented": [d.party for d in parties.consents] if parties else None,
            "refused": [d.party for d in parties.refusals] if parties else None,
            "awaiting": list(parties.awaiting) if parties else None,
        },
    )


def _awaited_finding(ctx: Context, parties: PartiesConsent, procedure: ProcedureState) -> Finding:
    """An info finding naming who the budget still waits for: parties without a decision, parties that refused."""
    year = parties.year
    parts = []
    if parties.awaiting:
        parts.append(
            _n(
                "De begroting voor {year} wacht op het instemmingsbesluit van {count} partij: {parties}.",
                "De begroting voor {year} wacht op het instemmingsbesluit van {count} partijen: {parties}.",
                len(parties.awaiting),
                year=year,
                count=len(parties.awaiting),
                parties=join_words(ctx.party_label(p) for p in parties.awaiting),
            )
        )
    if parties.refusals:
        parts.append(
            _(
                "Niet ingestemd met de begroting voor {year}: {parties}.",
                year=year,
                parties=join_words(ctx.party_label(d.party) for d in parties.refusals),
            )
        )
    return Finding("art-6.budget-decisions-awaited", "info", " ".join(parts), PARTY_ARTICLES, procedure.explanation, ref=str(year))


def evaluate(ctx: Context) -> Conclusions:
    """Budget states, consent deadlines for every year of the term, and findings for years without a timely consent."""
    out = Conclusions()
    drafts = {c.year: c for c in ctx.of(BudgetDrafted)}
    recorded_consents = {c.year: c for c in ctx.of(BudgetConsented)}
    adoptions = {c.year: c for c in ctx.of(BudgetAdopted)}
    decisions: dict[int, list[BudgetDecided]] = {}
    for d in ctx.of(BudgetDecided):
        decisions.setdefault(d.year, []).append(d)
    by_parties = ctx.reading(READING) == "parties"
    if decisions and not by_parties:
        ctx.notes.append(
            _(
                "De besluiten van de partijen over de begroting (budget-decided) tellen niet mee: met de lezing "
                "budget_consent_by = board telt alleen de vastgelegde instemming van de gremia (art. 6)."
            )
        )
        decisions = {}
    in_term = budget_years(ctx)
    for year in sorted({*in_term, *drafts, *recorded_consents, *decisions, *adoptions}):
        deadline = consent_deadline(ctx, year) if year in in_term else None
        recorded, adopted = recorded_consents.get(year), adoptions.get(year)
        parties = parties_consent(ctx, year, decisions[year]) if year in decisions else None
        consent = _consent(recorded, parties)
        procedure = _state(ctx, year, deadline, drafts.get(year), recorded, parties, adopted)
        out.procedures.append(procedure)
        if parties is not None and consent is None:
            out.findings.append(_awaited_finding(ctx, parties, procedure))
        if adopted is not None and (consent is None or consent.day > adopted.date):
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
        done_text = (
            _("alle partijen stemden in met de begroting voor {year} (het laatste instemmingsbesluit)", year=year)
            if consent is not None and consent.source == "parties"
            else _("de gremia van de overeenkomst stemden in met de begroting voor {year}", year=year)
        )
        out.deadlines.append(
            deadline.settled(
                ctx.as_of,
                awaits=_("de gremia van de overeenkomst met de begroting voor {year} hebben ingestemd", year=year),
                done=consent.fact if consent else None,
                done_text=done_text,
            )
        )
        if consent is not None and consent.day <= deadline.date:
            continue
        parties_steps = tuple(_parties_steps(ctx, parties)) if parties is not None else ()
        if consent is not None:
            if ctx.as_of >= date(year, 1, 1):
                out.findings.append(
                    Finding(
                        "art-6.budget-consented-late",
                        "warning",
                        _(
                            "De begroting voor {year} is pas op {day} ingestemd, na het begin van het jaar.",
                            year=year,
                            day=long_date(consent.day),
                        ),
                        ARTICLES,
                        Explanation(
                            (
                                *deadline.explanation.steps,
                                *parties_steps,
                                Step("art. 6", _("Instemming op {day}", day=long_date(consent.day)), facts=(consent.fact,)),
                            )
                        ),
                        ref=str(year),
                    )
                )
        elif ctx.as_of > deadline.date:
            out.findings.append(
                Finding(
                    "art-6.budget-not-consented",
                    "error",
                    _("Het jaar {year} is begonnen zonder ingestemde begroting.", year=year),
                    PARTY_ARTICLES if parties is not None else ARTICLES,
                    Explanation(
                        (
                            *deadline.explanation.steps,
                            *parties_steps,
                            Step(
                                "art. 6",
                                _(
                                    "Op {day} is geen instemming met de begroting voor {year} vastgelegd",
                                    day=long_date(ctx.as_of),
                                    year=year,
                                ),
                            ),
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
                    Explanation((*deadline.explanation.steps, *parties_steps)),
                    ref=str(year),
                )
            )
    return out
