"""Deadlines, procedure states and amounts are tuples underneath (cheaper to make than frozen dataclasses, issue 11)
but behave as the dataclasses did: fields as attributes with their defaults, immutable, equal by class and fields,
not sequences and without an order, the same repr, copied and pickled with every field."""

from __future__ import annotations

import copy
import pickle
from datetime import date
from decimal import Decimal

import pytest

from samen.rules.conclusions import Amount, Deadline, ProcedureState, make_amount
from samen.rules.explain import Explanation, Step, make_step, new_step
from samen.rules.facts import MeetingHeld

EXPLANATION = Explanation((Step("art. 14 lid 3", "Zes weken na ontvangst"),))
MeetingHeldForSteps = MeetingHeld("board", date(2026, 2, 1))


def _deadline(**changes) -> Deadline:
    fields = {"procedure": "dispute", "ref": "D-1", "step": "chair-phase-end", "date": date(2026, 3, 1), "articles": ("art. 14 lid 3",)}
    return Deadline(**{**fields, "explanation": EXPLANATION, **changes})


def _amount(**changes) -> Amount:
    fields = {"party": "GM0153", "year": 2027, "kind": "annual-contribution", "amount": Decimal("9850.00"), "articles": ("art. 7 lid 1",)}
    return Amount(**{**fields, "explanation": EXPLANATION, **changes})


def test_fields_and_defaults() -> None:
    deadline = _deadline()
    assert (deadline.procedure, deadline.ref, deadline.step, deadline.date) == ("dispute", "D-1", "chair-phase-end", date(2026, 3, 1))
    assert (deadline.rolled, deadline.status, deadline.met_on, deadline.explanation) == (False, "open", None, EXPLANATION)
    assert _amount().ref == "" and _amount(ref="D-1").ref == "D-1"
    state = ProcedureState("term", "term", "running", ("art. 16 lid 1",), EXPLANATION)
    assert (state.since, state.next_deadline, state.details) == (None, None, {})
    assert state.details is not ProcedureState("term", "term", "running", (), EXPLANATION).details  # each its own dict
    with pytest.raises(ValueError, match="bad deadline status"):
        _deadline(status="late-ish")


def test_equal_by_class_and_fields_only() -> None:
    assert _deadline() == _deadline()
    assert (_deadline() != _deadline()) is False
    assert _deadline() != _deadline(status="met", met_on=date(2026, 2, 1))
    assert _amount() != _amount(amount=Decimal("9850.01"))
    assert _amount() != tuple(_amount()[:])  # not equal to a plain tuple of its fields
    assert hash(Amount("GM0153", 2027, "k", Decimal(1), (), Explanation(()))) == hash(
        Amount("GM0153", 2027, "k", Decimal(1), (), Explanation(()))
    )


def test_immutable_not_a_sequence_and_unordered() -> None:
    amount = _amount()
    with pytest.raises(AttributeError):
        amount.amount = Decimal(0)  # type: ignore[misc]
    with pytest.raises(TypeError, match="not iterable"):
        list(amount)
    with pytest.raises(TypeError):
        _ = amount < _amount()


def test_repr_copy_and_pickle() -> None:
    deadline = _deadline(status="met", met_on=date(2026, 2, 1))
    assert repr(deadline).startswith("Deadline(procedure='dispute', ref='D-1', step='chair-phase-end', date=datetime.date(2026, 3, 1)")
    for made in (copy.copy(deadline), copy.deepcopy(deadline), pickle.loads(pickle.dumps(deadline))):
        assert type(made) is Deadline and made == deadline and made.met_on == date(2026, 2, 1)


@pytest.mark.parametrize("ref", ["", "D-1"])
def test_make_amount_is_the_class_call(ref: str) -> None:
    """`make_amount` (the rules' amounts made by the hundred, without calling the class) makes what `Amount(...)` makes:
    the same type, fields, equality, repr, JSON and pickle."""
    fields = ("GM0153", 2027, "mediation-costs", Decimal("1234.57"), ("art. 14 lid 6",), EXPLANATION, ref)
    made, called = make_amount(Amount, fields), Amount(*fields)
    assert type(made) is Amount and made == called and repr(made) == repr(called)
    assert (made.party, made.year, made.kind, made.amount, made.articles, made.explanation, made.ref) == fields
    assert made.to_json() == called.to_json() and made.id == called.id
    assert pickle.loads(pickle.dumps(made)) == called


def test_explanation_later_builds_once_in_its_language() -> None:
    """`Explanation.later` (made without looking up `__new__`): not built until asked, built once, in the language
    current when it was made."""
    from samen.rules import i18n

    calls: list[str] = []

    def build() -> tuple[Step, ...]:
        calls.append(i18n.current())
        return EXPLANATION.steps

    with i18n.use("en"):
        later = Explanation.later(build)
    assert not later.built and calls == []
    assert later.steps == EXPLANATION.steps and later.steps is later.steps and calls == ["en"]
    assert type(later) is Explanation and later == EXPLANATION


@pytest.mark.parametrize(
    ("awaits", "done_on", "after_is_late", "as_of", "status"),
    [
        ("", None, True, date(2026, 2, 1), "open"),
        ("", None, True, date(2026, 4, 1), "passed"),
        ("advies", date(2026, 2, 1), True, date(2026, 4, 1), "met"),
        ("advies", date(2026, 3, 9), True, date(2026, 4, 1), "late"),
        ("advies", date(2026, 3, 9), False, date(2026, 4, 1), "passed"),
        ("advies", None, True, date(2026, 4, 1), "overdue"),
        ("advies", None, True, date(2026, 2, 1), "open"),
    ],
)
def test_settled_is_a_deadline_as_the_class_makes_it(
    awaits: str, done_on: date | None, after_is_late: bool, as_of: date, status: str
) -> None:
    """`Deadline.settled` makes its deadline without calling the class: the same as `Deadline(...)` with its fields,
    for every status it decides (each of them one the class accepts)."""
    done = MeetingHeld("board", done_on) if done_on is not None else None
    settled = _deadline(rolled=True).settled(as_of, awaits=awaits, done=done, done_text="advies gegeven", after_is_late=after_is_late)
    fields = (settled.procedure, settled.ref, settled.step, settled.date, settled.articles, settled.explanation)
    called = Deadline(*fields, settled.rolled, settled.status, settled.met_on)
    assert type(settled) is Deadline and settled == called and repr(settled) == repr(called)
    assert settled.status == status and settled.rolled and settled.to_json() == called.to_json()


def test_new_step_is_make_step() -> None:
    """`new_step` (a party's mediation share step, without `make_step`'s call) makes what `make_step` makes, in the
    current language."""
    from samen.rules import i18n

    facts = (MeetingHeldForSteps,)
    for language in ("nl", "en"):
        with i18n.use(language):
            made = new_step(Step, ("art. 14 lid 6", "Aandeel", facts, {"totaal": "10.00"}, None, i18n.current()))
            made_by_call = make_step("art. 14 lid 6", "Aandeel", facts, {"totaal": "10.00"})
            assert made == made_by_call and type(made) is Step and made.language == language
            assert made.to_json() == made_by_call.to_json() and made.sentence() == made_by_call.sentence()
            # A step without parameters (a dispute's receipt): a shared empty dict, as `make_step` gives a new one.
            bare = new_step(Step, ("art. 14 lid 2", "Ontvangen", facts, {}, None, i18n.current()))
            bare_by_call = make_step("art. 14 lid 2", "Ontvangen", facts)
            assert bare == bare_by_call and bare.to_json() == bare_by_call.to_json()
