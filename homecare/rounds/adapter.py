"""From the database to the planner and back: a provider's visits on a day and its carers become a
`careplanner.Problem` (plain data); the planner's times (minutes from local midnight) become
aware datetimes again.

Locations: carers' homes first, then each person's postcode (or their ward's centre when the
postcode has no coordinates). Time windows: a time-critical visit may start its own tolerance
early or late; any other visit `window_minutes` (30 by default). Continuity: the carers who
checked in at the person's visits in the last four weeks are the visit's preferred carers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.db.models import Count

from careplanner import Carer as PlannerCarer
from careplanner import Problem, travel_provider
from careplanner import Visit as PlannerVisit
from homecare.core.calendar import local_datetime
from homecare.providers.models import Provider
from homecare.rounds.models import Carer, Skill
from homecare.visits.models import EventType, Visit, VisitEvent

DEFAULT_WINDOW_MINUTES = 30
CONTINUITY_DAYS = 28
PREFERRED_CARERS = 3
#: Objective weights: kilometres saved per call done by a preferred carer, and per minute of travel
#: over a carer's limit between calls (the limit is a preference, not a law: a visit is better
#: done by a carer who travels a bit further than not done at all).
CONTINUITY_WEIGHT = 2.0
TRAVEL_LIMIT_PENALTY = 1.0
NO_LOCATION = "the person's postcode has no map position, so no round can reach it"
TASK_SKILLS = {
    "medication": Skill.MEDICATION,
    "medicine": Skill.MEDICATION,
    "hoist": Skill.HOIST,
    "dementia": Skill.DEMENTIA,
}

LatLon = tuple[float, float]


def visit_key(pk: int) -> str:
    return f"v{pk}"


def carer_key(pk: int) -> str:
    return f"c{pk}"


def pk_of(key: str) -> int:
    return int(key[1:])


def day_origin(day: dt.date) -> dt.datetime:
    """Local midnight: planner times are minutes after it (real minutes, so BST days are right)."""
    return local_datetime(day, dt.time(0))


def to_minutes(origin: dt.datetime, moment: dt.datetime) -> float:
    return (moment - origin).total_seconds() / 60.0


def to_datetime(origin: dt.datetime, minutes: float) -> dt.datetime:
    return origin + dt.timedelta(minutes=round(minutes, 3))


def _time_minutes(origin: dt.datetime, day: dt.date, at: dt.time) -> float:
    return to_minutes(origin, local_datetime(day, at))


def visit_skills(*, carers_needed: int, tasks: str = "") -> frozenset[str]:
    """Skills a visit needs: double-up training for a double-up, and those its tasks name."""
    needed = {str(Skill.DOUBLE_UP)} if carers_needed > 1 else set()
    text = tasks.lower()
    needed |= {str(skill) for word, skill in TASK_SKILLS.items() if word in text}
    return frozenset(needed)


def window(
    *, start: float, time_critical: bool, tolerance_minutes: int, window_minutes: int
) -> tuple[float, float]:
    half = tolerance_minutes if time_critical else window_minutes
    return start - half, start + half


@dataclass(frozen=True)
class ExtraVisit:
    """A visit that is not in the database yet (a package being brokered), for the fit."""

    key: str
    location: LatLon
    start: float
    duration: float
    carers_needed: int = 1
    time_critical: bool = False
    tolerance_minutes: int = 0
    skills: frozenset[str] = frozenset()


@dataclass
class Built:
    """A planner problem and the way back to the database rows it came from."""

    problem: Problem
    day: dt.date
    origin: dt.datetime
    visits: dict[str, Visit] = field(default_factory=dict)
    carers: dict[str, Carer] = field(default_factory=dict)
    points: list[LatLon] = field(default_factory=list)
    set_aside: list[tuple[Visit, str]] = field(default_factory=list)  # never given to the planner
    notes: list[str] = field(default_factory=list)

    def visit_location(self, key: str) -> LatLon:
        visit = self.problem.visit_by_id()[key]
        return self.points[visit.location]

    def carer_home(self, key: str) -> LatLon:
        carer = self.problem.carer_by_id()[key]
        return self.points[carer.start_location]


def provider_base(provider: Provider) -> LatLon | None:
    """The provider's office, or its first branch with a map position."""
    if provider.latitude is not None and provider.longitude is not None:
        return (provider.latitude, provider.longitude)
    branch = provider.locations.filter(latitude__isnull=False, longitude__isnull=False).order_by("pk").first()
    if branch is not None:
        return (branch.latitude, branch.longitude)  # type: ignore[return-value]
    return None


