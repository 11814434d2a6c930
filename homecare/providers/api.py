"""Provider register API: providers with their current ratings and contracts, and capacity returns.

Every operation accepts a provider's API token or a signed-in session (`TOKEN_OR_SESSION`) and reads
through `.visible_to(request.actor)`: a provider (its token or its users) sees only its own provider
and its own capacity returns, and another provider's is "not found"; council staff see every
provider and every return. Only a provider sends capacity returns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError

from homecare.core.actor import Actor
from homecare.core.api_auth import TOKEN_OR_SESSION
from homecare.core.permissions import check_permission
from homecare.core.text import Count, Ref, SaneDate, Text
from homecare.providers import services
from homecare.providers.models import CapacityReturn, Contract, Provider
from homecare.providers.permissions import FILE_CAPACITY, VIEW_OWN_PROVIDER, VIEW_REGISTER
from homecare.providers.queries import providers_with_related
from homecare.providers.services.capacity import LineInput
from homecare.providers.services.register import latest_ratings

router = Router(tags=["providers"], auth=TOKEN_OR_SESSION)

TimeBandName = Literal["morning", "lunch", "tea", "bed", "night"]


def _check_can_read(actor: Actor) -> None:
    """A provider reads its own entry and returns; council staff read the whole register."""
    check_permission(actor, VIEW_OWN_PROVIDER if actor.is_provider_scoped else VIEW_REGISTER)


class RatingOut(Schema):
    location_id: str
    location_name: str
    published_on: dt.date
    overall: str
    safe: str
    effective: str
    caring: str
    responsive: str
    well_led: str
    inherited: bool


class ContractOut(Schema):
    reference: str
    tier: str
    framework: str | None
    lot: str | None
    service_type: str
    status: str
    target_share: Decimal | None
    tender_rank: int | None
    starts_on: dt.date
    ends_on: dt.date | None
    accepts_new_packages: bool


class ProviderOut(Schema):
    ref: str
    name: str
    status: str
    cqc_provider_id: str | None
    cqc_rating: str = Field(description="Headline CQC rating, or 'not_inspected'")
    cqc_rating_published_on: dt.date | None
    qaf_level: str = Field(description="Current QAF level (A-D) or 'not_assessed'")
    zones: list[str]
    ratings: list[RatingOut] = Field(description="Each location's latest rating")
    contracts: list[ContractOut]


class CapacityLineIn(Schema):
    zone: Ref = Field(description="Code of a zone you serve, e.g. Z1")
    time_band: TimeBandName
    hours: Decimal = Field(ge=0, max_digits=7, decimal_places=2, description="Hours you can take on")


class CapacityReturnIn(Schema):
    week_commencing: SaneDate = Field(description="The Monday the week starts")
    staff_in_post: Count
    vacancies: Count
    leavers: Count = Field(description="Care workers who left in the period")
    lines: list[CapacityLineIn] = Field(default_factory=list, max_length=500)


class CapacityLineOut(Schema):
    zone: str
    time_band: str
    hours: Decimal


class CapacityReturnOut(Schema):
    id: int
    provider: str = Field(description="The provider's council reference")
    week_commencing: dt.date
    staff_in_post: int
    vacancies: int
    leavers: int
    lines: list[CapacityLineOut]
    submitted_at: dt.datetime
    updated_at: dt.datetime


def _provider_out(provider: Provider, *, today: dt.date) -> dict[str, Any]:
    return {
        "ref": provider.council_ref,
        "name": provider.name,
        "status": provider.status,
        "cqc_provider_id": provider.cqc_provider_id,
        "cqc_rating": provider.cqc_rating or "not_inspected",
        "cqc_rating_published_on": provider.cqc_rating_published_on,
        "qaf_level": provider.qaf_level or "not_assessed",
        "zones": [z.code for z in provider.zones.all()],
        "ratings": [
            {
                "location_id": r.location.cqc_location_id,
                "location_name": r.location.name,
                "published_on": r.published_on,
                "overall": r.overall,
                "safe": r.safe,
                "effective": r.effective,
                "caring": r.caring,
                "responsive": r.responsive,
                "well_led": r.well_led,
                "inherited": r.inherited,
            }
            for r in latest_ratings(provider)
        ],
        "contracts": [_contract_out(c, today=today) for c in provider.contracts.all()],
    }


def _contract_out(contract: Contract, *, today: dt.date) -> dict[str, Any]:
    return {
        "reference": contract.reference,
        "tier": contract.tier,
        "framework": contract.framework.reference if contract.framework else None,
        "lot": contract.lot.code if contract.lot else None,
        "service_type": contract.service_type,
        "status": contract.status,
        "target_share": contract.target_share,
        "tender_rank": contract.tender_rank,
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        "accepts_new_packages": contract.accepts_new_packages(today),
    }


def _return_out(record: CapacityReturn) -> dict[str, Any]:
    return {
        "id": record.pk,
        "provider": record.provider.council_ref,
        "week_commencing": record.week_commencing,
        "staff_in_post": record.staff_in_post,
        "vacancies": record.vacancies,
        "leavers": record.leavers,
        "lines": [
            {"zone": line.zone.code, "time_band": line.time_band, "hours": line.hours}
            for line in record.lines.select_related("zone")
        ],
        "submitted_at": record.submitted_at,
        "updated_at": record.updated_at,
    }


@router.get("/capacity-returns", response=list[CapacityReturnOut], summary="Capacity returns")
def list_capacity_returns(request: HttpRequest) -> list[dict[str, Any]]:
    """Your own capacity returns (with a provider's token or as a provider user; council staff:
    every provider's), latest week first."""
    actor: Actor = request.actor  # type: ignore[attr-defined]
    _check_can_read(actor)
    returns = CapacityReturn.objects.visible_to(actor).select_related("provider")
    return [_return_out(r) for r in returns]


@router.post(
    "/capacity-returns",
    response={200: CapacityReturnOut, 201: CapacityReturnOut},
    summary="Send a capacity return",
)
def post_capacity_return(request: HttpRequest, payload: CapacityReturnIn) -> Status:
    """Send the hours you can take on per zone and time band for a week, with your workforce
    figures. Sending again for the same week replaces that week's return (200); a new week gives 201.
    Zones must be ones the council records you as serving. Only a provider sends returns."""
    actor: Actor = request.actor  # type: ignore[attr-defined]
    check_permission(actor, FILE_CAPACITY)
    provider: Provider = actor.provider
    try:
        record, created = services.save_capacity_return(
            by=actor,
            provider=provider,
            week_commencing=payload.week_commencing,
            staff_in_post=payload.staff_in_post,
            vacancies=payload.vacancies,
            leavers=payload.leavers,
            lines=[LineInput(line.zone, line.time_band, line.hours) for line in payload.lines],
        )
    except DjangoValidationError as exc:
        raise ValidationError(_errors(exc)) from exc
    return Status(201 if created else 200, _return_out(record))


def _errors(exc: DjangoValidationError) -> list[dict[str, Any]]:
    """The domain error as the same `loc` ninja gives for the payload's own validation (e.g.
    ["body", "payload", "lines", 0, "zone"]), so clients read both kinds of error alike."""
    if not hasattr(exc, "error_dict"):
        return [{"loc": ["body", "payload"], "msg": m, "type": "value_error"} for m in exc.messages]
    errors = []
    for key, items in exc.error_dict.items():
        loc: list[Any] = ["body", "payload", *[int(p) if p.isdigit() else p for p in key.split(".")]]
        for item in items:
            errors.append({"loc": loc, "msg": " ".join(item.messages), "type": "value_error"})
    return errors


@router.get("/", response=list[ProviderOut], summary="List providers")
def list_providers(request: HttpRequest, status: Text | None = None) -> list[dict[str, Any]]:
    """Providers with their current CQC ratings, QAF level and contracts. With a provider's token
    (or as a provider user), only that provider."""
    actor: Actor = request.actor  # type: ignore[attr-defined]
    _check_can_read(actor)
    qs = providers_with_related(Provider.objects.visible_to(actor))
    if status:
        qs = qs.filter(status=status)
    today = timezone.localdate()
    return [_provider_out(p, today=today) for p in qs]


@router.get("/{ref}", response=ProviderOut, summary="One provider")
def get_provider(request: HttpRequest, ref: Ref) -> dict[str, Any]:
    """One provider; another provider's is "not found" to a provider."""
    actor: Actor = request.actor  # type: ignore[attr-defined]
    _check_can_read(actor)
    provider = get_object_or_404(providers_with_related(Provider.objects.visible_to(actor)), council_ref=ref)
    return _provider_out(provider, today=timezone.localdate())
