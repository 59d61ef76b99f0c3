"""Load and validate an agreement definition file (agreements/*.toml) into frozen dataclasses."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path
from typing import Any

import tomli  # the compiled parser: the same results as the standard library's tomllib, about 3.5 times as fast

PARTY_KINDS = ("municipality", "province")
BODY_KINDS = ("board", "core_group", "policy_meeting", "project_group", "secretaries_circle")


class DefinitionError(ValueError):
    """An agreement file is invalid; `key` names the offending key (dotted path)."""

    def __init__(self, key: str, message: str, *, source: str = "") -> None:
        self.key = key
        self.message = message
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{key}: {message}")


@dataclass(frozen=True)
class Party:
    """A signatory of the agreement (partij), identified by its official code."""

    code: str
    name: str
    kind: str
    representative: str
    function: str


@dataclass(frozen=True)
class Participant:
    """A non-party participant in a body (e.g. Waterschap Vechtstromen): no vote, pays nothing."""

    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class Body:
    """A body of the agreement (board, core group, policy meeting, project group, circle)."""

    key: str
    name: str
    short_name: str
    kind: str
    articles: tuple[str, ...]
    all_parties: bool
    participants: tuple[str, ...]


@dataclass(frozen=True)
class ChainPartner:
    """A chain partner (ketenpartner, art. 1 sub i): linked, not a member."""

    key: str
    name: str


@dataclass(frozen=True)
class Keyed:
    """A lettered item with a title: a pillar (art. 2 lid 1) or an extra-cost category (art. 7 lid 4).

    `title` is the agreement's own (Dutch) wording; `title_en` an optional English one for English texts.
    """

    key: str
    title: str
    title_en: str = ""


@dataclass(frozen=True)
class Article:
    """An article: number, title and the numbers (or letters) of its leden."""

    number: str
    title: str
    leden: tuple[str, ...]


@dataclass(frozen=True)
class DatedValue:
    """One value of a parameter, valid from a date until the next value's date."""

    valid_from: date
    value: Decimal | int | str
    # Where the value comes from: "" for the agreement as signed, otherwise the adopted amendment
    # (art. 12) that set it, e.g. "W-1".
    source: str = ""
    adopted_on: date | None = None


@dataclass(frozen=True)
class Parameter:
    """A parameter of the agreement with its dated values, oldest first."""

    key: str
    article: str
    unit: str
    values: tuple[DatedValue, ...]
    # The range every value must lie in, ends included (`min` and `max` in the file): checked on
    # load and when an amendment (art. 12) sets a new value, so that no period counted with it
    # can run past the calendar (samen.rules.facts bounds dates to 1900..2999 likewise).
    minimum: Decimal | int = 0
    maximum: Decimal | int = 0

    def in_range(self, value: Decimal | int | str) -> bool:
        """Whether `value` lies within [minimum, maximum]."""
        return not isinstance(value, str) and self.minimum <= value <= self.maximum

    def value_on(self, day: date) -> Decimal | int | str:
        """The value valid on `day`; before the first value, the first value applies."""
        return self.dated_on(day).value

    def dated_on(self, day: date) -> DatedValue:
        """The dated value valid on `day` (with its source); before the first value, the first value."""
        current = self.values[0]
        for dated in self.values:
            if dated.valid_from <= day:
                current = dated
        return current

    def with_value(self, dated: DatedValue) -> Parameter:
        """This parameter with one more dated value; a value with the same valid_from is replaced."""
        kept = [v for v in self.values if v.valid_from != dated.valid_from]
        return replace(self, values=tuple(sorted([*kept, dated], key=lambda v: v.valid_from)))


@dataclass(frozen=True)
class Reading:
    """A reading of an ambiguous clause, kept as a setting with its default."""

    key: str
    article: str
    default: bool | str
    description: str
    options: tuple[str, ...] = ()
    description_nl: str = ""


