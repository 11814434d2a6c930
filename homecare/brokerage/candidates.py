"""Load what the ranking needs from the database into plain data, and rank a package's candidates.

A handful of queries whatever the number of providers: contracts of the service type, lot and
provider zones, current rates, recent capacity lines for the zone, hours placed in the zone, and the
offers already made in this brokering round."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery, Sum

from homecare.brokerage import allocation
from homecare.brokerage.hours import VisitPattern, carer_hours_by_band
from homecare.brokerage.models import OfferStatus, Package, PlannedVisit
from homecare.providers.models import (
    CapacityLine,
    CapacityReturn,
    Contract,
    ContractStatus,
    Lot,
    Provider,
    ProviderStatus,
    Rate,
)

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
    lot: LotInfo | None


def band_hours(package: Package) -> dict[str, float]:
    """Carer hours a week by time band, from the latest care plan version (one query)."""
    rows = list(
        PlannedVisit.objects.filter(care_plan__package_id=package.pk).values_list(
            "care_plan__version", "days", "start_time", "duration_minutes", "carers"
        )
    )
    if not rows:
        return {}
    latest = max(r[0] for r in rows)
    return carer_hours_by_band(VisitPattern(*r[1:]) for r in rows if r[0] == latest)


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


@dataclass(frozen=True)
class LotInfo:
    """The lot whose policy applies to a zone's framework offers."""

    id: int
    name: str
    policy: str
    exclude_capacity_shortfall: bool = False

    def __str__(self) -> str:
        return self.name


CONTRACT_FIELDS = (
    "id",
    "provider_id",
    "provider__name",
    "provider__status",
    "provider__cqc_rating",
    "provider__qaf_level",
    "tier",
    "service_type",
    "status",
    "starts_on",
    "ends_on",
    "terminated_on",
    "suspended_from",
    "target_share",
    "tender_rank",
    "tender_score",
    "lot_id",
    "lot__name",
    "lot__allocation_policy",
    "lot__framework__allocation_policy",
    "lot__exclude_capacity_shortfall",
)


