"""Helpers for the page tests: the demo data and logged-in clients."""

from __future__ import annotations

from pathlib import Path

from django.test import Client

SEED_TEXT = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds" / "samenwerkingsovereenkomst-vth-twente.txt"
SLUG = "twente-vth-2024"
PASSWORD = "samen-demo"
ROLES = ("secretariaat", "voorzitter", "hengelo", "financien", "waarnemer")


def load_demo(*, with_text: bool = True):
    """Load the agreement, its text (when the seed file is there) and the demo data; return the agreement."""
    from samen import demo
    from samen.agreements.services import import_text, load_definition

    agreement = load_definition(actor="system:test", slug=SLUG)
    if with_text and SEED_TEXT.is_file():
        import_text(actor="system:test", agreement=agreement, text=SEED_TEXT.read_text(encoding="utf-8"))
    demo.load(agreement=agreement)
    return agreement


def client_for(username: str) -> Client:
    """A test client logged in as demo user `username`, past the code step where the role needs it."""
    from tests.two_factor import log_in

    return log_in(Client(), username, PASSWORD)