@dataclass(frozen=True)
class Agreement:
    """An agreement definition: everything the rules need to know that is not a fact."""

    slug: str
    citation_title: str
    language: str
    start: date
    term_years: int
    host: str
    parties: tuple[Party, ...]
    participants: tuple[Participant, ...]
    bodies: tuple[Body, ...]
    chain_partners: tuple[ChainPartner, ...]
    pillars: tuple[Keyed, ...]
    extra_cost_categories: tuple[Keyed, ...]
    parameters: dict[str, Parameter] = field(hash=False)
    readings: dict[str, Reading] = field(hash=False)
    articles: tuple[Article, ...]
    source: str = ""
    # The plan period (art. 1 sub j): the time over which specific content and financial agreements
    # were made, `[plan_period] years` from the start (default: the term); an extension starts a new one.
    plan_period_years: int = 0
    plan_period_articles: tuple[str, ...] = ("art. 1 sub j",)

    @cached_property
    def party_codes(self) -> tuple[str, ...]:
        """The codes of the parties, in the order the agreement lists them (made once per agreement)."""
        return tuple(p.code for p in self.parties)

    def is_party(self, code: str) -> bool:
        """Whether `code` is one of the agreement's parties (art. 8: the list is closed)."""
        return any(p.code == code for p in self.parties)

    def party(self, code: str) -> Party:
        """The party with this code; KeyError when it is none."""
        for p in self.parties:
            if p.code == code:
                return p
        raise KeyError(code)

    def body(self, key: str) -> Body:
        """The body with this key; KeyError when it is none."""
        for b in self.bodies:
            if b.key == key:
                return b
        raise KeyError(key)

    def article(self, number: str) -> Article:
        """The article with this number; KeyError when it is none."""
        for a in self.articles:
            if a.number == number:
                return a
        raise KeyError(number)

    def parameter(self, key: str, *, on: date) -> Decimal | int | str:
        """The value of parameter `key` valid on `on`."""
        return self.parameters[key].value_on(on)

    def int_parameter(self, key: str, *, on: date) -> int:
        """An integer parameter's value valid on `on`."""
        value = self.parameter(key, on=on)
        if isinstance(value, int):
            return value
        return int(value)

    def decimal_parameter(self, key: str, *, on: date) -> Decimal:
        """A decimal parameter's value valid on `on`."""
        value = self.parameter(key, on=on)
        return value if isinstance(value, Decimal) else Decimal(value)

    def with_parameter_values(self, changes: list[tuple[str, DatedValue]]) -> Agreement:
        """A new, dated version of the agreement: these parameter values added (art. 12 amendments)."""
        if not changes:
            return self
        parameters = dict(self.parameters)
        for key, dated in changes:
            parameters[key] = parameters[key].with_value(dated)
        return replace(self, parameters=parameters)

    def reading(self, key: str, settings: Mapping[str, Any] | None = None) -> bool | str:
        """The reading in force: the override in `settings` or the agreement's default."""
        if settings and key in settings:
            value: bool | str = settings[key]
            return value
        return self.readings[key].default

    @property
    def plan_years(self) -> int:
        """The length of a plan period in years (the term's when the file names none)."""
        return self.plan_period_years or self.term_years

    def end_date(self) -> date:
        """The last day of the original term: start + years, minus one day."""
        from samen.rules.periods import add_years, previous_day

        return previous_day(add_years(self.start, self.term_years))


REQUIRED_PARAMETERS = (
    "contribution.fte_per_party",
    "capacity.contribution_amount",
    "withdrawal.notice_months",
    "dispute.chair_phase_weeks",
    "dispute.mediation_months",
    "evaluation.within_years",
    "board.meetings_per_year",
    "core_group.min_parties",
)
REQUIRED_READINGS = (
    "roll_forward",
    "annual_contribution_payers",
    "capacity_contribution_period",
    "board_meetings_count",
    "chair_is_party",
    "mediation_cost_split",
    "extension_is_amendment",
    "split_order",
    "budget_consent_by",
    "mid_year_parameter",
)


class _Reader:
    """Typed access to a TOML table that raises DefinitionError naming the full key."""

    def __init__(self, data: dict[builtins.str, Any], prefix: builtins.str, source: builtins.str) -> None:
        self.data = data
        self.prefix = prefix
        self.source = source

    def key(self, name: builtins.str) -> builtins.str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def fail(self, name: builtins.str, message: builtins.str) -> DefinitionError:
        return DefinitionError(self.key(name), message, source=self.source)

    def raw(self, name: builtins.str) -> Any:
        if name not in self.data:
            raise self.fail(name, "is required")
        return self.data[name]

    def str(self, name: builtins.str, *, default: builtins.str | None = None) -> builtins.str:
        if default is not None and name not in self.data:
            return default
        value = self.raw(name)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(name, "must be a non-empty string")
        return value

    def int(self, name: builtins.str) -> builtins.int:
        value = self.raw(name)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise self.fail(name, "must be a positive whole number")
        return value

    def date(self, name: builtins.str) -> date:
        value = self.raw(name)
        if isinstance(value, date):
            return value
        raise self.fail(name, "must be a date (YYYY-MM-DD, unquoted)")

    def bool(self, name: builtins.str) -> builtins.bool:
        value = self.raw(name)
        if not isinstance(value, bool):
            raise self.fail(name, "must be true or false")
        return value

    def table(self, name: builtins.str) -> _Reader:
        value = self.raw(name)
        if not isinstance(value, dict):
            raise self.fail(name, "must be a table")
        return _Reader(value, self.key(name), self.source)

    def tables(self, name: builtins.str, *, required: builtins.bool = True) -> list[_Reader]:
        if not required and name not in self.data:
            return []
        value = self.raw(name)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(name, "must be an array of tables")
        return [_Reader(v, f"{self.key(name)}[{i}]", self.source) for i, v in enumerate(value)]

    def strs(self, name: builtins.str, *, required: builtins.bool = True) -> tuple[builtins.str, ...]:
        if not required and name not in self.data:
            return ()
        value = self.raw(name)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(name, "must be a list of strings")
        return tuple(value)

    def choice(self, name: builtins.str, options: tuple[builtins.str, ...]) -> builtins.str:
        value = self.str(name)
        if value not in options:
            raise self.fail(name, f"must be one of {', '.join(options)} (got {value!r})")
        return value


