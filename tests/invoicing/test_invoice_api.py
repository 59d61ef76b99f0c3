"""The invoice API: create a year, list, get, XML and PDF, payments, a credit note; who sees what; the check
endpoint carries the overdue finding."""

from __future__ import annotations

import pytest

from tests.web.web_helpers import client_for

pytestmark = pytest.mark.django_db

BASE = "/api/v1/agreements/twente-vth-2024/invoices"


def test_api_creates_lists_pays_credits_and_hides(agreement2027):
    fin = client_for("financien")
    r = fin.post(BASE, {"year": 2027, "as_of": "2027-01-15"}, content_type="application/json")
    assert r.status_code == 201, r.content
    created = r.json()["created"]
    assert len(created) >= 15
    again = fin.post(BASE, {"year": 2027, "as_of": "2027-01-15"}, content_type="application/json").json()
    assert again["created"] == [] and again["changed"] == []
    listed = fin.get(f"{BASE}?year=2027&pageSize=100").json()
    items = listed["items"]
    assert listed["totalItems"] == len(created) and listed["pageSize"] == 100  # the paging names of every list
    assert [i["number"] for i in items] == created
    hengelo_no = next(i["number"] for i in items if i["party"] == "GM0164" and i["amount_kind"] == "annual-contribution")
    one = fin.get(f"{BASE}/{hengelo_no}").json()
    assert one["status"] in ("open", "overdue") and one["lines"][0]["articles"][0].startswith("art. 7")
    r = fin.post(
        f"{BASE}/{hengelo_no}/payments", {"paid_on": "2027-01-20", "amount": "10.00", "reference": "x"}, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["paid"] == "10.00"
    r = fin.post(f"{BASE}/{hengelo_no}/payments", {"paid_on": "2027-01-20", "amount": "99999999.00"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "invoice.overpayment"
    r = fin.post(f"{BASE}/{hengelo_no}/payments", {"paid_on": "20-01-2027", "amount": "1.00"}, content_type="application/json")
    assert r.status_code in (400, 422) and r["Content-Type"].startswith("application/problem+json")
    xml = fin.get(f"{BASE}/{hengelo_no}/xml")
    assert xml.status_code == 200 and xml.content.startswith(b"<?xml")
    assert fin.get(f"{BASE}/{hengelo_no}/pdf").content.startswith(b"%PDF")
    hengelo = client_for("hengelo")
    seen = hengelo.get(f"{BASE}?pageSize=100").json()["items"]
    assert {i["party"] for i in seen} == {"GM0164"}
    other = next(i["number"] for i in items if i["party"] != "GM0164")
    assert hengelo.get(f"{BASE}/{other}").status_code == 404
    assert hengelo.get(f"{BASE}/{other}/xml").status_code == 404
    assert hengelo.post(f"{BASE}/{hengelo_no}/credit-note", {"reason": "x"}, content_type="application/json").status_code == 403
    assert client_for("waarnemer").get(BASE).status_code == 403
    r = fin.post(f"{BASE}/{other}/credit-note", {"reason": "Verkeerd", "on": "2027-01-20"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["kind"] == "credit-note" and r.json()["credits"] == other
    r = fin.post(f"{BASE}/{other}/credit-note", {"reason": "Nog eens", "on": "2027-01-20"}, content_type="application/json")
    assert r.status_code == 409
    check = hengelo.get("/api/v1/agreements/twente-vth-2024/check?as_of=2027-03-01").json()
    overdue = [f for f in check["findings"] if f["code"] == "art-7.invoice-overdue"]
    assert [f["invoice"] for f in overdue] == [hengelo_no]
