"""Demo brokerage: a package for everyone receiving care (placed with framework, spot and a few legacy
providers), realistic visit patterns (1-4 calls a day, ~10% double-ups, 15-60 minute visits,
~12-15 carer hours a week on average), 15-40 people on the awaiting care list (for the `council`
size), hospital referrals with discharge delays, and the last year's ended packages and hand-backs.

Everything is bulk-created from a seeded random stream, so `--size large` stays fast."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from homecare.brokerage.hours import VisitPattern, weekly_hours
from homecare.brokerage.models import (
    AlertKind,
    BrokerAlert,
    CarePlan,
    Funding,
    HandBack,
    InterimArrangement,
    Offer,
    OfferStatus,
    Outcome,
    Package,
    PackageEvent,
    PackageStatus,
    PlannedVisit,
    Referral,
    ReferralSource,
    Urgency,
)
from homecare.core.demo_kit import DemoContext, DemoStep
from homecare.providers.models import Contract, ContractStatus, ContractTier, Lot, Provider, ProviderStatus

DAILY = 127
WEEKDAYS = 31
CALL_TIMES = {
    1: [(8, 0)],
    2: [(8, 0), (17, 30)],
    3: [(8, 0), (12, 30), (18, 0)],
    4: [(7, 30), (12, 0), (16, 30), (20, 30)],
}
HOSPITALS = ["Fernshire General Hospital", "St Luke's Community Hospital", "Queen's Hospital"]
WARDS = ["Ward 7 (older people)", "Stroke unit", "Orthopaedics", "Acute medical unit"]
END_REASONS = [
    "Died",
    "Moved to a care home",
    "No longer needs care",
    "Moved out of the area",
    "Family now caring",
]
HAND_BACK_REASONS = [
    "Cannot recruit carers in this area",
    "Double-up calls cannot be staffed reliably",
    "Travel time between calls is too long",
    "Branch closing",
]
TASKS = ["Personal care", "Medication prompt", "Meal preparation", "Washing and dressing", "Help to bed"]
NEEDS = [
    "Lives alone. Uses a walking frame. Key safe.",
    "Dementia; family visit daily.",
    "Diabetes: medication at breakfast and tea.",
    "Needs hoist for transfers (double-up).",
    "Recently discharged after a fall; reablement goals.",
]


@dataclass
class _Plan:
    visits: list[tuple[int, dt.time, int, int, bool, int, str]] = field(default_factory=list)
    reablement: bool = False


def _plan(rng: random.Random) -> _Plan:
    calls = rng.choices([1, 2, 3, 4], weights=[15, 25, 30, 30])[0]
    days = DAILY if rng.random() < 0.85 else rng.choice([WEEKDAYS, 0b0010101, 0b1000001 | 0b0010100])
    double_up = rng.random() < 0.10
    plan = _Plan(reablement=rng.random() < 0.08)
    for n, (h, m) in enumerate(CALL_TIMES[calls]):
        minutes = rng.choices([15, 30, 45, 60], weights=[5, 35, 35, 25])[0]
        critical = n == 0 and rng.random() < 0.3
        plan.visits.append(
            (
                days,
                dt.time(h, m),
                minutes,
                2 if double_up and n == 0 else 1,
                critical,
                15 if critical else 0,
                rng.choice(TASKS),
            )
        )
    return plan


def _hours(plan: _Plan) -> tuple[int, Decimal, Decimal]:
    totals = weekly_hours(VisitPattern(d, t, m, c) for d, t, m, c, *_ in plan.visits)
    return totals.visits, totals.visit_hours, totals.carer_hours


@dataclass
class _Contracts:
    framework: dict[int, list[tuple[Contract, float]]]
    spot: dict[int, list[Contract]]
    legacy: list[Contract]
    all_spot: list[Contract]

    def pick(self, rng: random.Random, zone_id: int, kind: str) -> Contract:
        if kind == "legacy" and self.legacy:
            return rng.choice(self.legacy)
        if kind == "spot" and (self.spot.get(zone_id) or self.all_spot):
            return rng.choice(self.spot.get(zone_id) or self.all_spot)
        options = self.framework.get(zone_id)
        if not options:
            return rng.choice(self.all_spot)
        contracts, weights = zip(*options, strict=True)
        return rng.choices(contracts, weights=weights)[0]


def _contracts(ctx: DemoContext) -> _Contracts:
    lot_zones: dict[int, list[int]] = defaultdict(list)
    for lot_id, zone_id in Lot.zones.through.objects.values_list("lot_id", "zone_id"):
        lot_zones[lot_id].append(zone_id)
    provider_zones: dict[int, list[int]] = defaultdict(list)
    for pid, zid in Provider.zones.through.objects.values_list("provider_id", "zone_id"):
        provider_zones[pid].append(zid)
    result = _Contracts(defaultdict(list), defaultdict(list), [], [])
    usable = Contract.objects.filter(service_type="general", provider__status=ProviderStatus.ACTIVE).exclude(
        status__in=[ContractStatus.ENDED, ContractStatus.TERMINATED]
    )
    for c in usable.order_by("reference"):
        if c.lot_id:
            for zid in lot_zones[c.lot_id]:
                result.framework[zid].append((c, float(c.target_share or 10)))
        elif c.tier == ContractTier.LEGACY:
            result.legacy.append(c)
        else:
            result.all_spot.append(c)
            for zid in provider_zones[c.provider_id]:
                result.spot[zid].append(c)
    return result


def _funding(rng: random.Random) -> str:
    return rng.choices(
        [Funding.COUNCIL, Funding.NHS_CHC, Funding.JOINT, Funding.DIRECT_PAYMENT, Funding.SELF_FUNDER],
        weights=[78, 10, 6, 3, 3],
    )[0]


def brokerage(ctx: DemoContext) -> None:
    rng = ctx.rng_for("brokerage")
    today = ctx.today
    people: list[tuple[int, int | None]] = ctx.data["people"]
    contracts = _contracts(ctx)
    if not contracts.all_spot and not contracts.framework:
        return
    n_active = min(ctx.size.people, len(people))
    n_waiting = max(5, round(rng.randint(15, 40) * ctx.size.people / 1250))
    active_people = people[:n_active]
    waiting_people = people[n_active : n_active + n_waiting]
    ended_people = people[n_active + n_waiting :]

    referrals: list[Referral] = []
    packages: list[Package] = []
    plans: list[_Plan] = []
    offers_for: list[tuple[int, Contract]] = []  # (index of package, contract offered)
    hand_backs: list[tuple[int, int, dt.date, dt.date, str]] = []  # (old idx, new idx, given, ends, reason)

    def add(person: tuple[int, int | None], plan: _Plan, **values: Any) -> int:
        source = values.pop("source")
        referred_on = values["referred_on"]
        ready = values.pop("ready_on", None)
        referrals.append(
            Referral(
                person_id=person[0],
                source=source,
                hospital=rng.choice(HOSPITALS) if source == ReferralSource.HOSPITAL else "",
                hospital_ward=rng.choice(WARDS) if source == ReferralSource.HOSPITAL else "",
                ready_for_discharge_on=ready,
                urgency=values["urgency"],
                funding=values["funding"],
                referred_on=referred_on,
                referrer_team="Hospital discharge team"
                if source == ReferralSource.HOSPITAL
                else "Community social work",
            )
        )
        visits, visit_hours, carer_hours = _hours(plan)
        packages.append(
            Package(
                person_id=person[0],
                zone_id=person[1],
                hours_per_week=visit_hours,
                carer_hours_per_week=carer_hours,
                visits_per_week=visits,
                **values,
            )
        )
        plans.append(plan)
        return len(packages) - 1

    def referral_dates(placed_on: dt.date) -> dict[str, Any]:
        wait = min(int(rng.expovariate(1 / 4)), 30)
        referred_on = placed_on - dt.timedelta(days=wait)
        hospital = rng.random() < 0.35
        values: dict[str, Any] = {
            "referred_on": referred_on,
            "source": ReferralSource.HOSPITAL if hospital else ReferralSource.COMMUNITY,
            "urgency": Urgency.URGENT
            if hospital and rng.random() < 0.5
            else rng.choice([Urgency.HIGH, Urgency.STANDARD]),
        }
        if hospital:
            values["ready_on"] = referred_on - dt.timedelta(days=rng.randint(0, 2))
        return values

    # Receiving care now.
    for person in active_people:
        kind = rng.choices(["framework", "spot", "legacy"], weights=[70, 25, 5])[0]
        contract = contracts.pick(rng, person[1] or 0, kind)
        placed_on = today - dt.timedelta(days=rng.randint(3, 1100))
        if kind == "legacy":
            placed_on = min(placed_on, contract.starts_on + dt.timedelta(days=rng.randint(0, 300)))
        values = referral_dates(placed_on)
        started_on = min(today, placed_on + dt.timedelta(days=rng.randint(0, 3)))
        idx = add(
            person,
            _plan(rng),
            status=PackageStatus.ACTIVE,
            funding=_funding(rng),
            placed_on=placed_on,
            started_on=started_on,
            provider_id=contract.provider_id,
            contract=contract,
            off_framework=contract.lot_id is None,
            **values,
        )
        # About 4% took over after a hand-back in the last year.
        if rng.random() < 0.04 and contracts.framework.get(person[1] or 0):
            given = today - dt.timedelta(days=rng.randint(30, 360))
            ends = given + dt.timedelta(days=rng.choice([14, 21, 28]))
            successor = packages[idx]
            successor.referred_on = given
            successor.placed_on = ends - dt.timedelta(days=rng.randint(0, 10))
            successor.started_on = ends + dt.timedelta(days=1 if rng.random() < 0.85 else rng.randint(2, 9))
            successor.urgency = Urgency.HIGH
            referrals[idx].referred_on = given
            referrals[idx].source = ReferralSource.COMMUNITY
            referrals[idx].ready_for_discharge_on = None
            referrals[idx].hospital = referrals[idx].hospital_ward = ""
            previous = contracts.pick(rng, person[1] or 0, "framework")
            placed_old = given - dt.timedelta(days=rng.randint(60, 700))
            old = add(
                person,
                plans[idx],
                status=PackageStatus.HANDED_BACK,
                funding=successor.funding,
                placed_on=placed_old,
                provider_id=previous.provider_id,
                contract=previous,
                notice_ends_on=ends,
                ended_on=ends,
                end_reason="Handed back by the provider",
                **referral_dates(placed_old),
            )
            packages[old].started_on = packages[old].placed_on
            hand_backs.append((old, idx, given, ends, rng.choice(HAND_BACK_REASONS)))

    # Waiting for care (the awaiting care list).
    demo_provider = next(
        (p for p in ctx.data.get("providers", []) if p.status == ProviderStatus.ACTIVE), None
    )
    for n, person in enumerate(waiting_people):
        referred_on = today - dt.timedelta(days=min(int(rng.expovariate(1 / 12)), 90))
        hospital = rng.random() < 0.3
        offered = n % 2 == 0
        idx = add(
            person,
            _plan(rng),
            status=PackageStatus.OFFERED if offered else PackageStatus.BROKERING,
            funding=_funding(rng),
            referred_on=referred_on,
            requested_start_on=referred_on + dt.timedelta(days=rng.randint(0, 7)),
            source=ReferralSource.HOSPITAL if hospital else ReferralSource.COMMUNITY,
            ready_on=referred_on - dt.timedelta(days=1) if hospital else None,
            urgency=Urgency.URGENT
            if hospital
            else rng.choice([Urgency.HIGH, Urgency.STANDARD, Urgency.STANDARD]),
            interim_arrangement=InterimArrangement.HOSPITAL
            if hospital
            else rng.choice(
                [InterimArrangement.REABLEMENT, InterimArrangement.FAMILY, InterimArrangement.NONE]
            ),
            out_of_candidates=not offered and n % 4 == 1,
        )
        if offered:
            choices = [c for c, _ in contracts.framework.get(person[1] or 0, [])]
            mine = [c for c in choices if demo_provider is not None and c.provider_id == demo_provider.pk]
            contract = (
                mine[0]
                if mine and n < 6
                else (rng.choice(choices) if choices else rng.choice(contracts.all_spot))
            )
            offers_for.append((idx, contract))

    # Ended in the last year (and a few cancelled before placement).
    for person in ended_people:
        ended_on = today - dt.timedelta(days=rng.randint(1, 365))
        if rng.random() < 0.05:
            referred_on = ended_on - dt.timedelta(days=rng.randint(1, 20))
            add(
                person,
                _plan(rng),
                status=PackageStatus.CANCELLED,
                funding=_funding(rng),
                referred_on=referred_on,
                source=ReferralSource.COMMUNITY,
                urgency=Urgency.STANDARD,
                ended_on=ended_on,
                end_reason="Person no longer needs care",
            )
            continue
        contract = contracts.pick(rng, person[1] or 0, rng.choice(["framework", "framework", "spot"]))
        placed_on = ended_on - dt.timedelta(days=rng.randint(14, 700))
        add(
            person,
            _plan(rng),
            status=PackageStatus.ENDED,
            funding=_funding(rng),
            placed_on=placed_on,
            started_on=placed_on + dt.timedelta(days=rng.randint(0, 2)),
            provider_id=contract.provider_id,
            contract=contract,
            off_framework=contract.lot_id is None,
            ended_on=ended_on,
            end_reason=rng.choice(END_REASONS),
            **referral_dates(placed_on),
        )

    Referral.objects.bulk_create(referrals, batch_size=2000)
    for package, referral in zip(packages, referrals, strict=True):
        package.referral = referral
    Package.objects.bulk_create(packages, batch_size=2000)
    _plans(packages, plans, ctx, rng)
    _events(packages, label=ctx.actor.label)
    for old, new, *_ in hand_backs:
        packages[new].previous = packages[old]
    Package.objects.bulk_update([packages[new] for _, new, *_ in hand_backs], ["previous"], batch_size=2000)
    HandBack.objects.bulk_create(
        [
            HandBack(
                package=packages[old],
                provider_id=packages[old].provider_id or 0,
                given_on=given,
                notice_ends_on=ends,
                reason=reason,
                given_by_label=ctx.actor.label,
                successor=packages[new],
            )
            for old, new, given, ends, reason in hand_backs
        ],
        batch_size=2000,
    )
    now = timezone.now()
    Offer.objects.bulk_create(
        [
            Offer(
                package=packages[idx],
                provider_id=contract.provider_id,
                contract=contract,
                policy="zone_shares",
                stage="framework" if contract.lot_id else "spot",
                position=1,
                off_framework=contract.lot_id is None,
                offered_at=now - dt.timedelta(hours=rng.randint(1, 6)),
                respond_by=now + dt.timedelta(hours=rng.randint(2, 20)),
                status=OfferStatus.PENDING,
            )
            for idx, contract in offers_for
        ]
    )
    BrokerAlert.objects.bulk_create(
        [
            BrokerAlert(
                package=p,
                kind=AlertKind.NO_CANDIDATES,
                message=f"No provider is left to offer {p.reference} in round 1. Override with a reason, or start a new round.",
            )
            for p in packages
            if p.out_of_candidates
        ]
    )
    ctx.data["packages"] = n_active


def _plans(packages: list[Package], plans: list[_Plan], ctx: DemoContext, rng: random.Random) -> None:
    rows = [
        CarePlan(
            package=p,
            version=1,
            effective_from=p.started_on or p.requested_start_on or p.referred_on,
            reablement=plan.reablement,
            needs=rng.choice(NEEDS),
            hours_per_week=p.hours_per_week,
            carer_hours_per_week=p.carer_hours_per_week,
            visits_per_week=p.visits_per_week,
            created_by_label=ctx.actor.label,
        )
        for p, plan in zip(packages, plans, strict=True)
    ]
    CarePlan.objects.bulk_create(rows, batch_size=2000)
    ops = connection.ops
    _insert(
        PlannedVisit,
        [
            "care_plan_id",
            "days",
            "start_time",
            "duration_minutes",
            "carers",
            "time_critical",
            "tolerance_minutes",
            "tasks",
        ],
        [
            (cp.pk, d, ops.adapt_timefield_value(t), m, c, crit, tol, task)
            for cp, plan in zip(rows, plans, strict=True)
            for d, t, m, c, crit, tol, task in plan.visits
        ],
    )
    Outcome.objects.bulk_create(
        [
            Outcome(
                care_plan=cp,
                description=rng.choice(
                    ["Wash and dress independently", "Make a hot drink safely", "Walk to the shops"]
                ),
                review_on=cp.effective_from + dt.timedelta(weeks=6),
            )
            for cp, plan in zip(rows, plans, strict=True)
            if plan.reablement
        ],
        batch_size=2000,
    )


PATHS = {
    PackageStatus.BROKERING: [PackageStatus.REFERRED, PackageStatus.BROKERING],
    PackageStatus.OFFERED: [PackageStatus.REFERRED, PackageStatus.BROKERING, PackageStatus.OFFERED],
    PackageStatus.ACTIVE: [PackageStatus.REFERRED, PackageStatus.PLACED, PackageStatus.ACTIVE],
    PackageStatus.VARIED: [PackageStatus.REFERRED, PackageStatus.PLACED, PackageStatus.ACTIVE],
    PackageStatus.ENDED: [
        PackageStatus.REFERRED,
        PackageStatus.PLACED,
        PackageStatus.ACTIVE,
        PackageStatus.ENDED,
    ],
    PackageStatus.CANCELLED: [PackageStatus.REFERRED, PackageStatus.CANCELLED],
    PackageStatus.HANDED_BACK: [
        PackageStatus.REFERRED,
        PackageStatus.PLACED,
        PackageStatus.ACTIVE,
        PackageStatus.HANDED_BACK,
    ],
}


def _insert(model: type[Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert many rows of plain values with one prepared statement (bulk_create prepares every
    value of every row through its field, which dominates the large demo's run time)."""
    quote = connection.ops.quote_name
    # Table and column names come from the model; every value is a query parameter.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _events(packages: list[Package], *, label: str) -> None:
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    details = "{}"
    rows = []
    for p in packages:
        previous = ""
        for status in PATHS[PackageStatus(p.status)]:
            rows.append((p.pk, at, previous, status, label, "Demo history", details))
            previous = status
    _insert(
        PackageEvent,
        ["package_id", "at", "from_status", "to_status", "actor_label", "reason", "details"],
        rows,
    )


STEPS = [DemoStep(50, "packages, awaiting care list and hand-backs", brokerage)]
