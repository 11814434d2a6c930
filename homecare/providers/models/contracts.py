"""Frameworks, lots and contracts, and the actions taken on contracts (suspension, default notice,
termination)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from homecare.core.scoping import ProviderScopedQuerySet
from homecare.providers.models.register import ProviderStatus, ServiceType


class AllocationPolicy(models.TextChoices):
    RANKED_CASCADE = "ranked_cascade", "Ranked cascade (offer in tender rank order)"
    ZONE_SHARES = "zone_shares", "Zone shares (lead and secondaries with target shares)"
    TIERED = "tiered", "Tiered (framework first, then second tier)"
    BROADCAST = "broadcast", "Broadcast (offer to all at once)"


class Framework(models.Model):
    """A procurement framework for one service type, divided into lots."""

    name = models.CharField(max_length=200)
    reference = models.CharField(max_length=30, unique=True)
    service_type = models.CharField(max_length=20, choices=ServiceType.choices, default=ServiceType.GENERAL)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    allocation_policy = models.CharField(
        max_length=20, choices=AllocationPolicy.choices, default=AllocationPolicy.ZONE_SHARES
    )

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name


class Lot(models.Model):
    """A lot of a framework, covering one or more zones."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="lots")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    zones = models.ManyToManyField("geography.Zone", related_name="lots")
    allocation_policy = models.CharField(
        max_length=20,
        choices=AllocationPolicy.choices,
        blank=True,
        help_text="Leave empty to use the framework's policy",
    )
    exclude_capacity_shortfall = models.BooleanField(
        "exclude providers short of declared capacity",
        default=False,
        help_text="Leave out providers whose latest capacity return declares too few hours in a time "
        "band the package needs. Otherwise they stay candidates, asked after those with enough, "
        "and brokers see the shortfall.",
    )

    class Meta:
        ordering = ["framework", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="lot_code_unique_in_framework")
        ]

    def __str__(self) -> str:
        return f"{self.framework.name}: {self.name}"

    @property
    def effective_allocation_policy(self) -> str:
        return self.allocation_policy or self.framework.allocation_policy


class ContractTier(models.TextChoices):
    LEAD = "lead", "Lead (primary) provider"
    SECONDARY = "secondary", "Secondary provider"
    RANKED = "ranked", "Ranked framework member"
    SECOND_TIER = "second_tier", "Second tier"
    SPOT = "spot", "Off-framework (spot)"
    LEGACY = "legacy", "Legacy"


#: Tiers that are not on a framework, so have no framework or lot.
OFF_FRAMEWORK_TIERS = frozenset({ContractTier.SPOT, ContractTier.LEGACY})
#: The order in which tiers are listed (and offered work) within a lot.
TIER_ORDER = [
    ContractTier.LEAD,
    ContractTier.SECONDARY,
    ContractTier.RANKED,
    ContractTier.SECOND_TIER,
    ContractTier.SPOT,
    ContractTier.LEGACY,
]


class PaymentBasis(models.TextChoices):
    PLANNED = "planned", "Planned hours"
    ACTUAL = "actual", "Actual hours (call monitoring)"
    BY_EXCEPTION = "by_exception", "Pay by exception"


class PaymentFrequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FOUR_WEEKLY = "four_weekly", "Four-weekly"


class ContractStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "New packages suspended"
    DEFAULT_NOTICE = "default_notice", "Default notice served"
    TERMINATED = "terminated", "Terminated"
    ENDED = "ended", "Ended"


