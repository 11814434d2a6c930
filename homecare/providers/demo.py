"""Demo provider register: ~86 registered agencies for the `council` size, a few dormant, two that
exited the market in the last 24 months; their branches, CQC rating history, QAF levels, a
framework of one lot per zone (lead 60% and two secondaries 20% each), spot and legacy contracts,
rates with yearly uplifts, capacity returns, one suspended contract and a provider API token."""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from homecare.accounts.models import User
from homecare.core.demo_kit import DemoContext, DemoStep
from homecare.core.demo_names import company_names, person_name
from homecare.core.roles import Role
from homecare.core.tokens import issue_token
from homecare.geography.models import Postcode
from homecare.providers import services
from homecare.providers.models import (
    DOMAINS,
    AllocationPolicy,
    CapacityLine,
    CapacityReturn,
    Contract,
    ContractAction,
    ContractActionKind,
    ContractStatus,
    ContractTier,
    CqcRating,
    CqcRatingValue,
    Framework,
    Location,
    LocationStatus,
    Lot,
    PaymentBasis,
    PaymentFrequency,
    Provider,
    ProviderStatus,
    QafAssessment,
    Rate,
    RuralSupplementBasis,
    ServiceType,
    TimeBand,
)
from homecare.providers.services.register import RATING_SEVERITY

STREETS = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Mill Road",
    "Victoria Street",
    "Park Road",
    "London Road",
]
#: Shares of each latest overall rating; the rest are Good.
LATEST_RATING_SHARES = [
    (CqcRatingValue.OUTSTANDING, 0.04),
    (CqcRatingValue.REQUIRES_IMPROVEMENT, 0.17),
    (CqcRatingValue.INADEQUATE, 0.015),
]
EARLIER_RATING_WEIGHTS = [
    (CqcRatingValue.OUTSTANDING, 3),
    (CqcRatingValue.GOOD, 60),
    (CqcRatingValue.REQUIRES_IMPROVEMENT, 30),
    (CqcRatingValue.INADEQUATE, 7),
]
LADDER = [
    CqcRatingValue.INADEQUATE,
    CqcRatingValue.REQUIRES_IMPROVEMENT,
    CqcRatingValue.GOOD,
    CqcRatingValue.OUTSTANDING,
]
NOT_INSPECTED_SHARE = 0.05


