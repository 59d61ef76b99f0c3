"""The invoicing data file (agreements/invoicing/<slug>.toml): loaded and checked; every error names its key."""

from __future__ import annotations

import copy
import tomllib

import pytest

from samen.invoicing import details

CODES = ["GM0141", "GM0153", "GM0164"]


@pytest.fixture
def doc(settings):
    from pathlib import Path

    path = Path(settings.SAMEN_AGREEMENTS_DIR) / "invoicing" / "twente-vth-2024.toml"
    loaded = tomllib.loads(path.read_text(encoding="utf-8"))
    loaded["buyers"] = {c: loaded["buyers"][c] for c in CODES}
    return loaded


def test_the_file_next_to_the_agreement_loads_with_its_example_values():
    found = details.load("twente-vth-2024")
    assert found.seller.name == "Gemeente Enschede" and found.seller.party == "GM0153"
    assert len(found.buyers) == 15 and found.payment_term_days == 30 and found.vat_category == "O"
    assert "oin" in found.seller.examples and "iban" in found.seller.examples


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["seller"].update(oin="123"), "seller.oin"),
        (lambda d: d["seller"].update(iban="not an iban"), "seller.iban"),
        (lambda d: d["seller"].update(party="GM0141"), "seller.party"),
        (lambda d: d["seller"].pop("city"), "seller.city"),
        (lambda d: d["buyers"]["GM0164"].update(postal_zone="75"), "buyers.GM0164.postal_zone"),
        (lambda d: d["buyers"]["GM0164"].update(colour="red"), "buyers.GM0164.colour"),
        (lambda d: d["buyers"].pop("GM0141"), "buyers.GM0141"),
        (lambda d: d["buyers"].update(XX1={}), "buyers.XX1"),
        (lambda d: d.update(payment_term_days=0), "payment_term_days"),
        (lambda d: d.update(vat_category="S"), "vat_category"),
        (lambda d: d["seller"].update(examples=["nope"]), "seller.examples"),
    ],
)
def test_an_error_names_the_key(doc, change, field):
    bad = copy.deepcopy(doc)
    change(bad)
    with pytest.raises(details.DetailsError) as e:
        details.parse(bad, CODES, "GM0153")
    assert e.value.field == field, e.value.message
    assert field in e.value.message
