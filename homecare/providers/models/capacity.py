"""Capacity and workforce returns that providers send through the provider portal or the API."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from homecare.core.scoping import ProviderScopedQuerySet


class TimeBand(models.TextChoices):
    MORNING = "morning", "Morning"
    LUNCH = "lunch", "Lunch"
    TEA = "tea", "Tea"
    BED = "bed", "Bed"
    NIGHT = "night", "Night"


class CapacityReturnQuerySet(ProviderScopedQuerySet["CapacityReturn"]):
    """Capacity returns; `.visible_to(actor)`: a provider (user or token) sees only its own returns,
    council staff see every provider's."""


class CapacityReturn(models.Model):
    """What a provider can take on in the week commencing `week_commencing`, and its workforce."""

    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.CASCADE, related_name="capacity_returns"
    )
    week_commencing = models.DateField(help_text="A Monday")
    staff_in_post = models.PositiveIntegerField()
    vacancies = models.PositiveIntegerField()
    leavers = models.PositiveIntegerField(help_text="Care workers who left in the period")
    submitted_by_label = models.CharField(max_length=200)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CapacityReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-week_commencing", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "week_commencing"], name="one_capacity_return_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider}: week commencing {self.week_commencing:%d/%m/%Y}"


class CapacityLine(models.Model):
    """Hours a provider can take on in one zone and time band."""

    capacity_return = models.ForeignKey(CapacityReturn, on_delete=models.CASCADE, related_name="lines")
    zone = models.ForeignKey("geography.Zone", on_delete=models.PROTECT, related_name="+")
    time_band = models.CharField(max_length=10, choices=TimeBand.choices)
    hours = models.DecimalField(max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        ordering = ["zone__code", "time_band"]
        constraints = [
            models.UniqueConstraint(
                fields=["capacity_return", "zone", "time_band"], name="one_capacity_line_per_zone_band"
            )
        ]

    def __str__(self) -> str:
        return f"{self.zone} {self.get_time_band_display()}: {self.hours} hours"
