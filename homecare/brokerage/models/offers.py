"""Offers of a package to providers, and alerts for brokers."""

from __future__ import annotations

from django.db import models

from homecare.core.scoping import ProviderScopedQuerySet


class OfferStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a reply"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NOT_CHOSEN = "not_chosen", "Accepted, another provider chosen"


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", "No carers available at those times"
    AREA = "area", "Outside the area we cover"
    NEEDS = "needs", "We cannot meet the person's needs"
    DOUBLE_UP = "double_up", "Cannot staff the double-up calls"
    OTHER = "other", "Other"


class OfferQuerySet(ProviderScopedQuerySet["Offer"]):
    """Offers; a provider sees those made to it."""


class Offer(models.Model):
    package = models.ForeignKey("brokerage.Package", on_delete=models.CASCADE, related_name="offers")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="offers")
    contract = models.ForeignKey(
        "providers.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="offers"
    )
    round = models.PositiveSmallIntegerField(default=1)
    policy = models.CharField(max_length=20, blank=True)
    stage = models.CharField(max_length=20, blank=True, help_text="framework, second tier or spot")
    position = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Place in the ranked list")
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    off_framework = models.BooleanField(default=False)
    is_override = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=OfferStatus.choices, default=OfferStatus.PENDING)
    offered_at = models.DateTimeField()
    respond_by = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by_label = models.CharField(max_length=200, blank=True)
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    decline_details = models.TextField(blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_at", "-id"]
        indexes = [
            models.Index(fields=["status", "respond_by"]),
            models.Index(fields=["provider", "status"]),
        ]

    def __str__(self) -> str:
        return f"Offer {self.pk} of {self.package} to {self.provider}"


class AlertKind(models.TextChoices):
    NO_CANDIDATES = "no_candidates", "No provider left to offer"
    HAND_BACK = "hand_back", "Provider gave notice"
    PLACED = "placed", "Package placed"


class BrokerAlertQuerySet(ProviderScopedQuerySet["BrokerAlert"]):
    provider_lookup = "package__provider_id"


class BrokerAlert(models.Model):
    package = models.ForeignKey("brokerage.Package", on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by_label = models.CharField(max_length=200, blank=True)

    objects = BrokerAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.package}"
