"""Period counting (agreement-analysis.md, "Deadlines: how periods are counted") and the Algemene termijnenwet."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from samen.rules import periods


def test_period_of_6_weeks_after_monday_7_december_ends_monday_18_january() -> None:
    assert periods.after(date(2026, 12, 7), weeks=6) == date(2027, 1, 18)


def test_period_of_3_months_after_31_august_ends_30_november_the_month_being_too_short() -> None:
    assert periods.after(date(2026, 8, 31), months=3) == date(2026, 11, 30)


def test_art_11_2_evaluation_due_two_years_after_start_is_1_november_2026() -> None:
    assert periods.after(date(2024, 11, 1), years=2) == date(2026, 11, 1)


def test_art_11_1_last_day_of_the_term_is_31_october_2027() -> None:
    assert periods.previous_day(periods.add_years(date(2024, 11, 1), 3)) == date(2027, 10, 31)


def test_art_14_3_chair_phase_of_notice_received_20_december_2026_ends_31_january_2027() -> None:
    assert periods.after(date(2026, 12, 20), weeks=6) == date(2027, 1, 31)


def test_art_9_3_exit_24_months_after_consent_31_march_2027_is_31_march_2029() -> None:
    assert periods.after(date(2027, 3, 31), months=24) == date(2029, 3, 31)


def test_29_february_plus_a_year_is_28_february() -> None:
    assert periods.add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)


def test_easter_sunday_known_dates() -> None:
    known = {
        1818: date(1818, 3, 22), 1943: date(1943, 4, 25), 2000: date(2000, 4, 23), 2019: date(2019, 4, 21),
        2024: date(2024, 3, 31), 2025: date(2025, 4, 20), 2026: date(2026, 4, 5), 2027: date(2027, 3, 28),
        2038: date(2038, 4, 25), 2285: date(2285, 3, 22),
    }  # fmt: skip
    for year, day in known.items():
        assert periods.easter_sunday(year) == day


@given(st.integers(min_value=1900, max_value=2200))
def test_easter_is_a_sunday_between_22_march_and_25_april(year: int) -> None:
    day = periods.easter_sunday(year)
    assert day.weekday() == 6
    assert date(year, 3, 22) <= day <= date(year, 4, 25)


def test_atw_3_kings_day_moves_to_26_april_when_27_april_is_a_sunday() -> None:
    assert periods.kings_day(2025) == date(2025, 4, 26)
    assert periods.kings_day(2026) == date(2026, 4, 27)


def test_atw_3_5_may_is_a_holiday_every_year_not_only_every_fifth() -> None:
    for year in range(2024, 2036):
        assert date(year, 5, 5) in periods.atw_holidays(year)


def test_atw_3_holidays_of_2027() -> None:
    assert set(periods.atw_holidays(2027)) == {
        date(2027, 1, 1), date(2027, 3, 26), date(2027, 3, 29), date(2027, 4, 27), date(2027, 5, 5),
        date(2027, 5, 6), date(2027, 5, 17), date(2027, 12, 25), date(2027, 12, 26),
    }  # fmt: skip


def test_atw_1_roll_forward_off_by_default_leaves_a_sunday_deadline() -> None:
    assert periods.roll_forward(date(2027, 1, 31), enabled=False) == (date(2027, 1, 31), False)


def test_atw_1_sunday_rolls_to_monday() -> None:
    assert periods.roll_forward(date(2027, 1, 31)) == (date(2027, 2, 1), True)


def test_atw_1_saturday_before_easter_rolls_past_easter_monday() -> None:
    assert periods.roll_forward(date(2027, 3, 27)) == (date(2027, 3, 30), True)


def test_atw_1_christmas_on_friday_rolls_to_monday_28_december() -> None:
    assert periods.roll_forward(date(2026, 12, 25)) == (date(2026, 12, 28), True)


def test_atw_1_working_day_does_not_move() -> None:
    assert periods.roll_forward(date(2027, 2, 2)) == (date(2027, 2, 2), False)


days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@given(days, st.integers(0, 60), st.integers(0, 60), st.integers(0, 10))
def test_a_periods_end_is_never_before_its_start(start: date, weeks: int, months: int, years: int) -> None:
    assert periods.after(start, weeks=weeks, months=months, years=years) >= start


@given(days, st.integers(1, 120))
def test_adding_months_clips_to_month_end_and_never_overshoots(start: date, months: int) -> None:
    end = periods.add_months(start, months)
    assert end.day <= start.day
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months


@given(days)
def test_atw_1_rolled_deadline_is_a_working_day_within_a_week(day: date) -> None:
    rolled, moved = periods.roll_forward(day)
    assert rolled >= day
    assert periods.non_working_reason(rolled) is None
    assert moved == (rolled != day)
    assert rolled - day < timedelta(days=7)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_iso_date_and_the_kept_text_are_isoformat(day: date) -> None:
    assert periods.iso_date(day) == day.isoformat()
    assert (periods.ISO_DATES.get(day) or periods.iso_date(day)) == day.isoformat()


def test_iso_date_keeps_plain_dates_only_and_a_datetime_never_gets_a_dates_text() -> None:
    """A datetime is a date (a subclass) but never equal to one: looking it up must not find its day's text, and its
    own text (with the time) is not kept."""
    day = date(2031, 5, 6)
    assert periods.iso_date(day) == "2031-05-06" and periods.ISO_DATES[day] == "2031-05-06"
    moment = datetime(2031, 5, 6, 12, 30)
    assert periods.ISO_DATES.get(moment) is None
    assert periods.iso_date(moment) == "2031-05-06T12:30:00"
    assert moment not in periods.ISO_DATES


def test_add_months_matches_the_month_length_everywhere() -> None:
    """`add_months` skips the month's length for days up to the 28th: the same day as clipping to the length would give."""
    import calendar

    start = date(2023, 1, 1)
    for offset in range(0, 4 * 366, 1):
        day = start + timedelta(days=offset)
        for months in (-25, -12, -1, 1, 2, 3, 6, 11, 12, 13, 24, 48):
            index = day.year * 12 + day.month - 1 + months
            year, month = index // 12, index % 12 + 1
            expected = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
            assert periods.add_months(day, months) == expected
