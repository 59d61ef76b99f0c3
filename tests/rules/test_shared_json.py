"""What `Answer.to_json()` shares (steps said alike by many explanations, and the dicts and lists `JsonMemo` writes
once) never changes what it says: the answer equals one made without any sharing, and each conclusion's JSON equals
that conclusion serialised on its own (issue 11)."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from samen.rules import facts as F  # noqa: N812 - F reads as a namespace of fact types
from samen.rules.conclusions import Amount, Context, Deadline, Finding, ProcedureState
from samen.rules.explain import Explanation, JsonMemo, Once
from samen.rules.facts import parse_scenario
from samen.rules.money import to_json as money_json
from samen.rules.scenario import Answer, evaluate, evaluate_scenario, render_text

from .conftest import TWENTE

ROOT = Path(__file__).resolve().parents[2]
GROUPS = ("deadlines", "procedures", "amounts", "findings", "budgets", "staffing")


def _bench_facts() -> list[F.Fact]:
    """bench/bench_rules.py's ten years of facts (disputes with mediation costs, contributions, a withdrawal,
    amendments): the answer whose steps are shared the most."""
    spec = importlib.util.spec_from_file_location("bench_rules_for_tests", ROOT / "bench" / "bench_rules.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    facts: list[F.Fact] = module.generate()
    return facts


BENCH = _bench_facts()
# A smaller answer (the first years) and the whole, as of a date inside the term and one near its end.
CASES = [(BENCH[:1500], date(2027, 3, 1)), (BENCH, date(2034, 6, 1))]


def _dumped(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _unshared(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every step made anew where it is said: no step shared through `Context.shared_step`, no part of a year's
    explanations through `Once`, no step about a fact through `Context.shared_fact_step`."""
    monkeypatch.setattr(Context, "shared_step", lambda self, make, *args: make(self, *args))
    monkeypatch.setattr(Context, "shared_fact_step", lambda self, make, fact, *args: make(self, fact, *args))
    monkeypatch.setattr(Once, "get", lambda self: self._make())
    monkeypatch.setattr(Once, "__call__", lambda self: self._make())


def _scenario_answers(language: str) -> list[Answer]:
    out = []
    for path in sorted((ROOT / "tests" / "scenarios").glob("*.json")):
        if path.name.endswith(".expected.json") or path.name.startswith("bad-"):
            continue
        scenario = parse_scenario(json.loads(path.read_text(encoding="utf-8")), {TWENTE.slug: TWENTE}, today=date(2026, 11, 30))
        out.append(evaluate_scenario(scenario, language=language))
    return out


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("case", range(len(CASES)))
def test_shared_steps_say_what_unshared_steps_say(monkeypatch: pytest.MonkeyPatch, case: int, language: str) -> None:
    facts, as_of = CASES[case]
    shared = evaluate(TWENTE, facts, as_of, language=language)
    shared_json, shared_text = _dumped(shared.to_json()), render_text(shared)
    _unshared(monkeypatch)
    alone = evaluate(TWENTE, facts, as_of, language=language)
    assert _dumped(alone.to_json()) == shared_json
    assert render_text(alone) == shared_text


