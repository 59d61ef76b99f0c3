"""Gather the recorded facts of an agreement, evaluate them with the rules, and show the answer as a user may see it.

Who may see what is decided by `accounts.permissions` (`may_view_fact`, `may_view_dispute`,
`amount_scope`, `may_view_notes`); this module applies it, once, for every interface: the pages,
the what-if and `GET /api/v1/agreements/{slug}/check` call `evaluate_recorded(..., actor=user)` and
then `visible_to(user, answer_json)`; the list of facts (`GET .../facts`) calls `visible_records`
and `fact_view`. A stored fact the rules do not accept with the others never stops an evaluation
(`consistent_facts`, finding `records.inconsistent`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from samen.accounts.permissions import DISPUTE_FACTS, amount_scope, may_view_dispute, may_view_fact, may_view_notes, party_code
from samen.agreements import registry
from samen.agreements.models import Agreement
from samen.budgets.models import BudgetLine, Commitment
from samen.governance.models import Meeting, Membership
from samen.parties.models import Signature
from samen.proposals.models import PartyDecision, Proposal
from samen.records.models import RecordedFact
from samen.rules.compliance import sort_findings
from samen.rules.conclusions import Finding
from samen.rules.definition import Agreement as Definition
from samen.rules.explain import Explanation, Step
from samen.rules.facts import FACT_TYPES, Fact, FieldError, ScenarioError, check_consistency, parse_fact
from samen.rules.i18n import use
from samen.rules.scenario import Answer, evaluate

__all__ = [
    "DISPUTE_FACTS",
    "evaluate_recorded",
    "evaluate_stored",
    "fact_view",
    "recorded_facts",
    "stored_facts",
    "stored_facts_many",
    "visible_facts",
    "visible_records",
    "visible_to",
]


def dispute_parties(facts: Iterable[dict[str, Any]]) -> dict[str, set[str]]:
    """The parties involved in each dispute (the one who notified it and those it is against), by ref."""
    out: dict[str, set[str]] = {}
    for f in facts:
        if f.get("fact") == "dispute-notified":
            against = f.get("against")
            out.setdefault(str(f.get("dispute", "")), set()).update(
                [str(f.get("by", "")), *map(str, against if isinstance(against, list) else [])]
            )
    return out


def visible_facts(actor: Any, facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`facts` without those `actor` may not see (`permissions.may_view_fact`; a dispute without a known notice counts as not visible)."""
    involved = dispute_parties(facts)
    return [f for f in facts if may_view_fact(actor, f, involved.get(str(f.get("dispute", ""))))]


@dataclass(frozen=True)
class StoredFact:
    """A fact as the database holds it, with the identifier that names it (a RecordedFact's public id, or "")."""

    fact: dict[str, Any]
    label: str = ""

    def to_json(self) -> dict[str, Any]:
        return self.fact


def _payload(raw: Any) -> dict[str, Any]:
    # A row written past the services (directly in the table) may hold anything; it stays a dict here.
    return dict(raw) if isinstance(raw, dict) else {"fact": None, "value": raw}


CHUNK = 200
"""How many agreements `stored_facts_many` reads at once: a fixed number of queries per chunk, so memory stays
bounded and a caller can act on each agreement while the next chunk is still to be read."""


def stored_facts(agreement: Agreement, actor: Any) -> list[StoredFact]:
    """Every fact the database holds for `agreement` that `actor` may see (None: all), each with its label, in a
    stable order: signatures, meetings, proposals and decisions (`proposal_facts`), the facts projected from
    memberships, the recorded facts by date (a `budget-adopted` with its year's budget lines), then the
    commitments. The one-agreement case of `stored_facts_many`."""
    return next(stored_facts_many([agreement], actor))[1]


def stored_facts_many(agreements: Iterable[Agreement], actor: Any, *, chunk: int = CHUNK) -> Iterator[tuple[Agreement, list[StoredFact]]]:
    """`stored_facts` of each of `agreements`, in their order, read `chunk` agreements at a time in a fixed number
    of queries per chunk (one per table) instead of a number per agreement."""
    batch: list[Agreement] = []
    for agreement in agreements:
        batch.append(agreement)
        if len(batch) >= chunk:
            yield from _stored_chunk(batch, actor)
            batch = []
    if batch:
        yield from _stored_chunk(batch, actor)


