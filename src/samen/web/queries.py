"""Reads for pages, scoped to the user's agreement and role.

Who may see what is decided in accounts.permissions and applied by records.queries.visible_to
(the same function the API uses), never in templates: a representative sees only the amounts of
their own party, the observer none; a dispute is visible only to its parties, the chair and the
secretariat (DESIGN.md, principle 6).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import translation

from samen.accounts.permissions import amount_scope
from samen.agreements import registry
from samen.agreements.models import Agreement, Article
from samen.audit import services as audit_services
from samen.core.errors import NotFound
from samen.governance.models import Body, Membership
from samen.parties.models import ChainPartner, Party, Person
from samen.records import answers
from samen.records.answers import answer_json
from samen.records.findings import gather as gather_findings
from samen.records.findings import with_findings
from samen.records.queries import evaluate_recorded, visible_to
from samen.rules.definition import Agreement as Definition
from samen.rules.facts import date_problem
from samen.rules.i18n import number as rules_number
from samen.web import citations, labels
from samen.web.templatetags.samen import isodate, money

CATEGORIES = ("deadlines", "procedures", "amounts", "findings")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def agreement_for(user: Any, *, version: str | None = None) -> Agreement:
    """The agreement a user works in: their own, or the default one.

    With `version` (the audit head the caller read, `answers.facts_version`), read once per version in this process:
    agreements are written only through services that append to the chain, so a new head comes with every change.
    """
    if version is not None:
        found = answers.agreement_at(version, pk=user.agreement_id) if user.agreement_id else None
        found = found or answers.agreement_at(version, slug=settings.SAMEN_DEFAULT_AGREEMENT)
    else:
        found = Agreement.objects.filter(pk=user.agreement_id).first() if user.agreement_id else None
        found = found or Agreement.objects.filter(slug=settings.SAMEN_DEFAULT_AGREEMENT).first()
    if found is None:
        raise NotFound("agreement.unknown", "Er is nog geen overeenkomst geladen; draai `samen setup`.")
    return found


def definition(agreement: Agreement) -> Definition:
    """The agreement's definition (pillars, chain partners, fact fields)."""
    return registry.definition(agreement.slug)


def parse_as_of(raw: str | None) -> date | None:
    """The "as of" date from a query parameter (YYYY-MM-DD), or None when absent or malformed."""
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return None
    # The rules' bounds (dates 1900-01-01..2999-12-31), so a page never asks them for another date.
    return day if date_problem(day, "as_of") is None else None


def parties(agreement: Agreement) -> QuerySet[Party]:
    """The parties with their signature and representatives, in the agreement's order."""
    return Party.objects.filter(agreement=agreement).select_related("signature").prefetch_related("people")


# --- the rules' conclusions, as the user may see them ----------------------------------------------


def rules_language() -> str:
    """The language of the rules' texts for the active Django language: English for "en*", otherwise Dutch."""
    return "en" if (translation.get_language() or "nl").startswith("en") else "nl"


# One evaluation per page: inside `shared_conclusions()` (the dashboard and its "what needs doing" providers)
# the same user, agreement, date and language get the same answer without evaluating the rules again.
_SHARED: ContextVar[dict[tuple[Any, ...], dict[str, Any]] | None] = ContextVar("samen_shared_conclusions", default=None)


@contextmanager
def shared_conclusions() -> Iterator[None]:
    """Within the block, `conclusions` without hypothetical facts evaluates once per user, agreement, date and language."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def conclusions(user: Any, agreement: Agreement, as_of: date, extra: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """What the rules conclude over the recorded facts (plus hypothetical ones) as of `as_of`, as `user` may see it.

    The user's own hypothetical disputes are theirs to see; disputes they may not see are left out
    before evaluating (records.queries.evaluate_recorded) and from the answer (visible_to). The
    explanations, messages and notes are in the page's language (`rules_language`).
    """
    facts = list(extra)
    shared = _SHARED.get()
    key = (getattr(user, "pk", None), agreement.pk, as_of, rules_language())
    if shared is not None and not facts and key in shared:
        return shared[key]
    if facts:  # a what-if: evaluated each time
        answer = evaluate_recorded(agreement, as_of=as_of, extra=facts, actor=user, language=rules_language()).to_json()
    else:  # the recorded facts alone: cached by what determines the answer (records.answers)
        answer = answer_json(agreement, as_of=as_of, actor=user, language=rules_language())
    out = visible_to(user, answer, own_facts=facts)
    # Findings from outside the rules (an overdue invoice, samen.invoicing): records.findings.FINDING_PROVIDERS.
    out = with_findings(out, gather_findings(user, agreement, as_of, rules_language()))
    if shared is not None and not facts:
        shared[key] = out
    return out


def _party_names(agreement: Agreement) -> dict[str, str]:
    """Party names by code; the agreement's own slug (the ref of its term and signatures) names nothing."""
    return {agreement.slug: "", **{p.code: p.name for p in definition(agreement).parties}}


