"""The compliance overview (art. 4 lid 5): findings from every part of the rules, in a stable order."""

from __future__ import annotations

from collections.abc import Iterable

from samen.rules.conclusions import SEVERITIES, Finding

SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then information; within a severity by code and reference."""
    return sorted(findings, key=lambda f: (SEVERITY_RANK[f.severity], f.code, f.ref))


def worst_severity(findings: Iterable[Finding]) -> str | None:
    """The most serious severity among the findings, or None when there are none."""
    ranks = [SEVERITY_RANK[f.severity] for f in findings]
    return SEVERITIES[min(ranks)] if ranks else None


def agreement_kept(findings: Iterable[Finding]) -> bool:
    """Whether no finding says the agreement is not being kept (no `error`)."""
    return all(f.severity != "error" for f in findings)
