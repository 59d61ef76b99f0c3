"""Facts: the dated records the rules reason over, and strict parsing of scenario documents.

One frozen dataclass per fact type of scenario-format.md. `parse_fact` and `parse_scenario`
validate everything before anything is evaluated: an error names the fact's index and field and
carries a stable code (`scenario.bad-date`, `art-8.closed-membership`, ...). The database stores
facts as exactly these scenario dicts, so `Fact.to_json()` gives back what `parse_fact` read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

from samen.rules.definition import Agreement, Parameter
from samen.rules.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, current, use
from samen.rules.money import CENT
from samen.rules.money import to_json as money_json
from samen.rules.periods import ISO_DATES, REPR_DATES, iso_date, repr_date

BODIES = ("board", "core-group", "policy-meeting", "project-group")
DECISIONS = ("consent", "refuse")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AMOUNT = re.compile(r"^\d{1,12}\.\d{2}$")
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MIN_YEAR, MAX_YEAR = 1900, 2999
# Every date the rules accept lies in these years (facts, as_of): far enough from date.max that no
# period counted from them (parameters are bounded too, see definition.py) can overflow.
MIN_DATE, MAX_DATE = dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)
# How deeply a JSON document may nest lists and objects (a scenario needs 4: document, facts, fact, parameters).
MAX_JSON_DEPTH = 20
# A lone surrogate (not Unicode text: it cannot be encoded as UTF-8) or NUL (PostgreSQL cannot store it).
_BAD_CHARACTER = re.compile("[\ud800-\udfff\x00]")


@dataclass(frozen=True)
class FieldError:
    """One problem with the input: the fact's index (None outside the facts), the field path, why."""

    index: int | None
    field: str
    message: str
    code: str
    # For a duplicate: the index of the earlier fact it repeats (lets a what-if replace it).
    duplicates: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "field": self.field, "message": self.message, "code": self.code}

    def __str__(self) -> str:
        return f"{self.field}: {self.message} [{self.code}]"


class ScenarioError(ValueError):
    """Bad input: nothing was evaluated. `errors` lists every problem found."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        # Said in the language the errors were built in (samen.rules.i18n.use: the scenario's, --lang, the page's).
        self.title = _("Ongeldig scenario")
        self.fallback = _("ongeldige invoer")
        super().__init__("; ".join(str(e) for e in errors))

    def to_problem(self) -> dict[str, Any]:
        """An RFC 9457 problem document (application/problem+json) describing the errors."""
        first = self.errors[0] if self.errors else None
        return {
            "type": "urn:samen:problem:invalid-scenario",
            "title": self.title,
            "status": 400,
            "detail": str(first) if first else self.fallback,
            "code": first.code if first else "scenario.invalid",
            "errors": [e.to_json() for e in self.errors],
            # The same errors in the NL API Design Rules' form, so one document serves CLI and API.
            "invalidParams": [{"name": e.field, "index": e.index, "code": e.code, "reason": e.message} for e in self.errors],
        }


# --- the facts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """Base of every fact; `kind` is its scenario name, `FIELDS` how each field is read."""

    kind: ClassVar[str] = ""
    articles: ClassVar[tuple[str, ...]] = ()
    # (field, type, required); types: date, party, parties, party-set (may be empty), ref, amount, year, years, body,
    # decision, category, periodic-kinds.
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = ()

    @property
    def on(self) -> dt.date | None:
        """The date the fact happened, or None for facts about a year (cost-per-fte...)."""
        value = getattr(self, "date", None)
        return value if isinstance(value, dt.date) else None

    def to_json(self) -> dict[str, Any]:
        """The scenario dict this fact was read from (each fact type in FACT_TYPES has its own, made by
        `_compile_fact_methods`; this one is for any other)."""
        out: dict[str, Any] = {"fact": self.kind}
        names = _FIELD_NAMES.get(type(self))
        if names is None:
            names = _FIELD_NAMES[type(self)] = tuple(f.name for f in fields(self))
        for name in names:
            value = getattr(self, name)
            if value is not None:
                out[name] = _json_value(name, value)
        return out

    def order_text(self) -> str:
        """The text that orders facts of one date and kind: `repr(self)`, the dataclass's own (each fact type in
        FACT_TYPES has a quicker one giving the same text, made by `_compile_fact_methods`)."""
        return repr(self)


def _json_value(name: str, value: Any) -> Any:
    """A field's value (not None) as `Fact.to_json` gives it."""
    if type(value) in _AS_IS:  # the most common case first; what the last branch does for them
        return value
    if name == "parameters" and isinstance(value, tuple):
        return {k: (v if isinstance(v, int) else str(v)) for k, v in value}
    if name == "lines" and isinstance(value, tuple):
        return {k: money_json(v) for k, v in value}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value) if name == "fte" else money_json(value)
    if isinstance(value, tuple):
        return list(value)
    return value


_AS_IS = (str, int, bool)
# The names of each fact type's fields in order (`dataclasses.fields`, looked up once per type).
_FIELD_NAMES: dict[type[Fact], tuple[str, ...]] = {}


@dataclass(frozen=True)
class Signed(Fact):
    kind: ClassVar[str] = "signed"
    articles: ClassVar[tuple[str, ...]] = ("Ondertekening",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("party", "party", True), ("date", "date", True))
    party: str
    date: dt.date


@dataclass(frozen=True)
class EvaluationCompleted(Fact):
    kind: ClassVar[str] = "evaluation-completed"
    articles: ClassVar[tuple[str, ...]] = ("art. 3 lid 3", "art. 11 lid 2")
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("date", "date", True),)
    date: dt.date


@dataclass(frozen=True)
class MeetingHeld(Fact):
    kind: ClassVar[str] = "meeting-held"
    articles: ClassVar[tuple[str, ...]] = ("art. 5 lid 4",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("body", "body", True), ("date", "date", True))
    body: str
    date: dt.date


@dataclass(frozen=True)
class MeetingPlanned(Fact):
    """A meeting of `body` planned for `date` and not (yet) held. A plan is about the future: it is known from
    the moment it is recorded, so `on` is None (it is never "dated after as_of"); a planned date that has
    passed without a `meeting-held` counts for nothing."""

    kind: ClassVar[str] = "meeting-planned"
    articles: ClassVar[tuple[str, ...]] = ("art. 5 lid 4",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("body", "body", True), ("date", "date", True))
    body: str
    date: dt.date

    @property
    def on(self) -> dt.date | None:
        return None


@dataclass(frozen=True)
class MeetingCancelled(Fact):
    """A meeting of `body` that was planned for `date` and called off (afgelast). It counts for nothing, neither
    as held nor as planned, but it shows that the year's meetings were being planned (art. 5 lid 4: the warning
    that the minimum can no longer be reached). Like a plan, it is known once recorded: `on` is None."""

    kind: ClassVar[str] = "meeting-cancelled"
    articles: ClassVar[tuple[str, ...]] = ("art. 5 lid 4",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("body", "body", True), ("date", "date", True))
    body: str
    date: dt.date

    @property
    def on(self) -> dt.date | None:
        return None


