"""The language of the rules' texts: Dutch (the source language and the default) or English.

Pure Python (the rules may not import Django): the Dutch text is the message id, and
`samen.rules.locale_en.MESSAGES` maps it to English. `evaluate(..., language="en")` sets the
language for the evaluation (`use`); every text the rules build in it goes through `_`:

    _("De evaluatie moet uiterlijk op {date} plaatsvinden.", date=long_date(due))

Placeholders are named (`str.format`), so a translation may put them in another order. Dates go
through `long_date` ("1 november 2026" / "1 November 2026"), enumerations through `join_words`.
A message without an English translation falls back to Dutch; `tests/rules/test_i18n.py` checks
that every literal message id passed to `_` or `N_` in `samen.rules` has one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from samen.rules.locale_en import MESSAGES as EN

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
CATALOGUES: dict[str, dict[str, str]] = {"nl": {}, "en": EN}

_language: ContextVar[str] = ContextVar("samen_rules_language", default=DEFAULT_LANGUAGE)


def check_language(language: str) -> str:
    """`language` when the rules speak it; ValueError otherwise."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    return language


def current() -> str:
    """The language texts are built in now ("nl" unless inside `use`)."""
    return _language.get()


@contextmanager
def use(language: str) -> Iterator[None]:
    """Build texts in `language` inside the block (per thread and task: a context variable)."""
    token = _language.set(check_language(language))
    try:
        yield
    finally:
        _language.reset(token)


def translate(msgid: str, language: str | None = None) -> str:
    """The translation of `msgid` (a Dutch text marked with `_` or `N_`), or `msgid` itself."""
    return CATALOGUES[language or current()].get(msgid, msgid)


def _(msgid: str, /, **values: object) -> str:
    """`msgid` (Dutch) in the current language, with its named placeholders filled in."""
    text = translate(msgid)
    return text.format(**values) if values else text


def N_(msgid: str, /) -> str:  # noqa: N802 (the gettext convention)
    """Mark a Dutch text for translation without translating it now (translate it with `translate`)."""
    return msgid


def long_date(day: date, language: str | None = None) -> str:
    """A date for people: "20 december 2026", in English "20 December 2026"."""
    return f"{day.day} {MONTHS[language or current()][day.month - 1]} {day.year}"


def weekday(day: date, language: str | None = None) -> str:
    """The name of the weekday of `day` ("maandag" / "Monday")."""
    return WEEKDAYS[language or current()][day.weekday()]


def capitalize(text: str) -> str:
    """`text` with its first letter upper case (the rest untouched)."""
    return text[:1].upper() + text[1:]


def join_words(items: Iterable[str], language: str | None = None) -> str:
    """An enumeration: "a, b en c" / "a, b and c"."""
    names = list(items)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {AND[language or current()]} " + names[-1]
