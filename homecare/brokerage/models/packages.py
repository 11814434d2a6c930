"""Packages of care and their lifecycle.

    referred -> brokering -> offered -> placed -> active -> varied -> ended
    any state before placed -> cancelled; active or varied -> handed back (after notice)

Each transition is made by `brokerage.services.lifecycle.transition` and recorded as a PackageEvent
and an audit event.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models

from homecare.brokerage.models.referrals import Funding, Urgency
from homecare.core.scoping import ProviderScopedQuerySet
from homecare.providers.models import Provider, ServiceType


class PackageStatus(models.TextChoices):
    REFERRED = "referred", "Referred"
    BROKERING = "brokering", "Being brokered"
    OFFERED = "offered", "Offered to a provider"
    PLACED = "placed", "Placed (care not started)"
    ACTIVE = "active", "Active"
    VARIED = "varied", "Active (varied)"
    ENDED = "ended", "Ended"
    CANCELLED = "cancelled", "Cancelled"
    HANDED_BACK = "handed_back", "Handed back"


#: Not yet placed with a provider: the person is on the awaiting care list.
UNPLACED = frozenset({PackageStatus.REFERRED, PackageStatus.BROKERING, PackageStatus.OFFERED})
#: Care is being delivered.
IN_CARE = frozenset({PackageStatus.ACTIVE, PackageStatus.VARIED})
CLOSED = frozenset({PackageStatus.ENDED, PackageStatus.CANCELLED, PackageStatus.HANDED_BACK})


class InterimArrangement(models.TextChoices):
    NONE = "none", "None"
    REABLEMENT = "reablement", "Reablement service"
    FAMILY = "family", "Family or friends"
    HOSPITAL = "hospital", "Still in hospital"
    RESIDENTIAL = "residential", "Short stay in a care home"
    PREVIOUS_PROVIDER = "previous_provider", "Previous provider until its notice ends"
    OTHER = "other", "Other"


class PackageQuerySet(ProviderScopedQuerySet["Package"]):
    """Packages; a provider sees those placed with it."""

    def unplaced(self) -> PackageQuerySet:
        return self.filter(status__in=UNPLACED)

    def in_care(self) -> PackageQuerySet:
        return self.filter(status__in=IN_CARE)

    def for_provider(self, provider: Provider | int | None) -> PackageQuerySet:
        return self.filter(provider=provider)


class PackageEventQuerySet(ProviderScopedQuerySet["PackageEvent"]):
    provider_lookup = "package__provider_id"


class Package(models.Model):
    """One episode of home care for one person: from referral (or hand-back) to its end."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="packages")
    referral = models.ForeignKey(
        "brokerage.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="packages"
    )
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
        help_text="The package this one continues (after a hand-back)",
    )
    status = models.CharField(max_length=20, choices=PackageStatus.choices, default=PackageStatus.REFERRED)
    funding = models.CharField(max_length=20, choices=Funding.choices)
    service_type = models.CharField(max_length=20, choices=ServiceType.choices, default=ServiceType.GENERAL)
    urgency = models.CharField(max_length=20, choices=Urgency.choices, default=Urgency.STANDARD)
    zone = models.ForeignKey(
        "geography.Zone", null=True, blank=True, on_delete=models.PROTECT, related_name="packages"
    )
    referred_on = models.DateField(help_text="The day the package entered brokerage; waits count from it")
    requested_start_on = models.DateField(null=True, blank=True)
    placed_on = models.DateField(null=True, blank=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)
    provider = models.ForeignKey(
        "providers.Provider", null=True, blank=True, on_delete=models.PROTECT, related_name="packages"
    )
    contract = models.ForeignKey(
        "providers.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="packages"
    )
    off_framework = models.BooleanField(default=False, help_text="Placed with a spot or legacy provider")
    placement_override_reason = models.TextField(
        blank=True, help_text="Why the broker offered outside the framework's order"
    )
    brokering_round = models.PositiveSmallIntegerField(default=1)
    # Derived from the current care plan by the services; never typed in.
    hours_per_week = models.DecimalField(
        "visit hours a week", max_digits=7, decimal_places=2, default=Decimal("0")
    )
    carer_hours_per_week = models.DecimalField(
        "carer hours a week",
        max_digits=7,
        decimal_places=2,
        default=Decimal("0"),
        help_text="Visit hours times carers: a double-up hour is two carer hours",
    )
    visits_per_week = models.PositiveSmallIntegerField(default=0)
    interim_arrangement = models.CharField(
        max_length=20, choices=InterimArrangement.choices, default=InterimArrangement.NONE
    )
    interim_notes = models.TextField(blank=True)
    notice_ends_on = models.DateField(
        null=True, blank=True, help_text="Set when the provider has given notice (a hand-back)"
    )
    out_of_candidates = models.BooleanField(default=False)
    source_ref = models.CharField(
        "source reference",
        max_length=100,
        blank=True,
        default="",
        help_text="The episode's id in the system it was imported from; a re-import updates by it",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PackageQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_on", "-id"]
        indexes = [
            models.Index(fields=["status", "referred_on"]),
            # Covers the zone-shares sum of carer hours placed per contract (no table look-ups).
            models.Index(
                fields=["zone", "contract", "placed_on", "carer_hours_per_week"],
                name="package_zone_share_idx",
            ),
            models.Index(fields=["provider", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_ref"],
                condition=~models.Q(source_ref=""),
                name="package_source_ref_unique",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"PKG{self.pk:06d}" if self.pk else "PKG(new)"

    def wait_days(self, on: dt.date) -> int:
        stop = self.placed_on or self.ended_on or on
        return max(0, (min(stop, on) - self.referred_on).days)


class PackageEvent(models.Model):
    """One transition of a package's status: from, to, who, when and why."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=20, choices=PackageStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PackageStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = PackageEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.package}: {self.from_status or '-'} -> {self.to_status}"
