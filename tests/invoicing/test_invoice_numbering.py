"""Invoice numbers run without gaps per year: the counter row is locked in the creating transaction, a rolled-back
transaction gives its number back, and concurrent writers (PostgreSQL) never get the same number."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from samen.invoicing import services
from samen.invoicing.models import Counter


@pytest.mark.django_db
def test_a_rolled_back_transaction_leaves_no_gap(twente):
    with transaction.atomic():
        assert services.next_number(None, twente, 2030) == "2030-0001"
    with pytest.raises(RuntimeError), transaction.atomic():
        assert services.next_number(None, twente, 2030) == "2030-0002"
        raise RuntimeError("rolled back")
    with transaction.atomic():
        assert services.next_number(None, twente, 2030) == "2030-0002"
    with transaction.atomic():
        assert services.next_number(None, twente, 2031) == "2031-0001"  # a series per year


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_distinct_numbers_without_gaps(twente):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises every writer with BEGIN IMMEDIATE)")
    got: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def writer() -> None:
        try:
            start.wait()
            for _ in range(5):
                with transaction.atomic():
                    got.append(services.next_number(None, twente, 2032))
        except BaseException as e:
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(got) == [f"2032-{i:04d}" for i in range(1, 31)]
    assert Counter.objects.get(agreement=twente, year=2032).last == 30
