"""Brokerage fit: how well would a package of care fit a provider's rounds on a representative day?

Brokerage calls `package_fit(provider=..., package=..., on=...)` (or with `lines=` for a care plan
that is not saved yet). The answer gives the extra travel the package would add and whether the
provider's current carers could absorb it, with the reason for each visit that would not fit.
The provider's rounds are its latest finished plan for that day, or a quick plan of its visits
that day when there is none. This reads only; nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count
from django.utils import timezone

from careplanner import Plan, SolveParams, Unplanned, estimate_fit, schedule, solve
from homecare.brokerage.models import Package
from homecare.core.calendar import local_datetime
from homecare.providers.models import Provider
from homecare.rounds.adapter import (
    DEFAULT_WINDOW_MINUTES,
    Built,
    ExtraVisit,
    build_problem,
    carer_key,
    day_origin,
    person_location,
    to_minutes,
    visit_key,
    visit_skills,
    with_extra,
)
from homecare.rounds.models import PlanStatus, RoundPlan
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
    return representative_days([provider.pk], start=start)[provider.pk]


def representative_days(provider_ids: Iterable[int], *, start: dt.date | None = None) -> dict[int, dt.date]:
    """Each provider's busiest day of the coming week (most planned visits; the earlier on a tie),
    or tomorrow when it has no visits, in one query."""
    first = start or timezone.localdate() + dt.timedelta(days=1)
    days = dict.fromkeys(provider_ids, first)
    busiest: dict[int, tuple[int, dt.date]] = {}
    counts = (
        Visit.objects.planned()
        .filter(provider_id__in=days, visit_date__gte=first, visit_date__lt=first + dt.timedelta(days=7))
        .values_list("provider_id", "visit_date")
        .annotate(n=Count("id"))
    )
    for provider_id, day, n in counts:
        best = busiest.get(provider_id)
        if best is None or (n, -day.toordinal()) > (best[0], -best[1].toordinal()):
            busiest[provider_id] = (n, day)
    days.update({pid: day for pid, (_, day) in busiest.items()})
    return days


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
    own = (
        frozenset(package.dated_visits.filter(visit_date=on).values_list("pk", flat=True))
        if package.started_on is not None
        else frozenset()
    )
    rounds = _current_rounds(provider, on, latest, own)
    built = with_extra(rounds.built, extra, window_minutes=rounds.window_minutes)
    new_ids = {e.key for e in extra}
    base = replace(built.problem, visits=[v for v in built.problem.visits if v.id not in new_ids])
    new_visits = [v for v in built.problem.visits if v.id in new_ids]
    current, based_on = rounds.current, rounds.based_on
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
    replan = SolveParams(seconds=seconds) if seconds > 0 else None
    fit = estimate_fit(base, current, new_visits, replan=replan)
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


@dataclass(frozen=True)
class _Rounds:
    """A provider's rounds on a day, before any package is added: its problem and current plan."""

    built: Built
    current: Plan
    based_on: str
    window_minutes: int


#: Rounds measured recently, by (provider, day, plan, finished at): a broker's candidate page measures
#: the same provider days for every package, and a stored plan does not change once finished.
_ROUNDS_CACHE: OrderedDict[tuple[Any, ...], _Rounds] = OrderedDict()
ROUNDS_CACHE_SIZE = 256
_ROUNDS_LOCK = threading.Lock()


def _current_rounds(
    provider: Provider, on: dt.date, latest: RoundPlan | None, own: frozenset[int]
) -> _Rounds:
    """The rounds a package is measured against: the latest finished plan of the day (cached while it
    stays the latest), or a quick plan of the day's visits when there is none. The package's own
    visits that day (`own`, when it is already in care) are left out."""
    key = (provider.pk, on, latest.pk, latest.finished_at) if latest is not None and not own else None
    if key is not None:
        with _ROUNDS_LOCK:
            if key in _ROUNDS_CACHE:
                _ROUNDS_CACHE.move_to_end(key)
                return _ROUNDS_CACHE[key]
    if latest is not None:
        ids = {
            *latest.assignments.values_list("visit_id", flat=True),
            *latest.unplanned.values_list("visit_id", flat=True),
        }
        built = build_problem(provider, on, window_minutes=latest.window_minutes, visit_ids=ids - own)
        asg: dict[str, list[tuple[str, int]]] = {k: [] for k in built.carers}
        known = {v.id for v in built.problem.visits}
        for row in latest.assignments.order_by("carer_id", "order"):
            ckey, vkey = carer_key(row.carer_id), visit_key(row.visit_id)
            if ckey in asg and vkey in known:
                asg[ckey].append((vkey, row.slot))
        current = schedule(built.problem, asg)
        placed = {s.visit_id for r in current.routes for s in r.stops}
        current.unplanned = [
            Unplanned(v.id, "not planned") for v in built.problem.visits if v.id not in placed
        ]
        rounds = _Rounds(built, current, f"your plan of {on:%d/%m/%Y}", latest.window_minutes)
    else:
        built = build_problem(provider, on)
        built.problem.visits = [
            v for v in built.problem.visits if not (v.id.startswith("v") and int(v.id[1:]) in own)
        ]
        base = built.problem
        if base.visits and base.carers:
            current = solve(base, SolveParams(seconds=QUICK_PLAN_SECONDS, seed=0))
            based_on = f"a quick plan of {len(base.visits)} visits on {on:%d/%m/%Y}"
        else:
            current = Plan(routes=[], unplanned=[Unplanned(v.id, "no carer") for v in base.visits])
            based_on = "no rounds (no visits or no carers working that day)"
        rounds = _Rounds(built, current, based_on, DEFAULT_WINDOW_MINUTES)
    if key is not None:
        with _ROUNDS_LOCK:
            _ROUNDS_CACHE[key] = rounds
            while len(_ROUNDS_CACHE) > ROUNDS_CACHE_SIZE:
                _ROUNDS_CACHE.popitem(last=False)
    return rounds


def _describe(origin: dt.datetime, earliest: float, latest: float) -> str:
    middle = origin + dt.timedelta(minutes=(earliest + latest) / 2)
    return f"the {middle.astimezone(origin.tzinfo):%H:%M} visit"
