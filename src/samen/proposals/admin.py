"""Proposals and decisions are recorded on the proposal pages (proposals.services); the admin only shows them."""

from __future__ import annotations

from django.contrib import admin

from samen.audit.admin_base import ReadOnlyAdmin
from samen.proposals.models import PartyDecision, Proposal

admin.site.register(Proposal, ReadOnlyAdmin)
admin.site.register(PartyDecision, ReadOnlyAdmin)
