"""Findings from outside the rules, shown beside the rules' findings wherever the compliance overview shows them
(the dashboard and every page built on `web.queries.conclusions`, `samen check`, `GET .../check`).

A provider is a dotted path to a function `(actor, agreements, as_of, language) -> {agreement id: list[dict]}`
over a list of agreements (one for a page, a chunk of them for `samen check --all`), in a fixed number of queries
however many agreements it is given; each dict a finding in the rules' JSON form
(`rules.conclusions.Finding.to_json()`: id, code, severity, ref, articles, message, explanation, steps), an
agreement without findings may be left out. Each provider decides itself what `actor` may see (with
`accounts.permissions`). To add one, add its path to FINDING_PROVIDERS (the way `web.next_steps.PROVIDERS` works).
"""

from __future__ import annotations

from datetime import date
from importlib import import_module
from typing import Any

from samen.agreements.models import Agreement

FINDING_PROVIDERS: list[str] = [
    "samen.invoicing.queries.overdue_findings_many",  # invoices unpaid after their due date (art. 7 lid 2)
]

_ORDER = {"error": 0, "warning": 1, "info": 2}


def _provider(path: str) -> Any:
    module, _, name = path.rpartition(".")
    return getattr(import_module(module), name)


def gather(actor: Any, agreement: Agreement, as_of: date, language: str = "nl") -> list[dict[str, Any]]:
    """Every provider's findings for `actor` as of `as_of`."""
    return gather_many(actor, [agreement], as_of, language)[agreement.pk]


def gather_many(actor: Any, agreements: list[Agreement], as_of: date, language: str = "nl") -> dict[int, list[dict[str, Any]]]:
    """`gather` for each of `agreements`, by agreement id, each provider asked once for all of them."""
    out: dict[int, list[dict[str, Any]]] = {a.pk: [] for a in agreements}
    for path in FINDING_PROVIDERS:
        for key, found in _provider(path)(actor, agreements, as_of, language).items():
            out[key].extend(found)
    return out


def with_findings(answer: dict[str, Any], extra: list[dict[str, Any]]) -> dict[str, Any]:
    """An answer's JSON with `extra` findings added, all sorted by severity, then code and ref."""
    if not extra:
        return answer
    out = dict(answer)
    findings = [*answer.get("findings", []), *extra]
    out["findings"] = sorted(findings, key=lambda f: (_ORDER.get(f["severity"], 9), f["code"], str(f.get("ref", ""))))
    return out
