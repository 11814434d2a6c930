"""Operations on a placed or waiting package: care start, end, cancellation, interim arrangements,
and broker alerts."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from homecare.brokerage.models import (
    IN_CARE,
    UNPLACED,
    BrokerAlert,
    InterimArrangement,
    OfferStatus,
    Package,
    PackageStatus,
)
from homecare.brokerage.services.lifecycle import BrokerageError, transition
from homecare.core import audit
from homecare.core.actor import Actor


@transaction.atomic
def start_care(*, by: Actor, package: Package, started_on: dt.date) -> Package:
    """The provider has started delivering care (placed -> active)."""
    if package.placed_on and started_on < package.placed_on:
        raise BrokerageError({"started_on": "Care cannot start before the package was placed"})
    if started_on > timezone.localdate():
        raise BrokerageError({"started_on": "Care cannot start in the future: record it on the day"})
    transition(by=by, package=package, to=PackageStatus.ACTIVE, reason="Care started", started_on=started_on)
    return package


@transaction.atomic
def end_package(*, by: Actor, package: Package, ended_on: dt.date, reason: str) -> Package:
    if package.status not in IN_CARE:
        raise BrokerageError(f"Package {package.reference} is not in care")
    if not reason.strip():
        raise BrokerageError({"reason": "Say why the package ended"})
    if package.started_on and ended_on < package.started_on:
        raise BrokerageError({"ended_on": "A package cannot end before it started"})
    transition(
        by=by, package=package, to=PackageStatus.ENDED, reason=reason, ended_on=ended_on, end_reason=reason
    )
    return package


@transaction.atomic
def cancel_package(*, by: Actor, package: Package, reason: str) -> Package:
    """Cancel a package not yet in care (the person no longer needs it); pending offers are withdrawn."""
    if package.status not in UNPLACED | {PackageStatus.PLACED}:
        raise BrokerageError(f"Package {package.reference} is in care or closed: end it instead")
    if not reason.strip():
        raise BrokerageError({"reason": "Say why the package is cancelled"})
    audit.bulk_update(
        by=by,
        queryset=package.offers.filter(status=OfferStatus.PENDING),
        action="withdrawn",
        reason="Package cancelled",
        status=OfferStatus.WITHDRAWN,
    )
    transition(
        by=by,
        package=package,
        to=PackageStatus.CANCELLED,
        reason=reason,
        ended_on=timezone.localdate(),
        end_reason=reason,
    )
    return package


@transaction.atomic
def record_interim(*, by: Actor, package: Package, arrangement: str, notes: str = "") -> Package:
    """Note how a person on the awaiting care list is managing meanwhile."""
    if package.status not in UNPLACED:
        raise BrokerageError(f"Package {package.reference} is not waiting for care")
    if arrangement not in InterimArrangement.values:
        raise BrokerageError({"arrangement": "Choose an interim arrangement"})
    audit.update_fields(
        by=by, obj=package, action="interim_recorded", interim_arrangement=arrangement, interim_notes=notes
    )
    return package


@transaction.atomic
def resolve_alert(*, by: Actor, alert: BrokerAlert) -> BrokerAlert:
    if alert.resolved_at is not None:
        raise BrokerageError("This alert is already resolved")
    audit.update_fields(
        by=by, obj=alert, action="resolved", resolved_at=timezone.now(), resolved_by_label=by.label
    )
    return alert
