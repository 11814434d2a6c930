"""Load what the ranking needs from the database into plain data, and rank a package's candidates.

A handful of queries whatever the number of providers: contracts of the service type, lot and
provider zones, current rates, recent capacity lines for the zone, hours placed in the zone, and the
offers already made in this brokering round."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from homecare.brokerage import allocation
from homecare.brokerage.hours import VisitPattern, carer_hours_by_band
from homecare.brokerage.models import OfferStatus, Package, PlannedVisit
from homecare.providers.models import CapacityLine, Contract, ContractStatus, Lot, Provider, Rate

#: Weights of the transparent score shown to brokers (quality, price).
QUALITY_WEIGHT = 0.6
PRICE_WEIGHT = 0.4
#: A capacity return counts for this many days after the week it describes starts.
CAPACITY_VALID_DAYS = 35
CLOSED_CONTRACT = frozenset({ContractStatus.TERMINATED, ContractStatus.ENDED})


@dataclass(frozen=True)
class PackageRanking:
    package_id: int
    need: allocation.Need
    ranking: allocation.Ranking
    lot: Lot | None


def band_hours(package: Package) -> dict[str, float]:
    plan = package.care_plans.order_by("-version").first()
    if plan is None:
        return {}
    visits = PlannedVisit.objects.filter(care_plan=plan).values_list(
        "days", "start_time", "duration_minutes", "carers"
    )
    return carer_hours_by_band(VisitPattern(*v) for v in visits)


def _asked(package: Package) -> dict[int, str]:
    reasons: dict[int, str] = {}
    offers = package.offers.filter(round=package.brokering_round).values_list(
        "provider_id", "status", "decline_reason", "offered_at"
    )
    for provider_id, status, decline, offered_at in offers:
        when = f"{offered_at:%d/%m/%Y}"
        if status == OfferStatus.PENDING:
            reasons[provider_id] = f"Offer sent {when}, waiting for a reply"
        elif status == OfferStatus.DECLINED:
            reasons[provider_id] = f"Declined on {when} ({decline.replace('_', ' ') or 'no reason'})"
        elif status == OfferStatus.EXPIRED:
            reasons[provider_id] = f"Offer of {when} expired without a reply"
        else:
            reasons[provider_id] = f"Already offered on {when} ({status.replace('_', ' ')})"
    if package.previous_id is not None and package.previous is not None and package.previous.provider_id:
        reasons.setdefault(package.previous.provider_id, "Gave notice on this person's previous package")
    return reasons


def load_options(
    *, zone_id: int | None, service_type: str, on: dt.date
) -> tuple[list[allocation.Option], Lot | None]:
    contracts = list(
        Contract.objects.filter(service_type=service_type)
        .select_related("provider", "lot__framework")
        .only(
            "id",
            "tier",
            "service_type",
            "target_share",
            "tender_rank",
            "tender_score",
            "starts_on",
            "ends_on",
            "terminated_on",
            "suspended_from",
            "status",
            "lot_id",
            "lot__allocation_policy",
            "lot__framework__allocation_policy",
            "lot__framework__starts_on",
            "provider__id",
            "provider__name",
            "provider__status",
            "provider__cqc_rating",
            "provider__qaf_level",
        )
    )
    lot_ids = {c.lot_id for c in contracts if c.lot_id}
    lot_zones: dict[int, set[int]] = {}
    for lot_id, zid in Lot.zones.through.objects.filter(lot_id__in=lot_ids).values_list("lot_id", "zone_id"):
        lot_zones.setdefault(lot_id, set()).add(zid)
    provider_zones: dict[int, set[int]] = {}
    spot_providers = {c.provider_id for c in contracts if not c.lot_id}
    for pid, zid in Provider.zones.through.objects.filter(provider_id__in=spot_providers).values_list(
        "provider_id", "zone_id"
    ):
        provider_zones.setdefault(pid, set()).add(zid)

    rates: dict[int, Decimal | None] = {}
    for cid, rate in (
        Rate.objects.filter(contract_id__in=[c.id for c in contracts], effective_from__lte=on)
        .order_by("contract_id", "effective_from")
        .values_list("contract_id", "hourly_rate")
    ):
        rates[cid] = rate
    spot_rates: dict[int, Decimal | None] = {}
    for pid, rate in (
        Rate.objects.filter(provider_id__in=spot_providers, effective_from__lte=on)
        .order_by("provider_id", "effective_from")
        .values_list("provider_id", "hourly_rate")
    ):
        spot_rates[pid] = rate

    capacity: dict[int, tuple[dt.date, dict[str, float]]] = {}
    if zone_id is not None:
        lines = (
            CapacityLine.objects.filter(
                zone_id=zone_id,
                capacity_return__week_commencing__gt=on - dt.timedelta(days=CAPACITY_VALID_DAYS),
                capacity_return__week_commencing__lte=on,
            )
            .values_list(
                "capacity_return__provider_id", "capacity_return__week_commencing", "time_band", "hours"
            )
            .order_by("capacity_return__week_commencing")
        )
        for pid, week, band, hours in lines:
            seen = capacity.get(pid)
            if seen is None or seen[0] < week:
                capacity[pid] = (week, {})
            capacity[pid][1][band] = float(hours)

    placed: dict[int, float] = {}
    if zone_id is not None:
        for cid, hours in (
            Package.objects.filter(zone_id=zone_id, contract_id__in=[c.id for c in contracts if c.lot_id])
            .exclude(placed_on__isnull=True)
            .values("contract_id")
            .annotate(h=Sum("carer_hours_per_week"))
            .values_list("contract_id", "h")
        ):
            placed[cid] = float(hours or 0)

    options = []
    lot_count: Counter[int] = Counter()
    lots: dict[int, Lot] = {}
    for c in contracts:
        zones = lot_zones.get(c.lot_id, set()) if c.lot_id else provider_zones.get(c.provider_id, set())
        if c.lot_id and zone_id in zones and c.lot is not None:
            lot_count[c.lot_id] += 1
            lots[c.lot_id] = c.lot
        price = rates.get(c.id) if c.lot_id else rates.get(c.id, spot_rates.get(c.provider_id))
        declared = capacity.get(c.provider_id)
        options.append(
            allocation.Option(
                contract_id=c.id,
                provider_id=c.provider_id,
                provider_name=c.provider.name,
                tier=c.tier,
                service_type=c.service_type,
                zone_ids=frozenset(zones),
                provider_active=c.provider.status == "active",
                in_force=c.is_current(on) and c.status not in CLOSED_CONTRACT,
                suspended_from=_suspension(c, on),
                target_share=float(c.target_share) if c.target_share is not None else None,
                tender_rank=c.tender_rank,
                tender_score=float(c.tender_score) if c.tender_score is not None else None,
                cqc_rating=c.provider.cqc_rating,
                qaf_level=c.provider.qaf_level,
                hourly_rate=float(price) if price is not None else None,
                capacity=declared[1] if declared else None,
                hours_placed=placed.get(c.id, 0.0),
            )
        )
    lot = lots[lot_count.most_common(1)[0][0]] if lot_count else None
    return options, lot


def _suspension(contract: Contract, on: dt.date) -> str | None:
    if contract.is_suspended(on) and contract.suspended_from:
        return f"{contract.suspended_from:%d/%m/%Y}"
    if contract.status == ContractStatus.SUSPENDED:
        return f"{contract.suspended_from:%d/%m/%Y}" if contract.suspended_from else "now"
    return None


def policy_for(lot: Lot | None) -> allocation.Policy:
    kind = lot.effective_allocation_policy if lot is not None else allocation.RANKED_CASCADE
    return allocation.Policy(kind=kind, quality_weight=QUALITY_WEIGHT, price_weight=PRICE_WEIGHT)


def rank_package(package: Package, *, on: dt.date | None = None) -> PackageRanking:
    on = on or dt.date.today()
    options, lot = load_options(zone_id=package.zone_id, service_type=package.service_type, on=on)
    need = allocation.Need(
        zone_id=package.zone_id,
        service_type=package.service_type,
        carer_hours=float(package.carer_hours_per_week),
        band_hours=band_hours(package),
        already_asked=_asked(package),
    )
    return PackageRanking(package.pk, need, allocation.rank(need, options, policy_for(lot)), lot)