def title(category: str, item: dict[str, Any], names: dict[str, str]) -> str:
    """A short name for one conclusion: what it is about."""
    if category == "deadlines":
        what = labels.label(labels.STEPS, item["step"])
        ref = names.get(item["ref"], item["ref"])
        if not ref or item["procedure"] == "term":
            return what
        return f"{labels.label(labels.PROCEDURES, item['procedure'])} {ref}: {what}"
    if category == "procedures":
        proc = labels.label(labels.PROCEDURES, item["procedure"])
        ref = names.get(item["ref"], item["ref"])
        return f"{proc} {ref}" if ref else proc
    if category == "amounts":
        return f"{labels.label(labels.KINDS, item['kind'])} {item['year']}, {names.get(item['party'], item['party'])}"
    return str(item["message"]).rstrip(".")


def value(category: str, item: dict[str, Any]) -> str:
    """The conclusion itself, in a form two conclusions can be compared by."""
    if category == "deadlines":
        return f"{item['date']}|{item.get('status', '')}"
    if category == "procedures":
        nxt = item.get("next_deadline") or {}
        return f"{item['state']}|{nxt.get('date', '')}"
    if category == "amounts":
        return item["amount"]
    return f"{item['severity']}|{item['message']}"


def find(answer: dict[str, Any], item_id: str) -> tuple[str, dict[str, Any]] | None:
    """(category, item) of the conclusion with id `item_id` in a (visible) answer."""
    for category in CATEGORIES:
        for item in answer[category]:
            if item["id"] == item_id:
                return category, item
    return None


@dataclass
class Dashboard:
    """What the dashboard shows as of a date."""

    as_of: date
    deadlines: list[dict[str, Any]]
    past_deadlines: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    severity_counts: list[tuple[str, str, int]]
    procedures: list[dict[str, Any]]
    amounts: list[dict[str, Any]]
    amount_scope: str | None
    amount_year: int
    amount_total: Decimal
    notes: list[str] = field(default_factory=list)


def dashboard(user: Any, agreement: Agreement, as_of: date) -> Dashboard:
    """Deadlines ahead (with days left) and overdue ones, findings by severity, open procedures, amounts owed."""
    answer = conclusions(user, agreement, as_of)
    names = _party_names(agreement)
    # The rules say where each deadline stands (status): overdue and open ones are the table,
    # overdue first; met, late and passed ones are listed apart, most recent first.
    upcoming, past = [], []
    for d in answer["deadlines"]:
        days = (date.fromisoformat(d["date"]) - as_of).days
        row = {
            **d,
            "title": title("deadlines", d, names),
            "days": days,
            "days_ago": -days,
            "overdue": d["status"] == "overdue",
            "status_label": labels.label(labels.DEADLINE_STATUSES, d["status"]),
        }
        (upcoming if d["status"] in ("overdue", "open") else past).append(row)
    upcoming.sort(key=lambda r: (not r["overdue"], r["date"], r["id"]))
    past.sort(key=lambda r: (r["date"], r["id"]), reverse=True)

    findings = sorted(answer["findings"], key=lambda f: (SEVERITY_ORDER.get(f["severity"], 9), f["code"]))
    counts = [(sev, str(labels.SEVERITIES[sev]), sum(1 for f in findings if f["severity"] == sev)) for sev in ("error", "warning", "info")]
    procedures = [
        {**p, "title": title("procedures", p, names), "state_label": labels.state_label(p["procedure"], p["state"])}
        for p in answer["procedures"]
        if labels.is_open(p["procedure"], p["state"])
    ]
    year = as_of.year
    amounts = [
        {**a, "party_name": names.get(a["party"], a["party"]), "kind_label": labels.label(labels.KINDS, a["kind"])}
        for a in answer["amounts"]
        if a["year"] == year
    ]
    total = sum((Decimal(a["amount"]) for a in amounts), Decimal("0.00"))
    return Dashboard(
        as_of=as_of,
        deadlines=upcoming,
        past_deadlines=past,
        findings=findings,
        severity_counts=counts,
        procedures=procedures,
        amounts=amounts,
        amount_scope=amount_scope(user),
        amount_year=year,
        amount_total=total,
        notes=list(answer.get("notes", [])),
    )


