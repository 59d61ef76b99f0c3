"""Reads for pages, scoped to the user's agreement."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from samen.agreements.models import Agreement
from samen.core.errors import NotFound
from samen.parties.models import Party


def agreement_for(user: Any) -> Agreement:
    """The agreement a user works in: their own, or the default one."""
    found = Agreement.objects.filter(pk=user.agreement_id).first() if user.agreement_id else None
    found = found or Agreement.objects.filter(slug=settings.SAMEN_DEFAULT_AGREEMENT).first()
    if found is None:
        raise NotFound("agreement.unknown", "Er is nog geen overeenkomst geladen; draai `samen setup`.")
    return found


def parties(agreement: Agreement) -> QuerySet[Party]:
    """The parties with their signature and representatives, in the agreement's order."""
    return Party.objects.filter(agreement=agreement).select_related("signature").prefetch_related("people")
