"""Which reminders are due on a day: per user, the deadlines they may see and are responsible for.

Who is responsible for which deadline (docs/readings.md, "Reminders: who is responsible"):

- the secretariat: every deadline (the host keeps the agreement running, art. 2 lid 2);
- the chair: the deadlines of a task the agreement gives the chair (art. 14 lid 3: the chair phase of a
  dispute, `CHAIR_TASKS`);
- a party's representatives: the deadlines of procedures of all parties (the term and its evaluation,
  art. 3 lid 3 and art. 11; the budget, art. 6), a dispute their party is involved in (art. 14), and
  every deadline named after their party (its withdrawal, art. 9 lid 3);
- finance and observers: none (they read the dashboard and the calendar feed).

Confidentiality comes first: a user's deadlines are those the dashboard shows them
(`web.queries.dashboard`, which leaves out every dispute `permissions.may_view_dispute` hides), so a
dispute's reminders reach only its parties' representatives, the chair and the secretariat. Amounts are
never read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import translation

from samen.accounts.models import Role, User
from samen.accounts.permissions import party_code
from samen.agreements.models import Agreement
from samen.web import queries as web_queries

CHAIR_TASKS = frozenset({("dispute", "chair-phase-end")})  # art. 14 lid 3 (and lid 4: the chair then asks for mediation)
ALL_PARTIES = frozenset({"term", "budget"})  # art. 3 lid 3, art. 11; art. 6
PASSED = "passed"


@dataclass(frozen=True)
class Due:
    """One reminder due for one user: the deadline (as the dashboard shows it) and the kind of reminder."""

    user: User
    agreement: Agreement
    deadline: dict[str, Any]
    kind: str

    @property
    def deadline_date(self) -> date:
        return date.fromisoformat(self.deadline["date"])


def responsible(user: User, deadline: dict[str, Any]) -> bool:
    """Whether `user` is one of the people responsible for `deadline` (see the module's docstring)."""
    if user.role == Role.SECRETARIAT:
        return True
    if user.role == Role.CHAIR:
        return (deadline["procedure"], deadline["step"]) in CHAIR_TASKS
    if user.role == Role.REPRESENTATIVE:
        if deadline["procedure"] in ALL_PARTIES or deadline["procedure"] == "dispute":
            # A dispute reaches a representative only when the dashboard shows it: their party is involved.
            return True
        return bool(deadline["ref"]) and deadline["ref"] == party_code(user)
    return False


def kind_for(deadline: dict[str, Any], as_of: date, days_before: tuple[int, ...], passed_window: int) -> str | None:
    """The reminder `deadline` calls for on `as_of`: "before-N" (the nearest N it is within), "passed", or None.

    Before: the deadline is open and `as_of` is at most N days before it (the smallest such N, so a
    missed day sends the nearer reminder and skips the earlier one). Passed: the rules say overdue or
    passed and the date is at most `passed_window` days ago. Met and late deadlines need no reminder.
    """
    left = (date.fromisoformat(deadline["date"]) - as_of).days
    if deadline["status"] == "open" and left >= 0:
        within = [n for n in days_before if left <= n]
        return f"before-{min(within)}" if within else None
    if deadline["status"] in ("overdue", "passed") and 0 < -left <= passed_window:
        return PASSED
    return None


def recipients(agreement: Agreement) -> QuerySet[User]:
    """The active users of `agreement` with an e-mail address (users without an agreement work in the default one)."""
    own = Q(agreement=agreement)
    if agreement.slug == settings.SAMEN_DEFAULT_AGREEMENT:
        own |= Q(agreement__isnull=True)
    return User.objects.filter(own, is_active=True).exclude(email="").select_related("party").order_by("pk")


def due(agreement: Agreement, as_of: date) -> Iterator[Due]:
    """Every reminder due on `as_of` in `agreement`, per recipient, in Dutch (samen keeps no language per user).

    The rules are evaluated once per kind of viewer (role and party): what a user may see depends on
    nothing else (`accounts.permissions`).
    """
    days_before = tuple(settings.SAMEN_REMINDER_DAYS)
    window = int(settings.SAMEN_REMINDER_PASSED_WINDOW)
    seen: dict[tuple[str, int | None, bool], list[dict[str, Any]]] = {}
    with translation.override("nl"):
        for user in recipients(agreement):
            key = (user.role, user.party_id, user.is_superuser)
            if key not in seen:
                board = web_queries.dashboard(user, agreement, as_of)
                seen[key] = board.deadlines + board.past_deadlines
            for deadline in seen[key]:
                if not responsible(user, deadline):
                    continue
                kind = kind_for(deadline, as_of, days_before, window)
                if kind is not None:
                    yield Due(user=user, agreement=agreement, deadline=deadline, kind=kind)
