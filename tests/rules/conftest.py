"""Shared fixtures for the rule tests: the Twente agreement loaded from agreements/."""

from __future__ import annotations

import pytest

from samen.rules.definition import Agreement, load_all

TWENTE: Agreement = load_all()["twente-vth-2024"]


@pytest.fixture
def twente() -> Agreement:
    return TWENTE
