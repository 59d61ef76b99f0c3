"""Budgets and commitments are written by samen.budgets.services (pages, API, CLI): read-only here."""

from django.contrib import admin

from samen.audit.admin_base import ReadOnlyAdmin
from samen.budgets.models import Budget, BudgetLine, Commitment


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ["year", "agreement"]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ["name", "budget", "amount"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["ref", "agreement", "amount", "committed_on"]
