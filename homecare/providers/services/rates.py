"""Rates in force, yearly uplifts (preview, then apply exactly what was previewed) and visit prices."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.errors import DomainError
from homecare.providers.models import Contract, ContractTier, Provider, Rate, Uplift
from homecare.providers.pricing import RateTerms, price_visit, to_pence

HUNDRED = Decimal("100")
RATE_TERMS = [
    "bank_holiday_multiplier",
    "bank_holiday_premium",
    "rural_supplement",
    "rural_supplement_basis",
    "billing_unit_minutes",
    "minimum_minutes",
]


def rate_in_force(contract: Contract, *, on: dt.date) -> Rate | None:
    """The contract's rate in force on the date: the latest with `effective_from` on or before it.
    A spot contract without a rate of its own uses its provider's spot rate."""
    rate = contract.rates.filter(effective_from__lte=on).order_by("-effective_from", "-id").first()
    if rate is None and contract.tier == ContractTier.SPOT:
        rate = provider_spot_rate(contract.provider, on=on)
    return rate


def provider_spot_rate(provider: Provider, *, on: dt.date) -> Rate | None:
    return provider.spot_rates.filter(effective_from__lte=on).order_by("-effective_from", "-id").first()


def price_contract_visit(contract: Contract, *, minutes: int, on: dt.date, is_rural: bool = False) -> Decimal:
    """Price one visit under the contract's rate in force on its date."""
    rate = rate_in_force(contract, on=on)
    if rate is None:
        raise DomainError(f"Contract {contract.reference} has no rate in force on {on:%d/%m/%Y}")
    return price_visit(RateTerms.of(rate), minutes=minutes, on=on, is_rural=is_rural)


@transaction.atomic
def set_rate(
    *,
    by: Actor,
    effective_from: dt.date,
    hourly_rate: Decimal,
    contract: Contract | None = None,
    provider: Provider | None = None,
    **terms: Any,
) -> Rate:
    """Add a rate from a date for a contract, or for a provider's spot purchases."""
    if (contract is None) == (provider is None):
        raise DomainError("A rate is for a contract or for a provider's spot purchases, not both")
    owner = {"contract": contract} if contract is not None else {"provider": provider}
    if Rate.objects.filter(effective_from=effective_from, **owner).exists():
        raise DomainError(f"There is already a rate from {effective_from:%d/%m/%Y}")
    rate = Rate.objects.create(
        effective_from=effective_from, hourly_rate=to_pence(hourly_rate), **owner, **terms
    )
    audit.created(by=by, obj=rate)
    return rate


@dataclass(frozen=True)
class UpliftRow:
    contract_id: int
    contract_reference: str
    provider_name: str
    old_rate: Decimal
    old_effective_from: dt.date
    new_rate: Decimal
    effective_from: dt.date


@dataclass
class UpliftPreview:
    effective_from: dt.date
    percent: Decimal
    rows: list[UpliftRow] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (contract reference, why)

    def fingerprint(self) -> str:
        """Identifies exactly these rows, so that apply can refuse if anything changed since."""
        text = "|".join(
            f"{r.contract_id}:{r.old_rate}:{r.new_rate}:{r.effective_from.isoformat()}" for r in self.rows
        )
        return hashlib.sha256(f"{self.percent}|{text}".encode()).hexdigest()[:16]


def preview_uplift(
    *, contracts: Iterable[Contract], effective_from: dt.date, percent: Decimal
) -> UpliftPreview:
    """What an uplift of `percent` from `effective_from` would do: one row per contract, old -> new
    hourly rate rounded to pence. Contracts without a rate, or already with a rate from that date or
    later, are skipped with the reason."""
    if percent <= -HUNDRED:
        raise DomainError("An uplift cannot take rates to zero or below")
    preview = UpliftPreview(effective_from=effective_from, percent=percent)
    factor = 1 + percent / HUNDRED
    for contract in sorted(contracts, key=lambda c: c.reference):
        later = contract.rates.filter(effective_from__gte=effective_from).order_by("effective_from").first()
        if later is not None:
            preview.skipped.append(
                (contract.reference, f"already has a rate from {later.effective_from:%d/%m/%Y}")
            )
            continue
        old = (
            contract.rates.filter(effective_from__lt=effective_from)
            .order_by("-effective_from", "-id")
            .first()
        )
        if old is None:
            preview.skipped.append((contract.reference, "has no contract rate to uplift"))
            continue
        preview.rows.append(
            UpliftRow(
                contract_id=contract.pk,
                contract_reference=contract.reference,
                provider_name=contract.provider.name,
                old_rate=old.hourly_rate,
                old_effective_from=old.effective_from,
                new_rate=to_pence(old.hourly_rate * factor),
                effective_from=effective_from,
            )
        )
    return preview


@transaction.atomic
def apply_uplift(
    *,
    by: Actor,
    contracts: Iterable[Contract],
    effective_from: dt.date,
    percent: Decimal,
    name: str,
    expected_fingerprint: str | None = None,
) -> tuple[Uplift, UpliftPreview]:
    """Apply an uplift: write exactly the rows `preview_uplift` gives for the same arguments. With
    `expected_fingerprint` (from the preview shown to the user) it refuses if they differ."""
    contracts = list(Contract.objects.select_for_update().filter(pk__in=[c.pk for c in contracts]))
    preview = preview_uplift(contracts=contracts, effective_from=effective_from, percent=percent)
    if expected_fingerprint is not None and preview.fingerprint() != expected_fingerprint:
        raise DomainError("Rates have changed since the preview: preview the uplift again before applying it")
    if not preview.rows:
        raise DomainError("No contract would be uplifted")
    label = by.label
    uplift = Uplift.objects.create(
        name=name.strip() or f"Uplift from {effective_from:%d/%m/%Y}",
        effective_from=effective_from,
        percent=percent,
        applied_by_label=label,
        rates_created=len(preview.rows),
    )
    audit.created(by=by, obj=uplift)
    previous = {
        r.contract_id: Rate.objects.get(contract_id=r.contract_id, effective_from=r.old_effective_from)
        for r in preview.rows
    }
    new_rates = [
        Rate(
            contract_id=row.contract_id,
            effective_from=row.effective_from,
            hourly_rate=row.new_rate,
            uplift=uplift,
            **{name: getattr(previous[row.contract_id], name) for name in RATE_TERMS},
        )
        for row in preview.rows
    ]
    Rate.objects.bulk_create(new_rates)
    audit.record_many(
        by=by,
        action="created_by_uplift",
        objs=Rate.objects.filter(uplift=uplift),
        changes={"uplift": uplift.pk, "percent": str(percent)},
    )
    return uplift, preview