def _unique(items: list[tuple[str, str]], what: str, source: str) -> None:
    seen: set[str] = set()
    for key, value in items:
        if value in seen:
            raise DefinitionError(key, f"duplicate {what} {value!r}", source=source)
        seen.add(value)


def _parameter_value(reader: _Reader, index: int, raw: Any) -> Decimal | int | str:
    key = f"values[{index}].value"
    if isinstance(raw, bool):
        raise reader.fail(key, "must be a whole number or a decimal string")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str):
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise reader.fail(key, f'must be a decimal string such as "10000.00" (got {raw!r})') from None
        if not value.is_finite():
            raise reader.fail(key, "must be a finite decimal")
        return value
    raise reader.fail(key, "must be a whole number or a decimal string (floats are not exact)")


def _parameter_bound(reader: _Reader, name: str, first: Decimal | int | str) -> Decimal | int:
    """`min` or `max` of a parameter: required, of the same type as its values (a whole number or a decimal string)."""
    raw = reader.raw(name)
    if isinstance(first, int):
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise reader.fail(name, "must be a whole number, like the parameter's values")
        return raw
    if not isinstance(raw, str):
        raise reader.fail(name, 'must be a decimal string such as "0.00", like the parameter\'s values')
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise reader.fail(name, f"must be a decimal string (got {raw!r})") from None
    if not value.is_finite():
        raise reader.fail(name, "must be a finite decimal")
    return value


