"""The procedure pages (issue 9): withdrawal, evaluation, budget year, the facts with their corrections, what needs doing."""

from __future__ import annotations

import pytest
from tests.procedure_helpers import held_board_decision

from samen.agreements.models import Agreement
from samen.audit.models import AuditEntry
from samen.records.models import FactCorrection, RecordedFact, StepDetail

AS_OF = "?as_of=2026-10-15"


def test_every_procedure_page_answers_for_the_secretariat(secretariat):
    for url in (
        "/procedures/",
        "/procedures/uittreding/GM0164/",
        "/procedures/evaluatie/",
        "/procedures/begroting/2026/",
        "/procedures/feiten/",
    ):
        r = secretariat.get(url + AS_OF)
        assert r.status_code == 200, (url, r.content.decode()[:3000])


def _post(client, url, step, **fields):
    data = {"stap": step, **{f"{step}-{k}": v for k, v in fields.items()}}
    return client.post(url + AS_OF, data)


def test_a_withdrawal_walked_from_notice_to_exit_with_the_amounts(secretariat):
    url = "/procedures/uittreding/GM0164/"
    page = secretariat.get(url + AS_OF).content.decode()
    assert "geen opzegging vastgelegd" in page and 'id="form-opzegging"' in page
    r = _post(secretariat, url, "opzegging", date="2026-01-15", reference="Brief 2026-001", text="Hengelo zegt op.")
    assert r.status_code == 302
    notice = RecordedFact.objects.get(kind="withdrawal-notified")
    assert notice.payload == {"fact": "withdrawal-notified", "party": "GM0164", "date": "2026-01-15"}
    assert StepDetail.objects.get(fact=notice).reference == "Brief 2026-001"
    page = secretariat.get(url + AS_OF).content.decode()
    assert "Brief 2026-001" in page and 'id="form-instemming"' in page
    item = held_board_decision(Agreement.objects.get())
    r = _post(secretariat, url, "instemming", date="2026-02-01", agenda_item=str(item.pk))
    assert r.status_code == 302
    page = secretariat.get(url + AS_OF).content.decode()
    assert 'id="withdrawal-exit"' in page and "1 februari 2028" in page
    assert 'id="withdrawal-amounts"' in page and "/uitleg/" in page
    assert item.title in page
    assert _post(secretariat, url, "desintegratiekosten", date="2026-03-01", amount="12500,00").status_code == 302
    page = secretariat.get(url + AS_OF).content.decode()
    assert "12.500,00" in page


def test_finance_records_the_disintegration_costs_and_a_representative_may_not_post(agreement, login):
    url = "/procedures/uittreding/GM0164/"
    hengelo = login("hengelo")
    before = AuditEntry.objects.count()
    assert _post(hengelo, url, "opzegging", date="2026-01-15").status_code == 403
    assert AuditEntry.objects.count() == before
    assert 'id="form-' not in hengelo.get(url + AS_OF).content.decode()
    finance = login("financien")
    assert _post(finance, url, "desintegratiekosten", date="2026-03-01", amount="12500,00").status_code == 302
    assert RecordedFact.objects.get(kind="disintegration-costs-agreed").payload["amount"] == "12500.00"


def test_a_step_with_a_bad_date_shows_the_error_summary_and_writes_nothing(secretariat):
    before = RecordedFact.objects.count()
    r = _post(secretariat, "/procedures/uittreding/GM0164/", "opzegging", date="")
    assert r.status_code == 400
    page = r.content.decode()
    assert 'id="error-summary"' in page and 'href="#id_opzegging-date"' in page
    assert RecordedFact.objects.count() == before


def test_an_evaluation_recorded_and_its_finding_gone(secretariat):
    url = "/procedures/evaluatie/"
    page = secretariat.get(url + AS_OF).content.decode()
    assert "De evaluatie moet uiterlijk op" in page and 'id="form-evaluatie"' in page
    assert "/voorstellen/?as_of=2026-10-15#proposal-form" in page
    r = _post(secretariat, url, "evaluatie", date="2026-10-01", reference="Evaluatierapport 2026", text="Doorgaan, met verlenging.")
    assert r.status_code == 302
    page = secretariat.get(url + AS_OF).content.decode()
    assert "De evaluatie moet uiterlijk op" not in page
    assert "uitgevoerd op 1 oktober 2026" in page and "Doorgaan, met verlenging." in page
    assert 'id="form-evaluatie"' not in page