class ContractQuerySet(ProviderScopedQuerySet["Contract"]):
    """Contracts; `.visible_to(actor)`: a provider sees only its own."""

    def current(self, on: dt.date) -> ContractQuerySet:
        """Contracts in force on the date (started, not ended, not terminated)."""
        return self.filter(
            Q(starts_on__lte=on),
            Q(ends_on__isnull=True) | Q(ends_on__gte=on),
            Q(terminated_on__isnull=True) | Q(terminated_on__gt=on),
        )

    def open_for_new_packages(
        self, *, on: dt.date, zone: Any = None, service_type: str | None = None
    ) -> ContractQuerySet:
        """Contracts that may be offered new packages on the date: in force, not suspended, held by an
        active provider; optionally only those covering `zone` (framework contracts through their lot,
        spot and legacy contracts through the zones their provider serves) and of `service_type`."""
        qs = (
            self.current(on)
            .filter(provider__status=ProviderStatus.ACTIVE)
            .exclude(suspended_from__isnull=False, suspended_from__lte=on)
        )
        if service_type:
            qs = qs.filter(service_type=service_type)
        if zone is not None:
            qs = qs.filter(Q(lot__zones=zone) | Q(lot__isnull=True, provider__zones=zone)).distinct()
        return qs

    def in_lot_order(self) -> ContractQuerySet:
        tier_rank = models.Case(
            *[models.When(tier=t, then=models.Value(i)) for i, t in enumerate(TIER_ORDER)],
            output_field=models.IntegerField(),
        )
        return self.annotate(tier_rank=tier_rank).order_by(
            "tier_rank", models.F("tender_rank").asc(nulls_last=True), "-target_share", "provider__name"
        )


class Contract(models.Model):
    """A provider's contract: on a framework lot (lead, secondary, ranked, second tier) or
    off-framework (spot, legacy)."""

    reference = models.CharField(max_length=30, unique=True)
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="contracts")
    framework = models.ForeignKey(
        Framework, null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.PROTECT, related_name="contracts")
    service_type = models.CharField(max_length=20, choices=ServiceType.choices, default=ServiceType.GENERAL)
    tier = models.CharField(max_length=20, choices=ContractTier.choices)
    target_share = models.DecimalField(
        "target share of new work (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    tender_rank = models.PositiveIntegerField(null=True, blank=True)
    tender_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    payment_basis = models.CharField(max_length=20, choices=PaymentBasis.choices, default=PaymentBasis.ACTUAL)
    payment_frequency = models.CharField(
        max_length=20, choices=PaymentFrequency.choices, default=PaymentFrequency.FOUR_WEEKLY
    )
    status = models.CharField(max_length=20, choices=ContractStatus.choices, default=ContractStatus.ACTIVE)
    suspended_from = models.DateField(null=True, blank=True)
    default_notice_on = models.DateField(null=True, blank=True)
    terminated_on = models.DateField(null=True, blank=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["provider__name", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tier__in=["spot", "legacy"], framework__isnull=True, lot__isnull=True)
                | (~Q(tier__in=["spot", "legacy"]) & Q(framework__isnull=False)),
                name="framework_contracts_have_a_framework",
                violation_error_message="Framework contracts need a framework; spot and legacy contracts have none.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.provider})"

    def is_current(self, on: dt.date) -> bool:
        return (
            self.starts_on <= on
            and (self.ends_on is None or on <= self.ends_on)
            and (self.terminated_on is None or on < self.terminated_on)
        )

    def is_suspended(self, on: dt.date) -> bool:
        return self.suspended_from is not None and self.suspended_from <= on

    def accepts_new_packages(self, on: dt.date) -> bool:
        """Same rule as `Contract.objects.open_for_new_packages`, for one contract."""
        return (
            self.is_current(on)
            and not self.is_suspended(on)
            and self.provider.status == ProviderStatus.ACTIVE
        )

    @property
    def is_framework(self) -> bool:
        return self.tier not in OFF_FRAMEWORK_TIERS


class ContractActionKind(models.TextChoices):
    SUSPEND = "suspend", "Suspend new packages"
    LIFT_SUSPENSION = "lift_suspension", "Lift the suspension"
    DEFAULT_NOTICE = "default_notice", "Serve a default notice"
    WITHDRAW_DEFAULT_NOTICE = "withdraw_default_notice", "Withdraw the default notice"
    TERMINATE = "terminate", "Terminate the contract"
    END = "end", "End the contract (expiry or provider exit)"


class ContractAction(models.Model):
    """A decision changing a contract's status: what, from when, why and who decided."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=30, choices=ContractActionKind.choices)
    effective_on = models.DateField()
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by_label = models.CharField(max_length=200)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.contract.reference}: {self.get_kind_display()} from {self.effective_on:%d/%m/%Y}"
