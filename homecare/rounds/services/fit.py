"""Brokerage fit: how well would a package of care fit a provider's rounds on a representative day?

Brokerage calls `package_fit(provider=..., package=..., on=...)` (or with `lines=` for a care plan
that is not saved yet). The answer gives the extra travel the package would add and whether the
provider's current carers could absorb it, with the reason for each visit that would not fit.
The provider's rounds are its latest finished plan for that day, or a quick plan of its visits
that day when there is none. This reads only; nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count
from django.utils import timezone

from careplanner.fit import estimate_fit
from careplanner.model import Plan, Unplanned
from careplanner.solve import solve
from careplanner.sync import schedule
from homecare.brokerage.models import Package
from homecare.core.calendar import local_datetime
from homecare.providers.models import Provider
from homecare.rounds.adapter import (
    ExtraVisit,
    build_problem,
    carer_key,
    day_origin,
    person_location,
    to_minutes,
    visit_key,
    visit_skills,
)
from homecare.rounds.models import PlanStatus
from homecare.rounds.services.errors import RoundsError
from homecare.visits.models import Visit

QUICK_PLAN_SECONDS = 1.0


@dataclass
class PackageFit:
    provider: Provider
    day: dt.date
    new_visits: int
    extra_travel_minutes: float
    extra_travel_km: float
    absorbable: bool
    based_on: str  # which rounds the fit was measured against
    not_fitting: list[tuple[str, str]] = field(default_factory=list)  # (visit description, reason)

    @property
    def summary(self) -> str:
        if self.new_visits == 0:
            return f"The package has no visits on {self.day:%A}."
        verdict = (
            "Current carers can absorb it" if self.absorbable else "Current carers cannot absorb all of it"
        )
        return (
            f"{verdict}: about {self.extra_travel_minutes:.0f} more minutes and "
            f"{self.extra_travel_km:.1f} more km of travel on {self.day:%A %d %B %Y}."
        )


def _lines_of(package: Package, on: dt.date) -> list[Any]:
    plans = sorted(package.care_plans.all(), key=lambda p: p.version, reverse=True)
    plan = next((p for p in plans if p.effective_from <= on), plans[-1] if plans else None)
    return list(plan.visits.all()) if plan is not None else []


def _runs_on(line: Any, on: dt.date) -> bool:
    return bool(int(line.days) & (1 << on.weekday()))


def representative_day(provider: Provider, *, start: dt.date | None = None) -> dt.date:
    """The provider's busiest day of the coming week (most planned visits), or tomorrow."""
    first = start or timezone.localdate() + dt.timedelta(days=1)
    busiest = (
        Visit.objects.for_provider(provider)
        .planned()
        .filter(visit_date__gte=first, visit_date__lt=first + dt.timedelta(days=7))
        .values("visit_date")
        .annotate(n=Count("id"))
        .order_by("-n", "visit_date")
        .first()
    )
    return busiest["visit_date"] if busiest else first


