"""The provider register: organisations (agencies) and their CQC-registered locations (branches)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from homecare.core.scoping import ProviderScopedQuerySet


class ProviderStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DORMANT = "dormant", "Dormant"
    DEREGISTERED = "deregistered", "Deregistered"
    EXITED = "exited", "Exited the market"


class ServiceType(models.TextChoices):
    GENERAL = "general", "General home care"
    NIGHT = "night", "Night care"
    NURSE_LED = "nurse_led", "Specialist nurse-led care"


class ProviderQuerySet(ProviderScopedQuerySet["Provider"]):
    """Providers; `.visible_to(actor)`: a provider user or token sees only its own provider, council
    staff see every provider."""

    provider_lookup = "pk"


class Provider(models.Model):
    """A home care provider organisation (agency)."""

    name = models.CharField(max_length=200)
    council_ref = models.CharField("council reference", max_length=30, unique=True)
    cqc_provider_id = models.CharField("CQC provider ID", max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(max_length=20, choices=ProviderStatus.choices, default=ProviderStatus.ACTIVE)
    exited_on = models.DateField(null=True, blank=True)
    exit_reason = models.TextField(blank=True)
    registered_on = models.DateField("CQC registration date", null=True, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    zones = models.ManyToManyField("geography.Zone", blank=True, related_name="providers")
    service_types = models.JSONField(
        default=list, blank=True, help_text="ServiceType values this provider offers"
    )
    contact_name = models.CharField("local contact", max_length=200, blank=True)
    contact_email = models.EmailField("local contact email", blank=True)
    contact_phone = models.CharField("local contact phone", max_length=30, blank=True)
    quality_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_providers",
        limit_choices_to={"role": "quality_officer"},
    )
    created_by_import = models.BooleanField(
        default=False, help_text="Created from a CQC ratings file; check its details"
    )
    # Kept up to date by the services (ratings import, QAF assessments) for filtering and lists.
    cqc_rating = models.CharField("current CQC rating", max_length=30, blank=True)
    cqc_rating_published_on = models.DateField(null=True, blank=True)
    qaf_level = models.CharField("current QAF level", max_length=20, blank=True)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocationStatus(models.TextChoices):
    ACTIVE = "active", "Registered"
    DEREGISTERED = "deregistered", "Deregistered"


class Location(models.Model):
    """A CQC-registered location: the branch an agency delivers care from."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="locations")
    cqc_location_id = models.CharField("CQC location ID", max_length=20, unique=True)
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    local_authority = models.CharField(max_length=100, blank=True, help_text="As named by CQC")
    registered_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=LocationStatus.choices, default=LocationStatus.ACTIVE)
    created_by_import = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.cqc_location_id})"
