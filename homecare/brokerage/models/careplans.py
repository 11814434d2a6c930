"""Care plans: a weekly schedule of visits, and for independence-focused care the outcomes the person
wants. A variation creates a new version; earlier versions are kept as history."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from homecare.core.scoping import ProviderScopedQuerySet

#: Days of the week as bits of `PlannedVisit.days` (Monday is bit 0).
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


class CarePlanQuerySet(ProviderScopedQuerySet["CarePlan"]):
    provider_lookup = "package__provider_id"


class PlannedVisitQuerySet(ProviderScopedQuerySet["PlannedVisit"]):
    provider_lookup = "care_plan__package__provider_id"


class OutcomeQuerySet(ProviderScopedQuerySet["Outcome"]):
    provider_lookup = "care_plan__package__provider_id"


class CarePlan(models.Model):
    package = models.ForeignKey("brokerage.Package", on_delete=models.CASCADE, related_name="care_plans")
    version = models.PositiveSmallIntegerField()
    effective_from = models.DateField()
    reablement = models.BooleanField(
        default=False, help_text="Short-term care to help the person regain independence"
    )
    needs = models.TextField(blank=True, help_text="Needs and risks a provider must know before accepting")
    reason = models.TextField(blank=True, help_text="Why this version was made (for a variation)")
    # Derived from the visits by the services (see brokerage/hours.py).
    hours_per_week = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal("0"))
    carer_hours_per_week = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal("0"))
    visits_per_week = models.PositiveSmallIntegerField(default=0)
    created_by_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CarePlanQuerySet.as_manager()

    class Meta:
        ordering = ["package", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["package", "version"], name="one_care_plan_version_per_package")
        ]

    def __str__(self) -> str:
        return f"{self.package} care plan v{self.version}"


class PlannedVisit(models.Model):
    """A visit repeated on some days of each week."""

    care_plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="visits")
    days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(127)], help_text="Bit mask, Monday = 1"
    )
    start_time = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(15), MaxValueValidator(720)]
    )
    carers = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(2)], help_text="2 for a double-up"
    )
    time_critical = models.BooleanField(default=False, help_text="For example a medication call")
    tolerance_minutes = models.PositiveSmallIntegerField(
        default=0, help_text="How early or late a time-critical visit may be"
    )
    tasks = models.TextField(blank=True)

    objects = PlannedVisitQuerySet.as_manager()

    class Meta:
        ordering = ["start_time", "id"]

    def __str__(self) -> str:
        return f"{self.start_time:%H:%M} for {self.duration_minutes} min"

    @property
    def day_list(self) -> list[str]:
        return [d for i, d in enumerate(DAYS) if self.days & (1 << i)]

    @property
    def days_per_week(self) -> int:
        return bin(self.days).count("1")


class Outcome(models.Model):
    """An outcome the person wants from independence-focused care, with its review date."""

    care_plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="outcomes")
    description = models.CharField(max_length=300)
    review_on = models.DateField()
    achieved = models.BooleanField(default=False)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["review_on", "id"]

    def __str__(self) -> str:
        return self.description