@dataclass(frozen=True)
class ChairElected(Fact):
    kind: ClassVar[str] = "chair-elected"
    articles: ClassVar[tuple[str, ...]] = ("art. 5 lid 5",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("party", "party", True), ("date", "date", True))
    party: str
    date: dt.date


@dataclass(frozen=True)
class CoreGroupComposed(Fact):
    kind: ClassVar[str] = "core-group-composed"
    articles: ClassVar[tuple[str, ...]] = ("art. 1 sub g",)
    # A party set, possibly empty: a core group whose last party seat has ended is composed of no parties.
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("parties", "party-set", True), ("date", "date", True))
    parties: tuple[str, ...]
    date: dt.date


@dataclass(frozen=True)
class DisputeNotified(Fact):
    kind: ClassVar[str] = "dispute-notified"
    articles: ClassVar[tuple[str, ...]] = ("art. 14 lid 2",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (
        ("dispute", "ref", True), ("by", "party", True), ("against", "parties", True), ("date", "date", True),
    )  # fmt: skip
    dispute: str
    by: str
    against: tuple[str, ...]
    date: dt.date

    @property
    def involved(self) -> tuple[str, ...]:
        """The parties to the dispute: the one who notified it, then those it is against."""
        return (self.by, *self.against)


@dataclass(frozen=True)
class DisputeResolved(Fact):
    kind: ClassVar[str] = "dispute-resolved"
    articles: ClassVar[tuple[str, ...]] = ("art. 14 lid 3",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("dispute", "ref", True), ("date", "date", True))
    dispute: str
    date: dt.date


@dataclass(frozen=True)
class MediationStarted(Fact):
    kind: ClassVar[str] = "mediation-started"
    articles: ClassVar[tuple[str, ...]] = ("art. 14 lid 4",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("dispute", "ref", True), ("date", "date", True))
    dispute: str
    date: dt.date


@dataclass(frozen=True)
class DisputeSubmittedToGs(Fact):
    kind: ClassVar[str] = "dispute-submitted-to-gs"
    articles: ClassVar[tuple[str, ...]] = ("art. 14 lid 5",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("dispute", "ref", True), ("by", "party", True), ("date", "date", True))
    dispute: str
    by: str
    date: dt.date


@dataclass(frozen=True)
class MediationCosts(Fact):
    kind: ClassVar[str] = "mediation-costs"
    articles: ClassVar[tuple[str, ...]] = ("art. 14 lid 6",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("dispute", "ref", True), ("amount", "amount", True), ("date", "date", True))
    dispute: str
    amount: Decimal
    date: dt.date


@dataclass(frozen=True)
class WithdrawalNotified(Fact):
    kind: ClassVar[str] = "withdrawal-notified"
    articles: ClassVar[tuple[str, ...]] = ("art. 9 lid 1",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("party", "party", True), ("date", "date", True))
    party: str
    date: dt.date


@dataclass(frozen=True)
class WithdrawalConsented(Fact):
    kind: ClassVar[str] = "withdrawal-consented"
    articles: ClassVar[tuple[str, ...]] = ("art. 9 lid 1", "art. 9 lid 3")
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("party", "party", True), ("date", "date", True))
    party: str
    date: dt.date


