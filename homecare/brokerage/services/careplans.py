"""Care plans and their versions. Hours are derived from the visits, never typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from homecare.brokerage.hooks import package_changed
from homecare.brokerage.hours import VisitPattern, weekly_hours
from homecare.brokerage.models import IN_CARE, CarePlan, Outcome, Package, PackageStatus, PlannedVisit
from homecare.brokerage.services.lifecycle import BrokerageError, transition
from homecare.core import audit
from homecare.core.actor import Actor


@dataclass(frozen=True)
class VisitInput:
    days: int  # bit mask, Monday = 1
    start: dt.time
    duration_minutes: int
    carers: int = 1
    time_critical: bool = False
    tolerance_minutes: int = 0
    tasks: str = ""

    def pattern(self) -> VisitPattern:
        return VisitPattern(self.days, self.start, self.duration_minutes, self.carers)


@dataclass(frozen=True)
class OutcomeInput:
    description: str
    review_on: dt.date
    achieved: bool = False


#: What callers may pass as an outcome: an `OutcomeInput`, or (description, review date).
OutcomeLike = OutcomeInput | tuple[str, dt.date]


def _outcome(o: OutcomeLike) -> OutcomeInput:
    return o if isinstance(o, OutcomeInput) else OutcomeInput(o[0], o[1])


def _check(visits: Sequence[VisitInput]) -> None:
    if not visits:
        raise BrokerageError("A care plan needs at least one visit")
    for n, v in enumerate(visits, start=1):
        if not 1 <= v.days <= 127:
            raise BrokerageError(f"Visit {n}: choose at least one day of the week")
        if not 15 <= v.duration_minutes <= 720:
            raise BrokerageError(f"Visit {n}: a visit lasts between 15 minutes and 12 hours")
        if v.carers not in (1, 2):
            raise BrokerageError(f"Visit {n}: a visit needs 1 carer, or 2 for a double-up")
        if v.time_critical and v.tolerance_minutes <= 0:
            raise BrokerageError(
                f"Visit {n}: a time-critical visit needs a tolerance in minutes (for example 15)"
            )
        if not v.time_critical and v.tolerance_minutes:
            raise BrokerageError(f"Visit {n}: only a time-critical visit has a tolerance")


@transaction.atomic
def set_care_plan(
    *,
    by: Actor,
    package: Package,
    visits: Sequence[VisitInput],
    effective_from: dt.date,
    reablement: bool = False,
    needs: str = "",
    outcomes: Sequence[OutcomeLike] | None = None,
    reason: str = "",
) -> CarePlan:
    """Write a new version of the package's care plan and derive its hours. A new version for a
    package in care is a variation: the package becomes "varied" and earlier versions stay as history.

    `outcomes=None` carries the previous version's outcomes over unchanged (with their review dates
    and whether they were achieved); a sequence, even an empty one, replaces them."""
    _check(visits)
    if package.status in {PackageStatus.ENDED, PackageStatus.CANCELLED, PackageStatus.HANDED_BACK}:
        raise BrokerageError(f"Package {package.reference} has closed: its care plan cannot change")
    previous = package.care_plans.order_by("-version").first()
    if previous is not None and package.status in IN_CARE and not reason.strip():
        raise BrokerageError("Say why the care plan is being varied")
    totals = weekly_hours(v.pattern() for v in visits)
    plan = CarePlan.objects.create(
        package=package,
        version=(previous.version + 1) if previous else 1,
        effective_from=effective_from,
        reablement=reablement,
        needs=needs,
        reason=reason,
        hours_per_week=totals.visit_hours,
        carer_hours_per_week=totals.carer_hours,
        visits_per_week=totals.visits,
        created_by_label=by.label,
    )
    PlannedVisit.objects.bulk_create(
        [
            PlannedVisit(
                care_plan=plan,
                days=v.days,
                start_time=v.start,
                duration_minutes=v.duration_minutes,
                carers=v.carers,
                time_critical=v.time_critical,
                tolerance_minutes=v.tolerance_minutes,
                tasks=v.tasks,
            )
            for v in visits
        ]
    )
    kept: list[OutcomeInput] = []
    if outcomes is not None:
        kept = [_outcome(o) for o in outcomes]
    elif previous is not None:  # carried over unchanged
        kept = [OutcomeInput(o.description, o.review_on, o.achieved) for o in previous.outcomes.all()]
    for n, o in enumerate(kept, start=1):
        if not o.description.strip():
            raise BrokerageError(f"Outcome {n}: describe the outcome the person wants")
    Outcome.objects.bulk_create(
        [
            Outcome(
                care_plan=plan, description=o.description.strip(), review_on=o.review_on, achieved=o.achieved
            )
            for o in kept
        ]
    )
    audit.created(
        by=by,
        obj=plan,
        fields=[
            "package_id",
            "version",
            "effective_from",
            "hours_per_week",
            "carer_hours_per_week",
            "visits_per_week",
        ],
        reason=reason,
    )
    hours: dict[str, Any] = {
        "hours_per_week": totals.visit_hours,
        "carer_hours_per_week": totals.carer_hours,
        "visits_per_week": totals.visits,
    }
    if previous is not None and package.status in IN_CARE:
        before = previous.carer_hours_per_week
        transition(
            by=by,
            package=package,
            to=PackageStatus.VARIED,
            reason=reason,
            details={
                "version": plan.version,
                "carer_hours_before": before,
                "carer_hours_after": totals.carer_hours,
            },
            **hours,
        )
    else:
        audit.update_fields(by=by, obj=package, action="care_plan_set", **hours)
        package_changed(by=by, package_ids=[package.pk])
    return plan


@transaction.atomic
def copy_care_plan(
    *, by: Actor, source: Package, target: Package, effective_from: dt.date
) -> CarePlan | None:
    plan = source.care_plans.order_by("-version").prefetch_related("visits", "outcomes").first()
    if plan is None:
        return None
    return set_care_plan(
        by=by,
        package=target,
        visits=[
            VisitInput(
                v.days,
                v.start_time,
                v.duration_minutes,
                v.carers,
                v.time_critical,
                v.tolerance_minutes,
                v.tasks,
            )
            for v in plan.visits.all()
        ],
        effective_from=effective_from,
        reablement=plan.reablement,
        needs=plan.needs,
        outcomes=[OutcomeInput(o.description, o.review_on) for o in plan.outcomes.all() if not o.achieved],
    )