def test_a_budget_year_shows_the_three_steps_and_records_the_adoption(secretariat):
    # The demo's budget for 2026 is adopted (samen.budgets, issue 10): record the adoption of 2027.
    url = "/procedures/begroting/2027/"
    page = secretariat.get(url + AS_OF).content.decode()
    assert "De drie stappen" in page and 'id="form-vastgesteld"' in page
    assert _post(secretariat, url, "vastgesteld", date="2026-11-10", reference="Raadsbesluit 2026-88").status_code == 302
    page = secretariat.get(url + "?as_of=2026-11-15").content.decode()
    assert "vastgesteld in de programmabegroting" in page and "Raadsbesluit 2026-88" in page
    adopted = RecordedFact.objects.get(kind="budget-adopted", payload__year=2027)
    assert adopted.payload == {"fact": "budget-adopted", "year": 2027, "date": "2026-11-10"}


def test_a_correction_withdraws_a_wrong_fact_and_both_stay_visible(secretariat):
    _post(secretariat, "/procedures/evaluatie/", "evaluatie", date="2026-10-01")
    wrong = RecordedFact.objects.get(kind="evaluation-completed")
    page = secretariat.get("/procedures/feiten/").content.decode()
    assert f"/procedures/feiten/{wrong.public_id}/corrigeren/" in page
    r = secretariat.post(f"/procedures/feiten/{wrong.public_id}/corrigeren/", {"reason": ""})
    assert r.status_code == 400 and 'id="error-summary"' in r.content.decode()
    r = secretariat.post(f"/procedures/feiten/{wrong.public_id}/corrigeren/" + AS_OF, {"reason": "Nog niet gehouden."})
    assert r.status_code == 302
    assert FactCorrection.objects.get(fact=wrong).reason == "Nog niet gehouden."
    page = secretariat.get("/procedures/feiten/").content.decode()
    assert "Ingetrokken" in page and "Nog niet gehouden." in page
    page = secretariat.get("/procedures/evaluatie/" + AS_OF).content.decode()
    assert "De evaluatie moet uiterlijk op" in page, "the withdrawn evaluation no longer counts"
    assert "Nog niet gehouden." in page, "the history shows it withdrawn"


@pytest.mark.parametrize("username", ["hengelo", "waarnemer"])
def test_others_may_not_correct(agreement, login, username):
    from samen.records import services

    wrong = services.record_fact(actor="system:test", agreement=agreement, raw={"fact": "evaluation-completed", "date": "2026-10-01"})
    client = login(username)
    assert "corrigeren" not in client.get("/procedures/feiten/").content.decode()
    assert client.post(f"/procedures/feiten/{wrong.public_id}/corrigeren/", {"reason": "x"}).status_code == 403
    assert not FactCorrection.objects.exists()


def test_the_dashboard_lists_what_needs_doing_with_links_to_the_forms(secretariat):
    page = secretariat.get("/" + AS_OF).content.decode()
    todo = page.split('id="h-todo"')[1].split("</section>")[0]
    assert "De evaluatie vastleggen" in todo and "/procedures/evaluatie/" in todo
    _post(secretariat, "/procedures/uittreding/GM0164/", "opzegging", date="2026-01-15")
    todo = secretariat.get("/" + AS_OF).content.decode().split('id="h-todo"')[1].split("</section>")[0]
    assert "/procedures/uittreding/GM0164/" in todo and "Instemming met de uittreding" in todo
    _post(secretariat, "/procedures/uittreding/GM0164/", "instemming", date="2026-02-01")
    todo = secretariat.get("/" + AS_OF).content.decode().split('id="h-todo"')[1].split("</section>")[0]
    assert "Desintegratiekosten van" in todo and "uiterlijk 1 februari 2028" in todo


