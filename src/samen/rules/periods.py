"""Period arithmetic as the agreement counts it (agreement-analysis.md, "Deadlines").

A period "after" an event starts the day after it and ends at the end of the same-numbered day;
when the target month is too short, the period ends on that month's last day. Roll-forward under
the Algemene termijnenwet is a reading (off by default), applied by `roll_forward`.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from samen.rules.i18n import N_


def add_months(day: date, months: int) -> date:
    """The same-numbered day `months` later, clipped to the end of a shorter month."""
    if months == 0:
        return day  # its own month is never shorter than its day
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if day.day <= 28:  # every month has that day: no need for its length (`calendar.monthrange` works out a weekday too)
        return date(year, month, day.day)
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def add_weeks(day: date, weeks: int) -> date:
    """The same weekday `weeks` later."""
    return day + timedelta(7 * weeks)  # days, positional: about a third of the cost of timedelta(weeks=...)


def next_day(day: date) -> date:
    """The day after `day`: a state that follows a period's end starts then (the period includes its last day)."""
    return day + _ONE_DAY


def previous_day(day: date) -> date:
    """The day before `day`."""
    return day - _ONE_DAY


_ONE_DAY = timedelta(days=1)


# Each day's ISO text (the JSON's form of a date) as first written: an answer's JSON writes about five thousand dates
# (each cited fact's, each deadline's) of a few thousand days, and `date.isoformat` formats the three numbers anew
# each time (printf-style: about ten times a dictionary lookup). Only plain dates are kept: a datetime, a subclass,
# never equals a date and is written with its time. Bounded, like the long dates (`i18n.long_date`).
ISO_DATES: dict[date, str] = {}
_ISO_DATES_MAX = 8192


def iso_date(day: date) -> str:
    """`day.isoformat()`, kept in `ISO_DATES`: where many dates are written, look there first,
    `ISO_DATES.get(day) or iso_date(day)`."""
    text = day.isoformat()
    if type(day) is date and len(ISO_DATES) < _ISO_DATES_MAX:
        ISO_DATES[day] = text
    return text


# Each day's `repr` likewise: facts of one day and kind are ordered by their repr (`Fact.order_text`), and
# `date.__repr__` formats with printf, about ten times the cost of finding the text here.
REPR_DATES: dict[date, str] = {}


def repr_date(day: date) -> str:
    """`repr(day)`, kept in `REPR_DATES` for a plain date: `REPR_DATES.get(day) or repr_date(day)`."""
    text = repr(day)
    if type(day) is date and len(REPR_DATES) < _ISO_DATES_MAX:
        REPR_DATES[day] = text
    return text


def after(day: date, *, weeks: int = 0, months: int = 0, years: int = 0) -> date:
    """The last day of a period of `weeks`, `months` and `years` counted from the day after `day`."""
    return add_weeks(add_months(day, 12 * years + months), weeks)


# --- Algemene termijnenwet (Atw) -------------------------------------------------------------
#
# Art. 1 Atw extends a period that ends on a Saturday, Sunday or generally recognised holiday to
# the next day that is none of these. Art. 3 lid 1 lists the holidays, lid 2 treats Good Friday as
# one, and lid 3 lets a royal decree designate more days. The Atw covers periods set by law, not
# periods agreed in a contract, so for this agreement roll-forward is a reading (off by default).

# Days designated by royal decree under Atw art. 3 lid 3, as (date, description). The decrees are
# published in the Staatscourant for a few years at a time; add each designated day here when it is
# published. Left empty on purpose: no day is assumed to be designated without a published decree.
ROYAL_DECREE_DAYS: tuple[tuple[date, str], ...] = ()


def easter_sunday(year: int) -> date:
    """Easter Sunday of `year` (Gregorian calendar), by the anonymous Gregorian algorithm."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    """The day the King's (before 2014: Queen's) birthday is celebrated; moved back a day from a Sunday."""
    day = date(year, 4, 27) if year >= 2014 else date(year, 4, 30)
    return day - timedelta(days=1) if day.weekday() == 6 else day


_HOLIDAY_CACHE: dict[int, dict[date, str]] = {}


def atw_holidays(year: int) -> dict[date, str]:
    """The Atw holidays of `year` (art. 3 lid 1-3) with their Dutch names (marked for translation), including royal-decree days."""
    cached = _HOLIDAY_CACHE.get(year)
    if cached is not None:
        return cached
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): N_("Nieuwjaarsdag"),
        easter - timedelta(days=2): N_("Goede Vrijdag"),
        easter + timedelta(days=1): N_("tweede Paasdag"),
        easter + timedelta(days=39): N_("Hemelvaartsdag"),
        easter + timedelta(days=50): N_("tweede Pinksterdag"),
        kings_day(year): N_("Koningsdag"),
        date(year, 5, 5): N_("5 mei (Bevrijdingsdag)"),
        date(year, 12, 25): N_("eerste Kerstdag"),
        date(year, 12, 26): N_("tweede Kerstdag"),
    }
    for day, name in ROYAL_DECREE_DAYS:
        if day.year == year:
            days.setdefault(day, name)
    _HOLIDAY_CACHE[year] = days
    return days


def non_working_reason(day: date) -> str | None:
    """Why `day` is not a working day under the Atw (weekend or holiday name), or None."""
    holiday = atw_holidays(day.year).get(day)
    if holiday is not None:
        return holiday
    if day.weekday() == 5:
        return N_("zaterdag")
    if day.weekday() == 6:
        return N_("zondag")
    return None


# Atw art. 4 leaves periods longer than three months (or 12 weeks) out of the act: they do not move.
ATW_MAX_MONTHS, ATW_MAX_WEEKS = 3, 12


def longer_than_atw(*, weeks: int = 0, months: int = 0, years: int = 0) -> bool:
    """Whether a period of `weeks`, `months` and `years` is longer than three months (Atw art. 4: it does not move)."""
    total = 12 * years + months
    if total > ATW_MAX_MONTHS or (total == ATW_MAX_MONTHS and weeks > 0):
        return True
    return total == 0 and weeks > ATW_MAX_WEEKS


def roll_forward(day: date, enabled: bool = True) -> tuple[date, bool]:
    """The deadline after Atw art. 1 roll-forward (when enabled) and whether it moved."""
    if not enabled:
        return day, False
    moved = day
    while non_working_reason(moved) is not None:
        moved += timedelta(days=1)
    return moved, moved != day
