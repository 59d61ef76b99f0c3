"""Fixtures for the page tests: the Twente agreement with its text and the demo accounts."""

from __future__ import annotations

import pytest
from django.test import Client
from web_helpers import client_for, load_demo


@pytest.fixture
def agreement(db):
    return load_demo()


@pytest.fixture
def agreement_without_text(db):
    return load_demo(with_text=False)


@pytest.fixture
def secretariat(agreement) -> Client:
    return client_for("secretariaat")


@pytest.fixture
def login():
    """login(username) -> a logged-in test client."""
    return client_for
