"""Budgets (art. 6) and commitments within them (art. 4 lid 4): the rich records the rules read facts from.

- A `Budget` per agreement and year, drafted by the host for the next year (art. 6), with its `BudgetLine`s and the
  reserves' opening balance (de stand van de werkbudgetten/reserveringen). Its consent and adoption stay the budget
  procedure's facts (`budget-drafted`, `budget-decided`, `budget-consented`, `budget-adopted`); the lines are
  projected into the year's `budget-adopted` fact by `records.queries.stored_facts` (stored once, here).
- A `Commitment` to a third party on a budget line (art. 4 lid 4), projected into `commitment-made`.

The cost per FTE (art. 7 lid 1) and the positions employed (art. 4 lid 1) are facts (`cost-per-fte`,
`staff-employed`), recorded through `records.services.record_fact`: the fact is the truth, nothing here repeats it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from samen.agreements.models import Agreement


class Budget(models.Model):
    """The budget for one calendar year (art. 6): its lines and the reserves' opening balance."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveIntegerField()
    # The balance of the working budgets and reserves at the start of the year (art. 6: "de stand van de
    # werkbudgetten/reserveringen"); the year's income minus its lines is added to it (or withdrawn from it).
    opening_reserve = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    note = models.TextField(blank=True)
    example_figure = models.BooleanField(default=False, help_text="Made-up figures for the demo, not real ones")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["agreement", "year"]
        constraints = [models.UniqueConstraint(fields=["agreement", "year"], name="budget_one_per_year")]

    def __str__(self) -> str:
        return f"begroting {self.year}"


class BudgetLine(models.Model):
    """One line of a budget (begrotingspost) with its amount."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    name = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["budget", "position"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "name"], name="budget_line_unique_name"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_line_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.budget.year})"


class Commitment(models.Model):
    """An obligation the host entered into with a third party on behalf of the parties (art. 4 lid 4)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ref = models.CharField(max_length=64)
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="commitments")
    counterparty = models.CharField(max_length=200)
    description = models.TextField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    committed_on = models.DateField()
    # The mandate regulation or decision that allows going beyond the line (art. 4 lid 4: "mandaatregelingen").
    mandate = models.TextField(blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.DateField(null=True, blank=True)
    example_figure = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "committed_on", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "ref"], name="commitment_unique_ref"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="commitment_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"verplichting {self.ref}"

    @property
    def year(self) -> int:
        return self.line.budget.year

    def to_fact(self) -> dict[str, object]:
        """The `commitment-made` fact this commitment stands for (docs/scenarios.md)."""
        fact: dict[str, object] = {
            "fact": "commitment-made",
            "ref": self.ref,
            "year": self.line.budget.year,
            "line": self.line.name,
            "amount": f"{self.amount:.2f}",
            "date": self.committed_on.isoformat(),
            "counterparty": self.counterparty,
        }
        if self.mandate:
            fact["mandate"] = self.mandate
        if self.approved_at is not None:
            fact["approved"] = self.approved_at.isoformat()
        return fact
