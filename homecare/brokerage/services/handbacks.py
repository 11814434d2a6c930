"""Hand-backs: a provider gives notice on a package. The person's care re-enters brokerage at once
as a successor package (same care plan), to start when the notice ends, so care can continue
without a gap; the provider asked last time is not asked again."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from homecare.brokerage.hooks import package_changed
from homecare.brokerage.models import (
    IN_CARE,
    AlertKind,
    BrokerAlert,
    HandBack,
    InterimArrangement,
    Package,
    PackageEvent,
    PackageStatus,
)
from homecare.brokerage.services.careplans import copy_care_plan
from homecare.brokerage.services.lifecycle import BrokerageError, transition
from homecare.brokerage.services.offers import offer_next
from homecare.core import audit
from homecare.core.actor import Actor

#: The shortest notice a provider may give (days), unless the council agrees otherwise.
MINIMUM_NOTICE_DAYS = 14


@transaction.atomic
def give_notice(
    *, by: Actor, package: Package, reason: str, notice_ends_on: dt.date, given_on: dt.date | None = None
) -> HandBack:
    given_on = given_on or timezone.localdate()
    if package.status not in IN_CARE:
        raise BrokerageError(f"Package {package.reference} is not in care: notice cannot be given")
    if package.notice_ends_on is not None:
        raise BrokerageError(f"Notice has already been given on {package.reference}")
    if not reason.strip():
        raise BrokerageError({"reason": "Say why you are handing the package back"})
    if notice_ends_on < given_on + dt.timedelta(days=MINIMUM_NOTICE_DAYS):
        raise BrokerageError(
            {
                "notice_ends_on": f"Notice must run for at least {MINIMUM_NOTICE_DAYS} days (to {given_on + dt.timedelta(days=MINIMUM_NOTICE_DAYS):%d/%m/%Y} or later)"
            }
        )
    assert package.provider_id is not None
    audit.update_fields(
        by=by, obj=package, action="notice_given", reason=reason, notice_ends_on=notice_ends_on
    )
    package_changed(by=by, package_ids=[package.pk])
    successor = Package.objects.create(
        person_id=package.person_id,
        referral_id=package.referral_id,
        previous=package,
        funding=package.funding,
        service_type=package.service_type,
        urgency=package.urgency,
        zone_id=package.zone_id,
        referred_on=given_on,
        requested_start_on=notice_ends_on,
        interim_arrangement=InterimArrangement.PREVIOUS_PROVIDER,
        interim_notes=f"{package.provider} continues until {notice_ends_on:%d/%m/%Y}",
    )
    audit.created(
        by=by, obj=successor, fields=["person_id", "previous_id", "referred_on", "requested_start_on"]
    )
    PackageEvent.objects.create(
        package=successor,
        to_status=PackageStatus.REFERRED,
        actor=by.user,
        actor_label=by.label,
        reason=f"Re-entered brokerage: {package.reference} handed back",
    )
    copy_care_plan(by=by, source=package, target=successor, effective_from=notice_ends_on)
    hand_back = HandBack.objects.create(
        package=package,
        provider_id=package.provider_id,
        given_on=given_on,
        notice_ends_on=notice_ends_on,
        reason=reason,
        given_by_label=by.label,
        successor=successor,
    )
    audit.created(
        by=by,
        obj=hand_back,
        fields=["package_id", "provider_id", "given_on", "notice_ends_on", "successor_id"],
    )
    alert = BrokerAlert.objects.create(
        package=successor,
        kind=AlertKind.HAND_BACK,
        message=f"{package.provider} gave notice on {package.reference} to {notice_ends_on:%d/%m/%Y}: {reason}"[
            :500
        ],
    )
    audit.created(by=by, obj=alert, fields=["package_id", "kind"])
    transition(by=by, package=successor, to=PackageStatus.BROKERING, reason="Hand-back re-brokered")
    offer_next(by=by, package=successor)
    return hand_back


@transaction.atomic
def finish_notice_periods(*, by: Actor, on: dt.date | None = None) -> int:
    """Close packages whose notice period has ended (status "handed back")."""
    on = on or timezone.localdate()
    due = Package.objects.filter(status__in=IN_CARE, notice_ends_on__lt=on)
    count = 0
    for package in due:
        transition(
            by=by,
            package=package,
            to=PackageStatus.HANDED_BACK,
            reason="Notice period ended",
            ended_on=package.notice_ends_on,
            end_reason="Handed back by the provider",
        )
        count += 1
    return count
