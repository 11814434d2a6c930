"""Offers API for providers (an API token, or a provider user signed in to the web app). A provider
sees only its own offers (`Offer.objects.visible_to(actor)`); before it accepts, an offer shows the
postcode district, the schedule and the needs, never the person."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from homecare.brokerage import services
from homecare.brokerage.models import DAYS, Offer, OfferStatus
from homecare.brokerage.permissions import ANSWER_OFFERS
from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.api_auth import TOKEN_OR_SESSION
from homecare.core.permissions import check_permission
from homecare.core.text import Id, LongText, Text

router = Router(tags=["offers"], auth=TOKEN_OR_SESSION)


class VisitOut(Schema):
    days: list[str]
    start: str
    duration_minutes: int
    carers: int
    time_critical: bool
    tolerance_minutes: int
    tasks: str


class PersonOut(Schema):
    council_ref: str
    name: str
    address: str
    postcode: str
    communication_needs: str


class OfferOut(Schema):
    id: int
    status: str
    postcode_district: str
    zone: str | None
    service_type: str
    urgency: str
    requested_start_on: dt.date | None
    respond_by: dt.datetime
    visits_per_week: int
    carer_hours_per_week: Decimal
    reablement: bool
    needs: str
    visits: list[VisitOut]
    package_ref: str | None = None
    person: PersonOut | None = None


class DeclineIn(Schema):
    reason: Text
    details: LongText = ""


def _actor(request: HttpRequest) -> Actor:
    """The caller, who must be allowed to answer offers (a provider user or token)."""
    actor: Actor = request.actor  # type: ignore[attr-defined]
    check_permission(actor, ANSWER_OFFERS)
    return actor


def _offers(actor: Actor) -> Any:
    return Offer.objects.visible_to(actor).select_related(
        "package", "package__zone", "package__person", "package__person__postcode_ref"
    )


def _out(actor: Actor, offer: Offer) -> OfferOut:
    package = offer.package
    person = package.person
    plan = package.care_plans.prefetch_related("visits").order_by("-version").first()
    visits = list(plan.visits.all()) if plan else []
    revealed = offer.status == OfferStatus.ACCEPTED and package.provider_id == offer.provider_id
    out = OfferOut(
        id=offer.pk,
        status=offer.status,
        postcode_district=person.postcode_ref.district
        if person.postcode_ref
        else person.postcode.split(" ")[0],
        zone=package.zone.name if package.zone else None,
        service_type=package.service_type,
        urgency=package.urgency,
        requested_start_on=package.requested_start_on,
        respond_by=offer.respond_by,
        visits_per_week=plan.visits_per_week if plan else 0,
        carer_hours_per_week=plan.carer_hours_per_week if plan else Decimal("0"),
        reablement=plan.reablement if plan else False,
        needs=plan.needs if plan else "",
        visits=[
            VisitOut(
                days=[d for i, d in enumerate(DAYS) if v.days & (1 << i)],
                start=f"{v.start_time:%H:%M}",
                duration_minutes=v.duration_minutes,
                carers=v.carers,
                time_critical=v.time_critical,
                tolerance_minutes=v.tolerance_minutes,
                tasks=v.tasks,
            )
            for v in visits
        ],
    )
    if revealed:
        audit.log_view(by=actor, obj=person, person_id=person.pk, view=f"api:offer {offer.pk}")
        out.package_ref = package.reference
        out.person = PersonOut(
            council_ref=person.council_ref,
            name=person.full_name,
            address=person.address,
            postcode=person.postcode,
            communication_needs=person.communication_needs,
        )
    return out


@router.get("/offers", response=list[OfferOut], summary="Your offers (pending first)")
def list_offers(request: HttpRequest, status: Text | None = None) -> list[OfferOut]:
    actor = _actor(request)
    offers = _offers(actor).order_by("-offered_at")
    if status:
        offers = offers.filter(status=status)
    return [_out(actor, o) for o in offers[:200]]


@router.get("/offers/{offer_id}", response=OfferOut, summary="One offer")
def get_offer(request: HttpRequest, offer_id: Id) -> OfferOut:
    actor = _actor(request)
    return _out(actor, get_object_or_404(_offers(actor), pk=offer_id))


@router.post("/offers/{offer_id}/accept", response=OfferOut, summary="Accept an offer")
def accept(request: HttpRequest, offer_id: Id) -> OfferOut:
    actor = _actor(request)
    offer = get_object_or_404(_offers(actor), pk=offer_id)
    check_permission(actor, ANSWER_OFFERS, offer)
    services.accept_offer(by=actor, offer=offer)
    offer.refresh_from_db()
    offer.package.refresh_from_db()
    return _out(actor, offer)


@router.post("/offers/{offer_id}/decline", response=OfferOut, summary="Decline an offer with a reason")
def decline(request: HttpRequest, offer_id: Id, body: DeclineIn) -> OfferOut:
    actor = _actor(request)
    offer = get_object_or_404(_offers(actor), pk=offer_id)
    check_permission(actor, ANSWER_OFFERS, offer)
    services.decline_offer(by=actor, offer=offer, reason=body.reason, details=body.details)
    offer.refresh_from_db()
    return _out(actor, offer)
