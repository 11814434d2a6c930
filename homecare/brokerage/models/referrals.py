"""Referrals: a request for home care from a community social worker or a hospital discharge team."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from homecare.providers.models import ServiceType


class ReferralSource(models.TextChoices):
    COMMUNITY = "community", "Community social work"
    HOSPITAL = "hospital", "Hospital discharge team"


class Urgency(models.TextChoices):
    """Ordered from most to least urgent (see `URGENCY_ORDER`)."""

    URGENT = "urgent", "Urgent (today)"
    HIGH = "high", "High (within 2 days)"
    STANDARD = "standard", "Standard"


URGENCY_ORDER = {Urgency.URGENT: 0, Urgency.HIGH: 1, Urgency.STANDARD: 2}


class Funding(models.TextChoices):
    COUNCIL = "council", "Council"
    NHS_CHC = "nhs_chc", "NHS Continuing Healthcare"
    JOINT = "joint", "Joint (council and NHS)"
    DIRECT_PAYMENT = "direct_payment", "Direct payment"
    SELF_FUNDER = "self_funder", "Self-funder"


#: Cases counted as health-funded in the awaiting care report: NHS Continuing Healthcare and
#: joint packages (the NHS pays part, and the integrated care board follows them up).
HEALTH_FUNDING = frozenset({Funding.NHS_CHC, Funding.JOINT})


class Referral(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    source = models.CharField(max_length=20, choices=ReferralSource.choices)
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_team = models.CharField(max_length=200, blank=True)
    hospital = models.CharField(max_length=200, blank=True)
    hospital_ward = models.CharField(max_length=100, blank=True)
    ready_for_discharge_on = models.DateField(
        null=True, blank=True, help_text="The date the person became medically ready to leave hospital"
    )
    urgency = models.CharField(max_length=20, choices=Urgency.choices, default=Urgency.STANDARD)
    requested_start_on = models.DateField(null=True, blank=True)
    funding = models.CharField(max_length=20, choices=Funding.choices)
    service_type = models.CharField(max_length=20, choices=ServiceType.choices, default=ServiceType.GENERAL)
    referred_on = models.DateField()
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-referred_on", "-id"]

    def __str__(self) -> str:
        return f"Referral {self.pk} ({self.get_source_display()}, {self.referred_on:%d/%m/%Y})"