def person_location(person: Any) -> LatLon | None:
    postcode = person.postcode_ref
    if postcode is not None:
        return (postcode.latitude, postcode.longitude)
    ward = person.ward
    if ward is not None and ward.latitude is not None and ward.longitude is not None:
        return (ward.latitude, ward.longitude)
    return None


def day_visits(provider: Provider, day: dt.date, visit_ids: Iterable[int] | None = None) -> list[Visit]:
    queryset = (
        Visit.objects.for_provider(provider)
        .planned()
        .filter(visit_date=day)
        .select_related("package__person__postcode_ref", "package__person__ward", "schedule_line")
        .order_by("planned_start", "pk")
    )
    if visit_ids is not None:
        queryset = queryset.filter(pk__in=list(visit_ids))
    return list(queryset)


def day_carers(provider: Provider, day: dt.date) -> list[tuple[Carer, dt.time, dt.time]]:
    """Active carers with a shift on the day's weekday, with the shift's start and end."""
    carers = provider.carers.active().prefetch_related("shifts").order_by("name", "pk")
    out = []
    for carer in carers:
        shift = next((s for s in carer.shifts.all() if s.weekday == day.weekday()), None)
        if shift is not None:
            out.append((carer, shift.start, shift.end))
    return out


def recent_carers(provider: Provider, package_ids: Iterable[int], day: dt.date) -> dict[int, list[str]]:
    """Per package, the carer references that checked in most often in the last four weeks."""
    since = day_origin(day - dt.timedelta(days=CONTINUITY_DAYS))
    rows = (
        VisitEvent.objects.filter(
            provider=provider,
            package_id__in=list(package_ids),
            event_type=EventType.CHECK_IN,
            occurred_at__gte=since,
            occurred_at__lt=day_origin(day),
        )
        .values("package_id", "carer_ref")
        .annotate(n=Count("id"))
        .order_by("package_id", "-n", "carer_ref")
    )
    out: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        if len(out[row["package_id"]]) < PREFERRED_CARERS:
            out[row["package_id"]].append(row["carer_ref"])
    return out