def _pick(rng: random.Random, weights: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([w[0] for w in weights], weights=[w[1] for w in weights])[0]


def _first_monday_from(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _financial_year(today: dt.date) -> int:
    return today.year if today >= dt.date(today.year, 4, 1) else today.year - 1


def _active(ctx: DemoContext) -> list[Provider]:
    return [p for p in ctx.data["providers"] if p.status == ProviderStatus.ACTIVE]


def providers(ctx: DemoContext) -> None:
    rng = ctx.rng_for("providers")
    names = company_names(rng, ctx.size.providers)
    rows = []
    for i, name in enumerate(names, start=1):
        status = ProviderStatus.ACTIVE
        exited_on = None
        reason = ""
        if i in (ctx.size.providers - 1, ctx.size.providers):
            status = ProviderStatus.EXITED
            exited_on = ctx.today - dt.timedelta(days=rng.randint(60, 700))
            reason = rng.choice(
                [
                    "Could not recruit enough carers",
                    "Owner retired and closed the business",
                    "Went into administration",
                ]
            )
        elif rng.random() < 0.06:
            status = ProviderStatus.DORMANT
        rows.append(
            Provider(
                name=name,
                council_ref=f"PRV{i:04d}",
                cqc_provider_id=f"1-{rng.randint(100_000_000, 999_999_999)}",
                status=status,
                exited_on=exited_on,
                exit_reason=reason,
            )
        )
    Provider.objects.bulk_create(rows)
    ctx.data["providers"] = list(Provider.objects.order_by("council_ref"))


def register(ctx: DemoContext) -> None:
    """Addresses, zones served, service types, contacts and CQC locations (branches)."""
    rng = ctx.rng_for("provider register")
    postcodes = list(
        Postcode.objects.order_by("postcode").values_list(
            "postcode", "latitude", "longitude", "ward__zone_id"
        )
    )
    zone_ids = [z.pk for z in ctx.data["zones"]]
    through = Provider.zones.through
    links = []
    locations = []
    used_ids: set[str] = set()
    for provider in ctx.data["providers"]:
        code, lat, lon, zone_id = rng.choice(postcodes)
        provider.postcode, provider.latitude, provider.longitude = code, lat, lon
        provider.address = f"{rng.randint(1, 180)} {rng.choice(STREETS)}"
        provider.registered_on = ctx.today - dt.timedelta(days=rng.randint(400, 15 * 365))
        types = [ServiceType.GENERAL]
        if rng.random() < 0.15:
            types.append(ServiceType.NIGHT)
        if rng.random() < 0.08:
            types.append(ServiceType.NURSE_LED)
        provider.service_types = [str(t) for t in types]
        first, last = person_name(rng)
        provider.contact_name = f"{first} {last}"
        provider.contact_email = f"manager@{provider.council_ref.lower()}.example"
        provider.contact_phone = f"0116 {rng.randint(200, 999)} {rng.randint(1000, 9999)}"
        served = {zone_id} if zone_id else set()
        if rng.random() < 0.4:
            served.add(rng.choice(zone_ids))
        links += [through(provider_id=provider.pk, zone_id=z) for z in sorted(served)]
        for branch in range(2 if rng.random() < 0.1 else 1):
            while True:
                location_id = f"1-{rng.randint(1_000_000_000, 9_999_999_999)}"
                if location_id not in used_ids:
                    used_ids.add(location_id)
                    break
            branch_code, branch_lat, branch_lon, _z = (
                (code, lat, lon, zone_id) if branch == 0 else rng.choice(postcodes)
            )
            locations.append(
                Location(
                    provider=provider,
                    cqc_location_id=location_id,
                    name=f"{provider.name.rsplit(' ', 1)[0]}{' (branch 2)' if branch else ''}",
                    address=provider.address,
                    postcode=branch_code,
                    latitude=branch_lat,
                    longitude=branch_lon,
                    local_authority=ctx.data.get("council_name", ""),
                    registered_on=provider.registered_on,
                    status=LocationStatus.DEREGISTERED
                    if provider.status == ProviderStatus.EXITED
                    else LocationStatus.ACTIVE,
                )
            )
    Provider.objects.bulk_update(
        ctx.data["providers"],
        [
            "postcode",
            "latitude",
            "longitude",
            "address",
            "registered_on",
            "service_types",
            "contact_name",
            "contact_email",
            "contact_phone",
        ],
    )
    through.objects.bulk_create(links)
    Location.objects.bulk_create(locations)
    _ratings(ctx, rng)


def _domain_rating(rng: random.Random, overall: CqcRatingValue) -> str:
    roll = rng.random()
    i = LADDER.index(overall)
    if roll < 0.75:
        return overall
    if roll < 0.88 and i > 0:
        return LADDER[i - 1]
    if i < len(LADDER) - 1 and overall != CqcRatingValue.INADEQUATE:
        return LADDER[i + 1]
    return overall


def _latest_quota(rng: random.Random, count: int) -> list[CqcRatingValue]:
    """Latest overall ratings in the proportions of the market (at least one inadequate)."""
    values: list[CqcRatingValue] = []
    for value, share in LATEST_RATING_SHARES:
        values += [value] * max(1, round(count * share))
    values = values[:count]
    values += [CqcRatingValue.GOOD] * (count - len(values))
    rng.shuffle(values)
    return values


def _ratings(ctx: DemoContext, rng: random.Random) -> None:
    ratings = []
    latest: dict[int, list[tuple[CqcRatingValue, dt.date]]] = {}
    locations = list(Location.objects.order_by("cqc_location_id"))
    not_inspected = set(
        rng.sample(range(len(locations)), k=max(2, round(len(locations) * NOT_INSPECTED_SHARE)))
    )
    rated = [loc for i, loc in enumerate(locations) if i not in not_inspected]
    for location, latest_overall in zip(rated, _latest_quota(rng, len(rated)), strict=True):
        published = ctx.today - dt.timedelta(days=rng.randint(30, 3 * 365))
        count = rng.choice([1, 2, 2, 3])
        for n in range(count):
            overall = latest_overall if n == 0 else _pick(rng, EARLIER_RATING_WEIGHTS)
            ratings.append(
                CqcRating(
                    location=location,
                    published_on=published,
                    overall=overall,
                    report_type="Location",
                    inherited=n == 0 and rng.random() < 0.03,
                    **{name: _domain_rating(rng, overall) for name in DOMAINS},
                )
            )
            if n == 0:
                latest.setdefault(location.provider_id, []).append((overall, published))
            published -= dt.timedelta(days=rng.randint(500, 1100))
    CqcRating.objects.bulk_create(ratings, batch_size=1000)
    for provider in ctx.data["providers"]:
        current = latest.get(provider.pk, [])
        if current:
            provider.cqc_rating = min(current, key=lambda r: RATING_SEVERITY.index(r[0]))[0]
            provider.cqc_rating_published_on = max(d for _r, d in current)
    Provider.objects.bulk_update(ctx.data["providers"], ["cqc_rating", "cqc_rating_published_on"])


def contracts(ctx: DemoContext) -> None:
    """One framework, one lot per zone with a lead (60%) and two secondaries (20% each); spot
    contracts for everyone else, a few legacy ones; ended contracts for providers that exited."""
    rng = ctx.rng_for("provider contracts")
    fy = _financial_year(ctx.today)
    start = _first_monday_from(dt.date(fy - 2, 4, 1))
    framework = Framework.objects.create(
        name=f"Home care framework {fy - 2}",
        reference=f"HCF{fy - 2}",
        service_type=ServiceType.GENERAL,
        starts_on=start,
        ends_on=dt.date(fy + 3, 3, 31),
        allocation_policy=AllocationPolicy.ZONE_SHARES,
    )
    zones = ctx.data["zones"]
    lots = []
    for i, zone in enumerate(zones, start=1):
        lot = Lot.objects.create(framework=framework, code=f"LOT{i}", name=f"Lot {i}: {zone.name}")
        lot.zones.set([zone])
        lots.append(lot)
    active = _active(ctx)
    members = active[: ctx.size.framework_providers]
    framework_count = len(members)
    through = Provider.zones.through
    served = set(through.objects.values_list("provider_id", "zone_id"))
    rows: list[Contract] = []
    n = 0
    for z, lot in enumerate(lots):
        scores = sorted((Decimal(rng.randint(680, 960)) / 10 for _ in range(3)), reverse=True)
        for k in range(3):
            provider = members[(3 * z + k) % framework_count]
            n += 1
            rows.append(
                Contract(
                    reference=f"{framework.reference}-{lot.code}-{k + 1}",
                    provider=provider,
                    framework=framework,
                    lot=lot,
                    service_type=ServiceType.GENERAL,
                    tier=ContractTier.LEAD if k == 0 else ContractTier.SECONDARY,
                    target_share=Decimal("60") if k == 0 else Decimal("20"),
                    tender_rank=k + 1,
                    tender_score=scores[k],
                    starts_on=start,
                    ends_on=framework.ends_on,
                    payment_basis=PaymentBasis.ACTUAL,
                    payment_frequency=PaymentFrequency.FOUR_WEEKLY,
                )
            )
            if (provider.pk, zones[z].pk) not in served:
                served.add((provider.pk, zones[z].pk))
                through.objects.create(provider_id=provider.pk, zone_id=zones[z].pk)
    member_ids = {p.pk for p in members}
    for i, provider in enumerate(ctx.data["providers"], start=1):
        if provider.pk in member_ids:
            continue
        legacy = rng.random() < 0.1
        service_type = ServiceType.GENERAL
        if ServiceType.NURSE_LED in provider.service_types:
            service_type = ServiceType.NURSE_LED
        elif ServiceType.NIGHT in provider.service_types and rng.random() < 0.5:
            service_type = ServiceType.NIGHT
        starts_on = (
            start - dt.timedelta(days=rng.randint(400, 2000))
            if legacy
            else start + dt.timedelta(days=rng.randint(0, 500))
        )
        contract = Contract(
            reference=f"{'LEG' if legacy else 'SPOT'}-{i:04d}",
            provider=provider,
            service_type=service_type,
            tier=ContractTier.LEGACY if legacy else ContractTier.SPOT,
            starts_on=min(starts_on, ctx.today - dt.timedelta(days=90)),
            payment_basis=rng.choice([PaymentBasis.PLANNED, PaymentBasis.ACTUAL, PaymentBasis.BY_EXCEPTION]),
            payment_frequency=rng.choice([PaymentFrequency.WEEKLY, PaymentFrequency.FOUR_WEEKLY]),
        )
        if provider.status == ProviderStatus.EXITED and provider.exited_on:
            contract.starts_on = min(contract.starts_on, provider.exited_on - dt.timedelta(days=365))
            contract.status = ContractStatus.ENDED
            contract.ends_on = provider.exited_on
        rows.append(contract)
    Contract.objects.bulk_create(rows)
    actions = [
        ContractAction(
            contract=c,
            kind=ContractActionKind.END,
            effective_on=c.provider.exited_on,
            reason=f"Provider left the market: {c.provider.exit_reason}",
            decided_by_label="commissioner",
        )
        for c in Contract.objects.filter(status=ContractStatus.ENDED).select_related("provider")
        if c.provider.exited_on
    ]
    ContractAction.objects.bulk_create(actions)
    ctx.data["framework"] = framework


def rates(ctx: DemoContext) -> None:
    """A rate from each contract's start, then the yearly uplifts of the last two financial years."""
    rng = ctx.rng_for("provider rates")
    fy = _financial_year(ctx.today)
    rows = []
    for contract in Contract.objects.order_by("reference"):
        on_framework = contract.tier not in (ContractTier.SPOT, ContractTier.LEGACY)
        if on_framework:
            hourly = Decimal(rng.randint(2050, 2180)) / 100
        elif contract.tier == ContractTier.LEGACY:
            hourly = Decimal(rng.randint(2030, 2100)) / 100
        else:
            hourly = Decimal(rng.randint(2120, 2300)) / 100
        if contract.service_type == ServiceType.NURSE_LED:
            hourly += Decimal("4.00")
        rural_per_visit = not on_framework and rng.random() < 0.5
        rows.append(
            Rate(
                contract=contract,
                effective_from=contract.starts_on,
                hourly_rate=hourly,
                bank_holiday_multiplier=Decimal("1.50") if on_framework else Decimal("1.00"),
                bank_holiday_premium=Decimal("0.00") if on_framework else Decimal("2.00"),
                rural_supplement=Decimal("2.00") if rural_per_visit else Decimal("1.50"),
                rural_supplement_basis=RuralSupplementBasis.PER_VISIT
                if rural_per_visit
                else RuralSupplementBasis.PER_HOUR,
            )
        )
    Rate.objects.bulk_create(rows)
    for year, percent in ((fy - 1, Decimal("3.5")), (fy, Decimal("5.0"))):
        effective_from = _first_monday_from(dt.date(year, 4, 1))
        if effective_from > ctx.today:
            continue
        candidates = list(
            Contract.objects.current(effective_from)
            .exclude(status=ContractStatus.ENDED)
            .filter(starts_on__lt=effective_from)
            .select_related("provider")
        )
        services.apply_uplift(
            by=ctx.actor,
            contracts=candidates,
            effective_from=effective_from,
            percent=percent,
            name=f"{year}/{str(year + 1)[-2:]} annual uplift",
        )


def suspension(ctx: DemoContext) -> None:
    """One framework secondary has new packages suspended after a safeguarding concern."""
    contract = (
        Contract.objects.filter(tier=ContractTier.SECONDARY, status=ContractStatus.ACTIVE)
        .exclude(provider=_active(ctx)[0])
        .order_by("-reference")
        .first()
    )
    if contract is None:
        return
    services.apply_contract_action(
        by=ctx.actor,
        contract=contract,
        kind=ContractActionKind.SUSPEND,
        effective_on=ctx.today - dt.timedelta(days=18),
        reason="Safeguarding concerns and repeated missed calls: no new packages until the action plan is met",
    )


def capacity(ctx: DemoContext) -> None:
    """Weekly capacity returns for the last four weeks from the framework providers."""
    rng = ctx.rng_for("provider capacity")
    monday = ctx.today - dt.timedelta(days=ctx.today.weekday())
    members = list(
        Provider.objects.filter(contracts__framework__isnull=False).distinct().prefetch_related("zones")
    )
    returns = []
    for provider in members:
        staff = rng.randint(25, 90)
        for weeks_ago in range(4, 0, -1):
            returns.append(
                CapacityReturn(
                    provider=provider,
                    week_commencing=monday - dt.timedelta(weeks=weeks_ago),
                    staff_in_post=staff,
                    vacancies=rng.randint(0, 8),
                    leavers=rng.randint(0, 4),
                    submitted_by_label="demo",
                )
            )
            staff = max(10, staff + rng.randint(-3, 3))
    CapacityReturn.objects.bulk_create(returns)
    scale = {
        TimeBand.MORNING: 12,
        TimeBand.LUNCH: 6,
        TimeBand.TEA: 8,
        TimeBand.BED: 8,
        TimeBand.NIGHT: 2,
    }
    zones_of = {p.pk: list(p.zones.all()) for p in members}
    lines = []
    for record in CapacityReturn.objects.order_by("provider_id", "week_commencing"):
        for zone in zones_of[record.provider_id]:
            for band, top in scale.items():
                hours = rng.randint(0, top)
                if hours:
                    lines.append(
                        CapacityLine(capacity_return=record, zone=zone, time_band=band, hours=Decimal(hours))
                    )
    CapacityLine.objects.bulk_create(lines, batch_size=2000)


def api_token(ctx: DemoContext) -> None:
    """An API token for the demo provider user's organisation (the first active provider)."""
    rng = ctx.rng_for("provider api token")
    raw = "hc_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(40))
    issue_token(by=ctx.actor, provider=_active(ctx)[0], name="Demo call monitoring system", raw=raw)
    ctx.data["provider_api_token"] = raw


def quality(ctx: DemoContext) -> None:
    """The demo quality officer looks after every active provider; QAF assessments follow CQC."""
    rng = ctx.rng_for("provider quality")
    officer = User.objects.filter(role=Role.QUALITY_OFFICER).order_by("pk").first()
    current = [p for p in Provider.objects.order_by("council_ref") if p.status == ProviderStatus.ACTIVE]
    assessments = []
    for provider in current:
        provider.quality_officer = officer
        if rng.random() < 0.25:
            continue
        base = {"outstanding": "A", "good": "B", "requires_improvement": "C", "inadequate": "D"}.get(
            provider.cqc_rating, "C"
        )
        assessed_on = ctx.today - dt.timedelta(days=rng.randint(20, 300))
        for n in range(rng.choice([1, 2])):
            level = base if rng.random() < 0.7 else rng.choice("ABCD")
            assessments.append(
                QafAssessment(
                    provider=provider,
                    level=level,
                    assessed_on=assessed_on,
                    assessed_by=officer,
                    notes="Annual QAF visit" if n == 0 else "Follow-up visit",
                )
            )
            if n == 0:
                provider.qaf_level = level
            assessed_on -= dt.timedelta(days=rng.randint(300, 420))
    QafAssessment.objects.bulk_create(assessments)
    Provider.objects.bulk_update(current, ["quality_officer", "qaf_level"])


STEPS = [
    DemoStep(30, "providers", providers),
    DemoStep(31, "provider register and CQC ratings", register),
    DemoStep(32, "frameworks and contracts", contracts),
    DemoStep(33, "rates and uplifts", rates),
    DemoStep(34, "contract suspension", suspension),
    DemoStep(35, "capacity returns", capacity),
    DemoStep(36, "provider API token", api_token),
    DemoStep(95, "quality officers and QAF", quality),
]