@dataclass(frozen=True)
class WithdrawalObligationWaived(Fact):
    """The decision that holding `party` to (some of) its financial obligations for the plan period is no
    longer reasonable (art. 9 lid 2, "tenzij ... niet langer kan worden gevorderd"), taken on `date`.

    What it releases: the periodic contributions (`kinds`: annual-contribution, capacity-contribution; both
    when left out) of the `years` listed; without `years`, those of every year after the year of `date`
    (the fact as it was before plan periods were explicit)."""

    kind: ClassVar[str] = "withdrawal-obligation-waived"
    articles: ClassVar[tuple[str, ...]] = ("art. 9 lid 2",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (
        ("party", "party", True), ("date", "date", True), ("years", "years", False), ("kinds", "periodic-kinds", False),
    )  # fmt: skip
    party: str
    date: dt.date
    years: tuple[int, ...] | None = None
    kinds: tuple[str, ...] | None = None

    def releases(self, kind: str, year: int) -> bool:
        """Whether this decision releases the party from the contribution of `kind` for `year`."""
        if self.kinds is not None and kind not in self.kinds:
            return False
        if self.years is not None:
            return year in self.years
        return year > self.date.year


@dataclass(frozen=True)
class AmendmentRequested(Fact):
    kind: ClassVar[str] = "amendment-requested"
    articles: ClassVar[tuple[str, ...]] = ("art. 12 lid 1",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (
        ("amendment", "ref", True), ("by", "party", True), ("date", "date", True), ("end_date", "date", False),
        ("effective_date", "date", False), ("parameters", "parameters", False),
    )  # fmt: skip
    amendment: str
    by: str
    date: dt.date
    end_date: dt.date | None = None
    # The date from which the amended parameters apply (default: the day the amendment is adopted).
    effective_date: dt.date | None = None
    # Parameter changes (key of the agreement's [parameters], new value), in the order given.
    parameters: tuple[tuple[str, Decimal | int], ...] | None = None


@dataclass(frozen=True)
class AmendmentDecided(Fact):
    kind: ClassVar[str] = "amendment-decided"
    articles: ClassVar[tuple[str, ...]] = ("art. 12 lid 2",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (
        ("amendment", "ref", True), ("party", "party", True), ("decision", "decision", True), ("date", "date", True),
    )  # fmt: skip
    amendment: str
    party: str
    decision: str
    date: dt.date


@dataclass(frozen=True)
class BudgetConsented(Fact):
    kind: ClassVar[str] = "budget-consented"
    articles: ClassVar[tuple[str, ...]] = ("art. 6",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("year", "year", True), ("date", "date", True))
    year: int
    date: dt.date


@dataclass(frozen=True)
class BudgetDecided(Fact):
    """One party's decision on the budget for `year` (art. 6: "ter instemming voorgelegd aan de gremia";
    art. 5 lid 3: decisions are taken by each party separately). Read with the reading `budget_consent_by`."""

    kind: ClassVar[str] = "budget-decided"
    articles: ClassVar[tuple[str, ...]] = ("art. 6", "art. 5 lid 3")
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (
        ("year", "year", True), ("party", "party", True), ("decision", "decision", True), ("date", "date", True),
    )  # fmt: skip
    year: int
    party: str
    decision: str
    date: dt.date


@dataclass(frozen=True)
class BudgetDrafted(Fact):
    """The host drafted the budget for `year` (art. 6, first sentence)."""

    kind: ClassVar[str] = "budget-drafted"
    articles: ClassVar[tuple[str, ...]] = ("art. 6",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("year", "year", True), ("date", "date", True))
    year: int
    date: dt.date


@dataclass(frozen=True)
class BudgetAdopted(Fact):
    """The host's council adopted its programme budget including this budget for `year` (art. 6), optionally with
    the budget lines adopted (`lines`: name and amount, in the order given), within which the host commits
    (art. 4 lid 4)."""

    kind: ClassVar[str] = "budget-adopted"
    articles: ClassVar[tuple[str, ...]] = ("art. 6",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("year", "year", True), ("date", "date", True), ("lines", "lines", False))
    year: int
    date: dt.date
    lines: tuple[tuple[str, Decimal], ...] | None = None


@dataclass(frozen=True)
class CommitmentMade(Fact):
    """The host entered into an obligation to a third party on behalf of the parties (art. 4 lid 4): `amount` on
    budget line `line` of the budget for `year`, on `date`. `mandate` names the mandate regulation or decision that
    allows going beyond the line; `approved` is the day the commitment was approved under it."""

    kind: ClassVar[str] = "commitment-made"
    articles: ClassVar[tuple[str, ...]] = ("art. 4 lid 4",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (
        ("ref", "ref", True), ("year", "year", True), ("line", "name", True), ("amount", "amount", True),
        ("date", "date", True), ("counterparty", "name", True), ("mandate", "text", False), ("approved", "date", False),
    )  # fmt: skip
    ref: str
    year: int
    line: str
    amount: Decimal
    date: dt.date
    counterparty: str
    mandate: str | None = None
    approved: dt.date | None = None


STAFF_ROLES = ("chair", "secretary", "other")


@dataclass(frozen=True)
class StaffEmployed(Fact):
    """The host employs a position for the cooperation (art. 4 lid 1: the official chair, scale 11, and the
    secretary, scale 9): `fte` from `date` (the start) until `until` (the last day, inclusive; open when left out)."""

    kind: ClassVar[str] = "staff-employed"
    articles: ClassVar[tuple[str, ...]] = ("art. 4 lid 1",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (
        ("role", "staff-role", True), ("fte", "fte", True), ("scale", "scale", False), ("date", "date", True), ("until", "date", False),
    )  # fmt: skip
    role: str
    fte: Decimal
    date: dt.date
    scale: int | None = None
    until: dt.date | None = None


@dataclass(frozen=True)
class CostPerFte(Fact):
    kind: ClassVar[str] = "cost-per-fte"
    articles: ClassVar[tuple[str, ...]] = ("art. 7 lid 1",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("year", "year", True), ("amount", "amount", True))
    year: int
    amount: Decimal


@dataclass(frozen=True)
class CapacityNotSupplied(Fact):
    kind: ClassVar[str] = "capacity-not-supplied"
    articles: ClassVar[tuple[str, ...]] = ("art. 7 lid 3",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("party", "party", True), ("year", "year", True))
    party: str
    year: int


@dataclass(frozen=True)
class ExtraCost(Fact):
    kind: ClassVar[str] = "extra-cost"
    articles: ClassVar[tuple[str, ...]] = ("art. 7 lid 4",)
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (
        ("year", "year", True),
        ("category", "category", True),
        ("amount", "amount", True),
    )
    year: int
    category: str
    amount: Decimal


@dataclass(frozen=True)
class DisintegrationCostsAgreed(Fact):
    kind: ClassVar[str] = "disintegration-costs-agreed"
    articles: ClassVar[tuple[str, ...]] = ("art. 10 lid 1", "art. 10 lid 2")
    FIELDS: ClassVar[tuple[tuple[str, str, bool], ...]] = (("party", "party", True), ("amount", "amount", True), ("date", "date", True))
    party: str
    amount: Decimal
    date: dt.date


FACT_TYPES: dict[str, type[Fact]] = {
    cls.kind: cls
    for cls in (
        Signed, EvaluationCompleted, MeetingHeld, MeetingPlanned, MeetingCancelled, ChairElected, CoreGroupComposed,
        DisputeNotified, DisputeResolved, MediationStarted, DisputeSubmittedToGs, MediationCosts,
        WithdrawalNotified, WithdrawalConsented, WithdrawalObligationWaived,
        AmendmentRequested, AmendmentDecided, BudgetDrafted, BudgetDecided, BudgetConsented, BudgetAdopted,
        CostPerFte, CapacityNotSupplied, ExtraCost, DisintegrationCostsAgreed, CommitmentMade, StaffEmployed,
    )
}  # fmt: skip

# What each field type of FIELDS holds when read, for `_compile_fact_methods`'s quick cases.
_STR_TYPES = frozenset({"party", "ref", "body", "decision", "category", "name", "text", "staff-role"})
_INT_TYPES = frozenset({"year", "scale"})
_DECIMAL_TYPES = frozenset({"amount", "fte"})
_TUPLE_TYPES = frozenset({"parties", "party-set", "years", "periodic-kinds"})  # tuples of str or int: a list of the same


def _compile_fact_methods(cls: type[Fact]) -> None:
    """Give `cls` its own `to_json` and `order_text`, written out for its fields (as dataclasses writes `__init__`):
    the same results as the general ones (`Fact.to_json`, `repr`), without a loop, a lookup and a type test per
    field. Each field's value of the type FIELDS declares is written directly; any other value goes through
    `_json_value`, and a required field that holds None through the general `Fact.to_json`."""
    declared = {name: typ for name, typ, _required in cls.FIELDS}
    names = [f.name for f in fields(cls)]
    required = [f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING]

    def value(name: str) -> str:
        typ = declared.get(name, "")
        if typ in _STR_TYPES:
            return f"{name} if type({name}) is str else _json_value({name!r}, {name})"
        if typ in _INT_TYPES:
            return f"{name} if type({name}) is int else _json_value({name!r}, {name})"
        if typ == "date":
            # The day's ISO text as kept by `periods.iso_date` (a fact's date is often another fact's too).
            return f"(_ISO.get({name}) or _iso({name})) if type({name}) is _date else _json_value({name!r}, {name})"
        if typ in _TUPLE_TYPES and name not in ("parameters", "lines"):  # those two names `_json_value` writes as dicts
            return f"list({name}) if type({name}) is tuple else _json_value({name!r}, {name})"
        if typ in _DECIMAL_TYPES:
            # An amount as money.to_json writes it (whole cents, half away from zero), written out here rather than
            # called, its test included (an amount already in whole cents is its own text, without `quantize`): 2,850
            # amounts are written per answer of the bench, nine in ten in cents already.
            as_text = (
                f"str({name})" if name == "fte" else f"(_t if (_t := str({name}))[-3:-2] == '.' else str({name}.quantize(_CENT, _HALF_UP)))"
            )
            return f"{as_text} if type({name}) is _Decimal else _json_value({name!r}, {name})"
        return f"_json_value({name!r}, {name})"

    lines = ["def to_json(self):"]
    lines += [f"    {name} = self.{name}" for name in names]
    if required:
        lines.append(f"    if {' or '.join(f'{name} is None' for name in required)}:")
        lines.append("        return _general(self)")
    items = ", ".join([repr("fact") + ": " + repr(cls.kind), *(f"{name!r}: {value(name)}" for name in required)])
    lines.append(f"    out = {{{items}}}")
    for name in names:
        if name not in required:
            lines.append(f"    if {name} is not None:")
            lines.append(f"        out[{name!r}] = {value(name)}")
    lines.append("    return out")
    # order_text: `repr(self)` as dataclasses writes it, but a day's repr from `periods.REPR_DATES` and an amount's from its
    # str (what `Decimal.__repr__` puts between its quotes): a tenth and half of the cost of their `repr`. An amount
    # that is not a Decimal makes the whole text the plain way (`shown_plain`).
    lines.append("def order_text(self):")
    shown, shown_plain = [], []
    for i, f in enumerate(field for field in fields(cls) if field.repr):
        typ = declared.get(f.name, "")
        shown_plain.append(f"{f.name}={{self.{f.name}!r}}")
        if typ == "date":
            lines.append(f"    v{i} = self.{f.name}")
            lines.append(f"    v{i} = (_REPRS.get(v{i}) or _repr_date(v{i})) if type(v{i}) is _date else repr(v{i})")
            shown.append(f"{f.name}={{v{i}}}")
        elif typ in _DECIMAL_TYPES:
            lines.append(f"    v{i} = self.{f.name}")
            lines.append(f"    if type(v{i}) is not _Decimal:")
            lines.append("        return plain(self)")
            shown.append(f"{f.name}=Decimal('{{v{i}!s}}')")
        else:
            shown.append(shown_plain[-1])
    lines.append(f"    return f{cls.__qualname__ + '(' + ', '.join(shown) + ')'!r}")
    lines.append("def plain(self):")
    lines.append(f"    return f{cls.__qualname__ + '(' + ', '.join(shown_plain) + ')'!r}")
    namespace: dict[str, Any] = {
        "_json_value": _json_value, "_CENT": CENT, "_HALF_UP": ROUND_HALF_UP, "_date": dt.date, "_Decimal": Decimal,
        "_general": Fact.to_json, "_ISO": ISO_DATES, "_iso": iso_date, "_REPRS": REPR_DATES, "_repr_date": repr_date,
    }  # fmt: skip
    exec("\n".join(lines), namespace)  # the code written above, from the class's own field names
    for method in ("to_json", "order_text"):
        function = namespace[method]
        function.__qualname__ = f"{cls.__qualname__}.{method}"
        function.__doc__ = getattr(Fact, method).__doc__
        setattr(cls, method, function)


for _cls in FACT_TYPES.values():
    _compile_fact_methods(_cls)

# The fact types whose `on` is `Fact.on`: the `date` field when it holds a date, else None. A loop over thousands of
# facts reads `date` of these without calling the property (`MeetingPlanned` and `MeetingCancelled` have their own).
DATE_IS_ON: frozenset[type[Fact]] = frozenset(cls for cls in FACT_TYPES.values() if cls.on is Fact.on)


# --- parsing -------------------------------------------------------------------------------------


class _Invalid(Exception):
    def __init__(self, message: str, code: str, subfield: str = "") -> None:
        self.message = message
        self.code = code
        self.subfield = subfield  # a key inside the field (parameters.<key>), or ""


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def parse_json(text: str | bytes, *, field: str = "(document)") -> Any:
    """Read a JSON document, refusing what the rules could not take safely; ScenarioError names `field`.

    The nesting depth is checked before parsing (`json.loads` recurses, and a document nested
    a thousand deep raises RecursionError): at most MAX_JSON_DEPTH lists and objects deep. Bytes
    must be UTF-8. Strings are checked later, where their field is known (`json_problems`).
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise ScenarioError(
                [FieldError(None, field, _("is geen geldige UTF-8: {reason}", reason=e.reason), "scenario.bad-json")]
            ) from None
    if json_depth(text) > MAX_JSON_DEPTH:
        raise ScenarioError([_too_deep(field)])
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ScenarioError([FieldError(None, field, _("is geen geldige JSON: {error}", error=str(e)), "scenario.bad-json")]) from None
    except RecursionError:  # pragma: no cover - the depth check above comes first
        raise ScenarioError([_too_deep(field)]) from None


def json_depth(text: str) -> int:
    """How deeply the lists and objects of a JSON text nest (strings skipped), counted without parsing it;
    stops counting once past MAX_JSON_DEPTH."""
    depth = deepest = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_JSON_DEPTH:
                break
    return deepest


def _too_deep(field: str) -> FieldError:
    return FieldError(
        None, field, _("is te diep genest: hoogstens {max} lijsten en objecten in elkaar", max=MAX_JSON_DEPTH), "scenario.too-deep"
    )


def bad_text(value: str) -> bool:
    """Whether `value` is not storable Unicode text: it holds a lone surrogate or NUL."""
    return _BAD_CHARACTER.search(value) is not None


def safe_text(value: str) -> str:
    """`value` with lone surrogates and NUL written as escapes (\\ud800), for naming it in a message."""
    return _BAD_CHARACTER.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), value)


def _json_clean(value: Any, depth: int) -> bool:
    """Whether `json_problems` finds nothing in `value`: the same checks, without naming a path.

    One walk without recursion that gathers every string (values, and keys that are strings) and stops at a list or
    object nested too deeply, then one search of `_BAD_CHARACTER` over the strings joined: the same answer as a
    search per string, since the pattern matches a single character (any surrogate, or NUL), which joining cannot
    make or unmake. About a third of the time of a search per string for a fact (read again for every evaluation of
    recorded facts, `samen check --all`)."""
    texts: list[str] = []
    pending: list[tuple[Any, int]] = [(value, depth)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, dict):
            if level >= MAX_JSON_DEPTH:
                return False
            for key, inner in item.items():
                if isinstance(key, str):
                    texts.append(key)
                if type(inner) is str:
                    texts.append(inner)
                elif isinstance(inner, str | dict | list):
                    pending.append((inner, level + 1))
        elif isinstance(item, list):
            if level >= MAX_JSON_DEPTH:
                return False
            pending.extend((inner, level + 1) for inner in item)
    return _BAD_CHARACTER.search("".join(texts)) is None


def json_problems(value: Any, field: str, index: int | None = None, *, depth: int = 0) -> list[FieldError]:
    """The first problem with a parsed JSON value the rules would otherwise choke on, naming its path.

    Too deep (more than MAX_JSON_DEPTH lists and objects: `scenario.too-deep`), or a string or
    key that is not Unicode text (a lone surrogate such as "\\ud800", or NUL: `scenario.bad-text`);
    it could not be stored, printed or hashed.
    """
    if _json_clean(value, depth):  # the usual case, without building a path per key
        return []
    if isinstance(value, str):
        if bad_text(value):
            return [
                FieldError(
                    index,
                    field,
                    _("bevat een ongeldig teken (een losse surrogaat of NUL): geen geldige Unicode-tekst"),
                    "scenario.bad-text",
                )
            ]
        return []
    if isinstance(value, (dict, list)):
        if depth >= MAX_JSON_DEPTH:
            return [FieldError(index, field, _too_deep(field).message, "scenario.too-deep")]
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(key, str):
                path = f"{field}.{safe_text(key)}" if field else safe_text(key)
                if bad_text(key):
                    return [
                        FieldError(index, path, _("de naam bevat een ongeldig teken (een losse surrogaat of NUL)"), "scenario.bad-text")
                    ]
            else:
                path = f"{field}[{key}]"
            found = json_problems(item, path, index, depth=depth + 1)
            if found:
                return found
    return []


def parse_date(raw: Any) -> dt.date:
    """An ISO date YYYY-MM-DD given as a JSON string; _Invalid otherwise."""
    if not isinstance(raw, str) or not _DATE.match(raw):
        raise _Invalid(_("moet een datum zijn in de vorm JJJJ-MM-DD (gekregen: {raw})", raw=repr(raw)), "scenario.bad-date")
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise _Invalid(_("is geen bestaande datum: {raw}", raw=repr(raw)), "scenario.bad-date") from None
    check_date_range(day)
    return day


def check_date_range(day: dt.date) -> None:
    """_Invalid unless `day` lies between MIN_DATE and MAX_DATE (1900-01-01..2999-12-31)."""
    if not MIN_DATE <= day <= MAX_DATE:
        raise _Invalid(
            _(
                "moet tussen {min} en {max} liggen (gekregen: {day})",
                min=MIN_DATE.isoformat(),
                max=MAX_DATE.isoformat(),
                day=day.isoformat(),
            ),
            "scenario.date-out-of-range",
        )


def date_problem(day: dt.date, field: str) -> FieldError | None:
    """A FieldError naming `field` when `day` is outside MIN_DATE..MAX_DATE (for an `as_of` given as a date), else None."""
    try:
        check_date_range(day)
    except _Invalid as e:
        return FieldError(None, field, e.message, e.code)
    return None


def _amount(raw: Any, agreement: Agreement) -> Decimal:
    if isinstance(raw, float):
        raise _Invalid(
            _('bedrag als JSON-getal {raw}: geef een tekst met twee decimalen, bijv. "98500.00"', raw=repr(raw)), "scenario.float-amount"
        )
    if not isinstance(raw, str) or not _AMOUNT.match(raw):
        raise _Invalid(
            _('moet een bedrag zijn als tekst met precies twee decimalen, bijv. "98500.00" (gekregen: {raw})', raw=repr(raw)),
            "scenario.bad-amount",
        )
    return Decimal(raw)


def _party(raw: Any, agreement: Agreement) -> str:
    if not isinstance(raw, str):
        raise _Invalid(_('moet de code van een partij zijn, bijv. "GM0153" (gekregen: {raw})', raw=repr(raw)), "scenario.bad-type")
    if not agreement.is_party(raw):
        raise _Invalid(
            _("{code} is geen partij bij deze overeenkomst; buiten de partijen kan niemand toetreden (art. 8 lid 1)", code=raw),
            "art-8.closed-membership",
        )
    return raw


def _parties(raw: Any, agreement: Agreement) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        raise _Invalid(_("moet een niet-lege lijst van partijcodes zijn"), "scenario.bad-type")
    codes = tuple(_party(code, agreement) for code in raw)
    if len(set(codes)) != len(codes):
        raise _Invalid(_("noemt een partij meer dan eens"), "scenario.duplicate-party")
    return codes


def _party_set(raw: Any, agreement: Agreement) -> tuple[str, ...]:
    if isinstance(raw, list) and not raw:
        return ()
    if not isinstance(raw, list):
        raise _Invalid(_("moet een lijst van partijcodes zijn (leeg mag)"), "scenario.bad-type")
    return _parties(raw, agreement)


def _ref(raw: Any, agreement: Agreement) -> str:
    if not isinstance(raw, str) or not _REF.match(raw):
        raise _Invalid(
            _("moet een kenmerk zijn van letters, cijfers, '.', '_' of '-' (max. 64 tekens; gekregen: {raw})", raw=repr(raw)),
            "scenario.bad-ref",
        )
    return raw


def _year(raw: Any, agreement: Agreement) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not MIN_YEAR <= raw <= MAX_YEAR:
        raise _Invalid(_("moet een jaartal zijn als getal, bijv. 2027 (gekregen: {raw})", raw=repr(raw)), "scenario.bad-year")
    return raw


def _choice(options: tuple[str, ...]) -> Callable[[Any, Agreement], str]:
    def read(raw: Any, agreement: Agreement) -> str:
        if raw not in options:
            raise _Invalid(
                _("moet een van {options} zijn (gekregen: {raw})", options=", ".join(options), raw=repr(raw)), "scenario.bad-choice"
            )
        return str(raw)

    return read


PERIODIC_KINDS = ("annual-contribution", "capacity-contribution")


def _years(raw: Any, agreement: Agreement) -> tuple[int, ...]:
    if not isinstance(raw, list) or not raw:
        raise _Invalid(_("moet een niet-lege lijst van jaartallen zijn, bijv. [2027]"), "scenario.bad-type")
    years = tuple(_year(y, agreement) for y in raw)
    if len(set(years)) != len(years):
        raise _Invalid(_("noemt een jaar meer dan eens"), "scenario.duplicate-year")
    return tuple(sorted(years))


def _periodic_kinds(raw: Any, agreement: Agreement) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        raise _Invalid(_("moet een niet-lege lijst zijn van annual-contribution en/of capacity-contribution"), "scenario.bad-type")
    kinds = tuple(_choice(PERIODIC_KINDS)(k, agreement) for k in raw)
    if len(set(kinds)) != len(kinds):
        raise _Invalid(_("noemt een soort bijdrage meer dan eens"), "scenario.duplicate-kind")
    return kinds


def _category(raw: Any, agreement: Agreement) -> str:
    return _choice(tuple(c.key for c in agreement.extra_cost_categories))(raw, agreement)


_DECIMAL = re.compile(r"^\d{1,12}(\.\d{1,6})?$")


def _parameters(raw: Any, agreement: Agreement) -> tuple[tuple[str, Decimal | int], ...]:
    """Parameter changes of an amendment (art. 12): known keys, each value of its parameter's type."""
    if not isinstance(raw, dict) or not raw:
        raise _Invalid(
            _('moet een niet-leeg JSON-object zijn van parameter naar nieuwe waarde, bijv. {"withdrawal.notice_months": 12}'),
            "scenario.bad-type",
        )
    out: list[tuple[str, Decimal | int]] = []
    for key, value in raw.items():
        parameter = agreement.parameters.get(key)
        if parameter is None:
            known = ", ".join(sorted(agreement.parameters))
            raise _Invalid(
                _("onbekende parameter {key}; bekend zijn: {known}", key=repr(key), known=known), "scenario.unknown-parameter", key
            )
        current = parameter.values[0].value
        if isinstance(current, int):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise _Invalid(
                    _("moet een positief geheel getal zijn ({unit}; gekregen: {value})", unit=parameter.unit, value=repr(value)),
                    "scenario.bad-parameter",
                    key,
                )
            _check_parameter_range(parameter, value, key)
            out.append((key, value))
            continue
        if isinstance(value, float):
            raise _Invalid(_('waarde als JSON-getal {value}: geef een tekst, bijv. "0.1"', value=repr(value)), "scenario.float-amount", key)
        pattern, example = (_AMOUNT, '"10000.00"') if parameter.unit == "EUR" else (_DECIMAL, '"0.1"')
        if not isinstance(value, str) or not pattern.match(value):
            raise _Invalid(
                _(
                    "moet een decimaal getal als tekst zijn ({unit}), bijv. {example} (gekregen: {value})",
                    unit=parameter.unit,
                    example=example,
                    value=repr(value),
                ),
                "scenario.bad-parameter",
                key,
            )
        _check_parameter_range(parameter, Decimal(value), key)
        out.append((key, Decimal(value)))
    return tuple(out)


def _check_parameter_range(parameter: Parameter, value: Decimal | int, key: str) -> None:
    """An amendment's new value must lie in the range the agreement file declares for the parameter (`min`, `max`)."""
    if not parameter.in_range(value):
        raise _Invalid(
            _(
                "moet liggen tussen {min} en {max} ({unit}; gekregen: {value})",
                min=parameter.minimum,
                max=parameter.maximum,
                unit=parameter.unit,
                value=value,
            ),
            "scenario.parameter-out-of-range",
            key,
        )


NAME_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 2000


def _text_of(max_length: int) -> Callable[[Any, Agreement], str]:
    def read(raw: Any, agreement: Agreement) -> str:
        if not isinstance(raw, str) or not raw.strip():
            raise _Invalid(_("moet een niet-lege tekst zijn (gekregen: {raw})", raw=repr(raw)), "scenario.bad-type")
        if len(raw) > max_length:
            raise _Invalid(_("is langer dan {count} tekens", count=max_length), "scenario.bad-text")
        return raw.strip()

    return read


def _lines(raw: Any, agreement: Agreement) -> tuple[tuple[str, Decimal], ...]:
    """Budget lines (art. 6, art. 4 lid 4): a JSON object from a line's name to its amount (two-decimal string)."""
    if not isinstance(raw, dict):
        raise _Invalid(_('moet een JSON-object zijn van begrotingspost naar bedrag, bijv. {"Personeel": "150000.00"}'), "scenario.bad-type")
    out: list[tuple[str, Decimal]] = []
    seen: set[str] = set()
    for name, amount in raw.items():
        if not name.strip():
            raise _Invalid(_("een begrotingspost heeft een naam"), "scenario.bad-type", name)
        if len(name) > NAME_MAX_LENGTH:
            raise _Invalid(_("de naam is langer dan {count} tekens", count=NAME_MAX_LENGTH), "scenario.bad-text", name)
        if name.strip() in seen:
            raise _Invalid(_("noemt deze begrotingspost meer dan eens"), "scenario.duplicate-fact", name)
        seen.add(name.strip())
        try:
            out.append((name.strip(), _amount(amount, agreement)))
        except _Invalid as e:
            raise _Invalid(e.message, e.code, name) from None
    return tuple(out)


def _fte(raw: Any, agreement: Agreement) -> Decimal:
    if isinstance(raw, float):
        raise _Invalid(_('fte als JSON-getal {raw}: geef een tekst, bijv. "0.8"', raw=repr(raw)), "scenario.float-amount")
    if not isinstance(raw, str) or not _DECIMAL.match(raw) or Decimal(raw) <= 0 or Decimal(raw) > 10:
        raise _Invalid(
            _('moet een aantal fte zijn als tekst, groter dan 0 en hoogstens 10, bijv. "0.8" (gekregen: {raw})', raw=repr(raw)),
            "scenario.bad-amount",
        )
    return Decimal(raw)


def _scale(raw: Any, agreement: Agreement) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= 99:
        raise _Invalid(_("moet een salarisschaal zijn als getal, bijv. 11 (gekregen: {raw})", raw=repr(raw)), "scenario.bad-type")
    return raw


_READERS: dict[str, Callable[[Any, Agreement], Any]] = {
    "date": lambda raw, agreement: parse_date(raw),
    "party": _party,
    "parties": _parties,
    "party-set": _party_set,
    "ref": _ref,
    "amount": _amount,
    "year": _year,
    "body": _choice(BODIES),
    "decision": _choice(DECISIONS),
    "category": _category,
    "parameters": _parameters,
    "years": _years,
    "periodic-kinds": _periodic_kinds,
    "lines": _lines,
    "name": _text_of(NAME_MAX_LENGTH),
    "text": _text_of(TEXT_MAX_LENGTH),
    "fte": _fte,
    "scale": _scale,
    "staff-role": _choice(STAFF_ROLES),
}


# Per fact type, its FIELDS as name -> (reader, required), made once (a fact type's FIELDS is a constant of the class).
_SPECS: dict[type[Fact], dict[str, tuple[str, bool]]] = {}


def _fact_errors(raw: Any, agreement: Agreement, index: int | None) -> tuple[Fact | None, list[FieldError]]:
    prefix = f"facts[{index}]" if index is not None else "fact"
    if not isinstance(raw, dict):
        return None, [FieldError(index, prefix, _("moet een JSON-object zijn"), "scenario.bad-fact")]
    problems = json_problems(raw, prefix, index)
    if problems:
        return None, problems
    kind = raw.get("fact")
    if kind is None:
        return None, [FieldError(index, f"{prefix}.fact", _("ontbreekt: welk soort feit is dit?"), "scenario.missing-field")]
    cls = FACT_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        known = ", ".join(sorted(FACT_TYPES))
        return None, [
            FieldError(
                index,
                f"{prefix}.fact",
                _("onbekend soort feit {kind}; bekend zijn: {known}", kind=repr(kind), known=known),
                "scenario.unknown-fact",
            )
        ]
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    spec = _SPECS.get(cls)
    if spec is None:
        spec = _SPECS[cls] = {name: (typ, required) for name, typ, required in cls.FIELDS}
    for name in raw:
        if name != "fact" and name not in spec:
            errors.append(FieldError(index, f"{prefix}.{name}", _("is geen veld van een {kind}-feit", kind=kind), "scenario.unknown-field"))
    for name, (typ, required) in spec.items():
        if name not in raw:
            if required:
                errors.append(
                    FieldError(
                        index, f"{prefix}.{name}", _("ontbreekt (verplicht bij een {kind}-feit)", kind=kind), "scenario.missing-field"
                    )
                )
            continue
        try:
            values[name] = _READERS[typ](raw[name], agreement)
        except _Invalid as e:
            path = f"{prefix}.{name}.{e.subfield}" if e.subfield else f"{prefix}.{name}"
            errors.append(FieldError(index, path, e.message, e.code))
    if errors:
        return None, errors
    fact = cls(**values)
    errors.extend(_contradictions(fact, agreement, index, prefix))
    return (None, errors) if errors else (fact, [])


def _contradictions(fact: Fact, agreement: Agreement, index: int | None, prefix: str) -> list[FieldError]:
    """Facts that contradict the agreement on their own."""
    if isinstance(fact, DisputeNotified) and fact.by in fact.against:
        return [
            FieldError(
                index,
                f"{prefix}.against",
                _("een partij kan geen geschil met zichzelf hebben (art. 14 lid 1)"),
                "art-14.dispute-with-itself",
            )
        ]
    if isinstance(fact, AmendmentRequested) and fact.end_date is not None and fact.end_date <= agreement.start:
        return [
            FieldError(
                index, f"{prefix}.end_date", _("de nieuwe einddatum moet na de start van de overeenkomst liggen"), "art-12.bad-end-date"
            )
        ]
    if isinstance(fact, StaffEmployed) and fact.until is not None and fact.until < fact.date:
        return [FieldError(index, f"{prefix}.until", _("ligt vóór de begindatum van de aanstelling"), "scenario.date-order")]
    if isinstance(fact, CommitmentMade) and fact.approved is not None and fact.approved < fact.date:
        return [FieldError(index, f"{prefix}.approved", _("de goedkeuring ligt vóór de datum van de verplichting"), "scenario.date-order")]
    if isinstance(fact, CommitmentMade) and fact.approved is not None and fact.mandate is None:
        return [
            FieldError(
                index,
                f"{prefix}.approved",
                _("een goedkeuring hoort bij een mandaat: noem het mandaat (mandate)"),
                "scenario.missing-field",
            )
        ]
    if isinstance(fact, AmendmentRequested) and fact.effective_date is not None and fact.effective_date < agreement.start:
        return [
            FieldError(
                index,
                f"{prefix}.effective_date",
                _("een wijziging kan niet ingaan vóór de start van de overeenkomst"),
                "art-12.bad-effective-date",
            )
        ]
    return []


def parse_fact(raw: Any, agreement: Agreement, index: int | None = None) -> Fact:
    """Read one scenario fact dict strictly; ScenarioError names the field (facts[index].field)."""
    fact, errors = _fact_errors(raw, agreement, index)
    if errors or fact is None:
        raise ScenarioError(errors)
    return fact


# --- scenarios -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: the agreement, the date it is evaluated on, reading overrides, facts, and the
    language of the answer's texts."""

    agreement: Agreement
    as_of: dt.date
    settings: Mapping[str, bool | str]
    facts: tuple[Fact, ...]
    language: str = DEFAULT_LANGUAGE


def parse_settings(raw: Any, agreement: Agreement) -> tuple[dict[str, bool | str], list[FieldError]]:
    """Validate reading overrides: known keys, values of the reading's type or among its options."""
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        return {}, [FieldError(None, "settings", _("moet een JSON-object zijn"), "scenario.bad-type")]
    out: dict[str, bool | str] = {}
    errors: list[FieldError] = []
    for key, value in raw.items():
        reading = agreement.readings.get(key)
        if reading is None:
            known = ", ".join(sorted(agreement.readings))
            errors.append(
                FieldError(
                    None, f"settings.{key}", _("onbekende instelling; bekend zijn: {known}", known=known), "scenario.unknown-setting"
                )
            )
        elif isinstance(reading.default, bool):
            if not isinstance(value, bool):
                errors.append(FieldError(None, f"settings.{key}", _("moet true of false zijn"), "scenario.bad-setting"))
            else:
                out[key] = value
        elif not isinstance(value, str) or (reading.options and value not in reading.options):
            options = ", ".join(reading.options)
            errors.append(
                FieldError(
                    None,
                    f"settings.{key}",
                    _("moet een van {options} zijn (gekregen: {raw})", options=options, raw=repr(value)),
                    "scenario.bad-setting",
                )
            )
        else:
            out[key] = value
    return out, errors


TOP_LEVEL = ("agreement", "as_of", "settings", "facts", "language")


def parse_scenario(doc: Any, agreements: Mapping[str, Agreement], *, today: dt.date, default: str | None = None) -> Scenario:
    """Validate a whole scenario document before anything is evaluated; ScenarioError lists every problem.

    The errors are in the scenario's `language` when it names one the rules speak ("en": English), otherwise in
    the current language (`samen.rules.i18n.use`; Dutch unless a caller chose otherwise)."""
    language = doc.get("language") if isinstance(doc, dict) else None
    with use(language if isinstance(language, str) and language in LANGUAGES else current()):
        return _parse_scenario(doc, agreements, today=today, default=default)


def _parse_scenario(doc: Any, agreements: Mapping[str, Agreement], *, today: dt.date, default: str | None) -> Scenario:
    if not isinstance(doc, dict):
        raise ScenarioError([FieldError(None, "(document)", _("moet een JSON-object zijn"), "scenario.bad-type")])
    problems = json_problems(doc, "")
    if problems:
        raise ScenarioError(problems)
    errors: list[FieldError] = []
    for key in doc:
        if key not in TOP_LEVEL:
            errors.append(
                FieldError(
                    None,
                    key,
                    _("is geen veld van een scenario; bekend zijn: {known}", known=", ".join(TOP_LEVEL)),
                    "scenario.unknown-field",
                )
            )
    slug = doc.get("agreement", default if default is not None else _default_slug(agreements))
    agreement = agreements.get(slug) if isinstance(slug, str) else None
    if agreement is None:
        known = ", ".join(sorted(agreements))
        raise ScenarioError(
            [
                *errors,
                FieldError(
                    None,
                    "agreement",
                    _("onbekende overeenkomst {slug}; bekend zijn: {known}", slug=repr(slug), known=known),
                    "scenario.unknown-agreement",
                ),
            ]
        )
    as_of = today
    if "as_of" in doc:
        try:
            as_of = parse_date(doc["as_of"])
        except _Invalid as e:
            errors.append(FieldError(None, "as_of", e.message, e.code))
    settings, setting_errors = parse_settings(doc.get("settings"), agreement)
    errors.extend(setting_errors)
    language = doc.get("language", DEFAULT_LANGUAGE)
    if language not in LANGUAGES:
        errors.append(
            FieldError(
                None,
                "language",
                _("moet een van {options} zijn (gekregen: {raw})", options=", ".join(LANGUAGES), raw=repr(language)),
                "scenario.bad-choice",
            )
        )
        language = DEFAULT_LANGUAGE
    raw_facts = doc.get("facts", [])
    facts: list[Fact] = []
    if not isinstance(raw_facts, list):
        errors.append(FieldError(None, "facts", _("moet een lijst van feiten zijn"), "scenario.bad-type"))
        raw_facts = []
    for i, raw in enumerate(raw_facts):
        fact, fact_errors = _fact_errors(raw, agreement, i)
        errors.extend(fact_errors)
        if fact is not None:
            facts.append(fact)
    if not errors:
        errors.extend(check_consistency(facts))
    if errors:
        raise ScenarioError(errors)
    return Scenario(agreement=agreement, as_of=as_of, settings=settings, facts=tuple(facts), language=language)


def _default_slug(agreements: Mapping[str, Agreement]) -> str:
    if "twente-vth-2024" in agreements or not agreements:
        return "twente-vth-2024"
    return sorted(agreements)[0]


def check_consistency(facts: list[Fact] | tuple[Fact, ...]) -> list[FieldError]:
    """Problems between facts: references to unknown disputes or amendments, duplicates, dates out of order."""
    errors: list[FieldError] = []
    disputes: dict[str, DisputeNotified] = {}
    amendments: dict[str, AmendmentRequested] = {}
    commitments: set[str] = set()
    seen: dict[tuple[Any, ...], int] = {}

    def duplicate(i: int, key: tuple[Any, ...], field_name: str, what: str) -> None:
        if key in seen:
            errors.append(
                FieldError(
                    i,
                    f"facts[{i}].{field_name}",
                    _("{what} staat al in feit {index}", what=what, index=seen[key]),
                    "scenario.duplicate-fact",
                    seen[key],
                )
            )
        else:
            seen[key] = i

    for i, fact in enumerate(facts):
        if isinstance(fact, DisputeNotified):
            if fact.dispute in disputes:
                errors.append(
                    FieldError(
                        i, f"facts[{i}].dispute", _("geschil {dispute} is al eerder gemeld", dispute=fact.dispute), "scenario.duplicate-ref"
                    )
                )
            else:
                disputes[fact.dispute] = fact
        elif isinstance(fact, AmendmentRequested):
            if fact.amendment in amendments:
                errors.append(
                    FieldError(
                        i,
                        f"facts[{i}].amendment",
                        _("wijziging {amendment} is al eerder verzocht", amendment=fact.amendment),
                        "scenario.duplicate-ref",
                    )
                )
            else:
                amendments[fact.amendment] = fact
        elif isinstance(fact, CommitmentMade):
            if fact.ref in commitments:
                errors.append(
                    FieldError(
                        i, f"facts[{i}].ref", _("verplichting {ref} is al eerder vastgelegd", ref=fact.ref), "scenario.duplicate-ref"
                    )
                )
            else:
                commitments.add(fact.ref)
    for i, fact in enumerate(facts):
        if isinstance(fact, (DisputeResolved, MediationStarted, DisputeSubmittedToGs, MediationCosts)):
            notified = disputes.get(fact.dispute)
            if notified is None:
                errors.append(
                    FieldError(
                        i,
                        f"facts[{i}].dispute",
                        _("geschil {dispute} is niet gemeld (geen dispute-notified)", dispute=fact.dispute),
                        "scenario.unknown-ref",
                    )
                )
            elif fact.date < notified.date:
                errors.append(
                    FieldError(
                        i,
                        f"facts[{i}].date",
                        _("ligt vóór de ontvangst van de melding van geschil {dispute}", dispute=fact.dispute),
                        "scenario.date-order",
                    )
                )
            if not isinstance(fact, MediationCosts):
                duplicate(
                    i,
                    (fact.kind, fact.dispute),
                    "dispute",
                    _("een {kind}-feit voor geschil {dispute}", kind=fact.kind, dispute=fact.dispute),
                )
        elif isinstance(fact, AmendmentDecided):
            requested = amendments.get(fact.amendment)
            if requested is None:
                errors.append(
                    FieldError(
                        i,
                        f"facts[{i}].amendment",
                        _("wijziging {amendment} is niet verzocht (geen amendment-requested)", amendment=fact.amendment),
                        "scenario.unknown-ref",
                    )
                )
            elif fact.date < requested.date:
                errors.append(
                    FieldError(
                        i,
                        f"facts[{i}].date",
                        _("ligt vóór het verzoek om wijziging {amendment}", amendment=fact.amendment),
                        "scenario.date-order",
                    )
                )
            # A party may take a new decision that replaces its earlier one (the latest counts, see
            # procedures/amendment.py); two decisions of one party on the same day cannot be ordered.
            duplicate(
                i,
                (fact.kind, fact.amendment, fact.party, fact.date),
                "date",
                _("een besluit van {party} over wijziging {amendment} op dezelfde dag", party=fact.party, amendment=fact.amendment),
            )
        elif isinstance(fact, BudgetDecided):
            # As for amendments: a party's latest decision counts; two on one day cannot be ordered.
            duplicate(
                i,
                (fact.kind, fact.year, fact.party, fact.date),
                "date",
                _("een besluit van {party} over de begroting voor {year} op dezelfde dag", party=fact.party, year=fact.year),
            )
        elif isinstance(fact, (Signed, WithdrawalNotified, WithdrawalConsented, WithdrawalObligationWaived, DisintegrationCostsAgreed)):
            duplicate(i, (fact.kind, fact.party), "party", _("een {kind}-feit voor {subject}", kind=fact.kind, subject=fact.party))
        elif isinstance(fact, (CostPerFte, BudgetConsented, BudgetDrafted, BudgetAdopted)):
            duplicate(i, (fact.kind, fact.year), "year", _("een {kind}-feit voor {subject}", kind=fact.kind, subject=fact.year))
        elif isinstance(fact, CapacityNotSupplied):
            duplicate(
                i,
                (fact.kind, fact.party, fact.year),
                "year",
                _("capaciteit niet geleverd door {party} in {year}", party=fact.party, year=fact.year),
            )
        elif isinstance(fact, EvaluationCompleted):
            duplicate(i, (fact.kind,), "date", _("een evaluatie"))
    return errors
