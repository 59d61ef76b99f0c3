"""`Step` is a tuple underneath (cheaper to make than a frozen dataclass, issue 11) but behaves as the dataclass did:
its fields as attributes, immutable, equal by article, text, facts, parameters and reading (not language), not a
sequence and without an order, copied and pickled with every field."""

from __future__ import annotations

import copy
import pickle
from dataclasses import dataclass

import pytest

from samen.rules.explain import Explanation, ReadingUsed, Step, make_step
from samen.rules.i18n import use

READING = ReadingUsed("roll_forward", True, "a reading")


@dataclass(frozen=True)
class _Fact:
    name: str

    def to_json(self) -> dict[str, str]:
        return {"fact": self.name}


def _step(language: str = "nl") -> Step:
    return Step("art. 14 lid 6", "Een zin", (_Fact("a"),), {"totaal": "10"}, READING, language)


def test_fields_and_defaults() -> None:
    step = _step("en")
    assert (step.article, step.text, step.facts, step.parameters, step.reading, step.language) == (
        "art. 14 lid 6", "Een zin", (_Fact("a"),), {"totaal": "10"}, READING, "en",
    )  # fmt: skip
    with use("en"):
        plain = Step("art. 6", "Zonder meer")
    assert (plain.facts, plain.parameters, plain.reading, plain.language) == ((), {}, None, "en")
    assert Step("art. 6", "Een", facts=(_Fact("b"),), parameters={"x": "1"}).parameters == {"x": "1"}


def test_a_citation_outside_the_fixed_form_is_refused() -> None:
    with pytest.raises(ValueError, match="fixed form"):
        Step("artikel 6", "Een zin")
    with pytest.raises(ValueError, match="fixed form"):
        make_step("artikel 6", "Een zin")


def test_make_step_makes_the_step_the_class_makes() -> None:
    """`make_step` (the rules' cheaper way to make a step) gives what `Step(...)` gives, in the current language."""
    for language in ("nl", "en"):
        with use(language):
            made = make_step("art. 14 lid 6", "Een zin", (_Fact("a"),), {"totaal": "10"}, READING)
            plain = make_step("art. 6", "Zonder meer")
        assert type(made) is Step and made == _step(language) and made.language == language
        assert repr(made) == repr(_step(language)) and made.sentence() == _step(language).sentence()
        assert (plain.facts, plain.parameters, plain.reading, plain.language) == ((), {}, None, language)
        assert plain == Step("art. 6", "Zonder meer")


def test_equal_by_everything_but_the_language() -> None:
    same, other = (_step("nl"), _step("en")), (_step(), Step("art. 14 lid 6", "Een andere zin", (_Fact("a"),), {"totaal": "10"}, READING))
    assert [a == b for a, b in (same, other)] == [True, False]
    assert [a != b for a, b in (same, other)] == [False, True]
    assert [_step() == x for x in (_step()[:], "art. 14 lid 6")] == [False, False]  # never equal to a plain tuple
    assert [_step() != x for x in (_step()[:], "art. 14 lid 6")] == [True, True]
    assert Explanation.of(_step("nl")) == Explanation.of(_step("en"))


def test_immutable_not_a_sequence_and_unordered() -> None:
    step = _step()
    with pytest.raises(AttributeError):
        step.text = "anders"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Explanation(step)  # type: ignore[arg-type]  # a step where steps were meant
    with pytest.raises(TypeError):
        list(step)  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        sorted([step, _step()])


def test_repr_sentence_and_json_as_before() -> None:
    step = Step("art. 6", "Een zin.", (), {"x": "1"})
    assert repr(step) == "Step(article='art. 6', text='Een zin.', facts=(), parameters={'x': '1'}, reading=None)"
    assert step.sentence() == "Een zin (art. 6)."
    assert step.to_json() == {"article": "art. 6", "text": "Een zin.", "facts": [], "parameters": {"x": "1"}, "reading": None}


def test_copied_and_pickled_with_every_field() -> None:
    step = _step("en")
    for again in (copy.copy(step), copy.deepcopy(step), pickle.loads(pickle.dumps(step))):
        assert again == step and type(again) is Step and again.language == "en" and again.reading == READING
