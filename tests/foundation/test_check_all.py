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


@pytest.fixture
def three_agreements(two_agreements):
    """`two_agreements` with Twente's 2027 invoices made and left unpaid (overdue from 14 February 2027), and a copy
    of Twente under the slug `twente-kopie-2024` with facts of its own: a budget with lines and its adoption, a
    cost per FTE, and a second cost per FTE that was withdrawn (corrected) again."""
    from datetime import date

    from samen.agreements import registry
    from samen.agreements.models import Agreement
    from samen.agreements.services import load_definition
    from samen.budgets import services as budgets
    from samen.invoicing import services as invoicing
    from samen.records.services import correct_fact, record_fact

    twente = Agreement.objects.get(slug="twente-vth-2024")
    assert invoicing.create_for_year(actor=None, agreement=twente, year=2027, as_of=date(2027, 1, 15)).created
    source = (two_agreements / "twente-vth-2024.toml").read_text(encoding="utf-8")
    (two_agreements / "twente-kopie-2024.toml").write_text(
        source.replace('slug = "twente-vth-2024"', 'slug = "twente-kopie-2024"', 1), encoding="utf-8"
    )
    registry.definition.cache_clear()
    copy = load_definition(actor="system:test", slug="twente-kopie-2024")
    budget = budgets.create_budget(actor=None, agreement=copy, year=2026, opening_reserve="1000.00")
    budgets.add_line(actor=None, budget=budget, name="Personeel", amount="180000.00")
    budgets.add_line(actor=None, budget=budget, name="Werkbudget", amount="20000.00")
    record_fact(actor=None, agreement=copy, raw={"fact": "budget-adopted", "year": 2026, "date": "2025-11-13"})
    record_fact(actor=None, agreement=copy, raw={"fact": "cost-per-fte", "year": 2026, "amount": "101455.00"})
    wrong = record_fact(actor=None, agreement=copy, raw={"fact": "cost-per-fte", "year": 2027, "amount": "1.00"})
    correct_fact(actor=None, record=wrong, reason="verkeerd bedrag")
    return two_agreements


def test_check_all_gives_each_agreement_what_check_gives_it_across_chunks(three_agreements, capsys, monkeypatch):
    from samen.records import queries

    monkeypatch.setattr(queries, "CHUNK", 2)  # three agreements: two chunks
    as_of = "2027-03-01"
    assert cli.main(["check", "--all", "--json", "--as-of", as_of]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["agreement"] for line in lines] == ["made-up-2025", "twente-kopie-2024", "twente-vth-2024"]
    for line in lines:
        assert cli.main(["check", "--agreement", line["agreement"], "--json", "--as-of", as_of]) == line["exit"]
        assert {k: v for k, v in line.items() if k != "exit"} == json.loads(capsys.readouterr().out)
    made_up, copy, twente = lines
    assert "art-7.invoice-overdue" in {f["code"] for f in twente["findings"]}
    assert "art-7.invoice-overdue" not in {f["code"] for f in copy["findings"] + made_up["findings"]}
    (budget,) = [b for b in copy["budgets"] if b["year"] == 2026]
    assert {x["line"] for x in budget["lines"]} == {"Personeel", "Werkbudget"}


def test_stored_facts_many_reads_each_agreement_as_stored_facts_in_a_fixed_number_of_queries(three_agreements):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samen.accounts.models import User
    from samen.agreements.models import Agreement
    from samen.records.queries import stored_facts, stored_facts_many

    agreements = list(Agreement.objects.order_by("slug"))
    users = User.objects.select_related("party")  # the actor's own party is no query of the reading
    for actor in (None, users.get(username="hengelo"), users.get(username="waarnemer")):
        with CaptureQueriesContext(connection) as read:
            many = list(stored_facts_many(agreements, actor))
        assert len(read.captured_queries) <= 8  # one per table, however many agreements
        assert [a for a, _ in many] == agreements
        for agreement, facts in many:
            assert facts == stored_facts(agreement, actor)
    copy = next(facts for a, facts in stored_facts_many(agreements, None) if a.slug == "twente-kopie-2024")
    assert sorted(x.fact["fact"] for x in copy) == ["budget-adopted", "cost-per-fte"]  # the withdrawn one left out
    (adopted,) = [x.fact for x in copy if x.fact["fact"] == "budget-adopted"]
    assert adopted["lines"] == {"Personeel": "180000.00", "Werkbudget": "20000.00"}
    with CaptureQueriesContext(connection) as read:
        assert len(list(stored_facts_many(agreements, None, chunk=1))) == 3
    assert len(read.captured_queries) > 8  # a chunk at a time


