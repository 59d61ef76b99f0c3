"""`samen check --all`: every agreement on the server, one result per agreement, the exit code of the worst."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from samen import cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def two_agreements(db, settings, tmp_path):
    """Twente (with the demo facts) and the made-up agreement of tests/fixtures, from one definitions folder."""
    from samen import demo
    from samen.agreements import registry
    from samen.agreements.services import load_definition

    folder = tmp_path / "agreements"
    folder.mkdir()
    shutil.copy(ROOT / "agreements" / "twente-vth-2024.toml", folder)
    shutil.copytree(ROOT / "agreements" / "invoicing", folder / "invoicing")  # the demo invoices 2026
    shutil.copy(ROOT / "tests" / "fixtures" / "agreements" / "made-up-2025.toml", folder)
    settings.SAMEN_AGREEMENTS_DIR = folder
    registry.definition.cache_clear()
    twente = load_definition(actor="system:test", slug="twente-vth-2024")
    demo.load(agreement=twente)
    load_definition(actor="system:test", slug="made-up-2025")
    yield folder
    registry.definition.cache_clear()


def test_check_all_json_streams_one_line_per_agreement_as_check_answers_each(two_agreements, capsys):
    assert cli.main(["check", "--all", "--json", "--as-of", "2026-11-28"]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["agreement"] for line in lines] == ["made-up-2025", "twente-vth-2024"]
    twente = lines[1]
    assert twente["exit"] == 1 and "art-3.evaluation-overdue" in {f["code"] for f in twente["findings"]}
    # The same answer as `samen check --agreement SLUG --json`, for each agreement.
    for line in lines:
        assert cli.main(["check", "--agreement", line["agreement"], "--json", "--as-of", "2026-11-28"]) == line["exit"]
        single = json.loads(capsys.readouterr().out)
        assert {k: v for k, v in line.items() if k != "exit"} == single


def test_check_all_exits_0_when_no_agreement_has_an_error_and_writes_readable_lines(two_agreements, capsys):
    assert cli.main(["check", "--all", "--as-of", "2025-03-02"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["made-up-2025", "twente-vth-2024"]
    assert all("0 fout" in line for line in lines)
    assert "2 overeenkomsten gecontroleerd" in captured.err
    assert "\r" not in captured.err, "no progress bar when stderr is not a terminal"


def test_check_all_reports_an_agreement_it_cannot_read_and_checks_the_others(two_agreements, capsys):
    (two_agreements / "made-up-2025.toml").unlink()
    from samen.agreements import registry

    registry.definition.cache_clear()
    assert cli.main(["check", "--all", "--json", "--as-of", "2025-03-02"]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["agreement"] == "made-up-2025" and lines[0]["exit"] == 1 and "agreement.unknown" in lines[0]["error"]
    assert lines[1]["agreement"] == "twente-vth-2024" and "findings" in lines[1]


def test_check_all_refuses_bad_input_with_exit_2(two_agreements, capsys):
    assert cli.main(["check", "--all", "--agreement", "made-up-2025"]) == 2
    assert "all" in capsys.readouterr().err
    assert cli.main(["check", "--all", "--as-of", "3001-01-01"]) == 2
    assert capsys.readouterr().out == ""
