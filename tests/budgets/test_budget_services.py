"""Budgets, commitments within them and staffing through the services, the API and the command line (art. 4, 6, 7)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from samen import cli
from samen.accounts.models import User
from samen.accounts.services import create_api_token
from samen.audit.models import AuditEntry
from samen.budgets import services
from samen.budgets.models import Budget, BudgetLine, Commitment
from samen.core.errors import Conflict, NotAllowed, Refused
from samen.documents.models import Document
from samen.records.models import RecordedFact
from samen.records.queries import evaluate_recorded, recorded_facts

pytestmark = pytest.mark.django_db

LINE = "Werkbudget samenwerkingsagenda"  # demo 2026: 9000.00, committed 4500.00 + 2750.00, so 1750.00 left
API = "/api/v1/agreements/twente-vth-2024"


def _auth(username: str) -> dict[str, str]:
    _, key = create_api_token(actor="system:test", username=username, label="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _commit(demo, **extra):
    spec = {
        "actor": User.objects.get(username="financien"),
        "agreement": demo,
        "ref": "V-T-1",
        "year": 2026,
        "line": LINE,
        "counterparty": "Leverancier",
        "description": "Iets",
        "amount": Decimal("1750.01"),
        "committed_on": date(2026, 11, 1),
    }
    return services.record_commitment(**{**spec, **extra})


def test_the_demo_projects_lines_and_commitments_into_the_facts(demo):
    facts = recorded_facts(demo)
    (adopted,) = [f for f in facts if f["fact"] == "budget-adopted" and f["year"] == 2026]
    assert adopted["lines"][LINE] == "9000.00"
    assert len([f for f in facts if f["fact"] == "commitment-made"]) == 3
    # Stored once: the recorded fact itself carries no lines, the commitments are no recorded facts.
    stored = RecordedFact.objects.get(kind="budget-adopted", payload__year=2026)
    assert "lines" not in stored.payload
    assert not RecordedFact.objects.filter(kind="commitment-made").exists()
    answer = evaluate_recorded(demo, as_of=date(2026, 11, 29)).to_json()
    (b2026,) = [b for b in answer["budgets"] if b["year"] == 2026]
    assert {x["line"]: x["left"] for x in b2026["lines"]}[LINE] == "1750.00"


def test_a_commitment_beyond_its_line_is_refused_and_nothing_is_written(demo):
    before = (Commitment.objects.count(), AuditEntry.objects.count())
    with pytest.raises(Refused) as e:
        _commit(demo)
    assert e.value.code == "art-4.commitment-beyond-budget" and e.value.article == "art. 4 lid 4"
    assert "1.750,00" in e.value.message
    assert (Commitment.objects.count(), AuditEntry.objects.count()) == before
    # Exactly what is left is within the line.
    c = _commit(demo, amount=Decimal("1750.00"))
    assert c.pk and AuditEntry.objects.filter(object_type="budgets.commitment", object_id=str(c.pk)).exists()


def test_a_commitment_dated_before_others_that_would_push_one_beyond_the_line_is_refused(demo):
    # Demo 2026: 9,000.00 on the line, 4,500.00 (10 February) and 2,750.00 (1 June) committed. A 4,500.00 dated
    # 5 January would fit by itself, first in date order, and leave the 1 June commitment beyond the line.
    before = (Commitment.objects.count(), AuditEntry.objects.count())
    with pytest.raises(Refused) as e:
        _commit(demo, amount=Decimal("4500.00"), committed_on=date(2026, 1, 5))
    assert e.value.code == "art-4.commitment-beyond-budget"
    assert "V-2026-3" in e.value.message and "vóór" in e.value.message
    assert (Commitment.objects.count(), AuditEntry.objects.count()) == before
    answer = evaluate_recorded(demo, as_of=date(2026, 11, 29)).to_json()
    (b2026,) = [b for b in answer["budgets"] if b["year"] == 2026]
    assert {x["line"]: x["left"] for x in b2026["lines"]}[LINE] == "1750.00"


def test_with_a_mandate_it_is_stored_flagged_and_approved_by_the_chair(demo):
    c = _commit(demo, mandate="Mandaatregeling Enschede 2024, art. 3")
    codes = {f.code: f.ref for f in evaluate_recorded(demo, as_of=date(2026, 11, 29)).findings}
    assert codes.get("art-4.commitment-awaiting-approval") == "V-T-1"
    with pytest.raises(NotAllowed):
        services.approve_commitment(actor=User.objects.get(username="financien"), commitment=c, approved_on=date(2026, 11, 2))
    services.approve_commitment(actor=User.objects.get(username="voorzitter"), commitment=c, approved_on=date(2026, 11, 2))
    codes = {f.code: f.ref for f in evaluate_recorded(demo, as_of=date(2026, 11, 29)).findings}
    assert "art-4.commitment-awaiting-approval" not in codes
    assert codes.get("art-4.commitment-approved-under-mandate") == "V-T-1"
    with pytest.raises(Conflict):
        services.approve_commitment(actor=User.objects.get(username="voorzitter"), commitment=c, approved_on=date(2026, 11, 3))


def test_the_lines_of_an_adopted_budget_do_not_change(demo):
    finance = User.objects.get(username="financien")
    with pytest.raises(Refused) as e:
        services.add_line(actor=finance, budget=Budget.objects.get(year=2026), name="Nieuw", amount="10.00")
    assert e.value.code == "art-6.budget-adopted" and e.value.article == "art. 6"
    line = services.add_line(actor=finance, budget=Budget.objects.get(year=2027), name="Nieuw", amount="10.00")
    assert line.position == 4
    with pytest.raises(NotAllowed):
        services.add_line(actor=User.objects.get(username="hengelo"), budget=Budget.objects.get(year=2027), name="X", amount="1.00")


def test_the_cost_per_fte_is_the_fact_with_its_source_document(demo):
    fact = RecordedFact.objects.get(kind="cost-per-fte", payload__year=2027)
    assert fact.payload["amount"] == "104498.65" and fact.example_figure
    assert Document.objects.filter(fact=fact).count() == 1


def test_a_budget_adopted_fact_with_lines_is_refused_by_record(demo):
    from samen.core.errors import InvalidInput
    from samen.records.services import record_fact

    with pytest.raises(InvalidInput) as e:
        record_fact(
            actor="system:test", agreement=demo, raw={"fact": "budget-adopted", "year": 2027, "date": "2026-12-01", "lines": {"A": "1.00"}}
        )
    assert e.value.code == "fact.own-table"


def test_cli_refuses_beyond_the_line_with_exit_1_and_bad_input_with_exit_2(demo, capsys):
    args = ["commitments", "add", "--year", "2026", "--line", LINE, "--date", "2026-11-01", "--counterparty", "X", "--description", "Y"]
    assert cli.main([*args, "--amount", "5000.00"]) == 1
    assert "art-4.commitment-beyond-budget" in capsys.readouterr().err
    assert Commitment.objects.count() == 3
    assert cli.main([*args, "--amount", "veel"]) == 2
    assert cli.main([*args[:-2], "--amount", "1.00"]) == 2  # --description missing
    assert cli.main([*args, "--amount", "5000.00", "--mandate", "Mandaatregeling 2024"]) == 0
    assert Commitment.objects.count() == 4
    assert cli.main(["commitments", "list"]) == 0
    out = capsys.readouterr().out
    assert "wacht op goedkeuring" in out and "V-2026-1" in out


def test_api_refuses_beyond_the_line_with_a_problem(client, demo):
    body = {
        "ref": "V-API-1",
        "year": 2026,
        "line": LINE,
        "counterparty": "X",
        "description": "Y",
        "amount": "1750.01",
        "date": "2026-11-01",
    }
    r = client.post(f"{API}/commitments", body, content_type="application/json", **_auth("financien"))
    assert r.status_code == 400 and r["Content-Type"].startswith("application/problem+json")
    assert r.json()["code"] == "art-4.commitment-beyond-budget"
    assert not Commitment.objects.filter(ref="V-API-1").exists()
    r = client.post(f"{API}/commitments", {**body, "mandate": "Mandaat"}, content_type="application/json", **_auth("financien"))
    assert r.status_code == 201 and r.json()["status"] == "awaiting-approval"
    r = client.post(
        f"{API}/commitments/V-API-1/approval", {"approved_on": "2026-11-02"}, content_type="application/json", **_auth("voorzitter")
    )
    assert r.status_code == 200 and r.json()["status"] == "approved"


def test_api_budgets_for_finance_and_for_a_representative(client, demo):
    doc = client.get(f"{API}/budgets/2026", **_auth("financien")).json()
    assert doc["adopted"] is True and len(doc["lines"]) == 3 and len(doc["contributions"]) == 15
    assert {x["line"]: x["left"] for x in doc["lines"]}[LINE] == "1750.00"
    rep = client.get(f"{API}/budgets/2026", **_auth("hengelo")).json()
    assert rep["lines"] == [] and [c["party"] for c in rep["contributions"]] == ["GM0164"]
    assert rep["total"] == doc["total"]
    assert client.get(f"{API}/budgets/2026", **_auth("waarnemer")).status_code == 403
    assert client.get(f"{API}/commitments", **_auth("hengelo")).status_code == 403
    items = client.get(f"{API}/commitments?pageSize=100", **_auth("financien")).json()["items"]
    assert {i["ref"]: i["status"] for i in items} == {"V-2026-1": "within", "V-2026-2": "within", "V-2026-3": "within"}
    r = client.post(f"{API}/budgets/2026/lines", {"name": "X", "amount": "1.00"}, content_type="application/json", **_auth("financien"))
    assert r.status_code == 400 and r.json()["code"] == "art-6.budget-adopted"
    r = client.post(f"{API}/budgets/2027/lines", {"name": "X", "amount": "1.00"}, content_type="application/json", **_auth("financien"))
    assert r.status_code == 201 and BudgetLine.objects.filter(name="X").exists()
