"""CQC ratings (one record per location per published report) and the council's own Quality
Assurance Framework (QAF) assessments."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CqcRatingValue(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_RATED = "not_rated", "Not rated"


#: The five key questions CQC asks, with the model field each is stored in.
DOMAINS = {
    "safe": "Safe",
    "effective": "Effective",
    "caring": "Caring",
    "responsive": "Responsive",
    "well_led": "Well-led",
}


def _rating_field(label: str) -> models.CharField:
    return models.CharField(label, max_length=30, choices=CqcRatingValue.choices, blank=True)


class CqcRating(models.Model):
    """A location's ratings as published on one date. The latest one is the current rating;
    earlier ones are its history."""

    location = models.ForeignKey("providers.Location", on_delete=models.CASCADE, related_name="ratings")
    published_on = models.DateField()
    overall = models.CharField(max_length=30, choices=CqcRatingValue.choices)
    safe = _rating_field("Safe")
    effective = _rating_field("Effective")
    caring = _rating_field("Caring")
    responsive = _rating_field("Responsive")
    well_led = _rating_field("Well-led")
    report_type = models.CharField(max_length=100, blank=True)
    inherited = models.BooleanField(
        default=False, help_text="Inherited from the location's previous provider"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["location", "published_on"], name="one_rating_per_location_date")
        ]

    def __str__(self) -> str:
        return f"{self.location}: {self.get_overall_display()} ({self.published_on:%d/%m/%Y})"


class QafLevel(models.TextChoices):
    A = "A", "A: Excellent"
    B = "B", "B: Good"
    C = "C", "C: Compliant"
    D = "D", "D: Non-compliant"
    NOT_ASSESSED = "not_assessed", "Not yet assessed"


class QafAssessment(models.Model):
    """One Quality Assurance Framework assessment. The provider's current level is the latest."""

    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.CASCADE, related_name="qaf_assessments"
    )
    level = models.CharField(max_length=20, choices=QafLevel.choices)
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.provider}: QAF {self.level} on {self.assessed_on:%d/%m/%Y}"
