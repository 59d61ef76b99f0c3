"""Who invoices whom: the seller (the host) and the buyers (the parties), from a data file next to the agreement.

`agreements/invoicing/<slug>.toml` (a folder of its own, so that the agreement registry, which reads
`agreements/*.toml`, does not take it for an agreement). Validated on load; an error names the key. A key listed
in an entry's `examples` holds an example value (not the real identifier): pages and PDFs say "voorbeeldwaarde".
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from samen.core.errors import InvalidInput

_OIN = re.compile(r"^\d{20}$")
_KVK = re.compile(r"^\d{8}$")
_IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$")
_POSTAL = re.compile(r"^\d{4} ?[A-Z]{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ADDRESS_KEYS = ("name", "street", "city", "postal_zone", "country", "oin")
SELLER_KEYS = (*ADDRESS_KEYS, "party", "kvk", "iban", "contact_name", "contact_email", "contact_phone")


class DetailsError(InvalidInput):
    """The invoicing data file is wrong; `field` names the key."""


@dataclass(frozen=True)
class Organisation:
    """A seller or buyer as the invoice names it; `examples` are the keys holding example values."""

    name: str
    street: str
    city: str
    postal_zone: str
    country: str
    oin: str
    kvk: str = ""
    iban: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    party: str = ""
    examples: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in SELLER_KEYS if getattr(self, k)}
        out["examples"] = list(self.examples)
        return out


@dataclass(frozen=True)
class Details:
    seller: Organisation
    buyers: dict[str, Organisation]
    payment_term_days: int
    currency: str
    vat_category: str
    vat_exemption_reason: str
    source: str = field(default="")


def path_for(slug: str) -> Path:
    return Path(settings.SAMEN_AGREEMENTS_DIR) / "invoicing" / f"{slug}.toml"


def _text(doc: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = doc.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise DetailsError("invoicing.bad-details", f"{where}.{key}: vul een tekst in.", field=f"{where}.{key}")
    return value.strip()


def _organisation(doc: Any, where: str, *, seller: bool) -> Organisation:
    if not isinstance(doc, dict):
        raise DetailsError("invoicing.bad-details", f"{where}: verwacht een tabel.", field=where)
    keys = SELLER_KEYS if seller else ADDRESS_KEYS
    unknown = sorted(set(doc) - set(keys) - {"examples"})
    if unknown:
        raise DetailsError("invoicing.bad-details", f"{where}.{unknown[0]}: onbekende sleutel.", field=f"{where}.{unknown[0]}")
    values = {k: _text(doc, k, where, required=k in ADDRESS_KEYS or seller) for k in keys}
    checks = {"oin": _OIN, "kvk": _KVK, "iban": _IBAN, "postal_zone": _POSTAL, "contact_email": _EMAIL}
    for key, pattern in checks.items():
        if key in values and not pattern.match(values[key]):
            raise DetailsError("invoicing.bad-details", f"{where}.{key}: ongeldige waarde {values[key]!r}.", field=f"{where}.{key}")
    if values["country"] != "NL":
        raise DetailsError(
            "invoicing.bad-details", f"{where}.country: alleen NL (SI-UBL 2.0, Nederlandse partijen).", field=f"{where}.country"
        )
    examples = doc.get("examples", [])
    if not isinstance(examples, list) or any(x not in keys for x in examples):
        raise DetailsError("invoicing.bad-details", f"{where}.examples: een lijst van sleutels van deze tabel.", field=f"{where}.examples")
    return Organisation(**values, examples=tuple(examples))


def parse(doc: dict[str, Any], party_codes: list[str], host: str, source: str = "") -> Details:
    """The details in `doc`, checked against the agreement's parties and host."""
    seller = _organisation(doc.get("seller"), "seller", seller=True)
    if seller.party != host:
        raise DetailsError("invoicing.bad-details", f"seller.party: de verkoper is de gastheer {host} (art. 4).", field="seller.party")
    buyers_doc = doc.get("buyers")
    if not isinstance(buyers_doc, dict):
        raise DetailsError("invoicing.bad-details", "buyers: verwacht een tabel per partij.", field="buyers")
    for code in buyers_doc:
        if code not in party_codes:
            raise DetailsError("invoicing.bad-details", f"buyers.{code}: geen partij van de overeenkomst.", field=f"buyers.{code}")
    for code in party_codes:
        if code not in buyers_doc:
            raise DetailsError("invoicing.bad-details", f"buyers.{code}: ontbreekt (elke partij is koper).", field=f"buyers.{code}")
    buyers = {code: _organisation(b, f"buyers.{code}", seller=False) for code, b in buyers_doc.items()}
    term = doc.get("payment_term_days")
    if not isinstance(term, int) or isinstance(term, bool) or not 0 < term <= 365:
        raise DetailsError("invoicing.bad-details", "payment_term_days: een geheel aantal dagen (1-365).", field="payment_term_days")
    if doc.get("currency") != "EUR":
        raise DetailsError("invoicing.bad-details", "currency: alleen EUR.", field="currency")
    if doc.get("vat_category") != "O":
        raise DetailsError("invoicing.bad-details", "vat_category: alleen O (niet onderworpen aan btw).", field="vat_category")
    reason = _text(doc, "vat_exemption_reason", "")
    return Details(seller, buyers, term, "EUR", "O", reason, source)


@lru_cache(maxsize=8)
def _load(path: str, mtime: float, party_codes: tuple[str, ...], host: str) -> Details:
    try:
        doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise DetailsError("invoicing.bad-details", f"{path}: geen geldige TOML ({e}).", field="file") from None
    return parse(doc, list(party_codes), host, source=path)


def load(slug: str) -> Details:
    """The checked details of agreement `slug` (cached until the file changes)."""
    from samen.agreements import registry

    p = path_for(slug)
    if not p.exists():
        raise DetailsError("invoicing.no-details", f"{p}: het bestand met factuurgegevens ontbreekt.", field="file")
    d = registry.definition(slug)
    return _load(str(p), p.stat().st_mtime, tuple(x.code for x in d.parties), d.host)
