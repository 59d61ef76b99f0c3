"""The rules' texts in English and Dutch: the catalogue is complete, English answers read as English,
and nothing but the texts depends on the language."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polib
import pytest

from samen.rules import facts as F  # noqa: N812 - F reads as a namespace of fact types
from samen.rules import i18n
from samen.rules.definition import load_all
from samen.rules.facts import ScenarioError, parse_scenario
from samen.rules.money import euro
from samen.rules.scenario import evaluate, evaluate_scenario, render_check, render_text

from .conftest import TWENTE

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "src" / "samen" / "rules"
SCENARIO_DIRS = [Path(__file__).resolve().parents[1] / "scenarios", Path(__file__).resolve().parents[3] / "shared" / "scenarios"]
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Dutch words that have no business in an English text (party names and citations contain none of them).
DUTCH = re.compile(
    r"\b(uiterlijk|partijen|partij|maanden|weken|niet|geen|wordt|zijn|nog|het|een|vastgelegd|overeenkomst|termijn|"
    r"begroting|geschil|voorzitter|bijdrage|looptijd|peildatum|lezing|instelling|gastheerorganisatie|uitgetreden)\b"
)


def _load_rules_messages() -> Any:
    spec = importlib.util.spec_from_file_location("rules_messages", ROOT / "scripts" / "rules_messages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


rules_messages = _load_rules_messages()
CATALOGUE = polib.pofile(str(i18n.catalogue_path("en")))
ENTRIES = {e.msgid: e for e in CATALOGUE if not e.obsolete}


def test_every_message_id_is_a_literal_with_an_english_translation_and_nothing_is_unused() -> None:
    """The catalogue holds exactly the ids marked in the sources (`_`, `N_`, `_n`), all translated, none fuzzy;
    when this fails, run `scripts/rules_messages.py` and translate what it lists."""
    messages = rules_messages.extract()  # raises on an id that is not a literal
    assert len(messages) > 150
    assert sorted(m for m in messages if m not in ENTRIES) == []
    assert sorted(m for m in ENTRIES if m not in messages) == []
    assert [m.msgid for m in messages.values() if (m.plural or "") != ENTRIES[m.msgid].msgid_plural] == []
    assert [e.msgid for e in ENTRIES.values() if "fuzzy" in e.flags] == []
    assert [e.msgid for e in ENTRIES.values() if not (e.msgstr or all(e.msgstr_plural.get(i) for i in (0, 1)))] == []
    assert rules_messages.main(["--check"]) == 0
    assert not (RULES / "locale_en.py").exists(), "run scripts/rules_messages.py: it takes over the dictionary's texts"


def _english(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr] if not entry.msgid_plural else [entry.msgstr_plural[0], entry.msgstr_plural[1]]


@pytest.mark.parametrize("msgid", sorted(ENTRIES))
def test_translations_keep_the_placeholders_and_the_citation_form(msgid: str) -> None:
    entry = ENTRIES[msgid]
    placeholders = set(PLACEHOLDER.findall(msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural))
    citations = re.findall(r"art\. \d+(?: lid \d+)?", msgid)
    for english in _english(entry):
        # A singular may leave the number out ("once a year"); nothing else may go missing or appear.
        found = set(PLACEHOLDER.findall(english))
        assert found <= placeholders
        assert placeholders - found <= ({"count"} if entry.msgid_plural else set())
        assert re.findall(r"art\. \d+(?: lid \d+)?", english) == citations


def test_plural_forms_per_language() -> None:
    months = ("{count} maand", "{count} maanden")
    assert [i18n._n(*months, n, count=n) for n in (0, 1, 3)] == ["0 maanden", "1 maand", "3 maanden"]
    with i18n.use("en"):
        assert [i18n._n(*months, n, count=n) for n in (0, 1, 3)] == ["0 months", "1 month", "3 months"]


def test_numbers_per_language() -> None:
    assert [i18n.number(Decimal(v)) for v in ("0.1", "1", "101455", "1234.50")] == ["0,1", "1", "101.455", "1.234,5"]
    assert i18n.number(Decimal("3"), 2) == "3,00"
    with i18n.use("en"):
        assert [i18n.number(Decimal(v)) for v in ("0.1", "1", "101455", "1234.50")] == ["0.1", "1", "101,455", "1,234.5"]


def test_the_catalogue_is_read_from_the_po_when_the_compiled_mo_is_missing_or_stale(tmp_path: Path, monkeypatch: Any) -> None:
    po = tmp_path / "en" / "LC_MESSAGES" / "samen_rules.po"
    po.parent.mkdir(parents=True)
    po.write_text(i18n.catalogue_path("en").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        assert i18n.translate("Nieuwjaarsdag", "en") == "New Year's Day"
        assert i18n.translate("", "en") == ""
    finally:
        i18n.catalogue.cache_clear()


def test_dates_enumerations_and_amounts_per_language() -> None:
    day = date(2026, 11, 1)
    assert i18n.long_date(day) == "1 november 2026"
    assert i18n.long_date(day, "en") == "1 November 2026"
    with i18n.use("en"):
        assert i18n.long_date(day) == "1 November 2026"
        assert i18n.weekday(day) == "Sunday"
        assert i18n.join_words(["a", "b", "c"]) == "a, b and c"
        assert euro(Decimal("9850")) == "€9,850.00"
    assert i18n.join_words(["a", "b", "c"]) == "a, b en c"
    assert euro(Decimal("9850")) == "€ 9.850,00"
    with pytest.raises(ValueError):
        evaluate(TWENTE, [], day, language="de")


def test_the_evaluation_overdue_finding_in_english() -> None:
    answer = evaluate(TWENTE, [], date(2026, 11, 28), language="en").to_json()
    finding = next(f for f in answer["findings"] if f["code"] == "art-3.evaluation-overdue")
    assert finding["message"] == "The evaluation should have taken place by 1 November 2026 at the latest and has not been recorded."
    assert finding["articles"] == ["art. 3 lid 3", "art. 11 lid 2"]
    assert "On 28 November 2026 no evaluation has been recorded (art. 11 lid 2)." in finding["explanation"]
    deadline = next(d for d in answer["deadlines"] if d["step"] == "evaluation-due")
    assert deadline["status"] == "overdue"
    assert deadline["steps"][-1]["text"].startswith("Overdue: the period ended on 1 November 2026")
    # Dutch stays the default.
    dutch = evaluate(TWENTE, [], date(2026, 11, 28)).to_json()
    assert next(f for f in dutch["findings"] if f["code"] == "art-3.evaluation-overdue")["message"].startswith("De evaluatie had uiterlijk")


def test_the_dispute_chair_phase_in_english() -> None:
    notice = F.DisputeNotified(dispute="D-1", by="GM0164", against=("GM0153",), date=date(2026, 12, 20))
    answer = evaluate(TWENTE, [notice], date(2027, 1, 10), language="en")
    dispute = next(p for p in answer.procedures if p.procedure == "dispute")
    assert dispute.state == "chair-phase"
    text = dispute.explanation.text()
    assert (
        "Hengelo (GM0164) notified a dispute with Enschede (GM0153) in writing; the notification was received on 20 December 2026" in text
    )
    assert "6 weeks after receipt of the notification on 20 December 2026: 31 January 2027 (art. 14 lid 3)." in text
    assert "The chair tries to reach a solution with the parties involved until 31 January 2027 inclusive (art. 14 lid 3)." in text
    # The reading is described in English (TOML `description`), its setting value too.
    assert "Reading applied: The chair is party to a dispute when" in text and "(setting chair_is_party = board-chair-party)" in text
    assert "Reading applied: whether a period that ends on a Saturday" in text and "(setting roll_forward = off)." in text


def test_english_rolled_deadline_names_the_holiday_and_weekday_in_english() -> None:
    # Six weeks after 13 November 2026 is Friday 25 December 2026 (Christmas Day); the next working day is Monday 28 December.
    notice = F.DisputeNotified(dispute="D-1", by="GM0164", against=("GM0153",), date=date(2026, 11, 13))
    answer = evaluate(TWENTE, [notice], date(2026, 11, 20), {"roll_forward": True}, language="en")
    deadline = next(d for d in answer.deadlines if d.step == "chair-phase-end")
    assert deadline.rolled
    assert "25 December 2026 is not a working day (Christmas Day); the period runs on until Monday 28 December 2026" in (
        deadline.explanation.text()
    )


def _strip_texts(value: Any) -> Any:
    """`value` without its texts: what must not depend on the language."""
    if isinstance(value, dict):
        return {k: _strip_texts(v) for k, v in value.items() if k not in ("explanation", "message", "text", "description", "notes")}
    if isinstance(value, list):
        return [_strip_texts(v) for v in value]
    return value


def scenario_docs() -> list[tuple[str, dict[str, Any]]]:
    docs = []
    for folder in SCENARIO_DIRS:
        for path in sorted(folder.glob("*.json")):
            if not path.name.endswith(".expected.json"):
                docs.append((path.stem, json.loads(path.read_text(encoding="utf-8"))))
    return docs


VARIANTS: list[dict[str, Any]] = [
    {},
    {
        "roll_forward": True,
        "capacity_contribution_period": "once",
        "split_order": "code",
        "chair_is_party": "never",
        "annual_contribution_payers": "municipalities",
        "board_meetings_count": "calendar-year-full",
        "extension_is_amendment": False,
    },
]


@pytest.mark.parametrize(("name", "doc"), scenario_docs())
def test_every_scenario_in_english_has_no_dutch_text_and_the_same_conclusions(name: str, doc: dict[str, Any]) -> None:
    agreements = load_all()
    try:
        scenario = parse_scenario(doc, agreements, today=date(2027, 2, 15))
    except ScenarioError:
        return  # a bad-input case: nothing is evaluated
    for variant in VARIANTS:
        settings = {**dict(scenario.settings), **variant} if variant else scenario.settings
        try:
            dutch = evaluate(scenario.agreement, scenario.facts, scenario.as_of, settings)
        except ScenarioError:
            continue  # a setting this agreement does not have
        english = evaluate(scenario.agreement, scenario.facts, scenario.as_of, settings, language="en")
        nl_json, en_json = dutch.to_json(), english.to_json()
        assert _strip_texts(en_json) == _strip_texts(nl_json)
        texts = list(en_json["notes"])
        for group in ("deadlines", "procedures", "amounts", "findings"):
            for item in en_json[group]:
                texts += [item["explanation"], item.get("message", ""), *(s["text"] for s in item["steps"])]
                texts += [s["reading"]["description"] for s in item["steps"] if s["reading"]]
        for text in [*texts, render_text(english), render_check(english)]:
            assert not DUTCH.search(text.replace(english.agreement.citation_title, "")), (name, variant, text)


def test_scenario_language_field_and_errors() -> None:
    agreements = load_all()
    doc = {"as_of": "2026-11-28", "language": "en"}
    scenario = parse_scenario(doc, agreements, today=date(2027, 1, 1))
    assert scenario.language == "en"
    assert evaluate_scenario(scenario).language == "en"
    assert evaluate_scenario(scenario, language="nl").language == "nl"
    assert parse_scenario({"as_of": "2026-11-28"}, agreements, today=date(2027, 1, 1)).language == "nl"
    for bad in ("de", "EN", 1, None):
        with pytest.raises(ScenarioError) as caught:
            parse_scenario({"language": bad}, agreements, today=date(2027, 1, 1))
        assert [(e.field, e.code) for e in caught.value.errors] == [("language", "scenario.bad-choice")]


def test_render_check_in_english() -> None:
    text = render_check(evaluate(TWENTE, [], date(2026, 11, 28), language="en"))
    assert "Status on 28 November 2026" in text and "Deadlines that still need attention" in text
    assert "ERROR  The evaluation should have taken place by 1 November 2026" in text


def test_every_message_is_filled_in_as_format_map_fills_it() -> None:
    """`_` and `_n` fill a text in through a function written once per text (`i18n._write_filler`, once the text has
    been filled in a hundred times in the process); for every message of
    the catalogue, Dutch and English, singular and plural, it gives what `str.format_map` gives, with values of the
    kinds the rules pass (texts, with and without accents and euro signs, whole numbers, Decimals)."""
    texts = {t for e in ENTRIES.values() for t in (e.msgid, e.msgid_plural, e.msgstr, *e.msgstr_plural.values()) if t}
    samples: list[object] = ["1 november 2026", "€ 1.234,56", 7, Decimal("0.1"), "Enschede (GM0153)"]

    def outcome(fill: Any, values: dict[str, object]) -> object:
        try:
            return fill(values)
        except Exception as error:  # the same error as format_map's is part of the answer
            return (type(error), error.args)

    filled = 0
    for text in sorted(texts):
        names = PLACEHOLDER.findall(text)
        fill = i18n._write_filler(text)
        for shift in range(len(samples)):
            values = {name: samples[(i + shift) % len(samples)] for i, name in enumerate(names)}
            assert outcome(fill, values) == outcome(text.format_map, values), text
        if names:
            filled += 1
            assert outcome(fill, {}) == outcome(text.format_map, {}), text
    assert filled > 150
    # What format_map refuses or reads otherwise is left to format_map.
    for odd in ("{0}", "{a.b}", "{a[0]}", "x}", "{a:{w}}", "{a!x}"):
        assert i18n._write_filler(odd) == odd.format_map
    assert i18n._write_filler("{{a}} {a!r:>6} {b:,}")({"a": "x", "b": 1234}) == "{a}    'x' 1,234"
    # `_` switches from format_map to the written function after a hundred uses, with the same text.
    with i18n.use("en"):
        said = {i18n._("{weeks} weken na ontvangst van de melding op {received}: {day}", weeks=6, received="x", day=i) for i in range(250)}
    english = "{weeks} weeks after receipt of the notification on {received}: {day}"
    assert said == {english.format_map({"weeks": 6, "received": "x", "day": i}) for i in range(250)}


def _messages_by_position() -> list[Any]:
    """Every message the rules fill in by position (`i18n.message`), from the modules' namespaces."""
    import pkgutil

    import samen.rules

    found = []
    for info in pkgutil.walk_packages(samen.rules.__path__, "samen.rules."):
        module = importlib.import_module(info.name)
        found += [v for v in vars(module).values() if callable(v) and v is not i18n.message and getattr(v, "__qualname__", "") == "message"]
    return list({id(f): f for f in found}.values())


