"""Effective-dated hourly rates, per contract (or per provider for spot purchases), and the yearly
uplifts that create new rates for many contracts at once."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q


class RuralSupplementBasis(models.TextChoices):
    PER_HOUR = "per_hour", "Per hour"
    PER_VISIT = "per_visit", "Per visit"


class Uplift(models.Model):
    """A yearly (or other) uplift applied to many contracts from one date."""

    name = models.CharField(max_length=200)
    effective_from = models.DateField()
    percent = models.DecimalField(max_digits=6, decimal_places=3)
    applied_at = models.DateTimeField(auto_now_add=True)
    applied_by_label = models.CharField(max_length=200)
    rates_created = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-effective_from", "-id"]

    def __str__(self) -> str:
        return f"{self.name} (+{self.percent}% from {self.effective_from:%d/%m/%Y})"


class Rate(models.Model):
    """The price terms in force from `effective_from` until the next rate of the same contract
    (or provider)."""

    contract = models.ForeignKey(
        "providers.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="rates"
    )
    provider = models.ForeignKey(
        "providers.Provider",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spot_rates",
        help_text="Only for spot purchases without a contract rate",
    )
    effective_from = models.DateField()
    hourly_rate = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    bank_holiday_multiplier = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        help_text="The hourly rate is multiplied by this on bank holidays (1.00 for none)",
    )
    bank_holiday_premium = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text="Added to the hourly rate on bank holidays (after any multiplier)",
    )
    rural_supplement = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal("0.00"))
    rural_supplement_basis = models.CharField(
        max_length=20, choices=RuralSupplementBasis.choices, default=RuralSupplementBasis.PER_HOUR
    )
    billing_unit_minutes = models.PositiveSmallIntegerField(default=15)
    minimum_minutes = models.PositiveSmallIntegerField(default=30)
    uplift = models.ForeignKey(Uplift, null=True, blank=True, on_delete=models.PROTECT, related_name="rates")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contract__isnull=False, provider__isnull=True)
                | Q(contract__isnull=True, provider__isnull=False),
                name="rate_for_a_contract_or_a_provider",
            ),
            models.UniqueConstraint(fields=["contract", "effective_from"], name="one_contract_rate_per_date"),
            models.UniqueConstraint(fields=["provider", "effective_from"], name="one_provider_rate_per_date"),
        ]

    def __str__(self) -> str:
        return f"£{self.hourly_rate}/hour from {self.effective_from:%d/%m/%Y}"
