"""Referrals: record who needs care, create their package and its first care plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from homecare.brokerage.models import Package, PackageEvent, PackageStatus, Referral, ReferralSource
from homecare.brokerage.services.careplans import OutcomeLike, VisitInput, set_care_plan
from homecare.brokerage.services.lifecycle import BrokerageError
from homecare.core import audit
from homecare.core.actor import Actor
from homecare.people.models import Person


@transaction.atomic
def create_referral(
    *,
    by: Actor,
    person: Person,
    source: str,
    funding: str,
    service_type: str,
    urgency: str,
    referred_on: dt.date,
    visits: Sequence[VisitInput],
    requested_start_on: dt.date | None = None,
    ready_for_discharge_on: dt.date | None = None,
    hospital: str = "",
    hospital_ward: str = "",
    referrer_name: str = "",
    referrer_team: str = "",
    notes: str = "",
    reablement: bool = False,
    needs: str = "",
    outcomes: Sequence[OutcomeLike] = (),
) -> Package:
    """Record a referral and create its package (status "referred") with care plan version 1."""
    if source == ReferralSource.HOSPITAL:
        if not hospital.strip():
            raise BrokerageError({"hospital": "Enter the hospital the person is in"})
        if ready_for_discharge_on is None:
            raise BrokerageError(
                {"ready_for_discharge_on": "Enter the date the person was ready for discharge"}
            )
    elif ready_for_discharge_on is not None:
        raise BrokerageError({"ready_for_discharge_on": "Only a hospital referral has a discharge date"})
    if requested_start_on is not None and requested_start_on < referred_on:
        raise BrokerageError(
            {"requested_start_on": "The requested start must be on or after the referral date"}
        )
    if person.zone_id is None:
        raise BrokerageError("The person's postcode is not in a zone: record their postcode first")
    referral = Referral.objects.create(
        person=person,
        source=source,
        referrer_name=referrer_name,
        referrer_team=referrer_team,
        hospital=hospital,
        hospital_ward=hospital_ward,
        ready_for_discharge_on=ready_for_discharge_on,
        urgency=urgency,
        requested_start_on=requested_start_on,
        funding=funding,
        service_type=service_type,
        referred_on=referred_on,
        notes=notes,
        created_by=by.user,
    )
    audit.created(
        by=by,
        obj=referral,
        fields=["person_id", "source", "urgency", "funding", "service_type", "referred_on"],
    )
    package = Package.objects.create(
        person=person,
        referral=referral,
        funding=funding,
        service_type=service_type,
        urgency=urgency,
        zone_id=person.zone_id,
        referred_on=referred_on,
        requested_start_on=requested_start_on,
    )
    audit.created(
        by=by,
        obj=package,
        fields=["person_id", "referral_id", "funding", "service_type", "zone_id", "referred_on"],
    )
    PackageEvent.objects.create(
        package=package,
        to_status=PackageStatus.REFERRED,
        actor=by.user,
        actor_label=by.label,
        reason="Referral received",
    )
    set_care_plan(
        by=by,
        package=package,
        visits=visits,
        effective_from=requested_start_on or referred_on,
        reablement=reablement,
        needs=needs,
        outcomes=outcomes,
    )
    return package
