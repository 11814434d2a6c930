"""Dated visits from care plans, for a rolling horizon.

Each day's visits come from the care plan version in force that day; start times are local
(Europe/London) wall-clock times, so a 08:00 visit stays at 08:00 across clock changes. Visits
already touched by call monitoring are never rewritten; untouched future visits are replaced when
the package varies, ends or changes provider.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from homecare.brokerage.models import CarePlan, Package, PackageStatus
from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.bulk import insert_rows
from homecare.core.calendar import is_bank_holiday, local_datetime
from homecare.core.imports import record_batch
from homecare.visits.models import Visit, VisitEvent, VisitStatus

HORIZON_DAYS = 14
NO_VISITS = {PackageStatus.CANCELLED, PackageStatus.REFERRED, PackageStatus.BROKERING, PackageStatus.OFFERED}


def _in_care_on(package: Package, day: dt.date) -> bool:
    if package.provider_id is None or package.started_on is None or package.status in NO_VISITS:
        return False
    return package.started_on <= day and (package.ended_on is None or day < package.ended_on)


def _plan_for(plans: list[CarePlan], day: dt.date) -> CarePlan | None:
    """The latest version in force on `day` (plans sorted by version, newest first)."""
    return next((p for p in plans if p.effective_from <= day), None)


VISIT_FIELDS = (
    "package_id",
    "provider_id",
    "schedule_line_id",
    "visit_date",
    "planned_start",
    "planned_end",
    "duration_minutes",
    "carers_needed",
    "time_critical",
    "tolerance_minutes",
    "is_bank_holiday",
    "is_planned",
    "status",
    "carers_seen",
    "exception_code",
)


def expected_rows(
    package: Package, plans: list[CarePlan], start: dt.date, end: dt.date
) -> Iterator[tuple[Any, ...]]:
    """The visits the care plans call for between `start` and `end` inclusive, as tuples of
    VISIT_FIELDS (plain values, for fast inserts)."""
    day = start
    while day <= end:
        if _in_care_on(package, day):
            plan = _plan_for(plans, day)
            if plan is not None:
                holiday = is_bank_holiday(day)
                weekday_bit = 1 << day.weekday()
                for line in plan.visits.all():
                    if not line.days & weekday_bit:
                        continue
                    begins = local_datetime(day, line.start_time)
                    yield (
                        package.pk,
                        package.provider_id,
                        line.pk,
                        day,
                        begins,
                        begins + dt.timedelta(minutes=line.duration_minutes),
                        line.duration_minutes,
                        line.carers,
                        line.time_critical,
                        line.tolerance_minutes,
                        holiday,
                        True,
                        VisitStatus.SCHEDULED.value,
                        0,
                        "",
                    )
        day += dt.timedelta(days=1)


def expected_visits(package: Package, plans: list[CarePlan], start: dt.date, end: dt.date) -> Iterator[Visit]:
    """The same as `expected_rows`, as unsaved Visit objects."""
    for row in expected_rows(package, plans, start, end):
        yield Visit(**dict(zip(VISIT_FIELDS, row, strict=True)))


def _packages(ids: Iterable[int] | None) -> Any:
    queryset = Package.objects.filter(provider__isnull=False, started_on__isnull=False).exclude(
        status__in=NO_VISITS
    )
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.prefetch_related("care_plans__visits").order_by("pk")


def _plans(package: Package) -> list[CarePlan]:
    return sorted(package.care_plans.all(), key=lambda p: p.version, reverse=True)


@transaction.atomic
def extend_horizon(
    *,
    by: Actor,
    start: dt.date | None = None,
    days: int = HORIZON_DAYS,
    package_ids: Iterable[int] | None = None,
) -> int:
    """Create the visits due from `start` (today) for `days` days that do not exist yet. Idempotent."""
    start = start or timezone.localdate()
    end = start + dt.timedelta(days=days - 1)
    rows = (
        row
        for package in _packages(package_ids).iterator(chunk_size=500)
        for row in expected_rows(package, _plans(package), start, end)
    )
    created = insert_rows(Visit, VISIT_FIELDS, rows, ignore_conflicts=True)
    if created:
        record_batch(
            by=by, kind="visit-planning", summary={"from": str(start), "to": str(end), "created": created}
        )
    return created


@transaction.atomic
def regenerate_package(
    *, by: Actor, package_id: int, start: dt.date | None = None, days: int = HORIZON_DAYS
) -> dict[str, int]:
    """Bring one package's visits from `start` (today) in line with its care plan, provider and
    dates: untouched future visits that no longer match are removed, missing ones created."""
    start = start or timezone.localdate()
    end = start + dt.timedelta(days=days - 1)
    package = Package.objects.filter(pk=package_id).prefetch_related("care_plans__visits").first()
    if package is None:
        return {"removed": 0, "created": 0}
    expected = {
        (v.schedule_line_id, v.visit_date): v for v in expected_visits(package, _plans(package), start, end)
    }
    untouched = (
        Visit.objects.filter(
            package_id=package_id, is_planned=True, visit_date__gte=start, status=VisitStatus.SCHEDULED
        )
        .annotate(has_events=Exists(VisitEvent.objects.filter(visit=OuterRef("pk"))))
        .filter(has_events=False)
    )
    stale = []
    kept = set()
    for visit in untouched:
        want = expected.get((visit.schedule_line_id, visit.visit_date))
        same = want is not None and (
            want.provider_id,
            want.planned_start,
            want.duration_minutes,
            want.carers_needed,
            want.time_critical,
            want.tolerance_minutes,
        ) == (
            visit.provider_id,
            visit.planned_start,
            visit.duration_minutes,
            visit.carers_needed,
            visit.time_critical,
            visit.tolerance_minutes,
        )
        if same:
            kept.add((visit.schedule_line_id, visit.visit_date))
        else:
            stale.append(visit.pk)
    # Visits that call monitoring has touched stay as they are: they record what happened.
    Visit.objects.filter(pk__in=stale).delete()
    existing = set(
        Visit.objects.filter(package_id=package_id, is_planned=True, visit_date__gte=start).values_list(
            "schedule_line_id", "visit_date"
        )
    )
    new = [v for key, v in expected.items() if key not in existing]
    Visit.objects.bulk_create(new)
    if stale or new:
        audit.record(
            by=by,
            action="visits_replanned",
            obj=package,
            changes={"from": start, "removed": len(stale), "created": len(new)},
        )
    return {"removed": len(stale), "created": len(new)}
