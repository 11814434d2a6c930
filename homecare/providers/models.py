from __future__ import annotations

from django.db import models


class ProviderStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DORMANT = "dormant", "Dormant"
    DEREGISTERED = "deregistered", "Deregistered"
    EXITED = "exited", "Exited the market"


class Provider(models.Model):
    """A home care provider organisation (agency)."""

    name = models.CharField(max_length=200)
    council_ref = models.CharField("council reference", max_length=30, unique=True)
    cqc_provider_id = models.CharField("CQC provider ID", max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(max_length=20, choices=ProviderStatus.choices, default=ProviderStatus.ACTIVE)
    exited_on = models.DateField(null=True, blank=True)
    exit_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
