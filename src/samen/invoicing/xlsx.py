"""All of a year's invoices and credit notes in one XLSX for finance (openpyxl): one row per line, then the totals;
a second sheet per party with invoiced, paid and open. Amounts are numbers (format 0.00, two decimals), a credit
note's negative; the totals are computed here in exact Decimal and written as numbers (not formulas), so that any
reader sees the same values without recalculating. Only what the actor may see (`queries.year_rows`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from samen.agreements.models import Agreement
from samen.invoicing import queries

MONEY = "#,##0.00"
KIND_LABELS = {
    "annual-contribution": "jaarbijdrage",
    "capacity-contribution": "capaciteitsbijdrage",
    "variable-contribution": "variabele bijdrage",
    "disintegration-costs": "desintegratiekosten",
    "mediation-costs": "mediationkosten",
}


def _money_row(ws: Any, row: list[Any], money_columns: range, bold: bool = False) -> None:
    ws.append(row)
    r = ws.max_row
    for c in money_columns:
        ws.cell(row=r, column=c).number_format = MONEY
    if bold:
        for cell in ws[r]:
            cell.font = Font(bold=True)


def workbook(actor: Any, agreement: Agreement, year: int, as_of: date | None = None) -> bytes:
    """The XLSX bytes of `year` as `actor` may see it, paid and open as of `as_of` (None: all that is recorded)."""
    rows = queries.year_rows(actor, agreement, year, as_of)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"Facturen {year}"
    header = ["Nummer", "Soort", "Partij", "Naam", "Soort bijdrage", "Regel", "Omschrijving", "Artikelen", "Factuurdatum", "Vervaldatum"]
    header += ["Regelbedrag", "Betaald", "Open", "Status"]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    total = paid = still = Decimal("0.00")
    for r in rows:
        sign = -1 if r.doc.kind == "credit-note" else 1
        for i, line in enumerate(r.doc.lines.all()):
            first = i == 0
            _money_row(
                ws,
                [
                    r.doc.number,
                    "creditnota" if sign < 0 else "factuur",
                    r.doc.party,
                    r.doc.parties["buyer"]["name"],
                    KIND_LABELS.get(r.doc.amount_kind, r.doc.amount_kind),
                    line.position,
                    line.description,
                    ", ".join(line.articles),
                    r.doc.issue_date,
                    r.doc.due_date if sign > 0 else None,  # a credit note asks no payment
                    sign * line.amount,
                    r.paid if first else None,
                    r.open if first else None,
                    r.status_label if first else None,
                ],
                range(11, 14),
            )
            ws.cell(row=ws.max_row, column=9).number_format = "yyyy-mm-dd"
            ws.cell(row=ws.max_row, column=10).number_format = "yyyy-mm-dd"
        total += r.amount
        paid += r.paid
        still += r.open
    _money_row(ws, ["Totaal", None, None, None, None, None, None, None, None, None, total, paid, still, None], range(11, 14), bold=True)
    ws.column_dimensions["D"].width = 28
    ws.column_dimensions["G"].width = 60
    for col in "KLM":
        ws.column_dimensions[col].width = 16
    parties = wb.create_sheet(f"Per partij {year}")
    parties.append(["Partij", "Naam", "Gefactureerd", "Betaald", "Open"])
    for cell in parties[1]:
        cell.font = Font(bold=True)
    for x in queries.per_party(rows):
        _money_row(parties, [x["party"], x["name"], x["amount"], x["paid"], x["open"]], range(3, 6))
    _money_row(parties, ["Totaal", None, total, paid, still], range(3, 6), bold=True)
    parties.column_dimensions["B"].width = 28
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
