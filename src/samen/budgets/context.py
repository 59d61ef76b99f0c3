"""Template context for every page: whether the nav shows "Begroting" (whoever sees any amount, `amount_scope`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from samen.accounts import permissions


def nav(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"may_view_budgets": bool(user is not None and user.is_authenticated and permissions.amount_scope(user) is not None)}