def _by_agreement(rows: Iterable[tuple[int, Any]]) -> dict[int, list[Any]]:
    """(agreement id, item) pairs grouped by agreement, each group in the order of `rows`."""
    out: dict[int, list[Any]] = {}
    for key, item in rows:
        out.setdefault(key, []).append(item)
    return out


def _stored_chunk(agreements: list[Agreement], actor: Any) -> Iterator[tuple[Agreement, list[StoredFact]]]:
    ids = [a.pk for a in agreements]
    signatures = _by_agreement(
        (s.agreement_id, {"fact": "signed", "party": s.party.code, "date": s.signed_on.isoformat()})
        for s in Signature.objects.filter(agreement_id__in=ids).select_related("party").order_by("signed_on", "party__position")
    )
    # One projection per meeting: a held one is `meeting-held`, a planned one `meeting-planned` (art. 5 lid 4);
    # a cancelled (afgelast) one is `meeting-cancelled`, which counts for nothing but shows the year was planned.
    kinds = {Meeting.Status.HELD: "meeting-held", Meeting.Status.CANCELLED: "meeting-cancelled"}
    meetings = _by_agreement(
        (m.agreement_id, {"fact": kinds.get(m.status, "meeting-planned"), "body": m.body.key, "date": m.held_on.isoformat()})
        for m in Meeting.objects.filter(agreement_id__in=ids).select_related("body").order_by("held_on", "pk")
    )
    proposals = proposal_facts(ids)
    memberships = _membership_facts_in(ids)
    lines = budget_lines(ids)
    # A fact withdrawn by a correction (records.FactCorrection) counts nowhere; it stays listed as withdrawn.
    recorded = _by_agreement(
        (agreement_id, (kind, payload, public_id))
        for agreement_id, kind, payload, public_id in RecordedFact.objects.filter(agreement_id__in=ids, correction__isnull=True)
        .order_by("occurred_on", "pk")
        .values_list("agreement_id", "kind", "payload", "public_id")
    )
    commitments = commitment_facts(ids)
    for agreement in agreements:
        key = agreement.pk
        facts = [StoredFact(f) for f in signatures.get(key, [])]
        facts += [StoredFact(f) for f in meetings.get(key, [])]
        facts += [StoredFact(f) for f in proposals.get(key, [])]
        facts += [StoredFact(f) for f in memberships.get(key, [])]
        year_lines = lines.get(key, {})
        for kind, raw, public_id in recorded.get(key, []):
            payload = _payload(raw)
            if kind == "budget-adopted" and payload.get("year") in year_lines:
                payload["lines"] = year_lines[payload["year"]]
            facts.append(StoredFact(payload, str(public_id)))
        facts += [StoredFact(f) for f in commitments.get(key, [])]
        involved = dispute_parties(x.fact for x in facts)
        yield agreement, [x for x in facts if may_view_fact(actor, x.fact, involved.get(str(x.fact.get("dispute", ""))))]


def budget_lines(ids: list[int]) -> dict[int, dict[int, dict[str, str]]]:
    """The lines of each year's budget (samen.budgets: the one record of them), as the `lines` of that year's
    `budget-adopted` fact (art. 6, art. 4 lid 4), of each agreement in `ids`, by agreement id and year: a year
    without lines adds none."""
    out: dict[int, dict[int, dict[str, str]]] = {}
    rows = BudgetLine.objects.filter(budget__agreement_id__in=ids).select_related("budget").order_by("budget__year", "position", "pk")
    for line in rows:
        out.setdefault(line.budget.agreement_id, {}).setdefault(line.budget.year, {})[line.name] = f"{line.amount:.2f}"
    return out


