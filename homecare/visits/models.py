"""Dated visits planned from care plans, the call-monitoring events that verify them, alerts and
penalties."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from homecare.core.scoping import ProviderScopedQuerySet

if TYPE_CHECKING:
    from homecare.providers.models import Provider


class VisitStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    IN_PROGRESS = "in_progress", "In progress"
    ON_TIME = "on_time", "On time"
    LATE = "late", "Late"
    SHORT = "short", "Short (clipped)"
    MISSED = "missed", "Missed"
    ONE_CARER = "one_carer", "Double-up with one carer"
    UNVERIFIED = "unverified", "No check-out"
    MANUAL = "manual", "Confirmed manually"
    UNPLANNED = "unplanned", "Unplanned"
    CANCELLED = "cancelled", "Cancelled"


#: Outcomes that mean the visit did not happen as planned.
EXCEPTIONS = frozenset(
    {
        VisitStatus.LATE,
        VisitStatus.SHORT,
        VisitStatus.MISSED,
        VisitStatus.ONE_CARER,
        VisitStatus.UNVERIFIED,
        VisitStatus.MANUAL,
    }
)
#: Outcomes still open: the visit's window has not closed.
OPEN = frozenset({VisitStatus.SCHEDULED, VisitStatus.IN_PROGRESS})


class VisitQuerySet(ProviderScopedQuerySet["Visit"]):
    def for_provider(self, provider: Provider | int | None) -> VisitQuerySet:
        return self.filter(provider=provider)

    def planned(self) -> VisitQuerySet:
        return self.filter(is_planned=True).exclude(status=VisitStatus.CANCELLED)


class Visit(models.Model):
    """One dated visit to a person: planned from the care plan's weekly schedule, or unplanned
    (call-monitoring events that match no planned visit)."""

    # Indexed by the composite indexes below, which lead with these columns.
    package = models.ForeignKey(
        "brokerage.Package", on_delete=models.CASCADE, related_name="dated_visits", db_index=False
    )
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="visits", db_index=False
    )
    schedule_line = models.ForeignKey(
        "brokerage.PlannedVisit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dated_visits",
    )
    visit_date = models.DateField(help_text="Local (UK) date of the planned start")
    planned_start = models.DateTimeField()
    planned_end = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    carers_needed = models.PositiveSmallIntegerField(default=1)
    time_critical = models.BooleanField(default=False)
    tolerance_minutes = models.PositiveSmallIntegerField(default=0)
    is_bank_holiday = models.BooleanField(default=False)
    is_planned = models.BooleanField(default=True)
    status = models.CharField(max_length=20, choices=VisitStatus.choices, default=VisitStatus.SCHEDULED)
    actual_start = models.DateTimeField(null=True, blank=True)
    actual_end = models.DateTimeField(null=True, blank=True)
    actual_minutes = models.PositiveIntegerField(null=True, blank=True)
    carers_seen = models.PositiveSmallIntegerField(default=0)
    exception_code = models.CharField(max_length=40, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True, help_text="When the outcome was last worked out")

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["planned_start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["package", "schedule_line", "visit_date"],
                condition=models.Q(is_planned=True),
                name="one_dated_visit_per_schedule_line_and_day",
            )
        ]
        indexes = [
            models.Index(fields=["package", "visit_date"]),
            models.Index(fields=["provider", "visit_date", "status"]),
            models.Index(fields=["visit_date", "status"]),
            models.Index(fields=["status", "time_critical", "planned_start"]),
        ]

    def __str__(self) -> str:
        return f"V{self.pk} {self.package} {self.visit_date:%d/%m/%Y} {self.planned_start:%H:%M}"

    @property
    def reference(self) -> str:
        return f"V{self.pk}"


class EventType(models.TextChoices):
    CHECK_IN = "check_in", "Check-in"
    CHECK_OUT = "check_out", "Check-out"


class EventMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    APP = "app", "App"
    NFC = "nfc", "NFC tag"
    QR = "qr", "QR code"
    MANUAL = "manual", "Manual entry"


class VisitEventQuerySet(ProviderScopedQuerySet["VisitEvent"]):
    pass


class VisitEvent(models.Model):
    """One electronic visit verification event, as the provider's system recorded it."""

    # Indexed by the unique constraint and the composite index below, which lead with these columns.
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="visit_events", db_index=False
    )
    event_id = models.CharField(max_length=100, help_text="The provider system's own id for the event")
    carer_ref = models.CharField(max_length=100)
    package = models.ForeignKey(
        "brokerage.Package", on_delete=models.PROTECT, related_name="visit_events", db_index=False
    )
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    visit_ref = models.CharField(max_length=40, blank=True, help_text="Planned visit reference, when sent")
    event_type = models.CharField(max_length=10, choices=EventType.choices)
    occurred_at = models.DateTimeField()
    method = models.CharField(max_length=10, choices=EventMethod.choices)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    exception_code = models.CharField(max_length=40, blank=True)
    received_at = models.DateTimeField()
    batch = models.CharField(max_length=64, blank=True, help_text="Request id of the batch that brought it")

    objects = VisitEventQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="one_event_per_provider_event_id")
        ]
        indexes = [models.Index(fields=["package", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} {self.carer_ref} {self.occurred_at:%Y-%m-%d %H:%M}"


class PendingMatch(models.Model):
    """A package-day whose events changed: its visits' outcomes must be worked out again."""

    package = models.ForeignKey("brokerage.Package", on_delete=models.CASCADE, related_name="+")
    visit_date = models.DateField()
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["package", "visit_date"], name="one_pending_match_per_day")
        ]

    def __str__(self) -> str:
        return f"Match package {self.package_id} on {self.visit_date}"