def test_what_needs_doing_lists_a_pending_budget_proposal(secretariat):
    todo = secretariat.get("/?as_of=2026-11-28").content.decode().split('id="h-todo"')[1].split("</section>")[0]
    assert "Besluiten van de partijen vastleggen op voorstel B-2027" in todo and "/voorstellen/" in todo


def test_a_representative_sees_no_steps_of_the_secretariat(agreement, login):
    todo = login("hengelo").get("/" + AS_OF).content.decode().split('id="h-todo"')[1].split("</section>")[0]
    assert "/procedures/evaluatie/" not in todo


def test_the_api_lists_a_withdrawn_fact_and_corrects_one(agreement, login):
    from samen.records import services

    wrong = services.record_fact(actor="system:test", agreement=agreement, raw={"fact": "evaluation-completed", "date": "2026-10-01"})
    client = login("secretariaat")
    r = client.post(
        f"/api/v1/agreements/{agreement.slug}/facts/{wrong.public_id}/correction", {"reason": "verkeerd"}, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    assert r.json()["withdrawn"] is True and r.json()["withdrawn_reason"] == "verkeerd"
    items = client.get(f"/api/v1/agreements/{agreement.slug}/facts?pageSize=100").json()["items"]
    assert [x["withdrawn"] for x in items if x["id"] == str(wrong.public_id)] == [True]
    r = client.post(
        f"/api/v1/agreements/{agreement.slug}/facts/{wrong.public_id}/correction", {"reason": "nog eens"}, content_type="application/json"
    )
    assert r.status_code == 409


def _pdf(name="brief.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")


def test_the_notice_letter_is_attached_to_the_notice_and_listed_in_the_history(secretariat):
    url = "/procedures/uittreding/GM0164/"
    _post(secretariat, url, "opzegging", date="2026-01-15")
    notice = RecordedFact.objects.get(kind="withdrawal-notified")
    page = secretariat.get(url + AS_OF).content.decode()
    assert 'id="document-form"' in page and f"fact:{notice.public_id}" in page
    r = secretariat.post(
        "/procedures/stukken/" + AS_OF,
        {"doc-attach_to": f"fact:{notice.public_id}", "doc-title": "Opzeggingsbrief Hengelo", "doc-kind": "other", "doc-file": _pdf()},
    )
    assert r.status_code == 302 and r["Location"].startswith(url)
    page = secretariat.get(url + AS_OF).content.decode()
    assert "Opzeggingsbrief Hengelo" in page
    from samen.documents.models import Document

    assert Document.objects.get(fact__kind="withdrawal-notified").fact == notice


def test_a_document_of_a_partys_costs_is_seen_as_the_costs_are(agreement, login):
    from samen.documents import services as documents

    finance = login("financien")
    _post(finance, "/procedures/uittreding/GM0153/", "desintegratiekosten", date="2026-03-01", amount="1000")
    costs = RecordedFact.objects.get(kind="disintegration-costs-agreed")
    doc = documents.add_document(actor="system:test", target=costs, title="Afspraak kosten Enschede", kind="other", file=_pdf("k.pdf"))
    assert "Afspraak kosten Enschede" in finance.get("/procedures/uittreding/GM0153/" + AS_OF).content.decode()
    hengelo = login("hengelo")
    assert "Afspraak kosten Enschede" not in hengelo.get("/procedures/uittreding/GM0153/" + AS_OF).content.decode()
    assert hengelo.get(f"/documenten/{doc.public_id}/").status_code == 404
    assert hengelo.post("/procedures/stukken/", {"doc-attach_to": f"fact:{costs.public_id}"}).status_code == 404


def test_the_api_names_the_fact_of_a_step_document_and_hides_it_as_the_fact(agreement, login):
    from samen.documents import services as documents
    from samen.records import services

    costs = services.record_fact(
        actor="system:test",
        agreement=agreement,
        raw={"fact": "disintegration-costs-agreed", "party": "GM0153", "amount": "10.00", "date": "2026-03-01"},
    )
    doc = documents.add_document(actor="system:test", target=costs, title="Kosten", kind="other", file=_pdf("k.pdf"))
    items = login("financien").get(f"/api/v1/agreements/{agreement.slug}/documents?pageSize=100").json()
    items = items["items"] if isinstance(items, dict) else items
    assert [x["fact"] for x in items if x["id"] == str(doc.public_id)] == [str(costs.public_id)]
    items = login("hengelo").get(f"/api/v1/agreements/{agreement.slug}/documents?pageSize=100").json()
    items = items["items"] if isinstance(items, dict) else items
    assert str(doc.public_id) not in {x["id"] for x in items}
    assert login("hengelo").get(f"/api/v1/agreements/{agreement.slug}/documents/{doc.public_id}/content").status_code == 404


def test_the_procedure_pages_in_english(secretariat):
    secretariat.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "What needs doing" in secretariat.get("/" + AS_OF).content.decode()
    page = secretariat.get("/procedures/uittreding/GM0164/" + AS_OF).content.decode()
    assert "Withdrawal of" in page and "no notice recorded" in page and "Notice received" in page
    page = secretariat.get("/procedures/evaluatie/" + AS_OF).content.decode()
    assert "Evaluation and extension" in page and "Record the next step" in page
    assert "Recorded facts" in secretariat.get("/procedures/feiten/").content.decode()
    secretariat.post("/i18n/setlang/", {"language": "nl", "next": "/"})


def test_steps_and_documents_keep_the_audit_chain_intact(secretariat):
    from samen.audit import services as audit

    _post(secretariat, "/procedures/uittreding/GM0164/", "opzegging", date="2026-01-15", reference="Brief")
    notice = RecordedFact.objects.get(kind="withdrawal-notified")
    secretariat.post(
        "/procedures/stukken/",
        {"doc-attach_to": f"fact:{notice.public_id}", "doc-title": "Brief", "doc-kind": "other", "doc-file": _pdf()},
    )
    secretariat.post(f"/procedures/feiten/{notice.public_id}/corrigeren/", {"reason": "verkeerde partij"})
    assert FactCorrection.objects.filter(fact=notice).exists()
    page = secretariat.get("/procedures/uittreding/GM0164/" + AS_OF).content.decode()
    assert "verkeerde partij" in page and "geen opzegging vastgelegd" in page
    assert f"fact:{notice.public_id}" not in page, "no document is added to a withdrawn step"
    assert audit.verify().intact


def test_a_step_of_another_page_is_not_found(secretariat):
    before = RecordedFact.objects.count()
    assert _post(secretariat, "/procedures/uittreding/GM0164/", "evaluatie", date="2026-10-01").status_code == 404
    assert _post(secretariat, "/procedures/evaluatie/", "onbekend", date="2026-10-01").status_code == 404
    assert RecordedFact.objects.count() == before


def test_the_withdrawal_shows_its_plan_period_and_records_a_release_of_some_years(secretariat):
    # Art. 9 lid 2: a party that gives notice within a plan period keeps that period's obligations, unless a
    # decision releases it; the release names the years and contributions it frees (art. 1 sub j: the term).
    url = "/procedures/uittreding/GM0164/"
    assert _post(secretariat, url, "opzegging", date="2026-01-15").status_code == 302
    item = held_board_decision(Agreement.objects.get())
    assert _post(secretariat, url, "instemming", date="2026-02-01", agenda_item=str(item.pk)).status_code == 302
    page = secretariat.get(url + AS_OF).content.decode()
    assert 'id="withdrawal-plan-period"' in page and "1 november 2024 tot en met 31 oktober 2027" in page
    assert 'id="withdrawal-obligations-until"' in page
    assert 'id="form-ontheffing"' in page and "Vrijgestelde jaren" in page

    r = _post(secretariat, url, "ontheffing", date="2026-03-01", years="20x7")
    assert r.status_code == 400 and "Vul jaartallen in" in r.content.decode()
    assert not RecordedFact.objects.filter(kind="withdrawal-obligation-waived").exists()

    r = _post(secretariat, url, "ontheffing", date="2026-03-01", years="2027", kinds=["capacity-contribution"])
    assert r.status_code == 302
    waived = RecordedFact.objects.get(kind="withdrawal-obligation-waived")
    assert waived.payload == {
        "fact": "withdrawal-obligation-waived",
        "party": "GM0164",
        "years": [2027],
        "kinds": ["capacity-contribution"],
        "date": "2026-03-01",
    }