# --- one conclusion and the text of the articles it cites ------------------------------------------


@dataclass
class CitedText:
    """The text of one cited article or lid, or only its title when no text was imported."""

    citation: str
    anchor: str
    article_title: str
    text: str
    lid_texts: list[tuple[str, str, str]] = field(default_factory=list)  # (number, anchor, text) for a whole article


def cited_texts(agreement: Agreement, cited: Iterable[str]) -> list[CitedText]:
    """The imported text of each cited article or lid (in the order first cited, each once)."""
    wanted = [(c, p) for c in dict.fromkeys(cited) if (p := citations.parse(c)) is not None]
    numbers = {p[0] for _, p in wanted}
    articles = {a.number: a for a in Article.objects.filter(agreement=agreement, number__in=numbers).prefetch_related("leden")}
    out: list[CitedText] = []
    for citation, (number, lid) in wanted:
        article = articles.get(number)
        # The title of the article, without "art. N" again: the heading shows the citation before it.
        heading = article.title if article else ""
        if article is None:
            out.append(CitedText(citation, citations.anchor(number, lid), heading, ""))
            continue
        leden = list(article.leden.all())
        if lid is None:
            lid_texts = [(x.number, citations.anchor(number, x.number), x.text) for x in leden]
            out.append(CitedText(citation, citations.anchor(number), heading, article.text, lid_texts))
        else:
            text = next((x.text for x in leden if x.number == lid), "")
            out.append(CitedText(citation, citations.anchor(number, lid), heading, text))
    return out


def explanation(user: Any, agreement: Agreement, as_of: date, item_id: str) -> dict[str, Any] | None:
    """One conclusion the user may see, with its title and the texts of the articles it cites; None if none."""
    answer = conclusions(user, agreement, as_of)
    found = find(answer, item_id)
    if found is None:
        return None
    category, item = found
    names = _party_names(agreement)
    cited = list(item["articles"]) + [s["article"] for s in item.get("steps", [])]
    return {
        "category": category,
        "category_label": labels.CATEGORY_SINGULAR[category],
        "item": item,
        "title": title(category, item, names),
        "texts": cited_texts(agreement, cited),
        "steps": explained_steps(item.get("steps", []), names),
        "party_name": names.get(item.get("party", ""), ""),
        "state_label": labels.state_label(item.get("procedure", ""), item.get("state", "")),
        "kind_label": labels.label(labels.KINDS, item.get("kind", "")),
        "severity_label": labels.label(labels.SEVERITIES, item.get("severity", "")),
        "status_label": labels.label(labels.DEADLINE_STATUSES, item.get("status", "")),
    }