def package_fit(
    *,
    provider: Provider,
    on: dt.date | None = None,
    package: Package | None = None,
    lines: Iterable[Any] | None = None,
    seconds: float = 0.0,
) -> PackageFit:
    """Fit of `package`'s visits on the weekday of `on` (or of `lines`: objects with `days` (bit
    mask, Monday = 1), `start` or `start_time`, `duration_minutes`, `carers`, and optionally
    `time_critical`, `tolerance_minutes`, `tasks`) into `provider`'s rounds on `on`.
    `seconds` > 0 also tries a short re-plan of the whole day with the package in it. Without
    `on`, the provider's busiest day of the coming week is used."""
    on = on or representative_day(provider)
    if package is None:
        raise RoundsError("Give the package whose fit to measure (for its person's address)")
    location = person_location(package.person)
    if location is None:
        raise RoundsError(f"{package.reference}: the person's postcode has no map position")
    chosen = [line for line in (lines if lines is not None else _lines_of(package, on)) if _runs_on(line, on)]
    origin = day_origin(on)
    extra = [
        ExtraVisit(
            key=f"new{i}",
            location=location,
            start=to_minutes(origin, local_datetime(on, getattr(line, "start", None) or line.start_time)),
            duration=float(line.duration_minutes),
            carers_needed=int(getattr(line, "carers", 1)),
            time_critical=bool(getattr(line, "time_critical", False)),
            tolerance_minutes=int(getattr(line, "tolerance_minutes", 0)),
            skills=visit_skills(
                carers_needed=int(getattr(line, "carers", 1)), tasks=getattr(line, "tasks", "")
            ),
        )
        for i, line in enumerate(chosen)
    ]
    latest = (
        provider.round_plans.filter(day=on, status=PlanStatus.DONE).order_by("-finished_at", "-pk").first()
    )
    own = set(package.dated_visits.filter(visit_date=on).values_list("pk", flat=True))
    if latest is not None:
        ids = {
            *latest.assignments.values_list("visit_id", flat=True),
            *latest.unplanned.values_list("visit_id", flat=True),
        }
        built = build_problem(
            provider, on, window_minutes=latest.window_minutes, visit_ids=ids - own, extra=extra
        )
    else:
        built = build_problem(provider, on, extra=extra)
        built.problem.visits = [
            v for v in built.problem.visits if not (v.id.startswith("v") and int(v.id[1:]) in own)
        ]
    new_ids = {e.key for e in extra}
    base = replace(built.problem, visits=[v for v in built.problem.visits if v.id not in new_ids])
    new_visits = [v for v in built.problem.visits if v.id in new_ids]
    if latest is not None:
        asg: dict[str, list[tuple[str, int]]] = {key: [] for key in built.carers}
        known = {v.id for v in base.visits}
        for row in latest.assignments.order_by("carer_id", "order"):
            ckey, vkey = carer_key(row.carer_id), visit_key(row.visit_id)
            if ckey in asg and vkey in known:
                asg[ckey].append((vkey, row.slot))
        current = schedule(base, asg)
        placed = {s.visit_id for r in current.routes for s in r.stops}
        current.unplanned = [Unplanned(v.id, "not planned") for v in base.visits if v.id not in placed]
        based_on = f"your plan of {on:%d/%m/%Y}"
    elif base.visits and base.carers:
        current = solve(base, seconds=QUICK_PLAN_SECONDS, seed=0)
        based_on = f"a quick plan of {len(base.visits)} visits on {on:%d/%m/%Y}"
    else:
        current = Plan(routes=[], unplanned=[Unplanned(v.id, "no carer") for v in base.visits])
        based_on = "no rounds (no visits or no carers working that day)"
    if not new_visits:
        return PackageFit(provider, on, 0, 0.0, 0.0, True, based_on)
    if not base.carers:
        return PackageFit(
            provider,
            on,
            len(new_visits),
            0.0,
            0.0,
            False,
            based_on,
            [
                (_describe(origin, v.earliest, v.latest), "no carer has a shift on this day")
                for v in new_visits
            ],
        )
    fit = estimate_fit(base, current, new_visits, seconds=seconds)
    described = {v.id: _describe(origin, v.earliest, v.latest) for v in new_visits}
    return PackageFit(
        provider=provider,
        day=on,
        new_visits=len(new_visits),
        extra_travel_minutes=round(fit.extra_travel_minutes, 1),
        extra_travel_km=round(fit.extra_distance_km, 2),
        absorbable=fit.absorbable,
        based_on=based_on,
        not_fitting=[(described.get(u.visit_id, "an existing visit"), u.reason) for u in fit.unplanned],
    )


def _describe(origin: dt.datetime, earliest: float, latest: float) -> str:
    middle = origin + dt.timedelta(minutes=(earliest + latest) / 2)
    return f"the {middle.astimezone(origin.tzinfo):%H:%M} visit"
