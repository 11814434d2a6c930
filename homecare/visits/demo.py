"""Demo call monitoring: four weeks of visits (one for the `large` size) with realistic behaviour
per provider (most on time, some late, a few missed or short, some manual entries), the next two
weeks planned, outcomes worked out, alerts raised, and last week's penalties.

Carers are referred to as `<provider council reference>-C<nnn>`; `ctx.data["carer_refs"]` maps each
provider's id to its carers' references, sized to its weekly visit hours."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from homecare.core.bulk import insert_rows
from homecare.core.demo_kit import DemoContext, DemoStep
from homecare.visits.models import EventMethod, MonitoringRule, Visit, VisitEvent
from homecare.visits.services import alerts, matching, penalties, planning

HOURS_PER_CARER = 27
EVENT_FIELDS = (
    "provider_id",
    "event_id",
    "carer_ref",
    "package_id",
    "event_type",
    "occurred_at",
    "method",
    "exception_code",
    "received_at",
    "visit_ref",
    "batch",
)
EXCEPTION_CODES = ["PHONE_NO_SIGNAL", "TAG_MISSING", "APP_FAULT", "LANDLINE_REFUSED"]


def carer_refs(council_ref: str, count: int) -> list[str]:
    return [f"{council_ref}-C{n:03d}" for n in range(1, count + 1)]


class Behaviour:
    """How reliably a provider's carers check in and out, drawn once per provider."""

    def __init__(self, rng: random.Random):
        self.missed = rng.uniform(0.002, 0.02)
        self.late = rng.uniform(0.03, 0.12)
        self.short = rng.uniform(0.02, 0.08)
        self.manual = rng.uniform(0.02, 0.10)
        self.one_carer = rng.uniform(0.01, 0.05)
        self.no_check_out = rng.uniform(0.002, 0.01)


def visits(ctx: DemoContext) -> None:
    rng = ctx.rng_for("visits")
    now = timezone.now()
    today = ctx.today
    past_days = 7 if ctx.size.name == "large" else 28
    start = today - dt.timedelta(days=past_days)
    planning.extend_horizon(by=ctx.actor, start=start, days=past_days + planning.HORIZON_DAYS)
    MonitoringRule.objects.get_or_create(
        contract=None,
        defaults={
            "missed_visit_penalty": Decimal("50.00"),
            "unverified_visit_penalty": Decimal("10.00"),
        },
    )

    # Carers per provider, sized to weekly visit hours; each package has a few regular carers.
    minutes: dict[int, int] = defaultdict(int)
    for provider_id, duration, carers in Visit.objects.filter(
        visit_date__gte=today - dt.timedelta(days=7), visit_date__lt=today
    ).values_list("provider_id", "duration_minutes", "carers_needed"):
        minutes[provider_id] += duration * carers
    from homecare.providers.models import Provider

    refs = {}
    for provider_id, council_ref in Provider.objects.filter(pk__in=list(minutes)).values_list(
        "pk", "council_ref"
    ):
        count = max(2, math.ceil(minutes[provider_id] / 60 / HOURS_PER_CARER))
        refs[provider_id] = carer_refs(council_ref, count)
    ctx.data["carer_refs"] = refs
    behaviour = {pid: Behaviour(random.Random(f"{ctx.seed}:behaviour:{pid}")) for pid in sorted(refs)}
    regulars: dict[int, list[str]] = {}

    events: list[tuple[object, ...]] = []
    past = (
        Visit.objects.filter(visit_date__gte=start, planned_end__lt=now, is_planned=True)
        .order_by("pk")
        .values_list("pk", "package_id", "provider_id", "planned_start", "duration_minutes", "carers_needed")
    )
    for visit_id, package_id, provider_id, planned_start, duration, carers_needed in past.iterator(
        chunk_size=5000
    ):
        how = behaviour.get(provider_id)
        if how is None:
            continue
        team = regulars.get(package_id)
        if team is None:
            team = regulars[package_id] = rng.sample(refs[provider_id], min(3, len(refs[provider_id])))
        roll = rng.random()
        if roll < how.missed:
            continue
        late = roll < how.missed + how.late
        offset = rng.randint(31, 75) if late else rng.randint(-8, 20)
        arrive = planned_start + dt.timedelta(minutes=offset)
        stay = duration * (rng.uniform(0.55, 0.8) if rng.random() < how.short else rng.uniform(0.9, 1.1))
        manual = rng.random() < how.manual
        attending = 1 if carers_needed == 2 and rng.random() < how.one_carer else carers_needed
        chosen = team[:attending] if len(team) >= attending else refs[provider_id][:attending]
        for slot, carer in enumerate(chosen):
            check_in = arrive + dt.timedelta(minutes=slot * rng.randint(0, 3))
            method = (
                EventMethod.MANUAL
                if manual and slot == 0
                else rng.choice([EventMethod.APP, EventMethod.APP, EventMethod.PHONE, EventMethod.NFC])
            )
            code = rng.choice(EXCEPTION_CODES) if method == EventMethod.MANUAL else ""
            events.append(
                (
                    provider_id,
                    f"EVT{visit_id}-{slot}-IN",
                    carer,
                    package_id,
                    "check_in",
                    check_in,
                    method,
                    code,
                    check_in,
                    "",
                    "demo",
                )
            )
            if rng.random() < how.no_check_out:
                continue
            check_out = check_in + dt.timedelta(minutes=round(stay))
            events.append(
                (
                    provider_id,
                    f"EVT{visit_id}-{slot}-OUT",
                    carer,
                    package_id,
                    "check_out",
                    check_out,
                    method,
                    code,
                    check_out,
                    "",
                    "demo",
                )
            )
    insert_rows(VisitEvent, EVENT_FIELDS, events)
    matching.match_range(start=start, end=today, now=now)
    alerts.raise_alerts(by=ctx.actor, now=now)

    # Last complete week's penalties for every provider with visits; the first one waived.
    week_start = today - dt.timedelta(days=today.weekday() + 7)
    week_end = week_start + dt.timedelta(days=6)
    for n, provider in enumerate(Provider.objects.filter(pk__in=list(refs)).order_by("council_ref")):
        statement = penalties.calculate(
            by=ctx.actor, provider=provider, period_start=week_start, period_end=week_end
        )
        if n == 0 and statement.total:
            penalties.waive(
                by=ctx.actor,
                statement=statement,
                reason="Provider's viability at risk: recruitment crisis after a branch closure",
            )


STEPS = [DemoStep(70, "visits and call monitoring", visits)]