def explained_steps(steps: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    """The steps of an explanation (`Explanation.to_json()`) as web/_explanation_steps.html shows them: the values
    and facts each step used, labelled in the page's language. Also for invoice lines (samen.invoicing)."""
    return [
        {
            **s,
            "values": [
                (labels.label(labels.STEP_VALUES, k), k not in labels.STEP_VALUES, _plain_number(v))
                for k, v in (s.get("parameters") or {}).items()
            ],
            "facts": [
                {
                    "label": labels.label(labels.FACTS, f.get("fact")),
                    "fields": [(labels.label(labels.FIELDS, k), fact_value(k, v, names)) for k, v in f.items() if k != "fact"],
                }
                for f in s.get("facts", [])
            ],
        }
        for s in steps
    ]


def fact_value(key: str, raw: Any, names: dict[str, str]) -> str:
    """One field of a recorded fact as a page shows it: parties named, dates, amounts and numbers in the page's language."""
    if isinstance(raw, list):
        return ", ".join(fact_value(key, v, names) for v in raw)
    if isinstance(raw, dict):  # an amendment's new parameter values
        return "; ".join(f"{k} = {_plain_number(v)}" for k, v in raw.items())
    if key in ("party", "by", "parties", "against") and isinstance(raw, str):
        return f"{names.get(raw, raw)} ({raw})"
    if key == "body":
        return labels.label(labels.BODIES, raw)
    if key == "decision":
        return labels.label(labels.DECISIONS, raw)
    if key == "kinds":  # the contributions a release decision frees (art. 9 lid 2)
        return labels.label(labels.KINDS, raw)
    if key in ("date", "end_date", "effective_date") and isinstance(raw, str):
        return isodate(raw)
    if key == "amount":
        return money(raw)
    return str(_plain_number(raw)) if isinstance(raw, str) else str(raw)


NUMBER = re.compile(r"-?\d+(?:\.(\d+))?")


def _plain_number(value: Any) -> Any:
    """A decimal number written by the rules ("0.1", "101455.00") in the page's language ("0,1", "101.455,00");
    whole numbers (years, counts) and other text as they are."""
    text = str(value)
    found = NUMBER.fullmatch(text)
    if found is None or found.group(1) is None:
        return value
    return rules_number(Decimal(text), len(found.group(1) or ""), "en" if translation.get_language() == "en" else "nl")


# --- the agreement ------------------------------------------------------------------------------


def agreement_overview(user: Any, agreement: Agreement, as_of: date) -> dict[str, Any]:
    """Citation title, term, parties with representatives and signatures, bodies and members, pillars, chain partners."""
    d = definition(agreement)
    answer = conclusions(user, agreement, as_of)
    term = next((p for p in answer["procedures"] if p["procedure"] == "term"), {})
    evaluation = next((x for x in answer["deadlines"] if x["step"] == "evaluation-due"), None)
    party_rows = []
    active = Q(start__lte=as_of) & (Q(until__isnull=True) | Q(until__gte=as_of))
    # Who represents a party is who holds its seat in the board on the date (the memberships), not who signed.
    seats: dict[int, list[Person]] = {}
    for seat in Membership.objects.filter(active, body__agreement=agreement, body__key="board", person__party__isnull=False).select_related(
        "person"
    ):
        people_of = seats.setdefault(seat.person.party_id or 0, [])
        if seat.person not in people_of:
            people_of.append(seat.person)
    for p in parties(agreement):
        signature = getattr(p, "signature", None)
        signed_on = signature.signed_on if signature is not None and signature.signed_on <= as_of else None
        party_rows.append(
            {"party": p, "representatives": seats.get(p.pk, []), "signed_on": signed_on, "host": p.code == agreement.host_code}
        )
    members = (
        Membership.objects.filter(active)
        .select_related("person__party", "person__participant")
        .order_by("role", "person__party__position", "person__name")
    )
    bodies = Body.objects.filter(agreement=agreement).prefetch_related(Prefetch("memberships", queryset=members, to_attr="current"))
    body_rows = []
    for b in bodies:
        spec = next((x for x in d.bodies if x.key == b.key), None)
        body_rows.append(
            {
                "body": b,
                "articles": list(spec.articles) if spec else [],
                "members": [
                    {
                        "person": m.person,
                        "role": labels.label(labels.MEMBERSHIP_ROLES, m.role),
                        "organisation": m.person.party.name
                        if m.person.party
                        else (m.person.participant.name if m.person.participant else ""),
                    }
                    for m in b.current
                ],
            }
        )
    chain = list(ChainPartner.objects.filter(agreement=agreement)) or list(d.chain_partners)
    host = next((p.name for p in d.parties if p.code == agreement.host_code), agreement.host_code)
    return {
        "definition": d,
        "term": term,
        "evaluation": evaluation,
        "parties": party_rows,
        "signed_count": sum(1 for r in party_rows if r["signed_on"]),
        "bodies": body_rows,
        "pillars": d.pillars,
        "chain_partners": chain,
        "participants": d.participants,
        "host": host,
        "staff": Person.objects.filter(agreement=agreement, party__isnull=True, participant__isnull=True),
        "audit_checkpoint": audit_services.latest_checkpoint(),
        # The dated versions of the agreement: every adopted amendment (art. 12 lid 2), oldest first, each with
        # what it changed side by side with the version before it.
        "versions": _versions(agreement, answer),
    }


def _versions(agreement: Agreement, answer: dict[str, Any]) -> list[dict[str, Any]]:
    from samen.proposals import queries as proposal_queries
    from samen.proposals.models import Proposal

    adopted = sorted(
        (p for p in answer["procedures"] if p["procedure"] == "amendment" and p["state"] == "adopted"),
        key=lambda p: (p.get("effective_date") or "", p["ref"]),
    )
    proposals = {p.ref: p for p in Proposal.objects.filter(agreement=agreement, ref__in=[v["ref"] for v in adopted])}
    out = []
    for v in adopted:
        proposal = proposals.get(v["ref"])
        out.append({**v, "proposal": proposal, "changes": proposal_queries.changes(answer, proposal) if proposal else []})
    return out


def agreement_text(agreement: Agreement, user: Any = None, as_of: date | None = None) -> list[dict[str, Any]]:
    """Every article with its leden and their anchors; the leden of the definition when no text was imported.

    With a user and a date, the wording in force on that date: where an adopted amendment (art. 12) gave an
    article or lid a new text from a date on or before it, that text, with the amendment and the original.
    """
    from samen.proposals.queries import text_in_force

    d = definition(agreement)
    spec = {a.number: a for a in d.articles}
    amended = text_in_force(agreement, conclusions(user, agreement, as_of), as_of) if user is not None and as_of else {}
    out = []
    for article in Article.objects.filter(agreement=agreement).prefetch_related("leden"):
        leden = []
        for x in article.leden.all():
            ref = f"art. {article.number} {'sub' if x.number.isalpha() else 'lid'} {x.number}"
            leden.append(
                {"number": x.number, "anchor": citations.anchor(article.number, x.number), "text": x.text, "amended": amended.get(ref)}
            )
        imported = bool(article.text or any(x["text"] for x in leden))
        if not leden and article.number in spec:
            leden = [{"number": n, "anchor": citations.anchor(article.number, n), "text": ""} for n in spec[article.number].leden]
        out.append(
            {
                "article": article,
                "anchor": citations.anchor(article.number),
                "leden": leden,
                "imported": imported,
                "amended": amended.get(f"art. {article.number}"),
            }
        )
    return out


# --- what if -------------------------------------------------------------------------------------


class HypothesisError(Exception):
    """The hypothetical facts cannot be evaluated with the recorded ones; `messages` say why."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


def _summary(category: str, item: dict[str, Any]) -> str:
    from samen.web.templatetags.samen import isodate, money

    if category == "deadlines":
        status = item.get("status")
        return f"{isodate(item['date'])} ({labels.label(labels.DEADLINE_STATUSES, status)})" if status else isodate(item["date"])
    if category == "procedures":
        state = labels.state_label(item["procedure"], item["state"])
        nxt = item.get("next_deadline")
        return f"{state} ({labels.label(labels.STEPS, nxt['step'])}: {isodate(nxt['date'])})" if nxt else state
    if category == "amounts":
        return money(item["amount"])
    return f"{labels.label(labels.SEVERITIES, item['severity'])}: {item['message']}"


def compare(user: Any, agreement: Agreement, as_of: date, extra: list[dict[str, Any]]) -> dict[str, Any]:
    """The conclusions that differ between the recorded state and the recorded state plus `extra`, side by side."""
    from samen.records.queries import recorded_facts
    from samen.rules.facts import ScenarioError

    before = conclusions(user, agreement, as_of)
    try:
        after = conclusions(user, agreement, as_of, extra)
    except ScenarioError as e:
        offset = len(recorded_facts(agreement, actor=user))
        messages = []
        for err in e.errors:
            where = err.field.replace(f"facts[{err.index}]", f"feit {err.index - offset + 1}") if err.index is not None else err.field
            messages.append(f"{where}: {err.message}")
        raise HypothesisError(messages) from None
    names = _party_names(agreement)
    groups = []
    unchanged = 0
    for category in CATEGORIES:
        b = {i["id"]: i for i in before[category]}
        a = {i["id"]: i for i in after[category]}
        rows = []
        for item_id in list(b) + [i for i in a if i not in b]:
            old, new = b.get(item_id), a.get(item_id)
            if old is not None and new is not None and value(category, old) == value(category, new):
                unchanged += 1
                continue
            change = "added" if old is None else "removed" if new is None else "changed"
            rows.append(
                {
                    "id": item_id,
                    "title": title(category, new or old, names),  # type: ignore[arg-type]
                    "change": change,
                    "before": _summary(category, old) if old else None,
                    "after": _summary(category, new) if new else None,
                    "explanation": (new or old or {}).get("explanation", ""),
                }
            )
        groups.append({"category": category, "label": labels.CATEGORIES[category], "rows": rows})
    return {"groups": groups, "changed": sum(len(g["rows"]) for g in groups), "unchanged": unchanged, "notes": after.get("notes", [])}
