"""schemathesis over the whole API, every check on (`--checks all`): the API answers what its OpenAPI
document says, for every operation, with the demo data and a bearer token of the secretariat.

In process against the WSGI app, so it runs on SQLite and on PostgreSQL alike (pytest-django's database).

Two adjustments. A schema-violating request may be refused with 413 when it is too large (below). And for
the three writes the rules validate (POST /evaluate, POST .../facts, POST .../parties):
`positive_data_acceptance` also expects 400 there. JSON Schema says the shape of a fact, but not what the
agreement decides between facts and parties (a follow-up of a dispute never notified, dates out of order,
art. 8's closed list, a party's name as the agreement writes it); those answer 400 naming the field, by design.
Every other check, and this one on every other operation, runs as `schemathesis run --checks all` would.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import CHECKS
from schemathesis.config import SchemathesisConfig

from samen.wsgi import application

RULES_DECIDE = {
    "include-method": "POST",
    "include-path-regex": r"/(evaluate|facts|parties)$",
    "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409", "413", "429"]}},
}
# A request the schema forbids may also be refused for its size: 413 (body over 2.5 MB, api_support) is a
# rejection like 400. schemathesis' default list, plus 413; a negative case with many over-long strings
# (the meetings' agenda texts) can exceed the body limit before any field is read.
NEGATIVE_REJECTED = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    application,
    config=SchemathesisConfig.from_dict(
        {"checks": {"negative_data_rejection": {"expected-statuses": NEGATIVE_REJECTED}}, "operations": [RULES_DECIDE]}
    ),
)
ALL_CHECKS = CHECKS.get_all()  # what `schemathesis run --checks all` runs


@pytest.fixture
def keep_the_test_connection():
    """Django's WSGI handler closes the database connection after each request (CONN_MAX_AGE=0), which on
    PostgreSQL would end the test's transaction; Django's own test client keeps it open the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(demo, keep_the_test_connection):
    from samen.accounts.services import create_api_token

    _, key = create_api_token(actor="system:test", username="secretariaat", label="schemathesis")
    return {"Authorization": f"Bearer {key}"}


# 25 examples an operation keep `make test` within a minute on two busy cores; raise it to search harder.
EXAMPLES = int(os.environ.get("SAMEN_SCHEMATHESIS_EXAMPLES", "25"))


@schema.parametrize()
@hypothesis_settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_what_its_openapi_document_says(case, bearer):
    case.call_and_validate(headers=bearer, checks=ALL_CHECKS)