def commitment_facts(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The `commitment-made` facts projected from the commitments (samen.budgets, art. 4 lid 4), by date, of each
    agreement in `ids`, by agreement id."""
    rows = Commitment.objects.filter(agreement_id__in=ids).select_related("line__budget").order_by("committed_on", "ref")
    return _by_agreement((c.agreement_id, c.to_fact()) for c in rows)


def amendment_request(p: Proposal) -> dict[str, Any]:
    """The `amendment-requested` fact a proposal to amend (or extend) the agreement stands for (art. 12 lid 1)."""
    fact: dict[str, Any] = {"fact": "amendment-requested", "amendment": p.ref, "by": p.proposed_by.code if p.proposed_by else ""}
    fact["date"] = p.proposed_on.isoformat()
    if p.end_date is not None:
        fact["end_date"] = p.end_date.isoformat()
    if p.effective_date is not None:
        fact["effective_date"] = p.effective_date.isoformat()
    if p.parameters:
        fact["parameters"] = p.parameters
    return fact


def amendment_decision(p: Proposal, d: PartyDecision) -> dict[str, Any]:
    """The `amendment-decided` fact a party's decision on a proposal to amend stands for (art. 12 lid 2)."""
    return {"fact": "amendment-decided", "amendment": p.ref, "party": d.party.code, "decision": d.outcome, "date": d.decided_on.isoformat()}


def budget_decision(p: Proposal, d: PartyDecision) -> dict[str, Any]:
    """The `budget-decided` fact a party's decision on a budget proposal stands for (art. 6 with art. 5 lid 3)."""
    return {"fact": "budget-decided", "year": p.budget_year, "party": d.party.code, "decision": d.outcome, "date": d.decided_on.isoformat()}


def proposal_facts(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The one projection of proposals and the parties' decisions into the facts the rules read, of each agreement
    in `ids`, by agreement id: a proposal to amend or extend the agreement is an `amendment-requested`, each decision
    on it an `amendment-decided`; each decision on a budget proposal is a `budget-decided` for its budget year (the
    proposal itself is no fact: the rules read the consent from the decisions). Proposals of kind `other` feed no
    rule."""
    out: dict[int, list[dict[str, Any]]] = {}
    kinds = (Proposal.Kind.AMENDMENT, Proposal.Kind.EXTENSION, Proposal.Kind.BUDGET)
    proposals = list(
        Proposal.objects.filter(agreement_id__in=ids, kind__in=kinds).select_related("proposed_by").order_by("proposed_on", "pk")
    )
    decisions: dict[int, list[PartyDecision]] = {}
    rows = PartyDecision.objects.filter(proposal__agreement_id__in=ids, proposal__kind__in=kinds)
    if not proposals:
        rows = rows.none()  # no query
    for d in rows.select_related("party").order_by("decided_on", "party__position", "pk"):
        decisions.setdefault(d.proposal_id, []).append(d)
    for p in proposals:
        facts = out.setdefault(p.agreement_id, [])
        if p.kind == Proposal.Kind.BUDGET:
            facts.extend(budget_decision(p, d) for d in decisions.get(p.pk, []))
            continue
        facts.append(amendment_request(p))
        facts.extend(amendment_decision(p, d) for d in decisions.get(p.pk, []))
    return out


def membership_facts(agreement: Agreement) -> list[dict[str, Any]]:
    """The facts the rules read about who sits where, projected from the memberships (the one record of them).

    - `chair-elected` (art. 5 lid 5): each chair seat of the board, with the party of the person elected and the
      first day of the seat (the election).
    - `core-group-composed` (art. 1 sub g): on every day the set of parties with a member in the core group
      changes, the parties from that day on (the chair and the secretary are not parties and are not counted).
    """
    return _membership_facts_in([agreement.pk]).get(agreement.pk, [])


def _membership_facts_in(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """`membership_facts` of each agreement in `ids`, by agreement id."""
    rows = _by_agreement(
        (m.body.agreement_id, m)
        for m in Membership.objects.filter(body__agreement_id__in=ids, body__key__in=("board", "core-group"))
        .select_related("body", "person__party")
        .order_by("start", "pk")
    )
    return {key: _membership_projection(seats) for key, seats in rows.items()}


def _membership_projection(rows: list[Membership]) -> list[dict[str, Any]]:
    """The facts of `membership_facts` from one agreement's board and core-group seats, by start."""
    out: list[dict[str, Any]] = []
    for m in rows:
        if m.body.key == "board" and m.role == Membership.Role.CHAIR and m.person.party is not None:
            out.append({"fact": "chair-elected", "party": m.person.party.code, "date": m.start.isoformat()})
    seats = [m for m in rows if m.body.key == "core-group" and m.role == Membership.Role.MEMBER and m.person.party is not None]
    changes = sorted({m.start for m in seats} | {m.until + timedelta(days=1) for m in seats if m.until is not None})
    previous: list[str] | None = None
    for day in changes:
        now = sorted({m.person.party.code for m in seats if m.start <= day and (m.until is None or m.until >= day) and m.person.party})
        if now != previous:
            out.append({"fact": "core-group-composed", "parties": now, "date": day.isoformat()})
            previous = now
    return out


def recorded_facts(agreement: Agreement, *, actor: Any = None) -> list[dict[str, Any]]:
    """Every fact the database records for `agreement` that `actor` may see (None: the system, all), in the scenario
    format, in a stable order."""
    return [x.fact for x in stored_facts(agreement, actor)]


def visible_records(actor: Any, records: Iterable[RecordedFact]) -> list[RecordedFact]:
    """The RecordedFact rows `actor` may see (`permissions.may_view_fact`), for every list of recorded facts.

    A dispute's parties come from its notice among all the agreement's facts, so that a part of a
    list (a page) is filtered the same as the whole.
    """
    rows = list(records)
    notices = RecordedFact.objects.filter(agreement_id__in={r.agreement_id for r in rows}, kind="dispute-notified")
    involved = dispute_parties(_payload(n.payload) for n in notices)
    return [r for r in rows if may_view_fact(actor, _payload(r.payload), involved.get(str(_payload(r.payload).get("dispute", ""))))]


def fact_view(actor: Any, record: RecordedFact) -> dict[str, Any]:
    """One recorded fact as a list shows it to `actor` (who may see it: `visible_records`): its opaque public id,
    never the sequential key; the note only for the host's staff (`permissions.may_view_notes`), else "".
    A fact withdrawn by a correction stays listed, `withdrawn` with the correction's reason and time."""
    correction = getattr(record, "correction", None) if _has_correction(record) else None
    return {
        "id": record.public_id,
        "kind": record.kind,
        "fact": _payload(record.payload),
        "note": record.note if may_view_notes(actor) else "",
        "example_figure": record.example_figure,
        "withdrawn": correction is not None,
        "withdrawn_reason": correction.reason if correction is not None else "",
        "withdrawn_at": correction.corrected_at if correction is not None else None,
    }


def _has_correction(record: RecordedFact) -> bool:
    try:
        record.correction  # noqa: B018 (the reverse one-to-one raises when there is none)
    except RecordedFact.correction.RelatedObjectDoesNotExist:
        return False
    return True


@dataclass(frozen=True)
class Inconsistency:
    """A stored fact the rules do not accept together with the others (written past the services, or by two
    writers at once before the write lock): left out of the evaluation, and named in an error finding."""

    stored: StoredFact
    error: FieldError
    conflicts_with: StoredFact | None = None


def consistent_facts(stored: list[StoredFact], d: Definition) -> tuple[list[tuple[StoredFact, Fact]], list[Inconsistency]]:
    """The stored facts the rules accept, in order, and the ones left out (a fact that no longer parses, or one that
    contradicts the facts before it: the later of two is left out)."""
    kept, problems, _errors = _consistent(stored, d)
    return kept, problems


def _consistent(stored: list[StoredFact], d: Definition) -> tuple[list[tuple[StoredFact, Fact]], list[Inconsistency], list[FieldError]]:
    """`consistent_facts`, and what `check_consistency` says of the facts kept (no error that names one of them), so
    that `evaluate_stored` need not check them again when no hypothetical fact is added."""
    kept: list[tuple[StoredFact, Fact]] = []
    problems: list[Inconsistency] = []
    for i, x in enumerate(stored):
        try:
            kept.append((x, parse_fact(x.fact, d, i)))
        except ScenarioError as e:
            problems.append(Inconsistency(x, e.errors[0]))
    while True:
        found = check_consistency([f for _, f in kept])
        errors = [e for e in found if e.index is not None]
        if not errors:
            return kept, problems, found
        first: dict[int, FieldError] = {}
        for e in errors:
            first.setdefault(e.index, e)  # type: ignore[arg-type]
        for pos, e in first.items():
            problems.append(Inconsistency(kept[pos][0], e, _earlier(kept, pos, e)))
        kept = [k for pos, k in enumerate(kept) if pos not in first]


def _earlier(kept: list[tuple[StoredFact, Fact]], pos: int, error: FieldError) -> StoredFact | None:
    """The earlier fact a duplicate repeats (a fact, or a dispute or amendment ref), when there is one."""
    if error.duplicates is not None:
        return kept[error.duplicates][0]
    if error.code == "scenario.duplicate-ref":
        fact = kept[pos][1]
        name = "dispute" if hasattr(fact, "dispute") else "ref" if hasattr(fact, "ref") else "amendment"
        ref = (name, getattr(fact, name, None))
        for x, f in kept[:pos]:
            if f.kind == fact.kind and getattr(f, ref[0], None) == ref[1]:
                return x
    return None


_INCONSISTENT = {
    "nl": (
        "Vastgelegd feit {what} is strijdig met de andere vastgelegde feiten "
        "en is bij deze evaluatie overgeslagen: {field}: {reason}{other}.",
        " (het herhaalt feit {other})",
        "Een vastgelegd feit dat de regels niet aanvaarden (buiten de registratie om geschreven, "
        "of door twee gelijktijdige schrijvers) telt niet mee; herstel het in de registratie",
    ),
    "en": (
        "Recorded fact {what} contradicts the other recorded facts and was left out of this evaluation: {field}: {reason}{other}.",
        " (it repeats fact {other})",
        "A recorded fact the rules do not accept (written past the records, or by two writers at once) "
        "does not count; correct it in the records",
    ),
}


def _name(x: StoredFact) -> str:
    kind = x.fact.get("fact")
    when = x.fact.get("date") or x.fact.get("year") or ""
    what = ", ".join(str(v) for v in (kind if isinstance(kind, str) else "?", when) if v)
    return f"{x.label} ({what})" if x.label else what


def inconsistency_finding(problem: Inconsistency, language: str) -> Finding:
    """The error finding (`records.inconsistent`) that names a stored fact left out of the evaluation."""
    text, repeats, why = _INCONSISTENT.get(language, _INCONSISTENT["nl"])
    kind = problem.stored.fact.get("fact")
    cls = FACT_TYPES.get(kind) if isinstance(kind, str) else None
    articles = cls.articles if cls is not None and cls.articles else ("art. 4 lid 5",)
    field = problem.error.field.split(".", 1)[1] if "." in problem.error.field else "fact"
    other = repeats.format(other=_name(problem.conflicts_with)) if problem.conflicts_with is not None else ""
    message = text.format(what=_name(problem.stored), field=field, reason=problem.error.message, other=other)
    facts = tuple(x for x in (problem.stored, problem.conflicts_with) if x is not None)
    with use(language):
        explanation = Explanation.of(Step(articles[0], why, facts=facts))
    ref = problem.stored.label or f"{kind}-{problem.stored.fact.get('date', '')}"
    return Finding("records.inconsistent", "error", message, articles, explanation, ref=ref)


def evaluate_recorded(
    agreement: Agreement,
    *,
    as_of: date,
    extra: Iterable[dict[str, Any]] = (),
    settings: dict[str, Any] | None = None,
    actor: Any = None,
    language: str = "nl",
) -> Answer:
    """The rules' conclusions over the recorded facts (plus hypothetical `extra` ones) as of `as_of`,
    their texts in `language` ("nl" or "en"; the pages pass the active Django language).

    With an `actor`, the facts they may not see (`permissions.may_view_fact`: disputes, other
    parties' money) are left out before evaluating, so that nothing about them (a note on later
    facts, an error on a hypothetical fact reusing the ref) can reach them.

    A stored fact that the rules do not accept with the others (see `consistent_facts`) never
    stops the evaluation: it is left out and named in an error finding `records.inconsistent`.
    Errors in `extra` raise ScenarioError; their index counts from the number of recorded facts
    the actor may see (`len(recorded_facts(agreement, actor=actor))`), so `facts[n]` is the first
    hypothetical fact.
    """
    return evaluate_stored(agreement, stored_facts(agreement, actor), as_of=as_of, extra=extra, settings=settings, language=language)


def evaluate_stored(
    agreement: Agreement,
    stored: list[StoredFact],
    *,
    as_of: date,
    extra: Iterable[dict[str, Any]] = (),
    settings: dict[str, Any] | None = None,
    language: str = "nl",
) -> Answer:
    """`evaluate_recorded` over facts already read: `stored` is `stored_facts(agreement, actor)` (or its item in
    `stored_facts_many`), so that many agreements can be read in a few queries and each evaluated the same way."""
    extra = list(extra)
    d = registry.definition(agreement.slug)
    kept, problems, errors = _consistent(stored, d)
    recorded = [f for _, f in kept]
    offset = len(stored)
    hypothetical = [parse_fact(r, d, offset + j) for j, r in enumerate(extra)]
    # The same checks between facts as a scenario gets (a reference to an unknown dispute, a ref
    # used twice...). The kept recorded facts pass them (`errors` is what the check said of them
    # alone), so an error names `extra`; except that a hypothetical fact repeating a recorded one of
    # the same kind and key ("what if the cost per FTE for 2026 were ...") replaces it: that is what
    # a what-if asks.
    parsed = [*recorded, *hypothetical]
    if hypothetical:
        errors = check_consistency(parsed)
    replaced = {
        e.duplicates for e in errors if e.code == "scenario.duplicate-fact" and e.duplicates is not None and e.duplicates < len(recorded)
    }
    if replaced:
        parsed = [f for i, f in enumerate(parsed) if i not in replaced]
        errors = [e for e in errors if not (e.code == "scenario.duplicate-fact" and e.duplicates in replaced)]
    if errors:
        raise ScenarioError([_renumbered(e, len(recorded), offset) for e in errors])
    answer = evaluate(d, parsed, as_of, settings or {}, language=language)
    if not problems:
        return answer
    findings = [inconsistency_finding(p, answer.language) for p in problems]
    return replace(answer, findings=tuple(sort_findings([*findings, *answer.findings])))


def _renumbered(error: FieldError, first_extra: int, offset: int) -> FieldError:
    """An error on a hypothetical fact, numbered as if every visible recorded fact came before it."""
    if error.index is None or error.index < first_extra:
        return error
    index = offset + error.index - first_extra
    field = error.field.replace(f"facts[{error.index}]", f"facts[{index}]", 1)
    return replace(error, index=index, field=field)


def visible_to(actor: Any, answer: dict[str, Any], *, own_facts: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """An answer's JSON (`Answer.to_json()`) with what `actor` may not see left out.

    Disputes (their procedure, deadlines, art. 14 findings and mediation costs) only for who may
    view them (`permissions.may_view_dispute`); disputes `actor` notified themselves in
    `own_facts` (hypothetical facts of a what-if) are theirs to see. Amounts: all, only their own
    party's, or none (`permissions.amount_scope`).
    """
    involved = {p["ref"]: {p.get("by", ""), *p.get("against", [])} for p in answer.get("procedures", []) if p.get("procedure") == "dispute"}
    own = {str(f.get("dispute", "")) for f in own_facts if isinstance(f, dict) and f.get("fact") == "dispute-notified"}
    shown = {ref for ref, parties in involved.items() if ref in own or may_view_dispute(actor, parties)}

    def dispute_ok(item: dict[str, Any]) -> bool:
        ref = str(item.get("ref", ""))
        return ref in shown if ref in involved else may_view_dispute(actor, None)

    out = dict(answer)
    out["deadlines"] = [d for d in answer.get("deadlines", []) if d["procedure"] != "dispute" or dispute_ok(d)]
    out["procedures"] = [p for p in answer.get("procedures", []) if p["procedure"] != "dispute" or dispute_ok(p)]
    out["findings"] = [f for f in answer.get("findings", []) if not f["code"].startswith("art-14.") or dispute_ok(f)]
    scope = amount_scope(actor)
    own_party = party_code(actor)
    amounts = [a for a in answer.get("amounts", []) if scope == "all" or (scope == "own" and a["party"] == own_party)]
    out["amounts"] = [a for a in amounts if a["kind"] != "mediation-costs" or dispute_ok(a)]
    # Budgets (art. 6, art. 4 lid 4): the lines and commitments for whoever sees every party's money; the year's
    # total for a representative; nothing without amounts. Commitment findings as the commitments.
    out["budgets"] = [_budget_total(b) if scope == "own" else b for b in answer.get("budgets", [])] if scope else []
    out["findings"] = [f for f in out["findings"] if not f["code"].startswith("art-4.commitment") or scope == "all"]
    return out


def _budget_total(budget: dict[str, Any]) -> dict[str, Any]:
    keep = ("id", "year", "adopted_on", "adopted", "articles")
    return {k: budget[k] for k in keep if k in budget}