def build_problem(
    provider: Provider,
    day: dt.date,
    *,
    window_minutes: int = DEFAULT_WINDOW_MINUTES,
    visit_ids: Iterable[int] | None = None,
    extra: Iterable[ExtraVisit] = (),
) -> Built:
    """The planning problem of `provider`'s planned visits on `day` (optionally only `visit_ids`),
    plus any `extra` visits not in the database."""
    origin = day_origin(day)
    built = Built(problem=Problem(carers=[], visits=[], travel=None), day=day, origin=origin)  # type: ignore[arg-type]
    points = built.points
    base = provider_base(provider)

    carers: list[PlannerCarer] = []
    for carer, start, end in day_carers(provider, day):
        if carer.home_latitude is not None and carer.home_longitude is not None:
            home: LatLon | None = (carer.home_latitude, carer.home_longitude)
        else:
            home = base
        if home is None:
            built.notes.append(f"{carer.name} has no home position and the provider has no office position")
            continue
        points.append(home)
        key = carer_key(carer.pk)
        built.carers[key] = carer
        carers.append(
            PlannerCarer(
                id=key,
                start_location=len(points) - 1,
                shift_start=_time_minutes(origin, day, start),
                shift_end=_time_minutes(origin, day, end),
                skills=frozenset(carer.skills),
                travel_mode=carer.travel_mode,  # type: ignore[arg-type]
                max_travel_between_calls=float(carer.max_travel_minutes),
            )
        )

    visits = day_visits(provider, day, visit_ids)
    preferred = recent_carers(provider, {v.package_id for v in visits}, day)
    ref_to_key = {c.carer_ref: k for k, c in built.carers.items()}
    location_index: dict[LatLon, int] = {}
    planner_visits: list[PlannerVisit] = []

    def place(at: LatLon) -> int:
        if at not in location_index:
            points.append(at)
            location_index[at] = len(points) - 1
        return location_index[at]

    for visit in visits:
        at = person_location(visit.package.person)
        if at is None:
            built.set_aside.append((visit, NO_LOCATION))
            continue
        earliest, latest = window(
            start=to_minutes(origin, visit.planned_start),
            time_critical=visit.time_critical,
            tolerance_minutes=visit.tolerance_minutes,
            window_minutes=window_minutes,
        )
        key = visit_key(visit.pk)
        built.visits[key] = visit
        tasks = visit.schedule_line.tasks if visit.schedule_line is not None else ""
        planner_visits.append(
            PlannerVisit(
                id=key,
                location=place(at),
                earliest=earliest,
                latest=latest,
                duration=float(visit.duration_minutes),
                skills=visit_skills(carers_needed=visit.carers_needed, tasks=tasks),
                carers_needed=visit.carers_needed,
                time_critical=visit.time_critical,
                preferred_carers=tuple(
                    ref_to_key[r] for r in preferred.get(visit.package_id, []) if r in ref_to_key
                ),
            )
        )
    modes = tuple(sorted({c.travel_mode for c in carers} | {"car"}))
    built.problem = Problem(
        carers=carers,
        visits=planner_visits,
        travel=_travel(points, modes),
        allow_unplanned=True,
        continuity_weight=CONTINUITY_WEIGHT,
        travel_limit_penalty=TRAVEL_LIMIT_PENALTY,
        name=f"{provider.council_ref} {day.isoformat()}",
    )
    extra = list(extra)
    if extra:
        return with_extra(built, extra, window_minutes=window_minutes)
    return built


def _travel(points: list[LatLon], modes: tuple[str, ...]) -> Any:
    matrix = travel_provider(getattr(settings, "ROUNDS_OSRM_URL", "") or None, modes=modes)
    return matrix.matrix(points if points else [(0.0, 0.0)])


def with_extra(
    built: Built, extra: Iterable[ExtraVisit], *, window_minutes: int = DEFAULT_WINDOW_MINUTES
) -> Built:
    """A copy of `built` with `extra` visits (not in the database) added at new points, the travel
    worked out again over every point. `built` itself is unchanged, so a day's problem can be built
    once and measured against many packages."""
    points = list(built.points)
    added: list[PlannerVisit] = []
    for new in extra:
        earliest, latest = window(
            start=new.start,
            time_critical=new.time_critical,
            tolerance_minutes=new.tolerance_minutes,
            window_minutes=window_minutes,
        )
        points.append(new.location)
        added.append(
            PlannerVisit(
                id=new.key,
                location=len(points) - 1,
                earliest=earliest,
                latest=latest,
                duration=new.duration,
                skills=new.skills | visit_skills(carers_needed=new.carers_needed),
                carers_needed=new.carers_needed,
                time_critical=new.time_critical,
            )
        )
    modes = tuple(sorted({c.travel_mode for c in built.problem.carers} | {"car"}))
    problem = replace(built.problem, visits=built.problem.visits + added, travel=_travel(points, modes))
    return replace(built, problem=problem, points=points)


def reason_counts(reasons: Iterable[str]) -> list[tuple[str, int]]:
    return Counter(reasons).most_common()
