"""GET /healthz: a database ping without login, session or cookie."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session

from tests.two_factor import log_in

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_as_json_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_touches_no_session_and_sets_no_cookie(client):
    response = client.get("/healthz")
    assert not response.cookies
    assert not hasattr(response.wsgi_request, "session")  # answered before the session middleware
    assert Session.objects.count() == 0


def test_healthz_does_not_touch_the_session_of_a_logged_in_user(client, demo):
    log_in(client, "secretariaat")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert not hasattr(response.wsgi_request, "session")  # answered before the session middleware
    assert not response.cookies


def test_healthz_only_reads(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200