def test_a_message_by_position_gives_what_underscore_gives() -> None:
    """`i18n.message(msgid, *names)(*values)` is `_(msgid, **dict(zip(names, values)))`, in either language, for every
    such message of the rules (their ids are in the catalogue like the others) and values of the kinds the rules pass."""
    messages = _messages_by_position()
    assert len(messages) >= 10
    samples: list[object] = ["1 november 2026", "€ 1.234,56", 7, Decimal("0.1"), "Enschede (GM0153)", ""]
    for fill in messages:
        msgid = fill.__doc__
        assert msgid in ENTRIES
        names = fill.__code__.co_varnames[: fill.__code__.co_argcount]
        assert set(names) == set(PLACEHOLDER.findall(msgid))
        for language in ("nl", "en", "nl"):
            with i18n.use(language):
                for shift in range(len(samples)):
                    values = [samples[(i + shift) % len(samples)] for i in range(len(names))]
                    assert fill(*values) == i18n._(msgid, **dict(zip(names, values, strict=True)))
        with pytest.raises(TypeError):
            fill(*range(len(names) + 1))


def test_a_message_by_position_is_filled_in_as_format_map_fills_it() -> None:
    """`_write_positional` for every message of the catalogue, Dutch and English: what format_map gives, or its error
    (a placeholder of the text that is not among the names is format_map's KeyError)."""
    texts = {t for e in ENTRIES.values() for t in (e.msgid, e.msgid_plural, e.msgstr, *e.msgstr_plural.values()) if t}
    samples: list[object] = ["1 november 2026", "€ 1.234,56", 7, Decimal("0.1"), "Enschede (GM0153)"]

    def outcome(fill: Any, *values: object) -> object:
        try:
            return fill(*values)
        except Exception as error:
            return (type(error), error.args)

    for text in sorted(texts):
        names = tuple(dict.fromkeys(PLACEHOLDER.findall(text)))
        for given in (names, names[::-1], (*names, "extra"), names[1:]):
            fill = i18n._write_positional(text, given)
            for shift in range(len(samples)):
                values = [samples[(i + shift) % len(samples)] for i in range(len(given))]
                expected = outcome(text.format_map, dict(zip(given, values, strict=True)))
                assert outcome(fill, *values) == expected, text
    for odd in ("{0}", "{a.b}", "{a[0]}", "x}", "{a:{w}}", "{a!x}", "{b}"):
        assert outcome(i18n._write_positional(odd, ("a",)), 1) == outcome(odd.format_map, {"a": 1})
    assert i18n._write_positional("{{a}} {a!r:>6} {b:,}", ("b", "a"))(1234, "x") == "{a}    'x' 1,234"
    for bad in (("a", "a"), ("a b",), ("_a",), ("1a",)):
        with pytest.raises(ValueError):
            i18n.message("{a}", *bad)
    token = i18n._language.set("xx")  # a language the rules do not speak (`use` would refuse it)
    try:
        with pytest.raises(ValueError):
            i18n.message("{a}", "a")(1)
    finally:
        i18n._language.reset(token)


