"""What the rules conclude: deadlines, procedure states, amounts, findings; and the evaluation context."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache, partial
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar

from samen.rules import periods
from samen.rules.definition import Agreement, DatedValue
from samen.rules.explain import Explanation, JsonMemo, ReadingUsed, Step, make_step
from samen.rules.facts import Fact, WithdrawalObligationWaived
from samen.rules.i18n import N_, _, _n, capitalize, current, join_words, long_date, message, number, translate, weekday
from samen.rules.money import euro
from samen.rules.money import to_json as money_json
from samen.rules.periods import ISO_DATES as _ISO
from samen.rules.periods import iso_date

SEVERITIES = ("error", "warning", "info")
# Where a deadline stands as of the date (docs/scenarios.md, "Deadline status"):
#   open     the date is still to come (today included) and the act it awaits has not happened;
#   met      the act it awaits happened on or before the date (`met_on` says when);
#   late     the act happened, but after the date (`met_on` says when; the rules also flag it);
#   overdue  the date has passed and the act it awaits has not happened;
#   passed   the date has passed and nothing more is awaited: a date rather than an act (term-end,
#            exit), or a phase that lapsed after which the procedure moved on (dispute periods).
DEADLINE_STATUSES = ("open", "met", "late", "overdue", "passed")
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


def parameter_value(value: Decimal | int | str, unit: str) -> str:
    """A parameter's value with its unit, for people: "€ 10.000,00", "0,1 fte", "24 maanden"."""
    if isinstance(value, str):
        return value
    if unit == "EUR":
        return euro(Decimal(value))
    count = int(value) if value == int(value) else 2
    units = {
        "fte": _("{value} fte", value=number(value)),
        "months": _n("{count} maand", "{count} maanden", count, count=number(value)),
        "weeks": _n("{count} week", "{count} weken", count, count=number(value)),
        "years": _n("{count} jaar", "{count} jaar", count, count=number(value)),
        "meetings": _n("{count} vergadering", "{count} vergaderingen", count, count=number(value)),
        "parties": _n("{count} partij", "{count} partijen", count, count=number(value)),
    }
    return units.get(unit, f"{number(value)} {unit}")


def slug(*parts: object) -> str:
    """A stable id from its parts: "deadline.term.evaluation-due", "amount.GM0153.2027.annual-contribution"."""
    return ".".join([_slug_part(str(p)) for p in parts if p != "" and p is not None])


@lru_cache(maxsize=4096)
def _slug_part(text: str) -> str:
    """One part of an id with every run of other characters than letters, digits, ".", "_" and "-" made "-"."""
    return _SLUG.sub("-", text)


# The ids of deadlines, procedure states, amounts and findings, each made once per process from its parts (as `_slug_part` is):
# an answer's JSON has about two thousand, and the same parts recur in every answer of an agreement. `typed`: a part
# of another type than the usual str or int (2027.0 for 2027) is written by `slug` as it always was.
@lru_cache(maxsize=16384, typed=True)
def _deadline_id(procedure: str, ref: str, step: str) -> str:
    if procedure == "term":
        ref = ""
    if type(procedure) is str and type(ref) is str and type(step) is str and procedure and step:  # the usual case
        return (
            f"deadline.{_slug_part(procedure)}.{_slug_part(ref)}.{_slug_part(step)}"
            if ref
            else f"deadline.{_slug_part(procedure)}.{_slug_part(step)}"
        )
    return slug("deadline", procedure, ref, step)


@lru_cache(maxsize=16384, typed=True)
def _procedure_id(procedure: str, ref: str) -> str:
    if type(procedure) is str and type(ref) is str and procedure and ref:  # the usual case
        return f"procedure.{_slug_part(procedure)}.{_slug_part(ref)}"
    return slug("procedure", procedure, ref)


@lru_cache(maxsize=16384, typed=True)
def _amount_id(party: str, year: int, kind: str, ref: str) -> str:
    if type(party) is str and type(year) is int and type(kind) is str and type(ref) is str and party and kind:  # usual
        start = f"amount.{_slug_part(party)}.{year}.{_slug_part(kind)}"
        return f"{start}.{_slug_part(ref)}" if ref else start
    return slug("amount", party, year, kind, ref)


@lru_cache(maxsize=16384, typed=True)
def _finding_id(code: str, ref: str) -> str:
    return slug("finding", code, ref)


def _explained(explanation: Explanation, memo: JsonMemo | None) -> tuple[str, list[dict[str, Any]]]:
    """A conclusion's "explanation" (prose) and "steps" (each with its facts) for its JSON."""
    if memo is None:
        return explanation.text(), explanation.to_json()
    return memo.explained(explanation)


def _cited(articles: tuple[str, ...], explanation: Explanation) -> tuple[list[str], str, list[dict[str, Any]]]:
    """A conclusion's "articles", "explanation" and "steps" for its JSON without a memo (with one: `memo.cited`, which
    shares the list of articles among the conclusions that cite the same tuple of articles; the conclusions' `to_json`
    call it themselves, two thousand times per answer)."""
    return list(articles), explanation.text(), explanation.to_json()


