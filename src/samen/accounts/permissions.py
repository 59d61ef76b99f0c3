"""Who may do what. Decided here and in queries, never in templates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
    # A note on a recorded fact is free text (it may name an amount or a party's position), so
    # only the host's staff who record facts see it.
    "view_fact_notes": frozenset({Role.SECRETARIAT, Role.CHAIR, Role.FINANCE}),
    "run_check": frozenset(Role.values),
    "manage_accounts": frozenset({Role.SECRETARIAT}),
    # Proposals to the parties and the parties' decisions on them (art. 12, art. 6).
    "record_proposal": frozenset({Role.SECRETARIAT}),
    # The cooperation agenda (art. 1 sub d, art. 2): the host facilitates and coordinates (art. 2 lid 2),
    # so its secretariat records the assignments, their project groups and progress.
    "manage_cooperation_agenda": frozenset({Role.SECRETARIAT}),
    # Disputes (art. 14): the secretariat records the notice's receipt and each step; the chair leads the
    # consultation (lid 3) and asks the host for mediation (lid 4). Only for a dispute they may see.
    "record_dispute": frozenset({Role.SECRETARIAT, Role.CHAIR}),
    # Running the reminders by hand (samen.reminders; the command line and the worker act as the system).
    "send_reminders": frozenset({Role.SECRETARIAT}),
    # Budgets (art. 6) and commitments within them (art. 4 lid 4): finance records them, as it records the finance facts.
    "record_budget": frozenset({Role.SECRETARIAT, Role.FINANCE}),
    "record_commitment": frozenset({Role.SECRETARIAT, Role.FINANCE}),
    # Approving a commitment beyond its line under a mandate (art. 4 lid 4): the official chair, who leads the
    # cooperation's staff and answers for its budget to the board (docs/readings.md, "Commitments within the budget").
    "approve_commitment": frozenset({Role.CHAIR}),
    # Invoices, credit notes and payments (samen.invoicing, art. 7): finance and the secretariat write them; who
    # sees them is `amount_scope` (all: secretariat, chair, finance; own: a representative's party).
    "manage_invoices": frozenset({Role.SECRETARIAT, Role.FINANCE}),
}

FINANCE_FACTS = frozenset(
    {
        "cost-per-fte", "capacity-not-supplied", "extra-cost", "disintegration-costs-agreed", "budget-consented", "mediation-costs",
        "staff-employed",
    }
)  # fmt: skip

# Facts that belong to a dispute (they carry its ref in `dispute`): visible as the dispute is.
DISPUTE_FACTS = frozenset({"dispute-notified", "dispute-resolved", "mediation-started", "dispute-submitted-to-gs", "mediation-costs"})
# Facts about one party's money (a capacity shortfall, art. 7 lid 3; disintegration costs, art. 10):
# visible as that party's amounts are (`amount_scope`).
PARTY_FINANCE_FACTS = frozenset({"capacity-not-supplied", "disintegration-costs-agreed"})
# Facts about money every party shares (cost level per FTE, art. 7 lid 1; extra costs, art. 7 lid 4;
# mediation costs, art. 14 lid 6): visible to whoever sees any amount, since each party's own amount
# is computed from them (and its explanation cites them).
SHARED_FINANCE_FACTS = frozenset({"cost-per-fte", "extra-cost", "mediation-costs"})

# Facts about what the host spends on the parties' behalf (commitments to third parties, art. 4 lid 4): only for
# whoever sees every party's money (`amount_scope` "all"); a representative sees the budget's totals only.
HOST_FINANCE_FACTS = frozenset({"commitment-made"})

# Who sees every dispute (DESIGN.md, principle 6); a representative sees those of their own party.
DISPUTE_ROLES = frozenset({Role.SECRETARIAT, Role.CHAIR})


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


def party_code(actor: Any) -> str | None:
    """The code of the party `actor` represents, or None."""
    party = getattr(actor, "party", None) if getattr(actor, "party_id", None) else None
    return getattr(party, "code", None)


def may_view_dispute(actor: Any, involved_party_codes: Iterable[str] | None) -> bool:
    """Whether `actor` may see a dispute between `involved_party_codes` (None: the parties are not known).

    A dispute is visible to the parties involved (their representatives), the chair and the
    secretariat (DESIGN.md, principle 6); the system and superusers see everything.
    """
    if is_system(actor) or getattr(actor, "is_superuser", False):
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    role = getattr(actor, "role", None)
    if role in DISPUTE_ROLES:
        return True
    code = party_code(actor)
    return role == Role.REPRESENTATIVE and code is not None and involved_party_codes is not None and code in set(involved_party_codes)


def amount_scope(actor: Any) -> str | None:
    """Which amounts `actor` may see: "all", "own" (their party's) or None."""
    if allows(actor, "view_all_parties_finance"):
        return "all"
    if allows(actor, "view_own_party_finance") and party_code(actor) is not None:
        return "own"
    return None


def may_view_fact(actor: Any, fact: Mapping[str, Any], dispute_parties: Iterable[str] | None = None) -> bool:
    """Whether `actor` may see a recorded fact (a scenario-format dict), in any list or evaluation.

    The one decision for every list of facts (API, pages, what-if base): a dispute's facts as the
    dispute (`may_view_dispute`, `dispute_parties` = the parties its notice names, None when no
    notice is known); facts about one party's money (`PARTY_FINANCE_FACTS`) as that party's
    amounts; facts about shared money (`SHARED_FINANCE_FACTS`) to whoever sees any amount
    (`amount_scope`). Every other fact (dates of signatures, meetings, budgets, withdrawals,
    amendments) is visible to everyone in the agreement.
    """
    kind = fact.get("fact")
    if not isinstance(kind, str):  # not a fact the rules know (a row written past the services)
        return True
    if kind in DISPUTE_FACTS and not may_view_dispute(actor, dispute_parties):
        return False
    if kind in HOST_FINANCE_FACTS:
        return amount_scope(actor) == "all"
    if kind in PARTY_FINANCE_FACTS or kind in SHARED_FINANCE_FACTS:
        scope = amount_scope(actor)
        if scope is None:
            return False
        if scope == "own" and kind in PARTY_FINANCE_FACTS:
            return fact.get("party") == party_code(actor)
    return True


def fact_scope(actor: Any) -> str:
    """One value for every actor who may see the same recorded facts (`may_view_fact`), used to share cached answers.

    `may_view_fact` reads only whether the actor is the system or a superuser, is logged in, their role and their
    party's code (through `may_view_dispute`, `amount_scope` and `party_code`), so those make the scope; two actors
    with the same scope see the same facts, and an answer cached for one never reaches another scope.
    """
    if is_system(actor) or getattr(actor, "is_superuser", False):
        return "all"
    if not getattr(actor, "is_authenticated", False):
        return "anonymous"
    return f"role={getattr(actor, 'role', None)};party={party_code(actor) or ''}"


def may_view_assignment_budget(actor: Any) -> bool:
    """Whether `actor` may see the budgets of the cooperation agenda's assignments.

    An assignment's budget is shared money of the cooperation (a working budget, art. 6), like the
    shared finance facts: visible to whoever sees any amount (`amount_scope` "all" or "own"), so
    not to the observer.
    """
    return amount_scope(actor) is not None


def may_view_notes(actor: Any) -> bool:
    """Whether `actor` may read the notes on recorded facts (free text: the host's staff only)."""
    return allows(actor, "view_fact_notes")


def calendar_scope(actor: Any) -> str | None:
    """Which meetings belong in `actor`'s calendar feed: "all", "party" or "participants" (None: none).

    Every role may read every meeting on the pages; the feed holds the meetings a user takes part in.
    The host's staff (secretariat, chair, finance) and superusers serve every body: all meetings. A
    representative: the meetings of bodies in which their party holds a seat on the meeting's date. An
    observer is a participant without a vote (the Waterschap in the board, art. 1 sub e): the meetings of
    bodies in which a participant holds a seat on the date. docs/architecture.md, "Calendar feed".
    """
    if is_system(actor) or getattr(actor, "is_superuser", False):
        return "all"
    if not getattr(actor, "is_authenticated", False):
        return None
    role = getattr(actor, "role", None)
    if role in (Role.SECRETARIAT, Role.CHAIR, Role.FINANCE):
        return "all"
    if role == Role.REPRESENTATIVE:
        return "party" if getattr(actor, "party_id", None) else None
    if role == Role.OBSERVER:
        return "participants"
    return None


def may_view_document(
    actor: Any, agreement_id: int, *, published: bool, of_dispute: bool = False, dispute_parties: Iterable[str] | None = None
) -> bool:
    """Whether `actor` may see (and download) a document of the agreement `agreement_id`.

    `published`: the document is public (openbaar) and belongs to a public meeting (directly or through one
    of its agenda items); only such a document may be downloaded without logging in. Every other document
    (confidential, or of a proposal, a party's decision or a closed meeting) is for the users who may see
    the meeting or proposal it belongs to: every role of the agreement reads meetings and proposals.
    A document of a dispute (`of_dispute`, between `dispute_parties`) is never published and is seen as the
    dispute is (`may_view_dispute`): by the parties involved, the chair and the secretariat.
    """
    if of_dispute:
        own = getattr(actor, "agreement_id", None)
        same = is_system(actor) or own is None or own == agreement_id
        return same and may_view_dispute(actor, dispute_parties)
    if published or is_system(actor) or getattr(actor, "is_superuser", False):
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    own = getattr(actor, "agreement_id", None)
    return allows(actor, "view_agreement") and (own is None or own == agreement_id)
