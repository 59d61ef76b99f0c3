"""Board meetings (art. 5 lid 4): at least four a year, counted per calendar year of the term."""

from __future__ import annotations

from datetime import date

from samen.rules.conclusions import Conclusions, Context, Finding
from samen.rules.explain import Explanation, Step
from samen.rules.facts import MeetingCancelled, MeetingHeld, MeetingPlanned
from samen.rules.i18n import _, _n, long_date

ARTICLES = ("art. 5 lid 4",)


def term_months_in_year(start: date, end: date, year: int) -> int:
    """How many calendar months of `year` the term [start, end] touches."""
    first = max(date(year, 1, 1), start)
    last = min(date(year, 12, 31), end)
    if first > last:
        return 0
    return last.month - first.month + 1


def minimum(per_year: int, months: int, reading: bool | str) -> int:
    """The minimum number of meetings for a year with `months` months of term (rounded up)."""
    if reading == "calendar-year-full" or months >= 12:
        return per_year
    return -(-per_year * months // 12)


def evaluate(ctx: Context) -> Conclusions:
    """A finding for every year of the term, up to the date, with fewer board meetings than required."""
    out = Conclusions()
    start, end = ctx.agreement.start, ctx.term_end
    counts: dict[int, int] = {}
    held_days: dict[int, list[date]] = {}
    for m in ctx.of(MeetingHeld):
        if m.body == "board" and start <= m.date <= end:
            counts[m.date.year] = counts.get(m.date.year, 0) + 1
            held_days.setdefault(m.date.year, []).append(m.date)
    # Planned board meetings per year: all of them (a year whose meetings are being planned), and those still to
    # come on as_of (a planned date that has passed without being held counts for nothing). A cancelled meeting
    # counts for nothing either, but its year was being planned: when every plan of a year is cancelled, the
    # warning still says the minimum can no longer be reached with what is planned.
    planned_years: set[int] = {c.date.year for c in ctx.of(MeetingCancelled) if c.body == "board" and start <= c.date <= end}
    cancelled: dict[int, list[date]] = {}
    for c in ctx.of(MeetingCancelled):
        if c.body == "board" and start <= c.date <= end:
            cancelled.setdefault(c.date.year, []).append(c.date)
    planned_left: dict[int, list[date]] = {}
    for p in ctx.of(MeetingPlanned):
        if p.body == "board" and start <= p.date <= end:
            planned_years.add(p.date.year)
            if p.date >= ctx.as_of:
                planned_left.setdefault(p.date.year, []).append(p.date)
    reading = ctx.reading("board_meetings_count")
    for year in range(start.year, min(end.year, ctx.as_of.year) + 1):
        months = term_months_in_year(start, end, year)
        # A yearly parameter takes the value in force on 1 January (the start, for the first year).
        lookup = max(start, date(year, 1, 1))
        per_year = ctx.int_parameter("board.meetings_per_year", lookup)
        needed = minimum(per_year, months, reading)
        held = counts.get(year, 0)
        last_day = min(date(year, 12, 31), end)
        steps = [
            Step(
                "art. 5 lid 4",
                _(
                    "Het bestuurlijk overleg komt in elk geval {per_year} bijeen; {year} telt {months} van de looptijd, "
                    "dus minimaal {needed}",
                    per_year=_n("{count} keer per jaar", "{count} keer per jaar", per_year, count=per_year),
                    year=year,
                    months=_n("{count} maand", "{count} maanden", months, count=months),
                    needed=_n("{count} vergadering", "{count} vergaderingen", needed, count=needed),
                ),
                parameters={"board.meetings_per_year": str(per_year), "maanden": str(months)},
                reading=ctx.reading_used("board_meetings_count"),
            ),
            *ctx.parameter_steps("board.meetings_per_year", lookup),
            *ctx.mid_year_steps("board.meetings_per_year", year),
            Step(
                "art. 5 lid 4",
                _n(
                    "In {year} is tot en met {day} {count} vergadering van het bestuurlijk overleg vastgelegd",
                    "In {year} zijn tot en met {day} {count} vergaderingen van het bestuurlijk overleg vastgelegd",
                    held,
                    year=year,
                    day=long_date(min(ctx.as_of, last_day)),
                    count=held,
                ),
            ),
        ]
        explanation = Explanation(tuple(steps))
        if ctx.as_of > last_day:
            if held < needed:
                out.findings.append(
                    Finding(
                        "art-5.board-meetings-below-minimum",
                        "error",
                        _n(
                            "Het bestuurlijk overleg kwam in {year} {count} keer bijeen; het minimum was {needed}.",
                            "Het bestuurlijk overleg kwam in {year} {count} keer bijeen; het minimum was {needed}.",
                            held,
                            year=year,
                            count=held,
                            needed=needed,
                        ),
                        ARTICLES,
                        explanation,
                        ref=str(year),
                    )
                )
            continue
        # The current year, when its meetings are being planned: a warning while the held and the planned meetings
        # still to come cannot reach the minimum before the year ends.
        left = sorted(planned_left.get(year, []))
        if year in planned_years and held + len(left) < needed:
            listed = Step(
                "art. 5 lid 4",
                _(
                    "Geteld: gehouden {held_list}; gepland en nog te houden {planned_list}",
                    held_list=", ".join(long_date(d) for d in sorted(held_days.get(year, []))) or _("geen"),
                    planned_list=", ".join(long_date(d) for d in left) or _("geen"),
                ),
            )
            if cancelled.get(year):
                listed = Step(
                    "art. 5 lid 4",
                    _(
                        "{text}; afgelast (telt niet) {cancelled_list}",
                        text=listed.text,
                        cancelled_list=", ".join(long_date(d) for d in sorted(cancelled[year])),
                    ),
                )
            out.findings.append(
                Finding(
                    "art-5.board-meetings-short-of-minimum",
                    "warning",
                    _n(
                        "Het bestuurlijk overleg komt in {year} met {held} gehouden en {count} geplande vergadering "
                        "niet aan het minimum van {needed}; plan er nog {missing}.",
                        "Het bestuurlijk overleg komt in {year} met {held} gehouden en {count} geplande vergaderingen "
                        "niet aan het minimum van {needed}; plan er nog {missing}.",
                        len(left),
                        year=year,
                        held=held,
                        count=len(left),
                        needed=needed,
                        missing=needed - held - len(left),
                    ),
                    ARTICLES,
                    Explanation((*steps, listed)),
                    ref=str(year),
                )
            )
        # The current year: behind when fewer meetings were held than the whole months elapsed call for.
        first_month = max(date(year, 1, 1), start).month
        elapsed = max(0, min(ctx.as_of.month - first_month, months))
        expected = needed * elapsed // months if months else 0
        if held < expected:
            out.findings.append(
                Finding(
                    "art-5.board-meetings-behind",
                    "warning",
                    _n(
                        "Het bestuurlijk overleg kwam in {year} tot nu toe {count} keer bijeen; naar rato van de verstreken "
                        "maanden zouden dat er {expected} zijn (minimaal {needed} dit jaar).",
                        "Het bestuurlijk overleg kwam in {year} tot nu toe {count} keer bijeen; naar rato van de verstreken "
                        "maanden zouden dat er {expected} zijn (minimaal {needed} dit jaar).",
                        held,
                        year=year,
                        count=held,
                        expected=expected,
                        needed=needed,
                    ),
                    ARTICLES,
                    explanation,
                    ref=str(year),
                )
            )
    return out