class VisitAlertQuerySet(ProviderScopedQuerySet["VisitAlert"]):
    pass


class VisitAlert(models.Model):
    """A time-critical visit with no check-in within its tolerance: shown to brokers and the
    provider until someone resolves it with a note."""

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="alert")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="visit_alerts")
    raised_at = models.DateTimeField()
    message = models.CharField(max_length=300)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_by_label = models.CharField(max_length=200, blank=True)
    resolution_note = models.TextField(blank=True)

    objects = VisitAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"Alert for {self.visit}"


class MonitoringRule(models.Model):
    """A contract's call-monitoring terms: when a visit counts as late or short, and the penalties.
    A provider without a rule of its own uses the default rule (contract empty)."""

    contract = models.OneToOneField(
        "providers.Contract", null=True, blank=True, on_delete=models.CASCADE, related_name="monitoring_rule"
    )
    late_after_minutes = models.PositiveSmallIntegerField(default=30)
    short_below_percent = models.PositiveSmallIntegerField(default=85)
    missed_visit_penalty = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    unverified_visit_penalty = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    late_visit_penalty = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    short_visit_penalty = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))

    def __str__(self) -> str:
        return f"Monitoring rule for {self.contract or 'all contracts'}"


class PenaltyStatus(models.TextChoices):
    CALCULATED = "calculated", "Calculated"
    WAIVED = "waived", "Waived"
    PARTLY_WAIVED = "partly_waived", "Partly waived"
    APPLIED = "applied", "Applied to payment"


class PenaltyStatementQuerySet(ProviderScopedQuerySet["PenaltyStatement"]):
    pass


class PenaltyStatement(models.Model):
    """The penalties a provider incurred in a period under its contracts' monitoring rules."""

    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="penalty_statements"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=20, choices=PenaltyStatus.choices, default=PenaltyStatus.CALCULATED)
    total = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    waived_total = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    calculated_at = models.DateTimeField()
    waived_at = models.DateTimeField(null=True, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    waived_by_label = models.CharField(max_length=200, blank=True)
    waiver_reason = models.TextField(blank=True)

    objects = PenaltyStatementQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "period_start", "period_end"], name="one_statement_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"Penalties for {self.provider} {self.period_start:%d/%m/%Y}-{self.period_end:%d/%m/%Y}"

    @property
    def payable(self) -> Decimal:
        return self.total - self.waived_total


class PenaltyLineQuerySet(ProviderScopedQuerySet["PenaltyLine"]):
    provider_lookup = "statement__provider_id"


class PenaltyLine(models.Model):
    statement = models.ForeignKey(PenaltyStatement, on_delete=models.CASCADE, related_name="lines")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="penalty_lines")
    kind = models.CharField(max_length=20, choices=VisitStatus.choices)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    waived = models.BooleanField(default=False)

    objects = PenaltyLineQuerySet.as_manager()

    class Meta:
        ordering = ["visit__planned_start"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.visit}: £{self.amount}"


class VisitExplanationQuerySet(ProviderScopedQuerySet["VisitExplanation"]):
    pass


class VisitExplanation(models.Model):
    """A provider's account of a visit that did not go as planned (late, short, missed, ...) or that
    was penalised: shown with the penalty to the commissioner before any waiver is decided. One per
    visit; the provider may change it until the penalty is waived or applied to a payment."""

    visit = models.OneToOneField(Visit, on_delete=models.PROTECT, related_name="explanation")
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="visit_explanations"
    )
    text = models.TextField()
    explained_at = models.DateTimeField()
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    explained_by_label = models.CharField(max_length=200)

    objects = VisitExplanationQuerySet.as_manager()

    class Meta:
        ordering = ["-explained_at", "-id"]

    def __str__(self) -> str:
        return f"Explanation of {self.visit}"
