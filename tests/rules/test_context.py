"""`Context.by_kind`: the known facts of each type, in the order the facts come."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from samen.rules.conclusions import Context
from samen.rules.facts import CostPerFte, ExtraCost, Fact, MeetingHeld, Signed

from .conftest import TWENTE

FACTS: tuple[Fact, ...] = (
    Signed("GM0153", date(2024, 10, 1)),
    MeetingHeld("board", date(2025, 1, 1)),
    Signed("GM0164", date(2024, 10, 2)),
    ExtraCost(2025, "a", Decimal("1.00")),
    MeetingHeld("board", date(2025, 4, 1)),
    Signed("GM0141", date(2024, 10, 3)),
)


def test_the_facts_of_each_type_keep_their_order_and_the_types_theirs() -> None:
    ctx = Context(agreement=TWENTE, as_of=date(2030, 1, 1), settings={}, facts=FACTS)
    assert list(ctx.by_kind) == [Signed, MeetingHeld, ExtraCost]  # in the order each type first comes
    assert ctx.of(Signed) == [FACTS[0], FACTS[2], FACTS[5]]
    assert ctx.of(MeetingHeld) == [FACTS[1], FACTS[4]]
    assert ctx.of(ExtraCost) == [FACTS[3]]
    assert type(ctx.by_kind) is dict  # a plain dict: asking for a type with no facts adds nothing
    assert ctx.of(CostPerFte) == [] and CostPerFte not in ctx.by_kind


def test_facts_given_in_by_kind_come_first() -> None:
    earlier = Signed("GM0173", date(2024, 9, 30))
    ctx = Context(agreement=TWENTE, as_of=date(2030, 1, 1), settings={}, facts=FACTS, by_kind={Signed: [earlier]})
    assert ctx.of(Signed) == [earlier, FACTS[0], FACTS[2], FACTS[5]]
    assert list(ctx.by_kind) == [Signed, MeetingHeld, ExtraCost]