def test_a_message_in_two_gives_what_underscore_gives() -> None:
    """`i18n.message_in_two(msgid, now, later)(*values_now)(*values_later)` is `_(msgid, **values)`, in either language,
    for the rules' messages said in two (found in the modules' namespaces) and for every text of the catalogue split
    every way (`_write_in_two` against format_map, errors included)."""
    import pkgutil

    import samen.rules

    found = []
    for info in pkgutil.walk_packages(samen.rules.__path__, "samen.rules."):
        module = importlib.import_module(info.name)
        found += [v for v in vars(module).values() if callable(v) and getattr(v, "__qualname__", "") == "message_in_two"]
    found = [f for f in found if f is not i18n.message_in_two]
    assert found
    samples: list[object] = ["1 november 2026", "€ 1.234,56", 7, Decimal("0.1"), "Enschede (GM0153)", ""]
    for first in found:
        msgid = first.__doc__
        assert msgid in ENTRIES
        now, later = first.placeholders
        assert set(now) | set(later) == set(PLACEHOLDER.findall(msgid))
        names = (*now, *later)
        for language in ("nl", "en", "nl"):
            with i18n.use(language):
                for shift in range(len(samples)):
                    values = [samples[(i + shift) % len(samples)] for i in range(len(names))]
                    rest = first(*values[: len(now)])
                    said = i18n._(msgid, **dict(zip(names, values, strict=True)))
                    assert rest(*values[len(now) :]) == rest(*values[len(now) :]) == said

    def outcome(make: Any, *values: object) -> object:
        try:
            return make(*values)
        except Exception as error:
            return (type(error), error.args)

    texts = {t for e in ENTRIES.values() for t in (e.msgid, e.msgid_plural, e.msgstr, *e.msgstr_plural.values()) if t}
    texts |= {"{{a}} {a!r:>6} {b:,}", "{a}{b}{c}", "x {b} y", "{0}", "{a.b}", "{a:{w}}", "", "no fields"}
    for text in sorted(texts):
        names = tuple(dict.fromkeys(PLACEHOLDER.findall(text))) or ("a", "b")
        for cut in range(len(names) + 1):
            for given in (names, names[::-1]):
                now, later = given[:cut], given[cut:]
                values = [samples[i % len(samples)] for i in range(len(given))]
                expected = outcome(text.format_map, dict(zip(given, values, strict=True)))
                made = outcome(_in_two, text, now, later, values[:cut], values[cut:])
                assert made == expected, (text, now, later)
    with pytest.raises(ValueError):
        i18n.message_in_two("{a}", ("a",), ("a",))
    with pytest.raises(ValueError):
        i18n.message_in_two("{a}", ("a b",), ())


def _in_two(text: str, now: tuple[str, ...], later: tuple[str, ...], values_now: list[object], values_later: list[object]) -> str:
    return i18n._write_in_two(text, now, later)(*values_now)(*values_later)