@pytest.mark.parametrize(("count", "jobs"), [(1000, 2), (1000, 8), (37, 4), (3, 2), (1, 1), (0, 2), (260, 3)])
def test_the_tasks_of_the_workers_cover_every_agreement_once_in_order_and_shrink_towards_the_end(count, jobs):
    """Every agreement in exactly one task, in order; no task above the size, none below TASK_MIN but the last; the
    tasks never grow, so that the last ones, which decide when the workers are done, are the small ones."""
    size = cli._check_task_size(count, jobs)
    slices = list(cli._task_slices(count, jobs, size))
    assert [i for first, last in slices for i in range(first, last)] == list(range(count))
    sizes = [last - first for first, last in slices]
    assert all(0 < n <= size for n in sizes)
    assert all(n >= min(cli.TASK_MIN, size) for n in sizes[:-1])
    assert sizes == sorted(sizes, reverse=True)
    if count >= 4 * jobs * size:
        assert sizes[-1] <= cli.TASK_MIN < size  # the end in small tasks


def test_check_all_in_worker_processes_prints_what_one_process_prints(three_agreements, transactional_db, capsys, monkeypatch):
    """--jobs N checks slices of the agreements in N worker processes (on a database they can reach themselves:
    PostgreSQL, or SQLite in a file) and prints the same lines, in the same order, with the same exit code."""
    from django.db import connection

    from samen.records import queries

    monkeypatch.setattr(cli, "TASK_MIN", 1)  # three agreements: a task each, more tasks than workers
    monkeypatch.setattr(queries, "CHUNK", 2)
    shared = not (connection.vendor == "sqlite" and connection.is_in_memory_db())
    assert cli._check_jobs(2, 3, cli._check_task_size(3, 2)) == (2 if shared else 1)
    from samen.agreements import registry

    (three_agreements / "made-up-2025.toml").unlink()  # a worker reports it as one process does
    registry.definition.cache_clear()
    for args in ([], ["--json"], ["--json", "--lang", "en"]):
        assert cli.main(["check", "--all", *args, "--as-of", "2027-03-01", "--jobs", "1"]) == 1
        alone = capsys.readouterr()
        assert cli.main(["check", "--all", *args, "--as-of", "2027-03-01", "--jobs", "2"]) == 1
        assert capsys.readouterr() == alone
        if not args:
            assert [line.split(":")[0] for line in alone.out.splitlines()] == ["made-up-2025", "twente-kopie-2024", "twente-vth-2024"]
            assert "made-up-2025: niet gecontroleerd: agreement.unknown" in alone.out


def test_check_all_checks_here_inside_a_transaction(two_agreements):
    """Worker processes would not see what an open transaction has not committed (the `db` fixture's)."""
    assert cli._check_jobs(2, 1000, 10) == 1


def test_check_refuses_a_number_of_jobs_below_1_and_jobs_without_all(two_agreements, capsys):
    assert cli.main(["check", "--all", "--jobs", "0"]) == 2
    assert "--jobs" in capsys.readouterr().err
    assert cli.main(["check", "--jobs", "2"]) == 2  # one agreement is checked in this process: --jobs says nothing
    assert "--jobs geldt alleen met --all" in capsys.readouterr().err