def parse_agreement(data: dict[str, Any], *, source: str = "") -> Agreement:
    """Validate a parsed TOML document and build the Agreement; DefinitionError names the bad key."""
    root = _Reader(data, "", source)
    term = root.table("term")
    host = root.table("host")

    parties = []
    for r in root.tables("parties"):
        parties.append(
            Party(
                code=r.str("code"),
                name=r.str("name"),
                kind=r.choice("kind", PARTY_KINDS),
                representative=r.str("representative"),
                function=r.str("function"),
            )
        )
    if not parties:
        raise root.fail("parties", "must list at least one party")
    _unique([(f"parties[{i}].code", p.code) for i, p in enumerate(parties)], "party code", source)

    participants = [
        Participant(code=r.str("code"), name=r.str("name"), kind=r.str("kind")) for r in root.tables("participants", required=False)
    ]
    known_participants = {p.code for p in participants}
    party_codes = {p.code for p in parties}
    for i, p in enumerate(participants):
        if p.code in party_codes:
            raise DefinitionError(f"participants[{i}].code", f"{p.code} is a party, not a non-party participant", source=source)

    bodies = []
    for r in root.tables("bodies"):
        body = Body(
            key=r.str("key"),
            name=r.str("name"),
            short_name=r.str("short_name", default=r.str("name")),
            kind=r.choice("kind", BODY_KINDS),
            articles=r.strs("articles"),
            all_parties=r.bool("all_parties"),
            participants=r.strs("participants", required=False),
        )
        for code in body.participants:
            if code not in known_participants:
                raise r.fail("participants", f"{code!r} is not listed under [[participants]]")
        bodies.append(body)
    _unique([(f"bodies[{i}].key", b.key) for i, b in enumerate(bodies)], "body key", source)

    parameters: dict[str, Parameter] = {}
    params = root.table("parameters")
    for name in params.data:
        pr = params.table(name)
        values = []
        raw_values = pr.raw("values")
        if not isinstance(raw_values, list) or not raw_values:
            raise pr.fail("values", "must be a non-empty array of {valid_from, value}")
        for i, raw in enumerate(raw_values):
            if not isinstance(raw, dict):
                raise pr.fail(f"values[{i}]", "must be a table {valid_from, value}")
            vr = _Reader(raw, pr.key(f"values[{i}]"), source)
            values.append(DatedValue(valid_from=vr.date("valid_from"), value=_parameter_value(pr, i, vr.raw("value"))))
        for i in range(1, len(values)):
            if values[i].valid_from <= values[i - 1].valid_from:
                raise pr.fail(f"values[{i}].valid_from", "must come after the previous value's valid_from")
        minimum, maximum = _parameter_bound(pr, "min", values[0].value), _parameter_bound(pr, "max", values[0].value)
        if minimum > maximum:
            raise pr.fail("max", f"must not be below min ({minimum})")
        parameter = Parameter(
            key=name, article=pr.str("article"), unit=pr.str("unit"), values=tuple(values), minimum=minimum, maximum=maximum
        )
        for i, dated in enumerate(values):
            if not parameter.in_range(dated.value):
                raise pr.fail(f"values[{i}].value", f"must lie between min {minimum} and max {maximum} (got {dated.value})")
        parameters[name] = parameter
    for name in REQUIRED_PARAMETERS:
        if name not in parameters:
            raise DefinitionError(f"parameters.{name}", "is required", source=source)

    readings: dict[str, Reading] = {}
    rtable = root.table("readings")
    for name in rtable.data:
        rr = rtable.table(name)
        default = rr.raw("default")
        options = rr.strs("options", required=False)
        if not isinstance(default, (bool, str)):
            raise rr.fail("default", "must be true, false or a string")
        if options and default not in options:
            raise rr.fail("default", f"must be one of {', '.join(options)}")
        description = rr.str("description")
        readings[name] = Reading(
            key=name,
            article=rr.str("article"),
            default=default,
            description=description,
            options=options,
            description_nl=rr.str("description_nl", default=description),
        )
    for name in REQUIRED_READINGS:
        if name not in readings:
            raise DefinitionError(f"readings.{name}", "is required", source=source)

    articles = [Article(number=r.str("number"), title=r.str("title"), leden=r.strs("leden")) for r in root.tables("articles")]
    _unique([(f"articles[{i}].number", a.number) for i, a in enumerate(articles)], "article number", source)

    host_code = host.str("party")
    if host_code not in party_codes:
        raise host.fail("party", f"{host_code!r} is not one of the parties")

    plan_years = 0
    plan_articles: tuple[str, ...] = ("art. 1 sub j",)
    if "plan_period" in data:
        plan = root.table("plan_period")
        plan_years = plan.int("years")
        if not 1 <= plan_years <= term.int("years"):
            raise plan.fail("years", f"must be between 1 and the term's years ({term.int('years')})")
        plan_articles = plan.strs("articles")

    return Agreement(
        slug=root.str("slug"),
        citation_title=root.str("citation_title"),
        language=root.str("language", default="nl"),
        start=term.date("start"),
        term_years=term.int("years"),
        host=host_code,
        parties=tuple(parties),
        participants=tuple(participants),
        bodies=tuple(bodies),
        chain_partners=tuple(ChainPartner(key=r.str("key"), name=r.str("name")) for r in root.tables("chain_partners", required=False)),
        pillars=tuple(Keyed(key=r.str("key"), title=r.str("title")) for r in root.tables("pillars", required=False)),
        extra_cost_categories=tuple(
            Keyed(key=r.str("key"), title=r.str("title"), title_en=r.str("title_en", default=""))
            for r in root.tables("extra_cost_categories", required=False)
        ),
        parameters=parameters,
        readings=readings,
        articles=tuple(articles),
        source=source,
        plan_period_years=plan_years,
        plan_period_articles=plan_articles,
    )


def load_agreement(path: Path | str, text: str | None = None) -> Agreement:
    """Read and validate one agreement file (`text`: its contents, when the caller has read them already)."""
    path = Path(path)
    try:
        data = tomli.loads(path.read_text(encoding="utf-8") if text is None else text)
    except tomli.TOMLDecodeError as e:
        raise DefinitionError("(file)", f"is not valid TOML: {e}", source=str(path)) from None
    agreement = parse_agreement(data, source=str(path))
    if agreement.slug != path.stem:
        raise DefinitionError("slug", f"must equal the file name {path.stem!r}", source=str(path))
    return agreement


def default_agreements_dir() -> Path:
    """The agreements/ folder at the project root."""
    return Path(__file__).resolve().parents[3] / "agreements"


def load_all(directory: Path | None = None) -> dict[str, Agreement]:
    """Every agreement file in `directory`, by slug."""
    directory = directory or default_agreements_dir()
    return {a.slug: a for a in (load_agreement(p) for p in sorted(directory.glob("*.toml")))}