@pytest.mark.parametrize("language", ["nl", "en"])
def test_shared_steps_say_what_unshared_steps_say_in_the_scenarios(monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    shared = [(_dumped(a.to_json()), render_text(a)) for a in _scenario_answers(language)]
    _unshared(monkeypatch)
    assert [(_dumped(a.to_json()), render_text(a)) for a in _scenario_answers(language)] == shared


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("case", range(len(CASES)))
def test_each_conclusion_in_the_answers_json_is_that_conclusion_serialised_alone(case: int, language: str) -> None:
    """The memo's JSON of the whole answer against each conclusion's own `to_json()` (no memo: `Step.to_json` and
    `Explanation.text()`) on a fresh evaluation, whose explanations are then built one conclusion at a time."""
    facts, as_of = CASES[case]
    whole = evaluate(TWENTE, facts, as_of, language=language).to_json()
    fresh = evaluate(TWENTE, facts, as_of, language=language)
    for group in GROUPS:
        assert [_dumped(x.to_json()) for x in getattr(fresh, group)] == [_dumped(x) for x in whole[group]], group
    # And as a page asks for one conclusion: by its id, on an answer of which nothing else was serialised.
    single = evaluate(TWENTE, facts, as_of, language=language)
    for group in ("deadlines", "procedures", "amounts"):
        for x in whole[group][:: max(1, len(whole[group]) // 25)]:
            found = single.item(x["id"])
            assert found is not None and _dumped(found.to_json()) == _dumped(x)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_explanations_written_in_bulk_are_those_written_one_by_one(language: str) -> None:
    """`JsonMemo.explain` (all of an answer's explanations at once, as `Answer.to_json` writes them) gives what
    `explained` gives for each explanation on its own, also when some were written before (a memo part filled) and
    when an explanation comes twice."""
    facts, as_of = CASES[0]
    bulk_answer, alone_answer = (evaluate(TWENTE, facts, as_of, language=language) for _ in range(2))
    bulk = [c.explanation for group in GROUPS for c in getattr(bulk_answer, group)]
    alone = [c.explanation for group in GROUPS for c in getattr(alone_answer, group)]
    memo = JsonMemo()
    memo.explained(bulk[len(bulk) // 2])
    memo.explain(bulk[: len(bulk) // 3])
    memo.explain([*bulk, bulk[0], bulk[-1]])
    one_by_one = JsonMemo()
    for written, explanation in ((memo.explained(e), one_by_one.explained(a)) for e, a in zip(bulk, alone, strict=True)):
        assert _dumped(written) == _dumped(explanation)
    assert [_dumped(memo.explained(e)) for e in bulk] == [_dumped([e.text(), e.to_json()]) for e in alone]
    # A conclusion's own `to_json(memo)` (through `memo.cited`), with that memo and with a fresh one.
    fresh = JsonMemo()
    for group in GROUPS:
        for mine, theirs in zip(getattr(bulk_answer, group), getattr(alone_answer, group), strict=True):
            assert _dumped(mine.to_json(memo)) == _dumped(mine.to_json(fresh)) == _dumped(theirs.to_json()), group


def test_json_with_gives_the_id_the_property_gives_also_for_parts_that_are_no_cache_keys() -> None:
    """`json_with` (what `Answer.to_json` calls per conclusion) finds the id without the property, as the property
    does: from the per-process cache, or, for a part the cache cannot take as a key, by `slug` as the property does."""
    why = Explanation.of()
    odd = ["not", "hashable"]
    conclusions = [
        Deadline("dispute", "G-1", "chair-phase-end", date(2027, 1, 1), ("art. 14 lid 3",), why),
        Deadline("dispute", odd, "chair-phase-end", date(2027, 1, 1), ("art. 14 lid 3",), why),  # type: ignore[arg-type]
        ProcedureState("dispute", "G-1", "chair-phase", ("art. 14 lid 3",), why),
        ProcedureState("dispute", odd, "chair-phase", ("art. 14 lid 3",), why),  # type: ignore[arg-type]
        Amount("GM0141", 2027, "annual-contribution", Decimal("1.005"), ("art. 7 lid 1",), why),
        Amount("GM0141", 2027, "mediation-costs", Decimal("2"), ("art. 14 lid 6",), why, ref=odd),  # type: ignore[arg-type]
        Finding("art-14.mediation-not-started", "warning", "m", ("art. 14 lid 4",), why, ref="G-1"),
    ]
    # An amount's text as money.to_json writes it, in whole cents already or not.
    for value in ("1.005", "2", "12.34", "-0.00", "-0.05", "1.23E+5", "0.015", "1E+3", "-1E+3", "98500.00"):
        amount = Amount("GM0141", 2027, "annual-contribution", Decimal(value), ("art. 7 lid 1",), why)
        assert amount.json_with([], "the text", [])["amount"] == money_json(Decimal(value))
        assert amount.json_with([], "the text", [])["explanation"] == "the text"
    for conclusion in conclusions:
        assert conclusion.json_with(["a"], "t", [])["id"] == conclusion.id
        assert _dumped(conclusion.json_with(list(conclusion.articles), "", [])) == _dumped(conclusion.to_json())
