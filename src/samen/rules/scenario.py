"""The rules API: evaluate(agreement, facts, as_of) -> Answer, and its JSON and text forms (Dutch or English)."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import chain
from operator import attrgetter, methodcaller
from typing import Any

from samen.rules import budget, commitments, core_group, finance, meetings, signatures
from samen.rules.compliance import sort_findings
from samen.rules.conclusions import Amount, BudgetState, Conclusions, Context, Deadline, Finding, ProcedureState, StaffingState
from samen.rules.definition import Agreement
from samen.rules.explain import JsonMemo
from samen.rules.facts import DATE_IS_ON, Fact, Scenario, ScenarioError, date_problem, parse_settings
from samen.rules.i18n import DEFAULT_LANGUAGE, N_, _, _n, check_language, long_date, translate, use
from samen.rules.money import euro
from samen.rules.procedures import amendment, dispute, term, withdrawal

PROCEDURE_ORDER = ("term", "signatures", "budget", "amendment", "withdrawal", "dispute")
AMOUNT_ORDER = ("annual-contribution", "capacity-contribution", "variable-contribution", "mediation-costs", "disintegration-costs")
# Each one's place, for the answer's sorts (a dict lookup per item rather than a search of the tuple).
_PROCEDURE_RANK = {procedure: i for i, procedure in enumerate(PROCEDURE_ORDER)}
_AMOUNT_RANK = {kind: i for i, kind in enumerate(AMOUNT_ORDER)}
STATE_NL = {
    "not-started": N_("nog niet begonnen"),
    "running": N_("loopt"),
    "ended": N_("geëindigd"),
    "complete": N_("volledig"),
    "incomplete": N_("onvolledig"),
    "pending": N_("wacht op besluiten"),
    "adopted": N_("aangenomen"),
    "rejected": N_("verworpen"),
    "notified": N_("opgezegd"),
    "consented": N_("ingestemd, in opzegtermijn"),
    "exited": N_("uitgetreden"),
    "chair-phase": N_("overleg onder leiding van de voorzitter"),
    "mediation-pending": N_("wacht op mediation"),
    "mediation": N_("mediation"),
    "mediation-failed": N_("mediation zonder resultaat"),
    "with-gs": N_("voorgelegd aan Gedeputeerde Staten"),
    "resolved": N_("opgelost"),
    "missing": N_("ontbreekt"),
    "draft": N_("opgesteld (ontwerp)"),
}
# States whose name differs per procedure. The names are Dutch message ids, translated when shown.
PROCEDURE_STATE_NL = {
    ("budget", "consented"): N_("ingestemd"),
    ("budget", "adopted"): N_("vastgesteld in de programmabegroting"),
    ("budget", "pending"): N_("wacht op instemming van alle partijen"),
}
PROCEDURE_NL = {
    "term": N_("Looptijd"),
    "signatures": N_("Ondertekening"),
    "amendment": N_("Wijziging"),
    "withdrawal": N_("Uittreding"),
    "dispute": N_("Geschil"),
    "budget": N_("Begroting"),
}
KIND_NL = {
    "annual-contribution": N_("jaarbijdrage"),
    "capacity-contribution": N_("capaciteitsbijdrage"),
    "variable-contribution": N_("variabele bijdrage"),
    "mediation-costs": N_("mediationkosten"),
    "disintegration-costs": N_("desintegratiekosten"),
}
SEVERITY_NL = {"error": N_("FOUT"), "warning": N_("LET OP"), "info": N_("INFO")}


@dataclass(frozen=True)
class Answer:
    """What the rules conclude as of one date; every list in a deterministic order."""

    agreement: Agreement
    as_of: date
    settings: Mapping[str, bool | str]
    deadlines: tuple[Deadline, ...]
    procedures: tuple[ProcedureState, ...]
    amounts: tuple[Amount, ...]
    findings: tuple[Finding, ...]
    notes: tuple[str, ...]
    language: str = DEFAULT_LANGUAGE  # the language of every text in it ("nl" or "en")
    budgets: tuple[BudgetState, ...] = ()  # [ext] adopted lines, committed and left per year (art. 4 lid 4, art. 6)
    staffing: tuple[StaffingState, ...] = ()  # [ext] funded against staffed FTE per year (art. 4 lid 1)

    def to_json(self) -> dict[str, Any]:
        """The answer in the scenario-format.md contract."""
        with _collector_paused():
            return self._to_json()

    def _to_json(self) -> dict[str, Any]:
        memo = JsonMemo()  # each fact serialised once for the whole answer
        # Every conclusion's explanation written at once, in the order the conclusions are written (`JsonMemo.explain`),
        # and their lists of articles; each conclusion then given its parts (`json_with`) rather than asking the memo.
        cited = (self.deadlines, self.procedures, self.amounts, self.findings)
        every = list(chain.from_iterable(cited))
        said = iter(memo.explain(list(map(_EXPLANATION, chain(every, self.budgets, self.staffing)))))
        # Both iterators shared by the four groups in turn: `zip` stops at the end of a group before taking from them.
        lists = iter(memo.listed(list(map(_ARTICLES, every))))
        return {
            "agreement": self.agreement.slug,
            "as_of": self.as_of.isoformat(),
            "settings": dict(self.settings),
            "deadlines": [d.json_with(a, t, s) for d, a, (t, s) in zip(self.deadlines, lists, said, strict=False)],
            "procedures": [p.json_with(a, t, s) for p, a, (t, s) in zip(self.procedures, lists, said, strict=False)],
            "amounts": [x.json_with(a, t, s) for x, a, (t, s) in zip(self.amounts, lists, said, strict=False)],
            "findings": [f.json_with(a, t, s) for f, a, (t, s) in zip(self.findings, lists, said, strict=False)],
            "notes": list(self.notes),
            "budgets": [b.to_json(memo) for b in self.budgets],
            "staffing": [x.to_json(memo) for x in self.staffing],
        }

    def item(self, item_id: str) -> Deadline | ProcedureState | Amount | Finding | None:
        """The conclusion with this id (for a page that shows one item's explanation), or None."""
        for group in (self.deadlines, self.procedures, self.amounts, self.findings):
            for it in group:
                if it.id == item_id:
                    return it
        return None


def _in_fact_order(grouped: dict[tuple[date, str], list[Fact]]) -> list[Fact]:
    """The facts, grouped by (date or date.min, kind) in the order they came, ordered by (date, kind, repr(fact)):
    date first, then a total order on the contents, so that the order the facts come in never matters.

    The groups are ordered by their key; only facts that tie on both (a year's extra costs, the decisions of one
    day) are then ordered by their repr (`Fact.order_text`: the same text, written out per fact type), which is
    the costly part of the key. The sort is stable and each group keeps the order the facts came in, so the order
    is exactly that of a stable sort on the whole key.
    """
    out: list[Fact] = []
    for key in sorted(grouped):
        tied = grouped[key]
        if len(tied) > 1:
            # Facts of one kind are of one type: its own function is the key, called directly rather than looked up
            # on each fact as `methodcaller` does (a bound method each).
            types: set[type[Fact]] = set(map(type, tied))
            tied.sort(key=types.pop().order_text if len(types) == 1 else _ORDER_TEXT)
        out += tied
    return out


_ORDER_TEXT = methodcaller("order_text")
_EXPLANATION = attrgetter("explanation")
_ARTICLES = attrgetter("articles")
_DEADLINE_ORDER = attrgetter("date", "procedure", "ref", "step")  # the tuple, without a Python call per deadline


def evaluate(
    agreement: Agreement,
    facts: Iterable[Fact],
    as_of: date,
    settings: Mapping[str, Any] | None = None,
    *,
    language: str = DEFAULT_LANGUAGE,
) -> Answer:
    """Apply the agreement's rules to the facts known on `as_of`; facts dated later are ignored (see notes).

    Every text of the answer (explanations, messages, notes) is in `language`: "nl" (default) or "en".
    """
    with use(check_language(language)), _collector_paused():
        return _evaluate(agreement, facts, as_of, settings, language)


class _collector_paused:  # noqa: N801 (used as a function in a with statement)
    """Python's cyclic garbage collector switched off inside the block; after it, when it was on, on again and the
    youngest generation collected once.

    An evaluation and its `to_json` make tens of thousands of small objects (conclusions, steps, explanations,
    dicts) that refcounting alone frees: none of them form cycles. Each 700 of them started a collection that
    found nothing and, every hundred, a full one over the whole process: about a quarter of the time of both on
    the bench's ten years. The one young collection at the end is the work those collections would have done on
    what is still alive (the answer), done here rather than in whatever the caller allocates next. The switch is
    process-wide; with several threads, the collector is on again as soon as the first block that switched it
    off ends (one that found it off leaves it alone), so it is never left off.
    """

    __slots__ = ("_resume",)

    def __enter__(self) -> None:
        self._resume = gc.isenabled()
        if self._resume:
            gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._resume:
            gc.enable()
            gc.collect(0)


def _evaluate(agreement: Agreement, facts: Iterable[Fact], as_of: date, settings: Mapping[str, Any] | None, language: str) -> Answer:
    overrides, errors = parse_settings(dict(settings) if settings else None, agreement)
    out_of_range = date_problem(as_of, "as_of")
    if out_of_range is not None:
        errors.append(out_of_range)
    if errors:
        raise ScenarioError(errors)
    readings = {key: agreement.reading(key, overrides) for key in sorted(agreement.readings)}
    all_facts = list(facts)
    known_grouped: dict[tuple[date, str], list[Fact]] = {}
    later_grouped: dict[tuple[date, str], list[Fact]] = {}
    for f in all_facts:
        # `f.on` without calling the property where that is the `date` field (`DATE_IS_ON`) holding a plain date, or
        # missing or None (`on` is None too); anything else is left to the property.
        if type(f) in DATE_IS_ON:
            on = getattr(f, "date", None)
            if on is not None and type(on) is not date:
                on = f.on
        else:
            on = f.on
        if on is None:
            known_grouped.setdefault((date.min, f.kind), []).append(f)
        elif on <= as_of:
            known_grouped.setdefault((on, f.kind), []).append(f)
        else:
            later_grouped.setdefault((on, f.kind), []).append(f)
    known = _in_fact_order(known_grouped)
    later = _in_fact_order(later_grouped)
    ctx = Context(agreement=agreement, as_of=as_of, settings=readings, facts=tuple(known))
    if later:
        listed = ", ".join(f"{f.kind} ({f.on.isoformat() if f.on else ''})" for f in later[:10])
        more = _(" en {count} meer", count=len(later) - 10) if len(later) > 10 else ""
        ctx.notes.append(
            _n(
                "{count} feit gedateerd na de peildatum {as_of} is nog niet bekend en genegeerd: {listed}{more}.",
                "{count} feiten gedateerd na de peildatum {as_of} zijn nog niet bekend en genegeerd: {listed}{more}.",
                len(later),
                count=len(later),
                as_of=long_date(as_of),
                listed=listed,
                more=more,
            )
        )

    # Adopted amendments make new, dated versions of the agreement's parameters (art. 12); exits
    # depend on the notice period in force, and who decides on an amendment depends on exits, so
    # settle both together (two rounds in practice; bounded).
    for _round in range(4):
        exit_deadlines = withdrawal.exits(ctx)
        ctx.exits = {party: d.date for party, d in exit_deadlines.items()}
        amendments = amendment.outcomes(ctx)
        versioned = agreement.with_parameter_values(amendment.parameter_changes(amendments))
        if versioned == ctx.agreement:
            break
        ctx.agreement = versioned
    else:
        exit_deadlines = withdrawal.exits(ctx)
        ctx.exits = {party: d.date for party, d in exit_deadlines.items()}
    ctx.waivers = withdrawal.waivers(ctx)
    ctx.term_end, ctx.term_end_explanation = term.term_end(ctx, amendments)
    ctx.plan_periods = term.plan_periods(ctx, amendments)
    ctx.plan_bindings = withdrawal.plan_bindings(ctx)

    out = Conclusions()
    out.extend(term.evaluate(ctx))
    out.extend(signatures.evaluate(ctx))
    out.extend(amendment.evaluate(ctx, amendments))
    out.extend(withdrawal.evaluate(ctx, exit_deadlines))
    out.extend(dispute.evaluate(ctx))
    out.extend(meetings.evaluate(ctx))
    out.extend(core_group.evaluate(ctx))
    out.extend(budget.evaluate(ctx))
    out.extend(finance.evaluate(ctx))
    out.extend(commitments.evaluate(ctx))

    party_index = {code: i for i, code in enumerate(agreement.party_codes)}
    return Answer(
        agreement=agreement,
        as_of=as_of,
        settings=readings,
        deadlines=tuple(sorted(out.deadlines, key=_DEADLINE_ORDER)),
        procedures=tuple(
            sorted(
                out.procedures,
                key=lambda p: (
                    _PROCEDURE_RANK[p.procedure],
                    party_index.get(p.ref, -1),
                    p.ref if p.procedure == "budget" else "",
                    p.since or date.min,
                    p.ref,
                ),
            )
        ),
        amounts=tuple(sorted(out.amounts, key=lambda a: (a.year, _AMOUNT_RANK[a.kind], a.ref, party_index[a.party]))),
        findings=tuple(sort_findings(out.findings)),
        notes=tuple(dict.fromkeys(ctx.notes)),
        language=language,
        budgets=tuple(sorted(out.budgets, key=lambda b: b.year)),
        staffing=tuple(sorted(out.staffing, key=lambda x: x.year)),
    )


def evaluate_scenario(scenario: Scenario, *, language: str | None = None) -> Answer:
    """Evaluate a parsed scenario, in its `language` unless `language` is given."""
    return evaluate(scenario.agreement, scenario.facts, scenario.as_of, scenario.settings, language=language or scenario.language)


def _state_name(procedure: str, state: str) -> str:
    return translate(PROCEDURE_STATE_NL.get((procedure, state), STATE_NL.get(state, state)))


def _procedure_name(procedure: str) -> str:
    return translate(PROCEDURE_NL.get(procedure, procedure))


def render_text(answer: Answer) -> str:
    """The answer for people, in its language: deadlines, procedures, amounts, findings and notes, each with why."""
    with use(answer.language), _collector_paused():
        return _render_text(answer)


def _render_text(answer: Answer) -> str:
    a = answer.agreement
    lines = [a.citation_title, _("Peildatum: {day}", day=long_date(answer.as_of)), ""]

    def section(title: str, rows: list[str]) -> None:
        lines.append(title)
        lines.extend(rows or [_("  (geen)")])
        lines.append("")

    section(
        _("Termijnen"),
        [
            f"  {d.date.isoformat()}  {_procedure_name(d.procedure)}{'' if d.procedure == 'term' else ' ' + d.ref} {d.step}"
            + f"\n      {d.explanation.text()}"
            for d in answer.deadlines
        ],
    )
    section(
        _("Procedures"),
        [
            f"  {_procedure_name(p.procedure)} {p.ref}: {_state_name(p.procedure, p.state)} "
            f"[{', '.join(p.articles)}]\n      {p.explanation.text()}"
            for p in answer.procedures
        ],
    )
    rows = []
    for x in answer.amounts:
        ref = f" {x.ref}" if x.ref else ""
        kind = translate(KIND_NL.get(x.kind, x.kind))
        rows.append(f"  {x.year} {a.party(x.party).name} ({x.party}) {kind}{ref}: {euro(x.amount)} [{', '.join(x.articles)}]")
    section(_("Bedragen"), rows)
    section(
        _("Bevindingen"),
        [
            f"  {translate(SEVERITY_NL[f.severity])} {f.code} [{', '.join(f.articles)}]: {f.message}\n      {f.explanation.text()}"
            for f in answer.findings
        ],
    )
    section(_("Opmerkingen"), [f"  {n}" for n in answer.notes])
    return "\n".join(lines).rstrip() + "\n"


STEP_NL = {
    "evaluation-due": N_("evaluatie uiterlijk"),
    "term-end": N_("einde looptijd"),
    "chair-phase-end": N_("einde overleg onder leiding van de voorzitter"),
    "mediation-end": N_("einde mediationtermijn"),
    "exit": N_("uittreding"),
    "budget-consent-due": N_("instemming begroting uiterlijk"),
}
STATUS_NL = {
    "open": N_("nog open"),
    "overdue": N_("OVER TIJD"),
    "met": N_("gehaald"),
    "late": N_("te laat gehaald"),
    "passed": N_("verstreken"),
}
# Procedure states in which nothing more is expected.
SETTLED_STATES = frozenset({"ended", "complete", "adopted", "rejected", "exited", "resolved"})


def _days(d: Deadline, as_of: date) -> str:
    n = (d.date - as_of).days
    if n == 0:
        return _("vandaag")
    if n > 0:
        return _n("nog {count} dag", "nog {count} dagen", n, count=n)
    return _n("{count} dag geleden", "{count} dagen geleden", -n, count=-n)


def render_check(answer: Answer) -> str:
    """The compliance overview for a secretary (art. 4 lid 5): findings, then the deadlines still to act on, then open procedures."""
    with use(answer.language):
        return _render_check(answer)


def _render_check(answer: Answer) -> str:
    a = answer.agreement
    lines = [a.citation_title, _("Stand op {day}", day=long_date(answer.as_of)), ""]
    findings = sort_findings(answer.findings)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_NL}
    lines.append(
        _("Bevindingen: {error} fout, {warning} let op, {info} info", error=counts["error"], warning=counts["warning"], info=counts["info"])
    )
    for f in findings:
        lines.append(f"  {translate(SEVERITY_NL[f.severity]):6} {f.message} [{', '.join(f.articles)}] ({f.code})")
    if not findings:
        lines.append(_("  (geen: de overeenkomst wordt nageleefd)"))
    lines.append("")
    todo = sorted((d for d in answer.deadlines if d.status in ("overdue", "open")), key=lambda d: (d.status != "overdue", d.date))
    lines.append(_("Termijnen die nog aandacht vragen"))
    for d in todo:
        what = translate(STEP_NL.get(d.step, d.step))
        subject = _procedure_name(d.procedure) + ("" if d.procedure == "term" else f" {d.ref}")
        when = f"{translate(STATUS_NL[d.status])}, {_days(d, answer.as_of)}"
        lines.append(f"  {d.date.isoformat()}  {subject}: {what} ({when}) [{', '.join(d.articles)}]")
    if not todo:
        lines.append(_("  (geen)"))
    lines.append("")
    # A consented budget needs nothing more from the agreement's bodies (adoption is the host council's).
    running = [
        p
        for p in answer.procedures
        if p.state not in SETTLED_STATES and p.procedure != "term" and (p.procedure, p.state) != ("budget", "consented")
    ]
    lines.append(_("Lopende procedures"))
    for p in running:
        lines.append(f"  {_procedure_name(p.procedure)} {p.ref}: {_state_name(p.procedure, p.state)} [{', '.join(p.articles)}]")
    if not running:
        lines.append(_("  (geen)"))
    lines.append("")
    lines.append(
        _("{count} bedragen en alle toelichtingen: samen check --json, of de uitleg in de webapplicatie.", count=len(answer.amounts))
    )
    for n in answer.notes:
        lines.append(_("Opmerking: {note}", note=n))
    return "\n".join(lines).rstrip() + "\n"
