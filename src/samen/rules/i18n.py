"""The language of the rules' texts: Dutch (the source language and the default) or English.

Pure Python (the rules may not import Django), with the standard library's `gettext`: the Dutch
text is the message id, and the English catalogue `samen/rules/locale/en/LC_MESSAGES/samen_rules.po`
translates it, plural forms included (the same toolchain as the pages' `django.po`).
`evaluate(..., language="en")` sets the language for the evaluation (`use`); every text the rules
build in it goes through `_`, or `_n` when it depends on a number:

    _("De evaluatie moet uiterlijk op {date} plaatsvinden.", date=long_date(due))
    _n("{count} partij", "{count} partijen", len(names), count=len(names))

Placeholders are named (`str.format`), so a translation may put them in another order. Dates go
through `long_date` ("1 november 2026" / "1 November 2026"), enumerations through `join_words`,
numbers through `number` ("0,1" / "0.1"), amounts through `money.euro`.

`scripts/rules_messages.py` extracts the message ids from the sources into the catalogue (keeping
the translations), `scripts/compile_messages.py` compiles it to `.mo`; when the `.mo` is missing or
older than the `.po`, the catalogue is compiled in memory (polib) so a fresh checkout still speaks
English. A message without a translation falls back to Dutch; `tests/rules/test_i18n.py` checks
that every message id in `samen.rules` has one.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Callable, Iterable
from contextvars import ContextVar, Token
from datetime import date
from decimal import Decimal
from functools import cache, partial
from pathlib import Path
from string import Formatter as _Formatter
from typing import Any

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

MONTHS = {
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip
WEEKDAYS = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
AND = {"nl": "en", "en": "and"}
DOMAIN = "samen_rules"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DECIMAL_SIGNS = {"nl": (",", "."), "en": (".", ",")}  # (decimal sign, thousands separator)

_language: ContextVar[str] = ContextVar("samen_rules_language", default=DEFAULT_LANGUAGE)


def check_language(language: str) -> str:
    """`language` when the rules speak it; ValueError otherwise."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    return language


# The language texts are built in now ("nl" unless inside `use`). It is the context variable's own
# getter: every step, date and amount the rules build asks for it, so it costs no Python call.
current: Callable[[], str] = _language.get


def use(language: str) -> _Use:
    """Build texts in `language` inside the `with` block (per thread and task: a context variable)."""
    return _Use(check_language(language))


class _Use:
    """The context manager `use` returns (a class: cheaper to enter than a generator, as lazily built
    explanations enter one each)."""

    __slots__ = ("_language", "_token")

    def __init__(self, language: str) -> None:
        self._language = language
        self._token: Token[str] | None = None

    def __enter__(self) -> None:
        self._token = _language.set(self._language)

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _language.reset(self._token)
            self._token = None


def catalogue_path(language: str) -> Path:
    """The `.po` file that translates the rules' Dutch texts into `language`."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The translations into `language`: none for Dutch (the message ids are Dutch)."""
    if check_language(language) == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    po = catalogue_path(language)
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    import polib  # type: ignore[import-untyped]  # only when the compiled catalogue is missing or stale

    return gettext.GNUTranslations(io.BytesIO(polib.pofile(str(po)).to_binary()))


# Each message's translation as first looked up, per language: the rules build thousands of texts from a few hundred
# messages, and a catalogue does not change while the process runs (`catalogue` keeps it). Bounded, in case a caller
# translates texts that are not the rules' own messages.
_translated: dict[str, dict[str, str]] = {language: {} for language in LANGUAGES}
_TRANSLATED_MAX = 4096


def translate(msgid: str, language: str | None = None) -> str:
    """The translation of `msgid` (a Dutch text marked with `_` or `N_`), or `msgid` itself."""
    language = language or _language.get()
    known = _translated.get(language)
    text = known.get(msgid) if known is not None else None
    if text is None:
        text = catalogue(language).gettext(msgid) if msgid else msgid  # ValueError for a language the rules do not speak
        if known is not None and len(known) < _TRANSLATED_MAX:
            known[msgid] = text
    return text


