"""Carers kept by providers, and the rounds planned for them: one plan per request, with each
carer's calls in order and every visit that could not be planned, with its reason."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from homecare.core.scoping import ProviderScopedQuerySet


class TravelMode(models.TextChoices):
    CAR = "car", "Car"
    WALKING = "walking", "Walking"
    BICYCLE = "bicycle", "Bicycle"


class Skill(models.TextChoices):
    DOUBLE_UP = "double_up_trained", "Trained for double-up calls"
    MEDICATION = "medication", "Medication"
    DEMENTIA = "dementia", "Dementia care"
    HOIST = "hoist", "Hoist and moving and handling"


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class CarerQuerySet(ProviderScopedQuerySet["Carer"]):
    def active(self) -> CarerQuerySet:
        return self.filter(active=True)


class Carer(models.Model):
    """A care worker employed by a provider. `carer_ref` is the provider's own reference, the one
    its call-monitoring system sends with each check-in."""

    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="carers")
    carer_ref = models.CharField(
        "carer reference", max_length=100, help_text="The reference your call-monitoring system uses"
    )
    name = models.CharField(max_length=200)
    skills = models.JSONField(default=list, blank=True, help_text="Skill values (see Skill)")
    home_postcode = models.CharField(max_length=8, blank=True)
    home_latitude = models.FloatField(null=True, blank=True)
    home_longitude = models.FloatField(null=True, blank=True)
    travel_mode = models.CharField(max_length=10, choices=TravelMode.choices, default=TravelMode.CAR)
    max_travel_minutes = models.PositiveSmallIntegerField(
        "longest travel between calls (minutes)",
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(180)],
    )
    contracted_hours = models.DecimalField(
        "contracted hours a week",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CarerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "carer_ref"], name="one_carer_ref_per_provider")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.carer_ref})"

    @property
    def skill_labels(self) -> list[str]:
        labels = dict(Skill.choices)
        return [str(labels.get(s, s)) for s in self.skills]


class Shift(models.Model):
    """The hours a carer works on one day of the week (Monday = 0)."""

    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="shifts")
    weekday = models.PositiveSmallIntegerField(validators=[MaxValueValidator(6)])
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["weekday"]
        constraints = [
            models.UniqueConstraint(fields=["carer", "weekday"], name="one_shift_per_carer_and_weekday"),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="shift_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{WEEKDAYS[self.weekday]} {self.start:%H:%M}-{self.end:%H:%M}"


class PlanStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Planning"
    DONE = "done", "Planned"
    FAILED = "failed", "Failed"


class RoundPlanQuerySet(ProviderScopedQuerySet["RoundPlan"]):
    def for_provider(self, provider: Any) -> RoundPlanQuerySet:
        return self.filter(provider=provider)


class RoundPlan(models.Model):
    """One planning run of a provider's visits on a day."""

    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="round_plans")
    day = models.DateField()
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    seconds = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(600)], help_text="Solver time limit"
    )
    seed = models.PositiveIntegerField(default=0)
    window_minutes = models.PositiveSmallIntegerField(
        default=30, help_text="How early or late a visit that is not time-critical may start"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_by_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # Solver figures, filled when the plan is done (and after each change).
    solver = models.CharField(max_length=40, blank=True)
    runtime_seconds = models.FloatField(null=True, blank=True)
    travel_km = models.FloatField(null=True, blank=True)
    travel_minutes = models.FloatField(null=True, blank=True)
    visits_total = models.PositiveIntegerField(default=0)
    visits_planned = models.PositiveIntegerField(default=0)
    visits_unplanned = models.PositiveIntegerField(default=0)
    carers_available = models.PositiveIntegerField(default=0)
    carers_used = models.PositiveIntegerField(default=0)
    continuity_hits = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True, help_text="Last manual change")

    objects = RoundPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"]), models.Index(fields=["provider", "day"])]

    def __str__(self) -> str:
        return f"Rounds for {self.provider} on {self.day:%d/%m/%Y} (plan {self.pk})"

    @property
    def is_finished(self) -> bool:
        return self.status in {PlanStatus.DONE, PlanStatus.FAILED}


class RoundAssignment(models.Model):
    """One call in a carer's round: the visit (and, for a double-up, which of its two carers),
    when the carer arrives and starts, and the travel from the previous place."""

    plan = models.ForeignKey(RoundPlan, on_delete=models.CASCADE, related_name="assignments")
    visit = models.ForeignKey("visits.Visit", on_delete=models.CASCADE, related_name="round_assignments")
    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="assignments")
    slot = models.PositiveSmallIntegerField(
        default=0, help_text="0, or 1 for the second carer of a double-up"
    )
    order = models.PositiveSmallIntegerField()
    planned_arrival = models.DateTimeField()
    planned_start = models.DateTimeField()
    planned_end = models.DateTimeField()
    travel_minutes = models.FloatField(help_text="From the previous call, or from home for the first")
    travel_km = models.FloatField()

    class Meta:
        ordering = ["carer__name", "carer_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "visit", "slot"], name="one_assignment_per_visit_slot"),
            models.UniqueConstraint(fields=["plan", "carer", "order"], name="one_call_per_round_position"),
        ]

    def __str__(self) -> str:
        return f"{self.carer} call {self.order + 1} in plan {self.plan_id}"


class UnplannedVisit(models.Model):
    """A visit the plan could not give to a carer, and why."""

    plan = models.ForeignKey(RoundPlan, on_delete=models.CASCADE, related_name="unplanned")
    visit = models.ForeignKey("visits.Visit", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["visit__planned_start", "visit_id"]
        constraints = [models.UniqueConstraint(fields=["plan", "visit"], name="one_unplanned_row_per_visit")]

    def __str__(self) -> str:
        return f"{self.visit} not planned: {self.reason}"


class RouteFit(models.Model):
    """How a package being brokered would fit one candidate provider's planned rounds, measured in the
    background (the `route-fits` job) so that the broker's candidate page only reads it. Derived
    data: measured again whenever the plan it was measured against changes."""

    package = models.ForeignKey("brokerage.Package", on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey("providers.Provider", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(RoundPlan, on_delete=models.CASCADE, related_name="+")
    plan_version = models.DateTimeField(help_text="The plan's last change when measured")
    day = models.DateField()
    new_visits = models.PositiveSmallIntegerField()
    extra_travel_minutes = models.FloatField()
    extra_travel_km = models.FloatField()
    absorbable = models.BooleanField()
    problem = models.CharField(max_length=300, blank=True, help_text="Why it could not be measured")
    measured_at = models.DateTimeField()

    objects = ProviderScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["package", "provider"], name="one_route_fit_per_candidate")
        ]
        indexes = [models.Index(fields=["measured_at"])]

    def __str__(self) -> str:
        return f"Route fit of {self.package_id} with {self.provider_id} on {self.day}"


class RouteFitCheck(models.Model):
    """When a package's route fits were last measured (also when no candidate had planned rounds), so
    that the background job measures every waiting package in turn."""

    package = models.OneToOneField("brokerage.Package", on_delete=models.CASCADE, related_name="+")
    checked_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Route fits of {self.package_id} checked at {self.checked_at:%Y-%m-%d %H:%M}"