def load_options(
    *, zone_id: int | None, service_type: str, on: dt.date
) -> tuple[list[allocation.Option], LotInfo | None]:
    """Every contract of the service type as an allocation.Option (plain values, no model instances:
    this runs for every candidate list and every offer)."""
    # The rate in force is the latest one that has started; spot contracts may use the provider's rate.
    contract_rate = (
        Rate.objects.filter(contract_id=OuterRef("pk"), effective_from__lte=on)
        .order_by("-effective_from")
        .values("hourly_rate")[:1]
    )
    provider_rate = (
        Rate.objects.filter(
            provider_id=OuterRef("provider_id"), contract__isnull=True, effective_from__lte=on
        )
        .order_by("-effective_from")
        .values("hourly_rate")[:1]
    )
    rows = list(
        Contract.objects.filter(service_type=service_type)
        .annotate(rate=Subquery(contract_rate), spot_rate=Subquery(provider_rate))
        .values_list(*CONTRACT_FIELDS, "rate", "spot_rate")
    )
    lot_ids = {r[16] for r in rows if r[16]}
    spot_providers = {r[1] for r in rows if not r[16]}
    lot_zones: dict[int, set[int]] = {}
    for lot_id, zid in Lot.zones.through.objects.filter(lot_id__in=lot_ids).values_list("lot_id", "zone_id"):
        lot_zones.setdefault(lot_id, set()).add(zid)
    provider_zones: dict[int, set[int]] = {}
    for pid, zid in Provider.zones.through.objects.filter(provider_id__in=spot_providers).values_list(
        "provider_id", "zone_id"
    ):
        provider_zones.setdefault(pid, set()).add(zid)

    capacity: dict[int, tuple[dt.date, dict[str, float]]] = {}
    placed: dict[int, float] = {}
    if zone_id is not None:
        # Only each provider's latest return counts.
        latest_week = (
            CapacityReturn.objects.filter(
                provider_id=OuterRef("capacity_return__provider_id"),
                week_commencing__gt=on - dt.timedelta(days=CAPACITY_VALID_DAYS),
                week_commencing__lte=on,
            )
            .order_by("-week_commencing")
            .values("week_commencing")[:1]
        )
        lines = (
            CapacityLine.objects.filter(
                zone_id=zone_id,
                capacity_return__week_commencing__gt=on - dt.timedelta(days=CAPACITY_VALID_DAYS),
                capacity_return__week_commencing__lte=on,
            )
            .filter(capacity_return__week_commencing=Subquery(latest_week))
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
        framework_ids = [r[0] for r in rows if r[16] and zone_id in lot_zones.get(r[16], ())]
        if framework_ids:
            for cid, hours in (
                Package.objects.filter(
                    zone_id=zone_id, contract_id__in=framework_ids, placed_on__isnull=False
                )
                .values("contract_id")
                .annotate(h=Sum("carer_hours_per_week"))
                .values_list("contract_id", "h")
            ):
                placed[cid] = float(hours or 0)

    options = []
    lot_count: Counter[int] = Counter()
    lots: dict[int, LotInfo] = {}
    for (
        cid,
        pid,
        name,
        provider_status,
        cqc,
        qaf,
        tier,
        kind,
        status,
        starts_on,
        ends_on,
        terminated_on,
        suspended_from,
        target_share,
        tender_rank,
        tender_score,
        lot_id,
        lot_name,
        lot_policy,
        framework_policy,
        lot_excludes_shortfall,
        contract_rate_in_force,
        provider_rate_in_force,
    ) in rows:
        zones = lot_zones.get(lot_id, set()) if lot_id else provider_zones.get(pid, set())
        if lot_id and zone_id in zones:
            lot_count[lot_id] += 1
            lots[lot_id] = LotInfo(
                lot_id, lot_name, lot_policy or framework_policy, bool(lot_excludes_shortfall)
            )
        price = contract_rate_in_force
        if price is None and not lot_id:
            price = provider_rate_in_force
        declared = capacity.get(pid)
        in_force = (
            starts_on <= on
            and (ends_on is None or on <= ends_on)
            and (terminated_on is None or on < terminated_on)
            and status not in CLOSED_CONTRACT
        )
        suspended = None
        if suspended_from is not None and suspended_from <= on:
            suspended = f"{suspended_from:%d/%m/%Y}"
        elif status == ContractStatus.SUSPENDED:
            suspended = f"{suspended_from:%d/%m/%Y}" if suspended_from else "now"
        options.append(
            allocation.Option(
                contract_id=cid,
                provider_id=pid,
                provider_name=name,
                tier=tier,
                service_type=kind,
                zone_ids=frozenset(zones),
                provider_active=provider_status == ProviderStatus.ACTIVE,
                in_force=in_force,
                suspended_from=suspended,
                target_share=float(target_share) if target_share is not None else None,
                tender_rank=tender_rank,
                tender_score=float(tender_score) if tender_score is not None else None,
                cqc_rating=cqc,
                qaf_level=qaf,
                hourly_rate=float(price) if price is not None else None,
                capacity=declared[1] if declared else None,
                hours_placed=placed.get(cid, 0.0),
            )
        )
    lot = lots[lot_count.most_common(1)[0][0]] if lot_count else None
    return options, lot


def policy_for(lot: LotInfo | None) -> allocation.Policy:
    kind = lot.policy if lot is not None else allocation.RANKED_CASCADE
    return allocation.Policy(
        kind=kind,
        quality_weight=QUALITY_WEIGHT,
        price_weight=PRICE_WEIGHT,
        exclude_capacity_shortfall=lot.exclude_capacity_shortfall if lot is not None else False,
    )


def rank_package(
    package: Package,
    *,
    on: dt.date | None = None,
    loaded: tuple[list[allocation.Option], LotInfo | None] | None = None,
) -> PackageRanking:
    """Rank the package's candidates. `loaded` reuses `load_options` for the package's zone and
    service type (when ranking many packages of the same zone)."""
    on = on or dt.date.today()
    if loaded is None:
        loaded = load_options(zone_id=package.zone_id, service_type=package.service_type, on=on)
    options, lot = loaded
    need = allocation.Need(
        zone_id=package.zone_id,
        service_type=package.service_type,
        carer_hours=float(package.carer_hours_per_week),
        band_hours=band_hours(package),
        already_asked=_asked(package),
    )
    return PackageRanking(package.pk, need, allocation.rank(need, options, policy_for(lot)), lot)
