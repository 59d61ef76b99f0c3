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


def test_a_step_shared_by_fact_is_found_by_identity_and_language() -> None:
    """`Context.shared_fact_step` gives one step per fact object, language and further arguments; an equal fact that is
    another object gets its own (equal) step."""
    from samen.rules import i18n
    from samen.rules.explain import Step
    from samen.rules.facts import ChairElected

    first = ChairElected(TWENTE.party_codes[0], date(2026, 1, 5))
    twin = ChairElected(TWENTE.party_codes[0], date(2026, 1, 5))
    ctx = Context(agreement=TWENTE, as_of=date(2027, 1, 1), settings={}, facts=(first, twin))
    made: list[tuple[object, ...]] = []

    def make(ctx: Context, fact: ChairElected, involved: bool) -> Step:
        made.append((fact, involved, i18n.current()))
        return Step("art. 14 lid 4", i18n.translate("ja") if involved else "nee", facts=(fact,))

    one = ctx.shared_fact_step(make, first, True)
    assert ctx.shared_fact_step(make, first, True) is one
    assert ctx.shared_fact_step(make, first, False) is not one
    other = ctx.shared_fact_step(make, twin, True)
    assert other is not one and other == one and other.facts[0] is twin
    with i18n.use("en"):
        assert ctx.shared_fact_step(make, first, True) is not one
    assert len(made) == 4
