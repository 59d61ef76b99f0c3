"""`samen evaluate FILE [--json] [--as-of DATE]`: exit codes, JSON contract, Dutch text, problems on bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from samen.cli_evaluate import main


def write(tmp_path: Path, doc: object) -> str:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(doc))
    return str(path)


def test_json_answer_follows_the_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = {
        "as_of": "2027-01-10",
        "facts": [{"fact": "dispute-notified", "dispute": "D-1", "by": "GM0164", "against": ["GM0153"], "date": "2026-12-20"}],
    }
    assert main([write(tmp_path, doc), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert set(answer) >= {"as_of", "deadlines", "procedures", "amounts", "findings", "notes"}
    assert {"procedure": "dispute", "ref": "D-1", "step": "chair-phase-end", "date": "2027-01-31"}.items() <= next(
        d for d in answer["deadlines"] if d["step"] == "chair-phase-end"
    ).items()


def test_as_of_option_overrides_the_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([write(tmp_path, {"as_of": "2025-01-01", "facts": []}), "--json", "--as-of", "2026-11-28"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["as_of"] == "2026-11-28"
    assert any(f["code"] == "art-3.evaluation-overdue" for f in answer["findings"])


def test_text_output_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([write(tmp_path, {"as_of": "2026-11-28"})]) == 0
    assert "Bevindingen" in capsys.readouterr().out


def test_bad_input_exits_2_naming_fact_index_and_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = {
        "facts": [{"fact": "signed", "party": "GM0153", "date": "2024-10-01"}, {"fact": "cost-per-fte", "year": 2027, "amount": 98500.5}]
    }
    assert main([write(tmp_path, doc), "--json"]) == 2
    captured = capsys.readouterr()
    assert "feit 1" in captured.err and "facts[1].amount" in captured.err
    problem = json.loads(captured.out)
    assert problem["errors"][0] == {
        "index": 1,
        "field": "facts[1].amount",
        "message": problem["errors"][0]["message"],
        "code": "scenario.float-amount",
    }


def test_not_json_and_missing_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert main([str(bad)]) == 2
    assert main([str(tmp_path / "missing.json")]) == 2
    assert main([write(tmp_path, {}), "--as-of", "tomorrow"]) == 2


def test_as_of_option_outside_the_date_bounds_names_the_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([write(tmp_path, {"facts": []}), "--json", "--as-of", "9999-12-31"]) == 2
    problem = json.loads(capsys.readouterr().out)
    assert (problem["code"], problem["errors"][0]["field"]) == ("scenario.date-out-of-range", "--as-of")


def test_json_nested_a_thousand_deep_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"facts": ' + "[" * 1000 + "]" * 1000 + "}")
    assert main([str(deep), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["code"] == "scenario.too-deep"


def test_language_in_the_scenario_and_the_lang_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, {"as_of": "2026-11-28", "language": "en"})
    assert main([path]) == 0
    out = capsys.readouterr().out
    assert "Reference date: 28 November 2026" in out and "Findings" in out
    assert main([path, "--lang", "nl"]) == 0
    assert "Peildatum: 28 november 2026" in capsys.readouterr().out
    assert main([write(tmp_path, {"as_of": "2026-11-28"}), "--json", "--lang", "en"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert next(f for f in answer["findings"] if f["code"] == "art-3.evaluation-overdue")["message"].startswith("The evaluation")


def test_an_unknown_language_is_bad_input_naming_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([write(tmp_path, {"language": "fr"}), "--json"]) == 2
    captured = capsys.readouterr()
    assert "language:" in captured.err and "scenario.bad-choice" in captured.err
    assert json.loads(captured.out)["errors"][0]["field"] == "language"


BAD = {"as_of": "2027-03-01", "facts": [{"fact": "signed", "party": "GM0344", "date": "2024-13-01"}]}


def test_input_errors_in_english_with_lang_en(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 9: the parser's input errors follow --lang (and the scenario's `language`), codes and fields unchanged."""
    path = write(tmp_path, BAD)
    assert main([path, "--json", "--lang", "en"]) == 2
    captured = capsys.readouterr()
    problem = json.loads(captured.out)
    assert problem["title"] == "Invalid scenario"
    assert [(e["field"], e["code"]) for e in problem["errors"]] == [
        ("facts[0].party", "art-8.closed-membership"),
        ("facts[0].date", "scenario.bad-date"),
    ]
    assert problem["errors"][0]["message"] == "GM0344 is not a party to this agreement; no one outside the parties can join (art. 8 lid 1)"
    assert problem["errors"][1]["message"] == "is not an existing date: '2024-13-01'"
    assert "invalid input: fact 0, facts[0].party: GM0344 is not a party" in captured.err
    assert main([write(tmp_path, {**BAD, "language": "en"}), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["errors"][1]["message"] == "is not an existing date: '2024-13-01'"
    path = write(tmp_path, BAD)  # the same file again, without a language
    assert main([path, "--json"]) == 2
    dutch = json.loads(capsys.readouterr().out)
    assert dutch["title"] == "Ongeldig scenario" and dutch["errors"][1]["message"] == "is geen bestaande datum: '2024-13-01'"
    assert main([path, "--json", "--lang", "en", "--as-of", "2027-02-30"]) == 2
    assert json.loads(capsys.readouterr().out)["errors"][0]["message"] == "is not an existing date: '2027-02-30'"


def test_input_errors_in_english_through_the_api(client: Any) -> None:
    english = client.post("/api/v1/evaluate", {**BAD, "language": "en"}, content_type="application/json")
    assert english.status_code == 400
    assert english.json()["invalidParams"][1]["reason"] == "is not an existing date: '2024-13-01'"
    dutch = client.post("/api/v1/evaluate", BAD, content_type="application/json")
    assert dutch.json()["invalidParams"][1]["reason"] == "is geen bestaande datum: '2024-13-01'"