def _(msgid: str, /, **values: object) -> str:
    """`msgid` (Dutch) in the current language, with its named placeholders filled in."""
    # The language is always one of LANGUAGES (`use` checks it); a message not yet looked up goes through `translate`.
    language = _language.get()
    if values:
        # A message filled in often enough to have its function (`_write_filler`) finds it by its id in one lookup.
        fill = _fill_by_id[language].get(msgid)
        if fill is not None:
            return fill(values)  # the values as they came, not unpacked once more
    text = _translated[language].get(msgid) or translate(msgid)
    if not values:
        return text
    fill = _fillers.get(text)
    if fill is None:
        return _filler(text)(values)
    if len(_fill_by_id[language]) < _FILLERS_MAX:
        _fill_by_id[language][msgid] = fill
    return fill(values)


def _n(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The singular or plural form for the number `n` (Dutch ids) in the current language, filled in.

    `n` only chooses the form; pass it as a named value too when the text shows it."""
    text = catalogue(_language.get()).ngettext(singular, plural, n)
    if not values:
        return text
    return (_fillers.get(text) or _filler(text))(values)


# How each translated text is filled in: `text.format_map(values)`, written once per text as a function that
# returns an f-string (`_filler`). str.format parses its template on every call; the rules fill in thousands of
# texts per answer from a few hundred templates, and a long template with seven placeholders took 1.45 us with
# format_map against 0.55 us so (timeit). Writing the function costs about 50-100 us, so a text is filled in by
# format_map until it has been filled in _WRITE_AFTER times in the process (a one-off `samen evaluate` writes
# functions only for the texts it fills in hundreds of times). Bounded like `_translated`.
_fillers: dict[str, Callable[[dict[str, object]], str]] = {}
_fill_by_id: dict[str, dict[str, Callable[[dict[str, object]], str]]] = {language: {} for language in LANGUAGES}  # by msgid
_uses: dict[str, int] = {}  # how often a text without its function yet was filled in
_FILLERS_MAX = 4096
_WRITE_AFTER = 100
_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SPEC = re.compile(r"[^{}\\'\"\n\r]*")  # a format spec without nested fields, quotes or backslashes


def _filler(text: str) -> Callable[[dict[str, object]], str]:
    """How to fill `text` in now: its written function (`_write_filler`) once it has been filled in `_WRITE_AFTER`
    times, format_map before."""
    uses = _uses.get(text, 0) + 1
    if uses < _WRITE_AFTER:
        if len(_uses) < _FILLERS_MAX:
            _uses[text] = uses
        return text.format_map
    _uses.pop(text, None)
    fill = _write_filler(text)
    if len(_fillers) < _FILLERS_MAX:
        _fillers[text] = fill
    return fill


def _literal_code(literal: str, namespace: dict[str, Any]) -> str:
    """The f-string piece of a template's literal part: the part put in `namespace` under a name of its own (the code
    holds no text of the template), the piece naming it."""
    key = f"L{len(namespace)}"
    namespace[key] = literal
    return f"{{{key}}}"


def _field_code(name: str, spec: str | None, conversion: str | None, value: str) -> str:
    """The f-string piece of one field of a template, its value written as the expression `value`, with the field's
    conversion and format spec (formatted as format_map formats it); ValueError for a field the writers leave to
    format_map (not a plain name, another conversion, a nested spec)."""
    if _FIELD.fullmatch(name) is None or (conversion or "s") not in "rsa" or _SPEC.fullmatch(spec or "") is None:
        raise ValueError(name)
    return f"{{{value}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"


def _write_filler(text: str) -> Callable[[dict[str, object]], str]:
    """A function of the values that gives `text.format_map(values)`: the same fields, conversions and format specs
    (f-strings format each value as format_map does, with `format(value, spec)`), the same KeyError for a missing
    value. The code holds no text of the template: its literal parts are passed in by name. A template with anything
    else than named fields (positional or nested fields, attributes, indexes) or that does not parse is left to
    format_map itself."""
    code = []
    namespace: dict[str, Any] = {}  # the literal parts by name, then the function
    try:
        for literal, name, spec, conversion in _Formatter().parse(text):
            if literal:
                code.append(_literal_code(literal, namespace))
            if name is not None:
                code.append(_field_code(name, spec, conversion, f"v[{name!r}]"))
        exec(f"def fill(v):\n    return f{''.join(code)!r}\n", namespace)  # the code written above
        fill: Callable[[dict[str, object]], str] = namespace["fill"]
    except (ValueError, SyntaxError):
        fill = text.format_map
    return fill


def message(msgid: str, /, *names: str) -> Callable[..., str]:
    """`_(msgid, **dict(zip(names, values)))` as a function of the values by position, for a message the rules fill
    in by the hundred: `_` takes its values as keywords (a dict made per call: about 3,000 instructions for seven)
    and looks the message's function up; this function calls the one written for the current language (once per
    process and language, by `_write_positional`) with the values as they came. Mark `msgid` with `N_` where it is
    written, so that `scripts/rules_messages.py` finds it."""
    for name in names:
        if _FIELD.fullmatch(name) is None or name.startswith("_"):
            raise ValueError(f"not a placeholder's name: {name!r}")
    if len(set(names)) != len(names):
        raise ValueError(f"a placeholder named twice: {names!r}")
    written: dict[str, Callable[..., str]] = {}  # by language

    def first(*values: object) -> str:
        """The first call in a language: write its function (for a language the rules speak), then call it."""
        language = _language.get()
        fill = written.get(language)
        if fill is None:
            fill = _write_positional(translate(msgid, language), names)  # ValueError for a language the rules do not speak
            written[language] = fill
        return fill(*values)

    params = ", ".join(names)
    namespace: dict[str, Any] = {"_written": written, "_get": _language.get, "_first": first}
    # The code holds the placeholders' names (checked above) and no text of the message.
    exec(
        f"def fill({params}):\n"
        f"    fill = _written.get(_get())\n"
        f"    if fill is None:\n"
        f"        return _first({params})\n"
        f"    return fill({params})\n",
        namespace,
    )
    fill: Callable[..., str] = namespace["fill"]
    fill.__qualname__ = fill.__name__ = "message"
    fill.__doc__ = msgid
    return fill


def message_in_two(msgid: str, /, now: tuple[str, ...], later: tuple[str, ...]) -> Callable[..., Callable[..., str]]:
    """For a message said many times with most of its values alike (a year's mediation costs, one sentence per
    party): `message_in_two(msgid, now, later)(*values_now)` fills in the placeholders `now` in the current language
    and gives a function of the values of `later`, by position, whose text is `_(msgid, **values_now, **values_later)`
    (by name). The parts between the placeholders `later` are written once (`_write_in_two`, once per process and
    language, writes both functions), so each sentence joins a few texts instead of formatting every value again.
    Mark `msgid` with `N_` where it is written."""
    for name in (*now, *later):
        if _FIELD.fullmatch(name) is None or name.startswith("_"):
            raise ValueError(f"not a placeholder's name: {name!r}")
    if len({*now, *later}) != len(now) + len(later):
        raise ValueError(f"a placeholder named twice: {now!r}, {later!r}")
    written: dict[str, Callable[..., Callable[..., str]]] = {}  # by language

    def first(*values: object) -> Callable[..., str]:
        language = _language.get()
        fill = written.get(language)
        if fill is None:
            fill = _write_in_two(translate(msgid, language), now, later)  # ValueError for a language the rules do not speak
            written[language] = fill
        return fill(*values)

    first.__doc__ = msgid
    first.__qualname__ = first.__name__ = "message_in_two"
    vars(first)["placeholders"] = (now, later)
    return first


def _write_in_two(text: str, now: tuple[str, ...], later: tuple[str, ...]) -> Callable[..., Callable[..., str]]:
    """The function `message_in_two` calls in one language: of the values of `now`, a `partial` of a function of the
    parts between the placeholders `later` (filled in with the values of `now`) and the values of `later`. Written as
    `_write_positional` writes its function; a template it would leave to format_map is left to format_map here."""
    names = (*now, *later)
    position = {name: f"p{i}" for i, name in enumerate(names)}
    namespace: dict[str, Any] = {"_partial": partial}  # the literal parts by name, then the functions
    parts: list[list[str]] = [[]]  # the code of each part between two placeholders of `later`
    tail: list[str] = []  # the code of the text: the parts and the placeholders of `later`
    try:
        for literal, name, spec, conversion in _Formatter().parse(text):
            if literal:
                parts[-1].append(_literal_code(literal, namespace))
            if name is None:
                continue
            if name not in position:
                raise ValueError(name)
            field = _field_code(name, spec, conversion, position[name])
            if name in now:
                parts[-1].append(field)
            else:
                tail += [f"{{_parts[{len(parts) - 1}]}}", field]
                parts.append([])
        tail.append(f"{{_parts[{len(parts) - 1}]}}")
        heads = ", ".join(f"f{''.join(part)!r}" for part in parts)
        now_params = ", ".join(position[name] for name in now)
        later_params = ", ".join(position[name] for name in later)
        exec(  # the code written above
            f"def tail(_parts, {later_params}):\n    return f{''.join(tail)!r}\n"
            f"def head({now_params}):\n    return _partial(tail, ({heads},))\n",
            namespace,
        )
        head: Callable[..., Callable[..., str]] = namespace["head"]
    except (ValueError, SyntaxError):

        def head(*values_now: object) -> Callable[..., str]:
            def fill(*values_later: object) -> str:
                return text.format_map(dict(zip(names, (*values_now, *values_later), strict=True)))

            return fill

    return head


def _write_positional(text: str, names: tuple[str, ...]) -> Callable[..., str]:
    """A function of the values of `names` by position that gives `text.format_map(dict(zip(names, values)))`, written
    as `_write_filler` writes one of a dict (the same fields, conversions and format specs). A template with other
    fields than `names` (format_map's KeyError) or anything `_write_filler` leaves to format_map is left to
    format_map here too."""
    code = []
    namespace: dict[str, Any] = {}  # the literal parts by name, then the function
    params = [f"p{i}" for i in range(len(names))]
    position = {name: f"p{i}" for i, name in enumerate(names)}
    try:
        for literal, name, spec, conversion in _Formatter().parse(text):
            if literal:
                code.append(_literal_code(literal, namespace))
            if name is None:
                continue
            if name not in position:
                raise ValueError(name)
            code.append(_field_code(name, spec, conversion, position[name]))
        exec(f"def fill({', '.join(params)}):\n    return f{''.join(code)!r}\n", namespace)  # the code written above
        fill: Callable[..., str] = namespace["fill"]
    except (ValueError, SyntaxError):

        def fill(*values: object) -> str:
            return text.format_map(dict(zip(names, values, strict=True)))

    return fill


def N_(msgid: str, /) -> str:  # noqa: N802 (the gettext convention)
    """Mark a Dutch text for translation without translating it now (translate it with `translate`)."""
    return msgid


def long_date(day: date, language: str | None = None) -> str:
    """A date for people: "20 december 2026", in English "20 December 2026"."""
    try:  # a date written before (an answer writes a few thousand, most of them many times): two lookups
        return _long_dates[language or _language.get()][day]
    except KeyError:
        return _new_long_date(day, language or _language.get())


def _new_long_date(day: date, language: str) -> str:
    """`long_date` for a date not written yet in `language` (kept, up to _LONG_DATES_MAX per language)."""
    text = f"{day.day} {MONTHS[language][day.month - 1]} {day.year}"  # KeyError for a language the rules do not speak
    known = _long_dates.get(language)
    if known is not None and len(known) < _LONG_DATES_MAX:
        known[day] = text
    return text


# Each date's text as first written, per language: an answer writes a few thousand dates, most of them many times
# (a dispute's receipt in each of its steps). Bounded: about eleven years of days per language.
_long_dates: dict[str, dict[date, str]] = {language: {} for language in LANGUAGES}
_LONG_DATES_MAX = 4096


def weekday(day: date, language: str | None = None) -> str:
    """The name of the weekday of `day` ("maandag" / "Monday")."""
    return WEEKDAYS[language or _language.get()][day.weekday()]


def capitalize(text: str) -> str:
    """`text` with its first letter upper case (the rest untouched)."""
    return text[:1].upper() + text[1:]


def join_words(items: Iterable[str], language: str | None = None) -> str:
    """An enumeration: "a, b en c" / "a, b and c"."""
    names = list(items)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {AND[language or _language.get()]} " + names[-1]


def number(value: Decimal | int | float | str, places: int | None = None, language: str | None = None) -> str:
    """A number for people: "0,1" / "0.1", "1.234,5" / "1,234.5"; `places` fixes the decimals."""
    amount = Decimal(str(value))
    if places is not None:
        amount = amount.quantize(Decimal(1).scaleb(-places))
    elif amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))
    else:
        amount = amount.normalize()
    text = f"{amount:,f}"
    decimal_sign, thousands = DECIMAL_SIGNS[language or _language.get()]
    return text.replace(",", "\0").replace(".", decimal_sign).replace("\0", thousands)
