"""Deadlines, procedure states and amounts are tuples underneath (cheaper to make than frozen dataclasses, issue 11)
but behave as the dataclasses did: fields as attributes with their defaults, immutable, equal by class and fields,
not sequences and without an order, the same repr, copied and pickled with every field."""

from __future__ import annotations

import copy
import pickle
from datetime import date
from decimal import Decimal

import pytest

from samen.rules.conclusions import Amount, Deadline, ProcedureState
from samen.rules.explain import Explanation, Step

EXPLANATION = Explanation((Step("art. 14 lid 3", "Zes weken na ontvangst"),))


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
