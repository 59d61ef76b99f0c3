"""Values Python cannot hold, written into a tracked table by hand, are a mismatch of their field, not a crash.

The app never writes them; somebody editing the table with SQL can. PostgreSQL keeps dates and times Python's
`date` and `datetime` cannot hold (a year before 1 or after 9999, `infinity`), on which psycopg's loaders raise;
SQLite keeps any text, which Django's converters may fail to read. `samen audit verify` must then name the row and
the field, as for any other edit, on one process and on several.
"""

from __future__ import annotations

import pytest
from django.db import connection

from samen.audit import services as audit
from samen.documents.models import DocumentVersion
from samen.records.models import RecordedFact

POSTGRESQL = connection.vendor == "postgresql"


def _set(model: type, pk: int, column: str, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {model._meta.db_table} SET {column} = %s WHERE id = %s", [value, pk])


def _mismatches(object_type: str, pk: int, field: str) -> list[str]:
    report = audit.verify_all()
    assert report.chain.intact, report.chain
    return [p for p in report.problems if f"{object_type} {pk} veld {field}:" in p]


@pytest.mark.parametrize(
    "value",
    ["0044-03-15 BC", "10000-01-01", "infinity", "-infinity"] if POSTGRESQL else ["0044-03-15 BC", "2025-02-30", "morgen"],
)
def test_a_date_python_cannot_hold_in_a_tracked_row_is_a_mismatch_of_that_field(demo, value):
    facts = list(RecordedFact.objects.order_by("pk").values_list("pk", "occurred_on")[:2])
    (pk, before), (other, _) = facts
    _set(RecordedFact, pk, "occurred_on", value)
    found = _mismatches("records.recordedfact", pk, "occurred_on")
    assert len(found) == 1 and before.isoformat() in found[0], found
    if POSTGRESQL or value == "2025-02-30":  # (SQLite: Django reads a text of no date's form as NULL)
        assert f'tabel "{value}"' in found[0], found  # the database's own text
    # The other rows are compared as before: a second edit is found beside it.
    _set(RecordedFact, other, "occurred_on", "2001-01-01")
    assert _mismatches("records.recordedfact", other, "occurred_on")
    assert _mismatches("records.recordedfact", pk, "occurred_on") == found


@pytest.mark.skipif(not POSTGRESQL, reason="a time before year 1 is PostgreSQL's")
@pytest.mark.parametrize("value", ["4713-01-01 00:00:00+00 BC", "infinity"])
def test_a_time_python_cannot_hold_in_a_tracked_row_is_a_mismatch_of_that_field(demo, value):
    pk = DocumentVersion.objects.order_by("pk").values_list("pk", flat=True).first()
    assert pk is not None, "the demo stores documents"
    _set(DocumentVersion, pk, "uploaded_at", value)
    found = _mismatches("documents.documentversion", pk, "uploaded_at")
    assert len(found) == 1, found


@pytest.mark.skipif(POSTGRESQL, reason="numeric refuses text; SQLite keeps any text")
def test_a_decimal_column_holding_text_that_is_no_number_is_a_mismatch_of_that_field(demo):
    """Django's converter refuses it while a batch of rows is converted (not as they are fetched): the batch is
    converted again row by row, the other rows read as ever, and that field named with its text."""
    from samen.budgets.models import BudgetLine

    lines = list(BudgetLine.objects.order_by("pk").values_list("pk", flat=True)[:2])
    assert len(lines) == 2, "the demo has budget lines"
    _set(BudgetLine, lines[0], "amount", "veel")
    found = _mismatches("budgets.budgetline", lines[0], "amount")
    assert len(found) == 1 and 'tabel "veel"' in found[0], found
    assert not _mismatches("budgets.budgetline", lines[1], "amount")
