"""Who may do what. Decided here and in queries, never in templates."""

from __future__ import annotations

from typing import Any

from samen.accounts.models import Role
from samen.core.errors import NotAllowed

# Action -> roles allowed. The secretariat (host staff) records on behalf of the agreement.
ACTIONS: dict[str, frozenset[str]] = {
    "view_agreement": frozenset(Role.values),
    "view_all_parties_finance": frozenset({Role.SECRETARIAT, Role.CHAIR, Role.FINANCE}),
    "view_own_party_finance": frozenset({Role.SECRETARIAT, Role.CHAIR, Role.FINANCE, Role.REPRESENTATIVE}),
    "manage_parties": frozenset({Role.SECRETARIAT}),
    "record_signature": frozenset({Role.SECRETARIAT}),
    "record_meeting": frozenset({Role.SECRETARIAT, Role.CHAIR}),
    "record_fact": frozenset({Role.SECRETARIAT, Role.CHAIR}),
    "record_finance_fact": frozenset({Role.SECRETARIAT, Role.FINANCE}),
    "manage_memberships": frozenset({Role.SECRETARIAT}),
    "import_text": frozenset({Role.SECRETARIAT}),
    "view_audit": frozenset({Role.SECRETARIAT, Role.CHAIR}),
    "run_check": frozenset(Role.values),
}

FINANCE_FACTS = frozenset(
    {"cost-per-fte", "capacity-not-supplied", "extra-cost", "disintegration-costs-agreed", "budget-consented", "mediation-costs"}
)


def is_system(actor: Any) -> bool:
    """The command line and setup act as the system (operators with shell access)."""
    return actor is None or isinstance(actor, str)


def allows(actor: Any, action: str) -> bool:
    """Whether `actor` may perform `action`."""
    if is_system(actor):
        return True
    if getattr(actor, "is_superuser", False):
        return True
    return bool(getattr(actor, "is_authenticated", False)) and getattr(actor, "role", None) in ACTIONS[action]


def require(actor: Any, action: str) -> None:
    """Raise NotAllowed unless `actor` may perform `action`."""
    if not allows(actor, action):
        raise NotAllowed("auth.forbidden", f"Uw rol mag dit niet ({action}).")