# The conclusions below that an answer makes by the thousand (deadlines, procedure states, amounts) are tuples
# underneath, as `explain.Step` is: a frozen dataclass sets each field with one `object.__setattr__` call, which was
# about half of making one (815 against 387 ns for an amount, timeit); an answer of the bench makes 2,321 of them.
# `_Conclusion` keeps them as they were as dataclasses: immutable, fields as attributes, equal (and hashed) by class
# and fields, not iterable nor ordered, the same repr; not to be used as tuples (the fields' order is no contract).
_new = tuple.__new__
_STATUSES = frozenset(DEADLINE_STATUSES)


# The tuple's own methods, for `_Conclusion` (which is not a tuple itself, so that it can come first in the bases).
_tuple_eq: Callable[[object, object], bool] = tuple.__eq__  # type: ignore[assignment]
_tuple_hash: Callable[[object], int] = tuple.__hash__  # type: ignore[assignment]
_fields_of: Callable[[object], tuple[Any, ...]] = itemgetter(slice(None))  # type: ignore[assignment]


class _Conclusion:
    """What a tuple-based conclusion is besides its fields (put before the fields' NamedTuple in its bases)."""

    __slots__ = ()

    # Equal to a conclusion of the same class only (a plain tuple of the same fields is not equal to it).
    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__ and _tuple_eq(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return _tuple_hash(self)

    def __iter__(self) -> Any:
        raise TypeError(f"{type(self).__name__} is not iterable")

    def __lt__(self, other: object) -> bool:
        return NotImplemented

    __le__ = __gt__ = __ge__ = __lt__

    def __getnewargs__(self) -> tuple[Any, ...]:  # pickle and copy: the fields, by slicing (not iterating)
        return _fields_of(self)


class _DeadlineFields(NamedTuple):
    procedure: str
    ref: str
    step: str
    date: dt.date
    articles: tuple[str, ...]
    explanation: Explanation
    rolled: bool = False
    status: str = "open"
    met_on: dt.date | None = None


class Deadline(_Conclusion, _DeadlineFields):
    """A date by which something must happen or on which something ends, with why."""

    __slots__ = ()

    def __new__(
        cls,
        procedure: str,
        ref: str,
        step: str,
        date: dt.date,
        articles: tuple[str, ...],
        explanation: Explanation,
        rolled: bool = False,
        status: str = "open",
        met_on: dt.date | None = None,
    ) -> Deadline:
        if status not in _STATUSES:
            raise ValueError(f"bad deadline status {status!r}")
        return _new(cls, (procedure, ref, step, date, articles, explanation, rolled, status, met_on))

    @property
    def id(self) -> str:
        try:
            return _deadline_id(self.procedure, self.ref, self.step)
        except TypeError:  # a part that cannot be a key of the cache (not the usual str or int)
            return slug("deadline", self.procedure, "" if self.procedure == "term" else self.ref, self.step)

    def to_json_ref(self) -> dict[str, Any]:
        """A short reference to this deadline, for the procedure it belongs to."""
        return {"id": self.id, "step": self.step, "date": _ISO.get(self.date) or iso_date(self.date)}

    def to_json(self, memo: JsonMemo | None = None) -> dict[str, Any]:
        articles, text, steps = memo.cited(self.articles, self.explanation) if memo is not None else _cited(self.articles, self.explanation)
        return self.json_with(articles, text, steps)

    def json_with(self, articles: list[str], text: str, steps: list[dict[str, Any]]) -> dict[str, Any]:
        """The JSON with its "articles", "explanation" and "steps" as given (`to_json`, and `Answer.to_json`, which
        writes all explanations at once)."""
        # The fields by one slice of the tuple underneath: a NamedTuple's field is read through its descriptor, about
        # ten times the cost of a slot (this module owns the order of the fields).
        procedure, ref, step, day, _articles, _explanation, rolled, status, met_on = self[:]
        try:  # the id as the property gives it, without the property's call (two thousand conclusions per answer)
            ident = _deadline_id(procedure, ref, step)
        except TypeError:
            ident = self.id
        return {
            "id": ident,
            "procedure": procedure,
            "ref": ref,
            "step": step,
            "date": _ISO.get(day) or iso_date(day),
            "rolled": rolled,
            "articles": articles,
            "explanation": text,
            "steps": steps,
            "status": status,
            "met_on": (_ISO.get(met_on) or iso_date(met_on)) if met_on else None,
        }

    def settled(
        self,
        as_of: dt.date,
        *,
        awaits: str = "",
        done: Fact | None = None,
        done_text: str = "",
        after_is_late: bool = True,
    ) -> Deadline:
        """This deadline with its status as of `as_of` and a closing step that says it.

        `awaits` names the act the deadline is for ("" for a date that is not an act: term-end,
        exit); `done` is the first fact that did it, `done_text` says what it did. An act after the
        date is `late` when the deadline is a last day for it (`after_is_late`), otherwise the
        phase lapsed first and the act was the procedure's next step (`passed`).
        """
        article, day = self.articles[0], self.date
        done_on = done.on if done is not None else None
        met_on: dt.date | None = None
        facts: tuple[Fact, ...] = (done,) if done is not None else ()
        status: str
        if not awaits:
            status = "passed" if as_of > day else "open"
        elif done_on is not None and done_on <= day:
            status, met_on = "met", done_on
        elif done_on is not None and after_is_late:
            status, met_on = "late", done_on
        elif done_on is not None:
            status = "passed"
        elif as_of > day:
            status = "overdue"
        else:
            status = "open"

        closing = partial(_settled_steps, self.explanation, article, status, as_of, day, awaits, done_on, done_text, facts)
        # procedure, ref, step, date, articles, explanation, rolled, status, met_on: made for every deadline, without
        # calling the class (its call and `__new__`'s frame; the status, one of the five above, needs no check)
        explanation = Explanation.later(closing)
        return _new(Deadline, (self.procedure, self.ref, self.step, day, self.articles, explanation, self.rolled, status, met_on))


def _settled_steps(
    before: Explanation,
    article: str,
    status: str,
    as_of: dt.date,
    day: dt.date,
    awaits: str,
    done_on: dt.date | None,
    done_text: str,
    facts: tuple[Fact, ...],
) -> tuple[Step, ...]:
    """A settled deadline's steps: those before, then the closing step that says its status."""
    # `make_step`: a step per deadline.
    return (*before.steps, make_step(article, _settled_text(status, as_of, day, awaits, done_on, done_text), facts))


def _settled_text(status: str, as_of: dt.date, day: dt.date, awaits: str, done_on: dt.date | None, done_text: str) -> str:
    """The sentence of `Deadline.settled`'s closing step for the status it decided."""
    done_day = long_date(done_on) if done_on is not None else ""  # met, late and passed with an act have it
    if not awaits:
        if status == "passed":
            return _PASSED_DATE(long_date(day), long_date(as_of))
        return _OPEN_DATE(long_date(as_of))
    if status == "met":
        return _MET(done_text, done_day, long_date(day))
    if status == "late":
        return _LATE(done_text, done_day, long_date(day))
    if status == "passed":
        return _PASSED(long_date(day), awaits, done_day, done_text)
    if status == "overdue":
        return _OVERDUE(long_date(day), long_date(as_of), awaits)
    return _OPEN(long_date(as_of), awaits, long_date(day))


# The closing sentences of `Deadline.settled`, one per status (a deadline each: filled in by position, `i18n.message`).
_PASSED_DATE = message(N_("Deze datum is verstreken: {day} ligt vóór de peildatum {as_of}"), "day", "as_of")
_OPEN_DATE = message(N_("Deze datum is nog niet verstreken op de peildatum {as_of}"), "as_of")
_MET = message(N_("Gehaald: {done} op {done_on}, op of vóór {day}"), "done", "done_on", "day")
_LATE = message(N_("Te laat: {done} op {done_on}, na {day}"), "done", "done_on", "day")
_PASSED = message(N_("De termijn verstreek op {day} zonder dat {awaits}; later, op {done_on}: {done}"), "day", "awaits", "done_on", "done")
_OVERDUE = message(
    N_("Over tijd: de termijn verstreek op {day} en op de peildatum {as_of} is nog niet vastgelegd dat {awaits}"),
    "day",
    "as_of",
    "awaits",
)
_OPEN = message(
    N_("Nog open: op de peildatum {as_of} is nog niet vastgelegd dat {awaits}; dat kan tot en met {day}"), "as_of", "awaits", "day"
)


class _ProcedureStateFields(NamedTuple):
    procedure: str
    ref: str
    state: str
    articles: tuple[str, ...]
    explanation: Explanation
    since: dt.date | None = None
    next_deadline: Deadline | None = None
    details: Mapping[str, Any] = {}  # never this dict: `__new__` gives each state its own


class ProcedureState(_Conclusion, _ProcedureStateFields):
    """Where a procedure (dispute, withdrawal, amendment, term...) stands as of the date."""

    __slots__ = ()

    def __new__(
        cls,
        procedure: str,
        ref: str,
        state: str,
        articles: tuple[str, ...],
        explanation: Explanation,
        since: dt.date | None = None,
        next_deadline: Deadline | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> ProcedureState:
        return _new(cls, (procedure, ref, state, articles, explanation, since, next_deadline, {} if details is None else details))

    @property
    def id(self) -> str:
        try:
            return _procedure_id(self.procedure, self.ref)
        except TypeError:  # a part that cannot be a key of the cache (not the usual str or int)
            return slug("procedure", self.procedure, self.ref)

    def to_json(self, memo: JsonMemo | None = None) -> dict[str, Any]:
        articles, text, steps = memo.cited(self.articles, self.explanation) if memo is not None else _cited(self.articles, self.explanation)
        return self.json_with(articles, text, steps)

    def json_with(self, articles: list[str], text: str, steps: list[dict[str, Any]]) -> dict[str, Any]:
        """The JSON with its "articles", "explanation" and "steps" as given (see `Deadline.json_with`)."""
        procedure, ref, state, _articles, _explanation, since, next_deadline, details = self[:]  # see Deadline.json_with
        try:
            ident = _procedure_id(procedure, ref)
        except TypeError:
            ident = self.id
        return {
            "id": ident,
            "procedure": procedure,
            "ref": ref,
            "state": state,
            "since": (_ISO.get(since) or iso_date(since)) if since else None,
            "next_deadline": next_deadline.to_json_ref() if next_deadline else None,
            **details,
            "articles": articles,
            "explanation": text,
            "steps": steps,
        }


class _AmountFields(NamedTuple):
    party: str
    year: int
    kind: str
    amount: Decimal
    articles: tuple[str, ...]
    explanation: Explanation
    ref: str = ""


class Amount(_Conclusion, _AmountFields):
    """An amount a party owes for a year, with why; `ref` tells amounts of one kind apart (a dispute)."""

    __slots__ = ()

    def __new__(
        cls, party: str, year: int, kind: str, amount: Decimal, articles: tuple[str, ...], explanation: Explanation, ref: str = ""
    ) -> Amount:
        return _new(cls, (party, year, kind, amount, articles, explanation, ref))

    @property
    def id(self) -> str:
        try:
            return _amount_id(self.party, self.year, self.kind, self.ref)
        except TypeError:  # a part that cannot be a key of the cache (not the usual str or int)
            return slug("amount", self.party, self.year, self.kind, self.ref)

    def to_json(self, memo: JsonMemo | None = None) -> dict[str, Any]:
        articles, text, steps = memo.cited(self.articles, self.explanation) if memo is not None else _cited(self.articles, self.explanation)
        return self.json_with(articles, text, steps)

    def json_with(self, articles: list[str], text: str, steps: list[dict[str, Any]]) -> dict[str, Any]:
        """The JSON with its "articles", "explanation" and "steps" as given (see `Deadline.json_with`)."""
        party, year, kind, value, _articles, _explanation, ref = self[:]  # see Deadline.json_with
        try:
            ident = _amount_id(party, year, kind, ref)
        except TypeError:
            ident = self.id
        # `money_json(value)` with its whole-cents test written out (a call less per amount; the rules make amounts in
        # whole cents, so the call is only for another amount).
        amount = written if (written := str(value))[-3:-2] == "." else money_json(value)
        # One dict display each, with "ref" and without (a thousand amounts per answer).
        if ref:
            return {
                "id": ident, "party": party, "year": year, "kind": kind, "amount": amount, "ref": ref,
                "articles": articles, "explanation": text, "steps": steps,
            }  # fmt: skip
        return {
            "id": ident, "party": party, "year": year, "kind": kind, "amount": amount,
            "articles": articles, "explanation": text, "steps": steps,
        }  # fmt: skip


# `make_amount(Amount, (party, year, kind, amount, articles, explanation, ref))`: the amount `Amount(...)` makes,
# without calling the class (its metaclass's call, `__new__`'s frame and its defaults: about half the cost of making
# one). For the amounts the rules make by the hundred (mediation shares, contributions); all seven fields, in the
# order of `_AmountFields` (`Amount.__new__` checks nothing, so the two are the same; `test_conclusion_tuples.py`).
make_amount: Callable[[type[Amount], tuple[str, int, str, Decimal, tuple[str, ...], Explanation, str]], Amount] = _new


@dataclass(frozen=True, slots=True)
class Finding:
    """Something the compliance overview flags (art. 4 lid 5): code, severity, a sentence, why."""

    code: str
    severity: str
    message: str
    articles: tuple[str, ...]
    explanation: Explanation
    ref: str = ""

    def __post_init__(self) -> None:
        # Codes name an article ("art-14.mediation-not-started"); `records.` findings are about the
        # records themselves (a stored fact the rules do not accept, samen.records.queries).
        if self.severity not in SEVERITIES or not self.code.startswith(("art-", "records.")):
            raise ValueError(f"bad finding {self.code!r} / {self.severity!r}")

    @property
    def id(self) -> str:
        try:
            return _finding_id(self.code, self.ref)
        except TypeError:  # a part that cannot be a key of the cache (not the usual str)
            return slug("finding", self.code, self.ref)

    def to_json(self, memo: JsonMemo | None = None) -> dict[str, Any]:
        articles, text, steps = memo.cited(self.articles, self.explanation) if memo is not None else _cited(self.articles, self.explanation)
        return self.json_with(articles, text, steps)

    def json_with(self, articles: list[str], text: str, steps: list[dict[str, Any]]) -> dict[str, Any]:
        """The JSON with its "articles", "explanation" and "steps" as given (see `Deadline.json_with`)."""
        out: dict[str, Any] = {"id": self.id, "code": self.code, "severity": self.severity}
        if self.ref:
            out["ref"] = self.ref
        out["articles"] = articles
        out["message"] = self.message
        out["explanation"] = text
        out["steps"] = steps
        return out


@dataclass(frozen=True, slots=True)
class BudgetLineState:
    """One adopted budget line (art. 6) with what is committed on it (art. 4 lid 4) and what is left."""

    line: str
    adopted: Decimal
    committed: Decimal

    @property
    def left(self) -> Decimal:
        return self.adopted - self.committed

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "adopted": money_json(self.adopted),
            "committed": money_json(self.committed),
            "left": money_json(self.left),
        }


@dataclass(frozen=True, slots=True)
class BudgetState:
    """The adopted lines of one budget year with their commitments (art. 4 lid 4, art. 6) [ext]."""

    year: int
    adopted_on: date
    lines: tuple[BudgetLineState, ...]
    articles: tuple[str, ...]
    explanation: Explanation

    @property
    def id(self) -> str:
        return slug("budget", self.year)

    def to_json(self, memo: JsonMemo | None = None) -> dict[str, Any]:
        adopted = sum((x.adopted for x in self.lines), Decimal("0"))
        committed = sum((x.committed for x in self.lines), Decimal("0"))
        text, steps = _explained(self.explanation, memo)
        return {
            "id": self.id,
            "year": self.year,
            "adopted_on": self.adopted_on.isoformat(),
            "lines": [x.to_json() for x in self.lines],
            "adopted": money_json(adopted),
            "committed": money_json(committed),
            "left": money_json(adopted - committed),
            "articles": list(self.articles),
            "explanation": text,
            "steps": steps,
        }


@dataclass(frozen=True, slots=True)
class StaffingState:
    """Funded against staffed FTE for one year of the term (art. 4 lid 1, art. 7 lid 1) [ext]."""

    year: int
    funded: Decimal
    staffed: Decimal
    articles: tuple[str, ...]
    explanation: Explanation

    @property
    def id(self) -> str:
        return slug("staffing", self.year)

    @property
    def gap(self) -> Decimal:
        return self.funded - self.staffed

    def to_json(self, memo: JsonMemo | None = None) -> dict[str, Any]:
        text, steps = _explained(self.explanation, memo)
        return {
            "id": self.id,
            "year": self.year,
            "funded_fte": f"{self.funded:.2f}",
            "staffed_fte": f"{self.staffed:.2f}",
            "gap_fte": f"{self.gap:.2f}",
            "articles": list(self.articles),
            "explanation": text,
            "steps": steps,
        }


@dataclass
class Conclusions:
    """What one part of the rules concluded; parts are merged and sorted by `scenario.evaluate`."""

    deadlines: list[Deadline] = field(default_factory=list)
    procedures: list[ProcedureState] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    budgets: list[BudgetState] = field(default_factory=list)
    staffing: list[StaffingState] = field(default_factory=list)

    def extend(self, other: Conclusions) -> None:
        self.deadlines.extend(other.deadlines)
        self.procedures.extend(other.procedures)
        self.amounts.extend(other.amounts)
        self.findings.extend(other.findings)
        self.budgets.extend(other.budgets)
        self.staffing.extend(other.staffing)


F = TypeVar("F", bound=Fact)


@dataclass(frozen=True)
class PlanPeriod:
    """A plan period (art. 1 sub j): from `start` to `end` inclusive; `source` is the extension that started it
    ("" for the periods of the agreement as signed)."""

    start: date
    end: date
    source: str = ""

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class PlanBinding:
    """The plan period a withdrawing party gave notice in (art. 9 lid 2), and the day of that notice."""

    period: PlanPeriod
    notice: date


@dataclass
class Context:
    """Everything one evaluation knows: agreement, date, readings in force, the facts known by then."""

    agreement: Agreement
    as_of: date
    settings: Mapping[str, bool | str]
    facts: tuple[Fact, ...]
    by_kind: dict[type[Fact], list[Fact]] = field(default_factory=dict)
    term_end: date = date.min
    term_end_explanation: Explanation = field(default_factory=Explanation)
    exits: dict[str, date] = field(default_factory=dict)
    waivers: dict[str, WithdrawalObligationWaived] = field(default_factory=dict)
    plan_periods: list[PlanPeriod] = field(default_factory=list)
    plan_bindings: dict[str, PlanBinding] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    _labels: dict[str, str] = field(default_factory=dict, repr=False)  # party_label's, made once per party
    _readings_used: dict[tuple[str, str], ReadingUsed] = field(default_factory=dict, repr=False)
    _shared_steps: dict[tuple[Any, ...], Step] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # A defaultdict's item rather than setdefault: no method call and no empty list made per fact (thousands).
        grouped: defaultdict[type[Fact], list[Fact]] = defaultdict(list)
        for fact in self.facts:
            grouped[type(fact)].append(fact)
        by_kind = self.by_kind
        for cls, facts in grouped.items():
            by_kind.setdefault(cls, []).extend(facts)

    def of(self, cls: type[F]) -> list[F]:
        """The known facts of one type, in date order."""
        return self.by_kind.get(cls, [])  # type: ignore[return-value]

    def reading(self, key: str) -> bool | str:
        """The reading in force: as `Agreement.reading` with this evaluation's settings (asked for often: inlined)."""
        settings = self.settings
        if key in settings:
            return settings[key]
        return self.agreement.readings[key].default

    def reading_used(self, key: str) -> ReadingUsed:
        """The reading `key` as applied, described in the current language (TOML `description_nl` / `description`);
        one (frozen) object per reading and language, shared by every step that applies it."""
        language = current()
        used = self._readings_used.get((key, language))
        if used is None:
            reading = self.agreement.readings[key]
            description = reading.description if language == "en" else (reading.description_nl or reading.description)
            used = self._readings_used[(key, language)] = ReadingUsed(key=key, value=self.reading(key), description=description)
        return used

    def shared_step(self, make: Callable[..., Step], *args: Hashable) -> Step:
        """The step `make(self, *args)` says, made once per language and `args` in this evaluation: for a step that
        many explanations say alike, so that they share it (`JsonMemo` then writes its dict and sentence once).
        `make` must depend on nothing else than the context, `args` and the language."""
        key = (make, current(), args)
        step = self._shared_steps.get(key)
        if step is None:
            step = self._shared_steps[key] = make(self, *args)
        return step

    def shared_fact_step(self, make: Callable[..., Step], fact: Fact, *args: Hashable) -> Step:
        """`shared_step(make, fact, *args)` with `fact`, one of this evaluation's facts (which the context keeps, so its
        id stays its own), found by identity rather than by value: a fact's hash is a Python call over all its fields
        (about 1,700 instructions; a dispute's explanation says the chair's step, 330 in the bench). Facts that are
        equal but not the same object get a step each, equal to one another."""
        key = (make, current(), id(fact), args)
        step = self._shared_steps.get(key)
        if step is None:
            step = self._shared_steps[key] = make(self, fact, *args)
        return step

    def int_parameter(self, key: str, on: date) -> int:
        return self.agreement.int_parameter(key, on=on)

    def decimal_parameter(self, key: str, on: date) -> Decimal:
        return self.agreement.decimal_parameter(key, on=on)

    def parameter_steps(self, key: str, on: date) -> tuple[Step, ...]:
        """When the value of `key` valid on `on` comes from an adopted amendment, a step that says so (art. 12)."""
        parameter = self.agreement.parameters[key]
        dated = parameter.dated_on(on)
        if not dated.source:
            return ()
        before = [v for v in parameter.values if v.valid_from < dated.valid_from]
        was = _("; daarvóór gold {value}", value=parameter_value(before[-1].value, parameter.unit)) if before else ""
        adopted = _(", aangenomen op {day}", day=long_date(dated.adopted_on)) if dated.adopted_on else ""
        return (
            Step(
                "art. 12 lid 2",
                _(
                    "De waarde {value} van {key} komt uit wijziging {amendment}{adopted}, van kracht vanaf {valid_from}{was}",
                    value=parameter_value(dated.value, parameter.unit),
                    key=key,
                    amendment=dated.source,
                    adopted=adopted,
                    valid_from=long_date(dated.valid_from),
                    was=was,
                ),
                parameters={key: str(dated.value), f"{key}.bron": f"wijziging {dated.source}"},
            ),
        )

    def yearly_decimal(self, key: str, year: int) -> tuple[Decimal, tuple[Step, ...]]:
        """The value of a yearly parameter (`contribution.fte_per_party`, `capacity.contribution_amount`) for `year`,
        with the steps that say where it comes from.

        Normally the value in force on 1 January (the start, in the first year). When an amendment changes it from
        a day inside the year, the reading `mid_year_parameter` decides, and a step says which value was used and
        why: `value-on-1-january` keeps the value on 1 January for the whole year (the new one counts from the next
        year); `prorated-by-day` weighs each value by the days of the year it was in force (not rounded here).
        """
        first = max(self.agreement.start, date(year, 1, 1))
        last = date(year, 12, 31)
        parameter = self.agreement.parameters[key]
        base = self.decimal_parameter(key, first)
        steps = self.parameter_steps(key, first)
        changes = [v for v in parameter.values if first < v.valid_from <= last]
        if not changes:
            return base, steps
        reading = self.reading_used("mid_year_parameter")
        listed = self._listed_changes(changes)
        if self.reading("mid_year_parameter") != "prorated-by-day":
            return base, (*steps, *self.mid_year_steps(key, year, reading=reading))
        bounds = [first, *(v.valid_from for v in changes), last + dt.timedelta(days=1)]
        total_days = (last - first).days + 1
        weighted = Decimal("0")
        parts = []
        for start, end in itertools.pairwise(bounds):
            value = self.decimal_parameter(key, start)
            days = (end - start).days
            weighted += value * days
            parts.append(
                _(
                    "{value} van {start} tot en met {end} ({days} dagen)",
                    value=value,
                    start=long_date(start),
                    end=long_date(end - dt.timedelta(days=1)),
                    days=days,
                )
            )
        result = weighted / total_days
        shown = result.quantize(Decimal("0.000001"))
        step = Step(
            "art. 12 lid 2",
            _(
                "{key} wijzigde in de loop van {year}: {listed}; naar rato van de dagen: {parts}; "
                "gewogen over {total} dagen: {value} ({unit})",
                key=key,
                year=year,
                listed=listed,
                parts=join_words(parts),
                total=total_days,
                value=shown.normalize() if shown == shown.to_integral_value() else shown,
                unit=parameter.unit,
            ),
            parameters={key: str(shown), f"{key}.gewijzigd": ", ".join(v.valid_from.isoformat() for v in changes)},
            reading=reading,
        )
        return result, (*steps, step)

    def _listed_changes(self, changes: list[DatedValue]) -> str:
        return join_words(
            _("{value} vanaf {day} (wijziging {amendment})", value=v.value, day=long_date(v.valid_from), amendment=v.source or "-")
            for v in changes
        )

    def mid_year_steps(self, key: str, year: int, *, reading: ReadingUsed | None = None) -> tuple[Step, ...]:
        """When an amendment changes `key` from a day inside `year`: a step saying the value on 1 January (the start,
        in the first year) is used for the year and the new one from the next (without `reading`: a fixed reading)."""
        first = max(self.agreement.start, date(year, 1, 1))
        parameter = self.agreement.parameters[key]
        changes = [v for v in parameter.values if first < v.valid_from <= date(year, 12, 31)]
        if not changes:
            return ()
        value = parameter.value_on(first)
        return (
            Step(
                "art. 12 lid 2",
                _(
                    "{key} wijzigde in de loop van {year}: {listed}; voor {year} geldt de waarde op {first}, {value} ({unit}); "
                    "de nieuwe waarde telt vanaf {next_year}",
                    key=key,
                    year=year,
                    listed=self._listed_changes(changes),
                    first=long_date(first),
                    value=value,
                    unit=parameter.unit,
                    next_year=year + 1,
                ),
                parameters={key: str(value), f"{key}.gewijzigd": ", ".join(v.valid_from.isoformat() for v in changes)},
                reading=reading,
            ),
        )

    def parties_in_split_order(self, codes: list[str] | tuple[str, ...]) -> list[str]:
        """`codes` in the order leftover cents are handed out (reading split_order)."""
        order = self.agreement.party_codes
        if self.reading("split_order") == "code":
            return sorted(codes)
        wanted = set(codes)
        return [c for c in order if c in wanted]

    def party_name(self, code: str) -> str:
        return self.agreement.party(code).name

    def party_label(self, code: str) -> str:
        label = self._labels.get(code)
        if label is None:
            label = self._labels[code] = f"{self.agreement.party(code).name} ({code})"
        return label

    def is_member_in(self, party: str, year: int) -> bool:
        """Whether `party` is still a party during (part of) `year`: it has not left before the year."""
        exit_day = self.exits.get(party)
        return exit_day is None or exit_day.year >= year

    def owes_periodic_contributions(self, party: str, year: int, kind: str = "annual-contribution") -> tuple[bool, str]:
        """Whether `party` owes the annual or capacity contribution (`kind`) for `year`, and why not if it does not.

        A party owes them for every year up to and including the year of its exit, and, when it gave notice
        within a plan period, for every year of that period even after it has left (art. 9 lid 2), unless a
        decision (withdrawal-obligation-waived) released it from them. `why` cites its article.
        """
        waiver = self.waivers.get(party)
        if waiver is not None and waiver.releases(kind, year):
            return False, _(
                "het besluit van {day} stelt {party} vrij van deze financiële verplichting, omdat nakoming in redelijkheid "
                "en billijkheid niet langer kan worden gevorderd (art. 9 lid 2)",
                party=self.party_label(party),
                day=long_date(waiver.date),
            )
        exit_day = self.exits.get(party)
        if exit_day is not None and exit_day.year < year:
            binding = self.plan_bindings.get(party)
            if binding is not None and year <= binding.period.end.year:
                return True, ""
            if binding is not None:
                return False, _(
                    "{party} is uitgetreden op {day} en de planperiode waarin {party} opzegde eindigde op {end}; "
                    "voor jaren daarna betaalt {party} geen bijdrage meer (art. 9 lid 2 en 3)",
                    party=self.party_label(party),
                    day=long_date(exit_day),
                    end=long_date(binding.period.end),
                )
            return False, _(
                "{party} is uitgetreden op {day} en betaalt geen bijdrage meer voor jaren daarna (art. 9 lid 3)",
                party=self.party_label(party),
                day=long_date(exit_day),
            )
        return True, ""

    def withdrawal_steps(self, party: str, year: int) -> tuple[Step, ...]:
        """Why a withdrawing party still owes a periodic contribution for `year` (art. 9 lid 2), or nothing.

        The steps are shared (`shared_step`): each of the party's contributions says them alike (the exit ahead and
        the waiver for every year, the plan period for each year after the exit)."""
        exit_day = self.exits.get(party)
        if exit_day is None:
            return ()
        binding = self.plan_bindings.get(party)
        if exit_day.year < year and binding is not None:
            first = self.shared_step(_plan_period_step, party, exit_day, binding, year)
        else:
            first = self.shared_step(_exit_ahead_step, party, exit_day)
        waiver = self.waivers.get(party)
        if waiver is None:
            return (first,)
        return (first, self.shared_step(_waiver_step, party, waiver))

    def deadline_on(self, start: date, *, weeks: int = 0, months: int = 0, years: int = 0, roll: bool = True) -> tuple[date, date, bool]:
        """The plain date (`periods.after`), the date and whether it rolled of `deadline_after`, without making its
        step: for a lazily built explanation, which passes the plain date on to `deadline_after` when built."""
        plain = periods.after(start, weeks=weeks, months=months, years=years)
        enabled = bool(self.reading("roll_forward"))
        if not roll or (enabled and periods.longer_than_atw(weeks=weeks, months=months, years=years)):
            return plain, plain, False
        day, rolled = periods.roll_forward(plain, enabled)
        return plain, day, rolled

    def deadline_after(
        self, start: date, *, weeks: int = 0, months: int = 0, years: int = 0, roll: bool = True, plain: date | None = None
    ) -> tuple[date, bool, Step | None]:
        """The end of a period after `start`, rolled forward under the Atw when that reading is on.

        One reading for every period (docs/readings.md, reading 1): with `roll_forward` on, the Atw is
        applied as it reads, so a period longer than three months (Atw art. 4: the two-year evaluation,
        the 24-month notice period) never moves, whatever it is for. `roll=False` is for a date on which
        something ends (a withdrawal's exit): not a last day for an act, so it never moves either; with
        the reading on, the step says which of the two reasons applies. `plain` is `periods.after(start, ...)`
        when the caller has it already.
        """
        if plain is None:
            plain = periods.after(start, weeks=weeks, months=months, years=years)
        enabled = bool(self.reading("roll_forward"))
        if not enabled:  # the default reading: the plain date, and (for a last day) the one step that says so
            return (plain, False, None) if not roll else (plain, False, self.shared_step(_no_roll_step))
        reading = self.reading_used("roll_forward")
        if periods.longer_than_atw(weeks=weeks, months=months, years=years):
            text = _(
                "De termijn is langer dan drie maanden; de Algemene termijnenwet geldt niet voor zulke termijnen (art. 4), "
                "dus {plain} verschuift niet",
                plain=long_date(plain),
            )
            return plain, False, Step("Algemene termijnenwet art. 4", text, reading=reading)
        if not roll:
            text = _(
                "{plain} is de dag waarop iets eindigt, geen laatste dag om iets te doen; die verschuift niet naar een werkdag",
                plain=capitalize(long_date(plain)),
            )
            return plain, False, Step("Algemene termijnenwet art. 1", text, reading=reading)
        day, rolled = periods.roll_forward(plain, enabled)
        if rolled:
            reason = translate(periods.non_working_reason(plain) or "")
            text = _(
                "{plain} is een {reason}; de termijn loopt door tot en met {weekday} {day}",
                plain=long_date(plain),
                reason=reason,
                weekday=weekday(day),
                day=long_date(day),
            )
        else:
            text = _(
                "{weekday} {plain} is geen zaterdag, zondag of feestdag; de termijn verschuift niet",
                weekday=capitalize(weekday(plain)),
                plain=long_date(plain),
            )
        return day, rolled, Step("Algemene termijnenwet art. 1", text, reading=reading)


def fixed_step(ctx: Context, article: str, text: str) -> Step:
    """A step of a fixed sentence (a Dutch message id marked with `N_`, translated here): for `Context.shared_step`,
    so that every explanation that says it shares one step."""
    return Step(article, translate(text))


def _plan_period_step(ctx: Context, party: str, exit_day: date, binding: PlanBinding, year: int) -> Step:
    """`party` gave notice within a plan period and left before `year`: it still owes that period's contributions."""
    return Step(
        "art. 9 lid 2",
        _(
            "{party} zegde op {notice} op binnen de planperiode van {start} tot en met {end} en is uitgetreden op "
            "{day}; het tussentijds opzeggen verandert in beginsel niets aan de financiële verplichtingen die "
            "{party} voor die periode is aangegaan, dus ook over {year} is deze bijdrage verschuldigd",
            party=ctx.party_label(party),
            notice=long_date(binding.notice),
            start=long_date(binding.period.start),
            end=long_date(binding.period.end),
            day=long_date(exit_day),
            year=year,
        ),
        parameters={"planperiode": f"{binding.period.start.isoformat()}/{binding.period.end.isoformat()}"},
    )


def _exit_ahead_step(ctx: Context, party: str, exit_day: date) -> Step:
    """`party` leaves on `exit_day`; until then its financial obligations stay as they are."""
    return Step(
        "art. 9 lid 2",
        _(
            "{party} treedt uit op {day}; tot dan blijven de financiële verplichtingen ongewijzigd",
            party=ctx.party_label(party),
            day=long_date(exit_day),
        ),
    )


def _waiver_step(ctx: Context, party: str, waiver: WithdrawalObligationWaived) -> Step:
    """The waiver of `party`'s obligations does not release it from a periodic contribution."""
    return Step(
        "art. 9 lid 2",
        _(
            "Het besluit van {day} dat nakoming niet langer kan worden gevorderd, stelt {party} niet vrij van deze bijdrage",
            day=long_date(waiver.date),
            party=ctx.party_label(party),
        ),
        facts=(waiver,),
    )


def _no_roll_step(ctx: Context) -> Step:
    """The step of every period that ends on its plain date because roll-forward is off (the default reading)."""
    text = _("Geen verschuiving naar de eerstvolgende werkdag")
    return Step("Algemene termijnenwet art. 1", text, reading=ctx.reading_used("roll_forward"))
