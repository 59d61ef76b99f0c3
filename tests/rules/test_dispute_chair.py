"""The chair at a dispute's receipt: `dispute._chair_finder` (a binary search over the elections' days) gives what
`dispute.chair_at` (the latest election on or before the day, in the order the elections come) gives."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from samen.rules.facts import ChairElected
from samen.rules.procedures import dispute


class _Facts:
    """The one thing of a Context the chair functions read: the facts of a type."""

    def __init__(self, elections: list[ChairElected]) -> None:
        self.elections = elections

    def of(self, cls: type) -> list[ChairElected]:
        return self.elections if cls is ChairElected else []


ELECTIONS = [
    ChairElected("GM0153", date(2025, 1, 1)),
    ChairElected("GM0164", date(2026, 3, 1)),
    ChairElected("GM0141", date(2026, 3, 1)),  # two on one day: the later in the list is the chair
    ChairElected("GM0173", date(2028, 7, 15)),
]


@pytest.mark.parametrize(
    "elections",
    [ELECTIONS, [], ELECTIONS[:1], [ELECTIONS[3], ELECTIONS[0], ELECTIONS[1]]],  # the last: not in date order
    ids=["in-date-order", "none", "one", "out-of-order"],
)
def test_the_chair_found_by_day_is_the_chair_at_that_day(elections: list[ChairElected]) -> None:
    ctx = _Facts(elections)
    chair_on = dispute._chair_finder(ctx)  # type: ignore[arg-type]
    day = date(2024, 12, 1)
    while day < date(2029, 1, 1):
        assert chair_on(day) is dispute.chair_at(ctx, day), day  # type: ignore[arg-type]
        day += timedelta(days=1)


def test_two_elections_on_one_day_give_the_later_one() -> None:
    chair_on = dispute._chair_finder(_Facts(ELECTIONS))  # type: ignore[arg-type]
    assert chair_on(date(2026, 3, 1)) is ELECTIONS[2]
    assert chair_on(date(2024, 12, 31)) is None
