"""`samen invoices create` and `samen invoices export`; `samen check` shows an overdue invoice."""

from __future__ import annotations

import json
from datetime import date

import pytest

from samen import cli
from samen.invoicing import services
from samen.invoicing.models import Document

pytestmark = pytest.mark.django_db


def test_create_twice_then_export(agreement2027, tmp_path, capsys):
    assert cli.main(["invoices", "create", "--year", "2027", "--as-of", "2027-01-15"]) == 0
    out = capsys.readouterr().out
    assert out.count("gemaakt: 2027-") == Document.objects.filter(year=2027).count() >= 15
    assert cli.main(["invoices", "create", "--year", "2027", "--as-of", "2027-01-15"]) == 0
    again = capsys.readouterr().out
    assert "gemaakt: " not in again and "al gefactureerd: 2027-0001" in again and again.strip().endswith("0 gewijzigd")
    assert cli.main(["invoices", "export", "--year", "2027", "--out", str(tmp_path / "out")]) == 0
    files = {p.name for p in (tmp_path / "out").iterdir()}
    numbers = set(Document.objects.filter(year=2027).values_list("number", flat=True))
    assert files == {f"{n}.xml" for n in numbers} | {f"{n}.pdf" for n in numbers} | {"invoices-2027.xlsx"}
    assert len([f for f in files if f.endswith(".pdf")]) >= 15
    assert (tmp_path / "out" / "2027-0001.pdf").read_bytes().startswith(b"%PDF")


def test_bad_year_is_exit_2_naming_the_field(agreement2027, capsys):
    assert cli.main(["invoices", "create", "--year", "1800"]) == 2
    assert "[veld: year]" in capsys.readouterr().err


def test_check_shows_the_overdue_invoice(agreement2027, capsys):
    outcome = services.create_for_year(actor=None, agreement=agreement2027, year=2027, as_of=date(2027, 1, 15))
    first = outcome.created[0]
    capsys.readouterr()
    cli.main(["check", "--as-of", "2027-03-01", "--json"])
    answer = json.loads(capsys.readouterr().out)
    overdue = [f for f in answer["findings"] if f["code"] == "art-7.invoice-overdue"]
    assert len(overdue) == len(outcome.created) and overdue[0]["articles"] == ["art. 7 lid 2", "art. 7 lid 1"]
    assert first.number in {f["invoice"] for f in overdue}
    cli.main(["check", "--as-of", "2027-03-01"])
    assert f"art-7.invoice-overdue (art. 7 lid 2, art. 7 lid 1): Factuur {first.number}" in capsys.readouterr().out
