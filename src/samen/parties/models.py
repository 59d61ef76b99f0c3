"""Parties, people, chain partners and signatures. Every record belongs to an agreement."""

from __future__ import annotations

from django.db import models

from samen.agreements.models import Agreement


class Party(models.Model):
    """A party (partij): one of the colleges the agreement lists (art. 8 closes the list)."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", "gemeente"
        PROVINCE = "province", "provincie"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    code = models.CharField(max_length=16, help_text="CBS code GMxxxx or province code PVxx")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["agreement", "position"]
        verbose_name_plural = "parties"
        constraints = [models.UniqueConstraint(fields=["agreement", "code"], name="party_unique_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Participant(models.Model):
    """A non-party participant in a body (Waterschap Vechtstromen): no vote, pays nothing."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="participants")
    code = models.CharField(max_length=32)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=32)

    class Meta:
        ordering = ["agreement", "name"]
        constraints = [models.UniqueConstraint(fields=["agreement", "code"], name="participant_unique_code")]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A person who represents a party or participant, or works for the host."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=120)
    function = models.CharField(max_length=120, blank=True)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="people")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="people")

    class Meta:
        ordering = ["agreement", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(party__isnull=False) & models.Q(participant__isnull=False)),
                name="person_one_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ChainPartner(models.Model):
    """A chain partner (ketenpartner, art. 1 sub i): linked to the work, not a party."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="chain_partners")
    key = models.SlugField(max_length=32)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["agreement", "name"]
        constraints = [models.UniqueConstraint(fields=["agreement", "key"], name="chainpartner_unique_key")]

    def __str__(self) -> str:
        return self.name


class Signature(models.Model):
    """A party's signature (Ondertekening): who signed for whom and when."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    party = models.OneToOneField(Party, on_delete=models.PROTECT, related_name="signature")
    signed_on = models.DateField()
    signed_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="signatures")

    class Meta:
        ordering = ["agreement", "party__position"]

    def __str__(self) -> str:
        return f"{self.party} {self.signed_on}"
